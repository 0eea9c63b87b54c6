"""The shared kernel: what every slice may use and which uses no slice (DESIGN, Layout)."""
