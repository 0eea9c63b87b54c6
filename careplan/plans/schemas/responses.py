"""Response shapes of the plans API: each body exactly as the service gives it.

A key of a shape is always present unless its type allows UNSET (then it is left out as the
service left it out); `None` is written as null. Stored documents (a version's content, an
item's details) are read as they were written: typed as open objects.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

from careplan.language.schemas import PlainLanguageState, Report
from careplan.lib.shapes import Out
from careplan.plans.schemas.states import StateChangeOut
from careplan.plans.vocabulary import SECTIONS


class AudienceGroups(Out):
    """An audience of named agencies (`agencies`) or named family members (`members`): their
    ids. One of the two keys is present."""

    agencies: list[str] | UnsetType = UNSET
    members: list[str] | UnsetType = UNSET


# "professionals", "family", {"agencies": [ids]} or {"members": [ids]}.
AudienceOut = Literal["professionals", "family"] | AudienceGroups
# An item's details as stored: its section's fields (careplan.plans.vocabulary's
# SECTION_DETAILS) for what is written now; items written earlier are read as they are.
DetailsOut = Annotated[
    dict[str, Any],
    msgspec.Meta(
        description="The section's own fields (a worry's `who_is_worried` and `family_view`, "
        "a next step's `who` and `by_when`, a safety rule's `trigger`, a network person's "
        "`name` and `contact` ...), as they were written."
    ),
]


class ItemSource(Out):
    kind: str
    agency: uuid.UUID | None
    note: str


class ItemOut(Out):
    """An item of a plan's section. `plain_language` (on reading a plan) is its report when
    the family reads it."""

    id: uuid.UUID
    section: str
    position: int
    text: str
    details: DetailsOut
    audience: AudienceOut
    about_member_ids: list[str]
    source: ItemSource
    answers: uuid.UUID | None
    network_person: uuid.UUID | None
    author: uuid.UUID
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime
    removed_at: dt.datetime | None
    removed_reason: str | None
    plain_language: Report | UnsetType = UNSET


class MeasureOut(Out):
    kind: str
    unit: str
    baseline: str | None
    target: str


class OwnerOut(Out):
    kind: str
    id: uuid.UUID


class _ObjectiveFields(Out, kw_only=True):
    id: uuid.UUID
    thread: uuid.UUID
    plan: uuid.UUID
    title: str
    why: str
    answers: uuid.UUID | None
    measure: MeasureOut
    due_on: dt.date | None
    owner: OwnerOut
    status: str
    decided_reason: str | None
    audience: AudienceOut
    revision: int
    created_at: dt.datetime
    removed_at: dt.datetime | None


class ObjectiveOut(_ObjectiveFields, kw_only=True):
    """A measurable objective. `plain_language` (on reading a plan) is its title's report
    when the family reads it."""

    plain_language: Report | UnsetType = UNSET


class ScalingOut(Out):
    id: uuid.UUID
    statement: uuid.UUID | None
    score: int
    by_kind: str
    by_person: uuid.UUID | None
    by_member: uuid.UUID | None
    by_agency: uuid.UUID | None
    by_name: str
    judged_on: dt.date
    reason: str
    created_at: dt.datetime
    audience: AudienceOut


class ProgressOut(Out, kw_only=True):
    id: uuid.UUID
    thread: uuid.UUID
    objective: uuid.UUID
    client_uuid: uuid.UUID
    recorded_on: dt.date
    value: str
    note: str
    by_kind: str
    by_person: uuid.UUID
    created_at: dt.datetime


class CheckInOut(ProgressOut, kw_only=True):
    """A check-in as stored (once per `client_uuid`), and what became of it."""

    outcome: str
    message: str


class VersionSummary(Out):
    number: int
    sha256: str
    label: str
    created_at: dt.datetime
    shared_at: dt.datetime | None


# A plan's current items by section, every section present (in SECTIONS' order).
PlanSections = msgspec.defstruct(
    "PlanSections",
    [(section, list[ItemOut]) for section in SECTIONS],
    bases=(Out,),
    module=__name__,
)


class PlanOut(Out):
    """A plan with what the reader may read of it. `closed_on`: its episode closed on this
    date, and the plan is read-only (changes answer 409)."""

    id: uuid.UUID
    family: uuid.UUID
    episode: uuid.UUID
    kind: str
    revision: int
    closed_on: dt.date | None
    sections: PlanSections
    objectives: list[ObjectiveOut]
    plain_language: PlainLanguageState
    scaling: list[ScalingOut]
    versions: list[VersionSummary]
    # Issue 18: the plan's state, where it may move next, and every move so far.
    state: str = "active"
    next_states: list[str] = msgspec.field(default_factory=list)
    state_history: list[StateChangeOut] = msgspec.field(default_factory=list)


class NewVersionOut(Out):
    id: uuid.UUID
    number: int
    sha256: str
    label: str


# A version's document as stored (its `schema`, `plan`, `members`, `items`, `objectives`,
# `scaling`): read as it was frozen, never re-checked.
VersionDocument = Annotated[
    dict[str, Any],
    msgspec.Meta(
        description="The version's document as it was frozen (schema, plan, members, items, "
        "objectives, scaling by id), with only the entries the reader's audience includes."
    ),
]


class VersionOut(Out):
    """One version: its whole stored version's `sha256`, and the `content` the reader may
    read (`filtered`: some entries were left out, and `content` does not hash to `sha256`)."""

    id: uuid.UUID
    plan: uuid.UUID
    number: int
    sha256: str
    label: str
    created_at: dt.datetime
    shared_at: dt.datetime | None
    schema: int
    content: VersionDocument
    filtered: bool


class ViewMade(Out):
    member: uuid.UUID
    sha256: str


class SharedOut(Out):
    """`views`: every member's view of the version; `readers`: the members who can read
    theirs now."""

    number: int
    sha256: str
    views: list[ViewMade]
    readers: list[uuid.UUID]


Entry = Annotated[dict[str, Any], msgspec.Meta(description="An entry of a version document")]


class EntryChange(Out):
    before: Entry
    after: Entry


class CollectionChanges(Out):
    added: dict[str, Entry]
    removed: dict[str, Entry]
    changed: dict[str, EntryChange]


class Changes(Out):
    items: CollectionChanges
    objectives: CollectionChanges
    scaling: CollectionChanges


class SectionChanges(Out):
    added: list[str]
    removed: list[str]
    changed: list[str]


class DiffOut(Out):
    """What changed between versions `from` and `to`, by entry id, and the items' ids by
    section. `filtered`: entries outside the reader's audience are in neither side."""

    from_: int = msgspec.field(name="from")
    to: int
    changes: Changes
    by_section: dict[str, SectionChanges]
    filtered: bool


