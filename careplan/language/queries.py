"""Tap a term: what a parent reads, cut into plain pieces and glossary terms.

`pieces(text)` gives the text back as a list of pieces, in order, whose `text`s join to the
original exactly; a piece that is a glossary term also carries its plain words and
explanation. The page shows each term as something to tap for its explanation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from careplan.language import rules


@lru_cache(maxsize=4096)
def _pieces(text: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    out: list[tuple[str, str | None, str | None, str | None]] = []
    at = 0
    for finding in rules.find_jargon(text):
        if finding.start < at:
            continue
        if finding.start > at:
            out.append((text[at : finding.start], None, None, None))
        out.append((finding.text, finding.term, finding.suggestion, finding.explanation))
        at = finding.end
    if at < len(text):
        out.append((text[at:], None, None, None))
    return tuple(out)


def pieces(text: str) -> list[dict[str, Any]]:
    return [
        {"text": piece, "term": term, "plain": plain, "explanation": explanation}
        for piece, term, plain, explanation in _pieces(text or "")
    ]
