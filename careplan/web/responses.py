"""JSON response bodies as the OpenAPI document describes them.

A service gives out plain values (dicts of what a reader may read). A controller answers
`shaped(SomeOut, value)`: the same value as the response Struct its return annotation names,
so `/schema/openapi.json` describes every body (the shapes live in each slice's `schemas.py`,
on `careplan.lib.shapes.Out`). The conversion changes nothing on the wire: it is strict (no
coercion of one type into another: a `datetime` stays the `datetime` it was, never parsed
from a string, so it is written as before), and every shape forbids unknown fields and leaves
out only a field that was absent (`msgspec.UNSET`), so a key the shape does not describe, or
a value of another type, fails loudly instead of vanishing or changing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")

# The types a service's values already hold: never converted from another type (a string is
# not parsed into a date, nor a date written as a string), so they are written as they were.
AS_THEY_ARE = (
    dt.datetime,
    dt.date,
    dt.time,
    dt.timedelta,
    uuid.UUID,
    decimal.Decimal,
    bytes,
    bytearray,
    memoryview,
)


def shaped(kind: type[T], value: Any) -> T:
    """`value` (a service's dict, or a list of them) as the response type `kind`."""
    return msgspec.convert(value, kind, strict=True, builtin_types=AS_THEY_ARE)
