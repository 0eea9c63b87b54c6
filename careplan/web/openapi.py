"""Request bodies with an example each, for the OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Example
from litestar.params import Body

T = TypeVar("T")


def example_body(struct: type[T], examples: dict[type, dict[str, Any]]) -> Any:
    """`Annotated[struct, Body(...)]`: a JSON body whose OpenAPI entry shows an example."""
    value = examples[struct]
    return Annotated[
        struct,
        Body(
            media_type=RequestEncodingType.JSON,
            examples=[Example(summary=struct.__name__, value=value)],
        ),
    ]
