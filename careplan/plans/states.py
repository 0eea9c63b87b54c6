"""A plan's state and the moves between them (issue 18, item 8): pure rules, no I/O.

outline (the conference agreed an outline) -> detailed (the core group wrote it out) ->
agreed (every party acknowledged it and the family answered) -> active -> under_review ->
active again, or ended, or stepped_down. From any state that has not ended, a plan can end or
step down, with a reason. An ended or stepped-down plan moves no more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from careplan.plans.vocabulary import PLAN_STATES

ENDINGS = ("ended", "stepped_down")
# The moves along the way, besides the endings (allowed from every state not ended).
FORWARD: dict[str, tuple[str, ...]] = {
    "outline": ("detailed",),
    "detailed": ("agreed",),
    "agreed": ("active",),
    "active": ("under_review",),
    "under_review": ("active",),
}
STATE_NAMES = {
    "outline": "outline",
    "detailed": "detailed",
    "agreed": "agreed",
    "active": "active",
    "under_review": "under review",
    "ended": "ended",
    "stepped_down": "stepped down",
}
MOST_REASON = 2000


def next_states(state: str) -> tuple[str, ...]:
    """Where a plan in `state` may move: its next steps, then the endings (none once ended)."""
    if state in ENDINGS:
        return ()
    return (*FORWARD.get(state, ()), *ENDINGS)


def move_refusal(state: str, to: str) -> str | None:
    """Why a plan in `state` cannot move to `to` (the words a 409 says), or None."""
    if to == state:
        return f"the plan is already {STATE_NAMES[state]}"
    if state in ENDINGS:
        return f"the plan has {STATE_NAMES[state]}: it moves no more"
    allowed = next_states(state)
    if to not in allowed:
        names = " or ".join(STATE_NAMES[s] for s in allowed)
        return f"a plan that is {STATE_NAMES[state]} can move only to {names}"
    return None


def check_move_input(to: str, reason: str) -> tuple[str, str] | None:
    """What is wrong with what was asked (field, words: a 422), or None."""
    if to not in PLAN_STATES:
        return "state", "must be one of " + ", ".join(PLAN_STATES)
    if not reason.strip():
        return "reason", "say why the plan moves (who agreed it, what the meeting decided)"
    if len(reason) > MOST_REASON:
        return "reason", f"must be at most {MOST_REASON} characters"
    return None


@dataclass(frozen=True)
class Acknowledgements:
    """What "agreed" is checked against: the plan's latest version, the last meeting that
    discussed it, the agencies attending that meeting and those that gave a view of it, and
    the parents (or carers) who answered their view of that version."""

    version: int | None = None
    meeting_held: bool = False
    attending_agencies: frozenset[str] = field(default_factory=frozenset)
    agencies_with_view: frozenset[str] = field(default_factory=frozenset)
    parents_answered: int = 0

    @classmethod
    def of(
        cls,
        version: int | None,
        meeting_held: bool,
        attending: Iterable[str],
        viewed: Iterable[str],
        parents_answered: int,
    ) -> Acknowledgements:
        return cls(version, meeting_held, frozenset(attending), frozenset(viewed), parents_answered)


def agreed_refusal(facts: Acknowledgements) -> str | None:
    """Why the plan cannot be "agreed" yet (plain words for the refusal), or None when it can:
    a version of it was discussed at a meeting, every agency attending that meeting gave its
    view of the version, and at least one parent or carer answered their own view of it."""
    if facts.version is None:
        return "take a version of the plan first: the parties acknowledge a version"
    if not facts.meeting_held:
        return (
            f"no meeting has discussed version {facts.version} yet: "
            "each agency gives its view of the version at a meeting"
        )
    missing = sorted(facts.attending_agencies - facts.agencies_with_view)
    if missing:
        return (
            f"every agency at the meeting must give its view of version {facts.version}; "
            "still to give one: " + ", ".join(missing)
        )
    if facts.parents_answered < 1:
        return (
            f"a parent or carer must answer their own view of version {facts.version} "
            "(agree, agree with comments or disagree) before the plan is agreed"
        )
    return None
