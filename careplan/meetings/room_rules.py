"""The meeting room's rules besides quorum (careplan.meetings.quorum): blind scales, their
reveal, and the window for dissenting from a conference's decision. Pure: no I/O.

Scales (Norfolk's safety scale, MEETINGS.md): each professional scales privately, "to avoid
conference attendees following others' views"; the chair reveals them all together, and asks
each why. The parents' and the child's scales are kept apart, never averaged with the
professionals'. A score of 0 or 1 prompts the chair to consider escalating at once.

Dissent (Sussex, Cheshire West, Sutton): a professional who was at the conference may dissent
from its decision at the meeting or within 72 hours (a local setting `dissent_window_hours`);
a senior chair reviews it and the decision stands meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from careplan.lib.errors import Invalid, Refused

ESCALATE_AT_OR_BELOW = 1
DISSENT_WINDOW_SETTING = "dissent_window_hours"
DEFAULT_DISSENT_HOURS = 72
MOST_DISSENT_HOURS = 24 * 30
SENIOR_CHAIR_SETTING = "senior_chair"


def check_scale_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", "say why you chose this score")
    return reason


def check_unrevealed(revealed_at: dt.datetime | None, existing: Mapping[str, Any] | None) -> None:
    """A score changes only before the reveal: after it, the scores shown stay as shown."""
    if revealed_at is not None and existing is not None:
        raise Refused("The scales were revealed: a score cannot change after that", "score")


def scales_shown(rows: Iterable[Mapping[str, Any]], viewer: Any, revealed: bool) -> dict[str, Any]:
    """What a professional reads of the meeting's scales: before the reveal, only their own
    and how many have scaled; after it, every professional's and the family's, apart."""
    rows = list(rows)
    professionals = [r for r in rows if r["by_kind"] == "professional"]
    family = [r for r in rows if r["by_kind"] != "professional"]
    mine = next((r for r in professionals if r["person"] == viewer), None)
    shown_pros = professionals if revealed else []
    shown_family = family if revealed else []
    low = any(r["score"] <= ESCALATE_AT_OR_BELOW for r in shown_pros + shown_family)
    return {
        "revealed": revealed,
        "scaled": len(professionals),
        "family_scaled": len(family),
        "mine": mine,
        "professionals": shown_pros,
        "family": shown_family,
        "escalation_prompt": low,
    }


def dissent_hours(setting: Any) -> int:
    if isinstance(setting, bool) or not isinstance(setting, int):
        return DEFAULT_DISSENT_HOURS
    return setting if 1 <= setting <= MOST_DISSENT_HOURS else DEFAULT_DISSENT_HOURS


def dissent_window_ends(decided_at: dt.datetime, hours: int) -> dt.datetime:
    return decided_at + dt.timedelta(hours=hours)


def check_within_window(now: dt.datetime, ends_at: dt.datetime) -> None:
    if now > ends_at:
        raise Invalid(
            "decision",
            "the window to dissent from this decision closed on "
            f"{ends_at.strftime('%d %B %Y at %H:%M')} UTC: raise a professional "
            "disagreement instead",
        )


def attended(attendee: Mapping[str, Any] | None) -> bool:
    """Whether an attendee was there (attendance taken as present, or, before attendance was
    taken, not marked as apologies)."""
    if attendee is None:
        return False
    if attendee["attendance"] is not None:
        return attendee["attendance"] == "present"
    return bool(attendee["attended"])


def check_review_words(outcome: str) -> str:
    outcome = outcome.strip()
    if not outcome:
        raise Invalid("outcome", "say what you decided and why, in words")
    return outcome
