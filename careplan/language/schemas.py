"""Request shapes of the plain-language API."""

from __future__ import annotations

from typing import Annotated

import msgspec

from careplan.lib.text import PRINTABLE

MAX_TEXT = 10_000


class CheckRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, PRINTABLE, msgspec.Meta(max_length=MAX_TEXT)]


EXAMPLES: dict[type, dict] = {
    CheckRequest: {"text": "Mum did not engage with the core group and the CIN plan was escalated."}
}
