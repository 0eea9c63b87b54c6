"""Meetings, attendees' views, chairs' decisions, families' agreements, disagreements."""
