"""Concerns raised by any practitioner, and their statutory clocks."""
