"""Request and response shapes of the plain-language API.

The responses are the slice's own value types (`careplan.language.rules`): a text's report
with its findings, a glossary entry, and the state of a plan's family-visible texts.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from careplan.language.rules import (
    Finding,
    GlossaryEntry,
    PlainLanguageState,
    Replacement,
    Report,
)
from careplan.lib.text import PRINTABLE

__all__ = [
    "EXAMPLES",
    "MAX_TEXT",
    "CheckRequest",
    "Finding",
    "GlossaryEntry",
    "PlainLanguageState",
    "Replacement",
    "Report",
]

MAX_TEXT = 10_000


class CheckRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, PRINTABLE, msgspec.Meta(max_length=MAX_TEXT)]


EXAMPLES: dict[type, dict] = {
    CheckRequest: {"text": "Mum did not engage with the core group and the CIN plan was escalated."}
}
