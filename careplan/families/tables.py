"""Families' tables: the household, its members, the team around it, its episodes."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from careplan.families.vocabulary import (
    APPROVAL_ACTIONS,
    APPROVAL_STATES,
    CHILD_CATEGORIES,
    CLOSE_OUTCOMES,
    EPISODE_LINKS,
    GCP2_AREAS,
    MEMBER_ROLES,
    TEAM_ROLES,
)
from careplan.lib.columns import Retained, Revisioned, one_of, restrict
from careplan.tenancy.tables import Agency, LocalAuthority, Person


class Family(Retained, Revisioned, Table):
    """The household a plan is for. `revision` is bumped by every change to its records."""

    id = UUID(primary_key=True)
    local_authority = restrict(LocalAuthority)
    name = Varchar(length=200)
    case_reference = Varchar(length=60, null=True, default=None)
    updated_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class Member(Retained, Revisioned, Table):
    """A person in the family, with from/to dates. A person may be in two families."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    person = restrict(Person, null=True)  # their portal account, if they have one
    given_name = Varchar(length=100)
    family_name = Varchar(length=100, default="")
    known_as = Varchar(length=100, default="")
    role = Varchar(length=20)
    relationship = Varchar(length=100, default="")
    date_of_birth = Date(null=True, default=None)
    parental_responsibility = Boolean(default=False)
    address = Text(default="")
    address_confidential = Boolean(default=False)
    portal_restricted = Boolean(default=False)
    phone = Varchar(length=40, default="")
    preferred_language = Varchar(length=60, default="English")
    interpreter_needed = Boolean(default=False)
    case_system_id = Varchar(length=60, null=True, default=None)
    nhs_number = Varchar(length=10, null=True, default=None)
    from_date = Date()
    to_date = Date(null=True, default=None)
    updated_at = Timestamptz()

    known_role = one_of("role", MEMBER_ROLES)
    unique_account = Unique(["family", "person"])
    dates_in_order = Check("to_date IS NULL OR to_date >= from_date")
    nhs_number_digits = Check("nhs_number IS NULL OR length(nhs_number) = 10")


class TeamMember(Retained, Revisioned, Table):
    """A professional on the team around a family. Access follows the team.

    At most one current key worker per family, and a professional at most once among the
    current team (partial unique indexes in the migration; `left_on` keeps who was there,
    `left_by` and `left_reason` who took them off and why).
    """

    id = UUID(primary_key=True)
    family = restrict(Family)
    person = restrict(Person)
    agency = restrict(Agency)
    role = Varchar(length=40)
    key_worker = Boolean(default=False)
    joined_on = Date()
    left_on = Date(null=True, default=None)
    added_by = restrict(Person, null=True)
    # Who took them off the team, and why (careplan.families.team): history, never deleted.
    left_by = restrict(Person, null=True)
    left_reason = Text(null=True, default=None)

    known_role = one_of("role", TEAM_ROLES)
    dates_in_order = Check("left_on IS NULL OR left_on >= joined_on")


class Episode(Retained, Revisioned, Table):
    """One period of involvement, linked to the one before it."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    kind = Varchar(length=40)
    opened_on = Date()
    open_reason = Text()
    opened_by = restrict(Person)
    previous = restrict("self", null=True)
    link = Varchar(length=20, null=True, default=None)
    closed_on = Date(null=True, default=None)
    close_outcome = Varchar(length=30, null=True, default=None)
    close_reason = Text(null=True, default=None)
    closed_by = restrict(Person, null=True)
    updated_at = Timestamptz()

    known_link = one_of("link", EPISODE_LINKS, null=True)
    known_outcome = one_of("close_outcome", CLOSE_OUTCOMES, null=True)
    dates_in_order = Check("closed_on IS NULL OR closed_on >= opened_on")
    closed_with_outcome = Check("(closed_on IS NULL) = (close_outcome IS NULL)")


class EpisodeChild(Retained, Table):
    """A child an episode is for, with their own category (a CP category, say)."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    episode = restrict(Episode)
    member = restrict(Member)
    category = Varchar(length=30, null=True, default=None)

    unique_child = Unique(["episode", "member"])
    known_category = one_of("category", CHILD_CATEGORIES, null=True)


class ClosureChallenge(Retained, Table):
    """A manager's recorded challenge, needed before closing because consent was withdrawn."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    episode = restrict(Episode)
    manager = restrict(Person)
    challenge = Text()
    response = Text(default="")


class ClosureApproval(Retained, Table):
    """A request to close an episode that needs a manager's approval (careplan.access.authority's
    approval rules), with the closure exactly as asked: `closed_on`, `outcome`, `reason` and
    the objectives' decisions (`objectives`: [{id, decision, reason}]). `episode_revision` is
    the episode's revision when it was asked: approving it then finds any change since.

    At most one waiting request per episode (a partial unique index in the migration). It is
    decided once: approved (the episode closes as asked, closed by whoever asked), sent back
    with a reason, or withdrawn (the episode was closed some other way)."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    episode = restrict(Episode)
    action = Varchar(length=30)
    closed_on = Date()
    outcome = Varchar(length=30)
    reason = Text()
    objectives = JSON(default="[]")
    episode_revision = Integer()
    requested_by = restrict(Person)
    requested_at = Timestamptz()
    state = Varchar(length=20, default="waiting")
    decided_by = restrict(Person, null=True)
    decided_at = Timestamptz(null=True, default=None)
    decision_reason = Text(null=True, default=None)

    known_action = one_of("action", APPROVAL_ACTIONS)
    known_outcome = one_of("outcome", CLOSE_OUTCOMES)
    known_state = one_of("state", APPROVAL_STATES)
    decided_when_not_waiting = Check("(state = 'waiting') = (decided_at IS NULL)")


class Assessment(Retained, Table):
    """A dated Graded Care Profile 2 grading of one area for one child (1 best, 5 worst)."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    member = restrict(Member)
    episode = restrict(Episode, null=True)
    area = Varchar(length=40)
    grade = Integer()
    assessed_on = Date()
    assessor = restrict(Person)
    note = Text(default="")

    known_area = one_of("area", GCP2_AREAS)
    grade_range = Check("grade BETWEEN 1 AND 5")


# Indexes for how the pages read, and the partial unique rules the domain has.
INDEXES = [
    # At most one current key worker per family; a professional once in the current team.
    "CREATE UNIQUE INDEX ix_team_member_one_key_worker ON team_member (family)"
    " WHERE key_worker AND left_on IS NULL",
    "CREATE UNIQUE INDEX ix_team_member_current_once ON team_member (family, person)"
    " WHERE left_on IS NULL",
    # A person's caseload.
    "CREATE INDEX ix_team_member_caseload ON team_member (person) WHERE left_on IS NULL",
    # A family's timeline.
    "CREATE INDEX ix_episode_timeline ON episode (family, opened_on)",
    # At most one open episode of a kind per family.
    "CREATE UNIQUE INDEX ix_episode_one_open_per_kind ON episode (family, kind)"
    " WHERE closed_on IS NULL",
    "CREATE INDEX ix_member_family_dates ON member (family, from_date)",
    "CREATE INDEX ix_assessment_history ON assessment (family, member, area, assessed_on)",
    # A manager's approvals: one waiting request per episode; the queue reads waiting ones.
    "CREATE UNIQUE INDEX ix_closure_approval_one_waiting ON closure_approval (episode)"
    " WHERE state = 'waiting'",
    "CREATE INDEX ix_closure_approval_queue ON closure_approval (state, requested_at)",
]
