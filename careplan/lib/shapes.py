"""The base of every response shape (each slice's `schemas.py`; `careplan.web.responses`)."""

from __future__ import annotations

import msgspec


class Out(msgspec.Struct, forbid_unknown_fields=True):
    """A response body's shape: a key it does not describe is a fault, never dropped.

    A field that is sometimes absent is `X | UnsetType = UNSET` (left out as it was); a field
    that may be null is `X | None` without a default (kept, as null)."""
