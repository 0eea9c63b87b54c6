"""The two HTMX front ends: /workspace for professionals, /family for parents."""
