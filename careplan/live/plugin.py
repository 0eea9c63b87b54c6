"""The channels plugin that carries live events between processes (issue 8: being built)."""

from __future__ import annotations

from careplan.settings import Settings


def plugins(settings: Settings) -> list:
    return []
