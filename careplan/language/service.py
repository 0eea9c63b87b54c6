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


def hints(text: str) -> dict[str, Any]:
    """What a writer is shown beside a field as they type: each jargon term once, with its
    plain words and where it first is; the other findings; the reading age.

    A term offers either `replace` (a one-click replacement of the whole phrase it belongs
    to, that keeps the sentence grammatical: `from` is what goes, `to` what comes, `start`
    where) or, where no safe replacement can be made, `rewrite`: the sentence it is in, for
    the writer to rewrite before it goes in."""
    found = rules.check(text)
    jargon: dict[tuple[str, str], dict[str, Any]] = {}
    others = []
    for finding in found.findings:
        if finding.kind == "jargon":
            key = (finding.text, finding.suggestion)
            if key not in jargon:
                swap = finding.replacement
                start, end = rules.sentence_around(text, finding.start)
                jargon[key] = {
                    "text": finding.text,
                    "term": finding.term,
                    "plain": finding.suggestion,
                    "explanation": finding.explanation,
                    "start": finding.start,
                    "end": finding.end,
                    "replace": None
                    if swap is None
                    else {
                        "start": swap.start,
                        "from": text[swap.start : swap.end],
                        "to": swap.text,
                    },
                    "rewrite": None
                    if swap is not None or start == end
                    else {"start": start, "text": text[start:end]},
                }
        else:
            others.append(msgspec.to_builtins(finding))
    return {
        "has_words": bool(text.strip()),
        "jargon": list(jargon.values()),
        "others": others,
        "reading_age": found.reading_age,
        "over_target": found.over_target,
        "target": found.target,
    }


def family_reads(audience: Any) -> bool:
    """Is a text with this audience (as the API writes it) read by the family?"""
    return audience == "family" or (isinstance(audience, dict) and "members" in audience)


def plan_summary(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The plain-language state of the family-visible texts among a plan's items and
    objectives (dicts as careplan.plans.service gives them: `text` or `title`, `audience`)."""
    texts = [
        str(item.get("text") or item.get("title") or "")
        for item in items
        if family_reads(item.get("audience"))
    ]
    return state(texts)
