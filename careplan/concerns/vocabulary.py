"""Concerns' words: pure values, no I/O."""

from __future__ import annotations

SERIOUSNESS = ("low", "medium", "high", "immediate")
STATUSES = ("raised", "acknowledged", "decided", "assessing", "closed")
DECISIONS = ("no_further_action", "early_help", "assessment", "strategy_discussion", "police")
