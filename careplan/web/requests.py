"""JSON request bodies read strictly: UTF-8, not nested without end, every value its own type.

Litestar reads a JSON body, then converts it to the route's shape in its lax mode, which turns
`"revision": "1"` into 1 and `"key_worker": "true"` into True. A client that sends the wrong
type has a fault a person should see, so a body is first checked here against the route's
shape in msgspec's strict mode (a string is never a number, a number never a flag), and its
nesting is limited. Each refusal is a ValidationException naming the field, which
`careplan.web.errors` answers with 422. A body that is not UTF-8 is refused the same way.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import SerializationException, ValidationException

from careplan.lib.text import PRINTABLE

# Deeper than any request shape of ours: {"details": {"a": [{"b": ...}]}} is four.
MAX_JSON_DEPTH = 32


def _refuse(field: str, message: str) -> ValidationException:
    return ValidationException(
        detail=f"{field}: {message}", extra=[{"key": field, "message": message}]
    )


def _path(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "body"


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> str | None:
    """The path of the first place a decoded JSON value nests deeper than `limit`, or None.
    Iterative: a value nested thousands deep is measured without recursion."""
    stack: list[tuple[Any, int, list[str | int]]] = [(value, 0, [])]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, dict | list):
            if depth >= limit:
                return _path(path)
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend((child, depth + 1, [*path, key]) for key, child in pairs)
    return None


def _field_of(error: msgspec.ValidationError) -> tuple[str, str]:
    """The field and the message of msgspec's "Expected ... - at `$.details[...]`" (a key of
    a mapping is "- at `key` in `$.details`"; a mapping's value is named by the mapping)."""
    message, _, at = str(error).partition(" - at `")
    if at.startswith("key` in `"):
        at = at.removeprefix("key` in `")
    path = at.rstrip("`").removeprefix("$").removeprefix(".").split("[...]", 1)[0]
    if PRINTABLE.pattern and repr(PRINTABLE.pattern) in message:
        message = "must not hold control characters or characters that change the text's direction"
    return (path or "body"), message


class StrictJSONRequest(Request):
    """The app's request class (see the module's docstring)."""

    async def json(self) -> Any:
        try:
            value = await super().json()
        except UnicodeDecodeError as error:
            raise _refuse("body", "is not UTF-8 text") from error
        except SerializationException as error:
            raise _refuse("body", "is not JSON") from error
        deep = too_deep(value)
        if deep is not None:
            raise _refuse(deep, f"is nested more than {MAX_JSON_DEPTH} levels deep")
        field = self.route_handler.parsed_data_field
        if field is not None and value is not None:
            try:
                msgspec.convert(value, field.annotation, strict=True)
            except msgspec.ValidationError as error:
                path, message = _field_of(error)
                raise _refuse(path, message) from error
        return value
