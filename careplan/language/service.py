"""Plain language as the rest of the service uses it: a text's report, a plan's state."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from careplan.language import rules


def report(text: str) -> dict[str, Any]:
    """The findings (with positions), the reading age and whether it is over the target."""
    return msgspec.to_builtins(rules.check(text))


def state(texts: Iterable[str]) -> dict[str, Any]:
    """A plan's overall state: how many family-visible texts are over the target or jargon."""
    return msgspec.to_builtins(rules.summarise(texts))


def glossary() -> list[dict[str, Any]]:
    return msgspec.to_builtins(rules.glossary())