class ThreadObjectiveOut(_ObjectiveFields, kw_only=True):
    """An objective of a thread, with the episode (and its kind) whose plan held it."""

    episode: uuid.UUID
    episode_kind: str


class ThreadOut(Out):
    """An objective's whole life: its objectives (oldest first) and check-ins as far as the
    reader's audience goes."""

    id: uuid.UUID
    title: str
    started_on: dt.date
    status: str
    ended_on: dt.date | None
    end_reason: str | None
    objectives: list[ThreadObjectiveOut]
    progress: list[ProgressOut]


class MyViewOut(Out):
    """A family member's own view of the version last shared with them."""

    family: uuid.UUID
    member: uuid.UUID
    plan: uuid.UUID
    version: int
    version_sha256: str
    sha256: str
    content: VersionDocument
    id: uuid.UUID


class ThreadStep(Out):
    id: uuid.UUID
    episode: uuid.UUID
    status: str


class LatestCheckIn(Out):
    recorded_on: dt.date
    value: str


class ThreadSummary(Out):
    """A thread through a family's episodes (their ids, oldest first), its objectives and
    latest check-in as far as the reader's audience goes. `measure` is its latest
    objective's."""

    id: uuid.UUID
    title: str
    started_on: dt.date
    status: str
    ended_on: dt.date | None
    end_reason: str | None
    episodes: list[uuid.UUID]
    objectives: list[ThreadStep]
    measure: MeasureOut | None
    progress_count: int
    latest: LatestCheckIn | None
