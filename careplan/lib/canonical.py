"""Canonical JSON and its hash: a version's identity is the SHA-256 of its RFC 8785 canonical
JSON (DESIGN.md). Text is NFC-normalised, decimals are strings, times are UTC with `Z`, dates
are `YYYY-MM-DD`. Floats are refused: their text differs between engines and drivers, and a
plan must hash the same on both. The audit chain hashes its events the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import rfc8785


def normalise(value: Any) -> Any:
    """Turn a value into what the canonical JSON holds (see the module docstring)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("times must carry a time zone")
        utc = value.astimezone(dt.UTC).replace(tzinfo=None)
        return utc.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    raise TypeError(f"{type(value).__name__} has no canonical form (floats are refused)")


def decimal_text(value: Decimal | str | int) -> str:
    """A decimal as the shortest exact text: 7, 7.5, 0.25 (never 7.50 or 7E+1)."""
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError("a measure must be a finite number")
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def canonical_text(document: Mapping[str, Any]) -> str:
    """The exact text stored for a version or a family view."""
    return rfc8785.dumps(normalise(document)).decode("utf-8")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
