"""Request and response shapes of the families API. Bounds here are the API's validation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from careplan.families.vocabulary import CHILD_CATEGORIES, CLOSE_OUTCOMES, MEMBER_ROLES, TEAM_ROLES
from careplan.lib.shapes import Out
from careplan.lib.text import PRINTABLE
from careplan.plans.schemas.responses import ThreadSummary

Name = Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=100)]
ShortText = Annotated[str, PRINTABLE, msgspec.Meta(max_length=200)]
LongText = Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=4000)]
MemberRole = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(MEMBER_ROLES) + ")$")]
TeamRole = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(TEAM_ROLES) + ")$")]
Outcome = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(CLOSE_OUTCOMES) + ")$")]
Category = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(CHILD_CATEGORIES) + ")$")]
KindCode = Annotated[str, msgspec.Meta(pattern="^[a-z][a-z_]{1,39}$")]
NhsNumber = Annotated[str, msgspec.Meta(pattern="^[0-9]{10}$")]

Revision = Annotated[int, msgspec.Meta(ge=1, le=2_147_483_647)]


class NewMember(msgspec.Struct, forbid_unknown_fields=True):
    given_name: Name
    role: MemberRole
    family_name: Annotated[str, PRINTABLE, msgspec.Meta(max_length=100)] = ""
    known_as: Annotated[str, PRINTABLE, msgspec.Meta(max_length=100)] = ""
    relationship: Annotated[str, PRINTABLE, msgspec.Meta(max_length=100)] = ""
    date_of_birth: dt.date | None = None
    parental_responsibility: bool = False
    address: Annotated[str, PRINTABLE, msgspec.Meta(max_length=500)] = ""
    address_confidential: bool = False
    portal_restricted: bool = False
    phone: Annotated[str, PRINTABLE, msgspec.Meta(max_length=40)] = ""
    preferred_language: Annotated[str, PRINTABLE, msgspec.Meta(max_length=60)] = "English"
    interpreter_needed: bool = False
    case_system_id: Annotated[str, PRINTABLE, msgspec.Meta(max_length=60)] | None = None
    nhs_number: NhsNumber | None = None
    from_date: dt.date | None = None


OptionalText100 = Annotated[str, PRINTABLE, msgspec.Meta(max_length=100)]


class MemberPatch(msgspec.Struct, forbid_unknown_fields=True):
    """A change to a member: only the fields given change (`null` clears a date or an id).
    `to_date` ends the membership (`null` restores it). Changing `portal_restricted` or
    `address_confidential` takes effect at once."""

    revision: Revision | None = None
    given_name: Name | UnsetType = UNSET
    family_name: OptionalText100 | UnsetType = UNSET
    known_as: OptionalText100 | UnsetType = UNSET
    role: MemberRole | UnsetType = UNSET
    relationship: OptionalText100 | UnsetType = UNSET
    date_of_birth: dt.date | UnsetType | None = UNSET
    parental_responsibility: bool | UnsetType = UNSET
    address: Annotated[str, PRINTABLE, msgspec.Meta(max_length=500)] | UnsetType = UNSET
    address_confidential: bool | UnsetType = UNSET
    portal_restricted: bool | UnsetType = UNSET
    phone: Annotated[str, PRINTABLE, msgspec.Meta(max_length=40)] | UnsetType = UNSET
    preferred_language: Annotated[str, PRINTABLE, msgspec.Meta(max_length=60)] | UnsetType = UNSET
    interpreter_needed: bool | UnsetType = UNSET
    case_system_id: Annotated[str, PRINTABLE, msgspec.Meta(max_length=60)] | UnsetType | None = (
        UNSET
    )
    nhs_number: NhsNumber | UnsetType | None = UNSET
    to_date: dt.date | UnsetType | None = UNSET


class NewFamily(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=200)]
    members: Annotated[list[NewMember], msgspec.Meta(min_length=1, max_length=30)]
    case_reference: Annotated[str, PRINTABLE, msgspec.Meta(max_length=60)] | None = None
    my_role: TeamRole = "social_worker"


class FamilyPatch(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision | None = None
    name: Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=200)] | None = None
    case_reference: Annotated[str, PRINTABLE, msgspec.Meta(max_length=60)] | None = None


class NewTeamMember(msgspec.Struct, forbid_unknown_fields=True):
    person: uuid.UUID
    role: TeamRole
    key_worker: bool = False


class TeamLeaving(msgspec.Struct, forbid_unknown_fields=True):
    """Why a professional leaves the family's team (required: it is kept with the team's
    history)."""

    reason: LongText


class TeamMemberPatch(msgspec.Struct, forbid_unknown_fields=True):
    """A change to someone on the team, at the revision of their team row: `key_worker`
    true makes them the family's key worker (the one before stays on the team)."""

    revision: Revision | None = None
    key_worker: bool | None = None


