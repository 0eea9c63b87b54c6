"""Columns and helpers every table shares.

Every record has `retention_until` and `legal_hold` (DESIGN.md: retention), a creation time,
and, where it belongs to a family, its own `family` key. Foreign keys say what they mean:
`restrict` (history hangs on the row) unless a table says otherwise; Piccolo's default is a
nullable key that cascades, which would let a delete wipe history silently.
"""

from __future__ import annotations

import json
from typing import Any

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Timestamptz
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.constraints import Check


class Retained:
    """Mixin: when the record may be destroyed, and whether a legal hold forbids it."""

    retention_until = Date(null=True, default=None)
    legal_hold = Boolean(default=False)
    created_at = Timestamptz()


class Revisioned:
    """Mixin: the row counter for optimistic concurrency (DESIGN.md invariant 2)."""

    revision = Integer(default=1)


def restrict(references: Any, *, null: bool = False, index: bool = True) -> ForeignKey:
    """A foreign key that refuses to delete a row other rows' history hangs on."""
    return ForeignKey(
        references=references,
        on_delete=OnDelete.restrict,
        on_update=OnUpdate.restrict,
        null=null,
        index=index,
        default=None,
    )


def one_of(column: str, values: tuple[str, ...], *, null: bool = False) -> Check:
    """A check constraint keeping a vocabulary column to its words."""
    words = ", ".join(f"'{value}'" for value in values)
    condition = f"{column} IN ({words})"
    if null:
        condition = f"{column} IS NULL OR {condition}"
    return Check(condition)


def loaded(value: Any) -> Any:
    """A JSON column's value: Piccolo returns JSON as text unless asked to load it."""
    return json.loads(value) if isinstance(value, str) else value
