"""Families, members, teams, episodes and family assessments."""