class EpisodeChildIn(msgspec.Struct, forbid_unknown_fields=True):
    member: uuid.UUID
    category: Category | None = None


class NewEpisode(msgspec.Struct, forbid_unknown_fields=True):
    kind: KindCode
    children: Annotated[list[EpisodeChildIn], msgspec.Meta(min_length=1, max_length=20)]
    opened_on: dt.date
    reason: LongText
    previous: uuid.UUID | None = None
    link: (
        Annotated[str, msgspec.Meta(pattern="^(step_up|step_down|re_referral|transfer_in)$")] | None
    ) = None
    carry_over: Annotated[list[uuid.UUID], msgspec.Meta(max_length=100)] = []


class ObjectiveDecision(msgspec.Struct, forbid_unknown_fields=True):
    id: uuid.UUID
    decision: Annotated[str, msgspec.Meta(pattern="^(carry|achieved|dropped)$")]
    reason: Annotated[str, PRINTABLE, msgspec.Meta(max_length=2000)] = ""


class CloseEpisode(msgspec.Struct, forbid_unknown_fields=True):
    closed_on: dt.date
    outcome: Outcome
    reason: LongText
    objectives: Annotated[list[ObjectiveDecision], msgspec.Meta(max_length=200)] = []


class SendBack(msgspec.Struct, forbid_unknown_fields=True):
    """Why a manager sends a request to close back (required: whoever asked reads it)."""

    reason: Annotated[str, PRINTABLE, msgspec.Meta(max_length=4000)] = ""


class Challenge(msgspec.Struct, forbid_unknown_fields=True):
    challenge: LongText
    response: Annotated[str, PRINTABLE, msgspec.Meta(max_length=4000)] = ""


# ---------------------------------------------------------------------------- responses


class FamilyListed(Out):
    """A family you may open. A professional reads its `case_reference`, `revision` and
    `updated_at`; a family member reads which `member` of it they are instead."""

    id: uuid.UUID
    name: str
    case_reference: str | UnsetType | None = UNSET
    revision: int | UnsetType = UNSET
    updated_at: dt.datetime | UnsetType = UNSET
    member: uuid.UUID | UnsetType = UNSET


class MemberOut(Out):
    """A member of a family. A confidential `address` reads "confidential"."""

    id: uuid.UUID
    given_name: str
    family_name: str
    known_as: str
    role: str
    relationship: str
    date_of_birth: dt.date | None
    parental_responsibility: bool
    address: str
    address_confidential: bool
    portal_restricted: bool
    phone: str
    preferred_language: str
    interpreter_needed: bool
    case_system_id: str | None
    nhs_number: str | None
    from_date: dt.date
    to_date: dt.date | None
    has_portal_account: bool
    revision: int


class TeamMemberOut(Out):
    id: uuid.UUID
    person: uuid.UUID
    name: str
    agency: uuid.UUID
    agency_name: str
    role: str
    key_worker: bool
    joined_on: dt.date
    revision: int


class TeamLeftOut(Out):
    """Someone who has left the family's team: their team row as it ended, kept as history."""

    id: uuid.UUID
    family: uuid.UUID
    person: uuid.UUID
    agency: uuid.UUID
    role: str
    joined_on: dt.date
    left_on: dt.date
    left_by: uuid.UUID
    left_reason: str
    revision: int


