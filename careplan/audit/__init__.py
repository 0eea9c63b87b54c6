"""Audit events and their hash chain."""
