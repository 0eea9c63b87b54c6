"""Request shapes of the meetings API. Bounds here are the API's validation (422 naming the
field)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec

from careplan.families.rules import CHILD_CATEGORIES
from careplan.meetings.vocabulary import ANSWERS, MEETING_KINDS, VIEWS


def _one_of(words: tuple[str, ...]) -> msgspec.Meta:
    return msgspec.Meta(pattern="^(" + "|".join(words) + ")$")


Answer = Annotated[str, _one_of(ANSWERS)]
View = Annotated[str, _one_of(VIEWS)]
MeetingKind = Annotated[str, _one_of(MEETING_KINDS)]
Category = Annotated[str, _one_of(CHILD_CATEGORIES)]
Sha256 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
Words = Annotated[str, msgspec.Meta(max_length=4000)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
AwareDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True)]


class ItemComment(msgspec.Struct, forbid_unknown_fields=True):
    item: uuid.UUID
    comment: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class NewAgreement(msgspec.Struct, forbid_unknown_fields=True):
    """A member's answer to the view they saw: their words are kept exactly as written."""

    answer: Answer
    view_sha256: Sha256
    words: Words = ""
    item_comments: Annotated[list[ItemComment], msgspec.Meta(max_length=100)] = []


class AttendeeIn(msgspec.Struct, forbid_unknown_fields=True):
    """A professional (`person`) or a family member (`member`): one of the two."""

    person: uuid.UUID | None = None
    member: uuid.UUID | None = None
    apologies: bool = False


class NewMeeting(msgspec.Struct, forbid_unknown_fields=True):
    kind: MeetingKind
    starts_at: AwareDateTime
    chair: uuid.UUID
    purpose: Note = ""
    location: Annotated[str, msgspec.Meta(max_length=500)] = ""
    location_confidential: bool = False
    how_to_join: Note = ""
    version: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] | None = None
    attendees: Annotated[list[AttendeeIn], msgspec.Meta(max_length=60)] = []


class NewView(msgspec.Struct, forbid_unknown_fields=True):
    attendee: uuid.UUID
    view: View
    reason: Words = ""


class NewDecision(msgspec.Struct, forbid_unknown_fields=True):
    plan_needed: bool
    category: Category | None = None
    next_review_on: dt.date | None = None
    notes: Words = ""


class Escalation(msgspec.Struct, forbid_unknown_fields=True):
    """Why the stage ends without agreement; `revision` guards against escalating twice."""

    outcome: Note = ""
    revision: int | None = None


class Resolution(msgspec.Struct, forbid_unknown_fields=True):
    resolution: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
    revision: int | None = None