class FamilyOut(Out):
    """A family's record: its members and current team. `your_access`: "team" or
    "manager"."""

    id: uuid.UUID
    name: str
    case_reference: str | None
    revision: int
    members: list[MemberOut]
    team: list[TeamMemberOut]
    your_access: str


class EpisodeChildOut(Out):
    member: uuid.UUID
    category: str | None


class EpisodeSummary(Out, kw_only=True):
    id: uuid.UUID
    kind: str
    opened_on: dt.date
    open_reason: str
    previous: uuid.UUID | None
    link: str | None
    closed_on: dt.date | None
    close_outcome: str | None
    close_reason: str | None
    revision: int


class EpisodeOut(EpisodeSummary, kw_only=True):
    """An episode, its children, and its plan."""

    children: list[EpisodeChildOut]
    plan: uuid.UUID | None


class ChallengeOut(Out):
    """A manager's challenge recorded on the episode (as its id was given in the path)."""

    id: uuid.UUID
    episode: str


class ApprovalOut(Out):
    """A request to close an episode that needs a manager's approval: the closure as asked
    (`closed_on`, `outcome`, `reason`, each objective's decision), who asked and when, and
    where it stands (`state`: waiting, approved, sent_back, withdrawn), with who decided,
    when and why (`decision_reason`: a send-back's reason)."""

    id: uuid.UUID
    family: uuid.UUID
    family_name: str
    episode: uuid.UUID
    episode_kind: str
    action: str
    closed_on: dt.date
    outcome: str
    reason: str
    objectives: list[ObjectiveDecision]
    requested_by: uuid.UUID
    requested_by_name: str
    requested_at: dt.datetime
    state: str
    decided_by: uuid.UUID | None
    decided_by_name: str | None
    decided_at: dt.datetime | None
    decision_reason: str | None


class TimelineOut(Out):
    """Every episode of a family since the first, with the objective threads through them."""

    family: uuid.UUID
    episodes: list[EpisodeSummary]
    threads: list[ThreadSummary]


# Examples shown in the OpenAPI document.
EXAMPLES: dict[type, dict] = {
    NewFamily: {
        "name": "Brook family",
        "members": [
            {
                "given_name": "Dana",
                "family_name": "Brook",
                "role": "parent",
                "parental_responsibility": True,
            },
            {
                "given_name": "Eli",
                "family_name": "Brook",
                "role": "child",
                "date_of_birth": "2017-04-02",
            },
        ],
    },
    FamilyPatch: {"case_reference": "NMC-200114", "revision": 2},
    NewMember: {
        "given_name": "Ivy",
        "family_name": "Brook",
        "role": "child",
        "relationship": "Daughter",
        "date_of_birth": "2026-11-20",
    },
    MemberPatch: {"revision": 3, "portal_restricted": True},
    NewTeamMember: {"person": "5b0f8c3e-6a9d-4d0b-8e2f-1c3a5b7d9e01", "role": "health_visitor"},
    TeamLeaving: {"reason": "The school nurse takes over from the health visitor in January."},
    TeamMemberPatch: {"key_worker": True, "revision": 1},
    NewEpisode: {
        "kind": "child_in_need",
        "children": [{"member": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11"}],
        "opened_on": "2026-11-02",
        "reason": "Stepped up from early help after a year with little change.",
        "carry_over": ["9a7e1f2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"],
    },
    CloseEpisode: {
        "closed_on": "2026-11-20",
        "outcome": "step_up",
        "reason": "A strategy discussion was held.",
        "objectives": [
            {"id": "7c6b5a4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", "decision": "carry"},
            {
                "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "decision": "dropped",
                "reason": "The course closed.",
            },
        ],
    },
    Challenge: {"challenge": "Has an interpreter explained the plan to both parents?"},
    SendBack: {"reason": "Book the initial conference first: the plan decides whether it ends."},
}
