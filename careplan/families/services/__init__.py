"""Families' use cases kept apart from service.py, one module each (team: who leaves the team,
who leads it)."""
