"""Plans' tables: the living plan of an episode and everything written in it."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Date, Integer, Text, Timestamptz, Varchar
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from careplan.families.tables import Episode, Family, Member
from careplan.lib.columns import Retained, Revisioned, one_of, restrict
from careplan.plans.vocabulary import (
    AUDIENCE_KINDS,
    MEASURE_KINDS,
    OBJECTIVE_STATUSES,
    OWNER_KINDS,
    PLAN_KINDS,
    PLAN_STATES,
    PROGRESS_BY,
    SCALING_BY,
    SECTIONS,
    SOURCE_KINDS,
    THREAD_STATUSES,
)
from careplan.tenancy.tables import Agency, Person


class Audienced:
    """Mixin: who may see a record (DESIGN.md: every item has an audience).

    `audience_ids` holds agency ids for "agencies" and member ids for "members"; the
    professionals on the team always see everything of their family.
    """

    audience_kind = Varchar(length=20, default="professionals")
    audience_ids = JSON(default="[]")


class SoftRemoved:
    """Mixin: records are removed softly, with who and why, never deleted."""

    removed_at = Timestamptz(null=True, default=None)
    removed_reason = Text(null=True, default=None)


class Plan(Retained, Revisioned, Table):
    """The living plan of one episode: a safety plan, or a wellbeing plan below it."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    episode = restrict(Episode)
    kind = Varchar(length=20)
    updated_at = Timestamptz()
    # Issue 18: where the plan stands with its meetings (PLAN_STATES); every move is a
    # PlanStateChange row saying who moved it and why.
    state = Varchar(length=20, default="active")

    one_plan_per_episode = Unique(["episode"])
    known_kind = one_of("kind", PLAN_KINDS)
    known_state = one_of("state", PLAN_STATES)


class PlanStateChange(Retained, Table):
    """A plan moved from one state to the next: who moved it, why, and the meeting that did,
    if one did. Never changed: the history is the rows in order."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    plan = restrict(Plan)
    from_state = Varchar(length=20)
    to_state = Varchar(length=20)
    moved_by = restrict(Person)
    reason = Text(default="")
    meeting = UUID(null=True, default=None)  # the meetings slice's meeting (no key: one way)

    known_from = one_of("from_state", PLAN_STATES)
    known_to = one_of("to_state", PLAN_STATES)


class Item(Retained, Revisioned, Audienced, SoftRemoved, Table):
    """Any entry of a plan's sections. Section-specific fields live in `details`.

    A worry statement: who is worried, about what, what will happen to which child, and the
    family's own view (`details.family_view`, `details.family_disputes`). A safety goal
    answers a statement (`answers`). A safety rule names its trigger and the network person
    who makes sure it is kept (`network_person`, an item of the network section).
    """

    id = UUID(primary_key=True)
    family = restrict(Family)
    plan = restrict(Plan)
    section = Varchar(length=30)
    position = Integer(default=0)
    text = Text()
    details = JSON(default="{}")
    answers = restrict("self", null=True)
    network_person = restrict("self", null=True)
    about_member_ids = JSON(default="[]")
    source_kind = Varchar(length=20, default="agency")
    source_agency = restrict(Agency, null=True)
    source_note = Varchar(length=200, default="")
    author = restrict(Person)
    updated_at = Timestamptz()
    removed_by = restrict(Person, null=True)

    known_section = one_of("section", SECTIONS)
    known_audience = one_of("audience_kind", AUDIENCE_KINDS)
    known_source = one_of("source_kind", SOURCE_KINDS)
    removal_has_reason = Check("removed_at IS NULL OR removed_reason IS NOT NULL")


class ObjectiveThread(Retained, Table, tablename="thread"):
    """What an objective is across plan versions and episodes: it outlives both."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    title = Varchar(length=200)
    started_on = Date()
    status = Varchar(length=20, default="open")
    ended_on = Date(null=True, default=None)
    end_reason = Text(null=True, default=None)

    known_status = one_of("status", THREAD_STATUSES)
    dropped_has_reason = Check("status <> 'dropped' OR end_reason IS NOT NULL")


class Objective(Retained, Revisioned, Audienced, SoftRemoved, Table):
    """A measurable objective of one plan, on a thread. Values are decimal strings."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    plan = restrict(Plan)
    thread = restrict(ObjectiveThread)
    title = Varchar(length=200)
    why = Text(default="")
    answers = restrict(Item, null=True)
    measure_kind = Varchar(length=20)
    unit = Varchar(length=60, default="")
    baseline = Varchar(length=40, null=True, default=None)
    target = Varchar(length=40)
    due_on = Date(null=True, default=None)
    owner_kind = Varchar(length=20)
    owner_member = restrict(Member, null=True)
    owner_person = restrict(Person, null=True)
    owner_agency = restrict(Agency, null=True)
    status = Varchar(length=20, default="open")
    decided_reason = Text(null=True, default=None)
    position = Integer(default=0)
    author = restrict(Person)
    updated_at = Timestamptz()
    removed_by = restrict(Person, null=True)

    one_objective_per_thread_per_plan = Unique(["plan", "thread"])
    known_measure = one_of("measure_kind", MEASURE_KINDS)
    known_owner = one_of("owner_kind", OWNER_KINDS)
    known_status = one_of("status", OBJECTIVE_STATUSES)
    known_audience = one_of("audience_kind", AUDIENCE_KINDS)
    owner_named = Check(
        "(owner_kind = 'member' AND owner_member IS NOT NULL)"
        " OR (owner_kind = 'professional' AND owner_person IS NOT NULL)"
        " OR (owner_kind = 'agency' AND owner_agency IS NOT NULL)"
    )
    dropped_has_reason = Check("status <> 'dropped' OR decided_reason IS NOT NULL")


class ProgressEntry(Retained, SoftRemoved, Table):
    """A dated value and note on an objective. `client_uuid` makes an offline retry harmless."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    thread = restrict(ObjectiveThread)
    objective = restrict(Objective)
    client_uuid = UUID(unique=True)
    recorded_on = Date()
    value = Varchar(length=40)
    note = Text(default="")
    by_kind = Varchar(length=20)
    by_person = restrict(Person)
    removed_by = restrict(Person, null=True)

    known_by = one_of("by_kind", PROGRESS_BY)


class Scaling(Retained, SoftRemoved, Audienced, Table):
    """A 0-10 judgement, overall or about one statement, by someone named, with a reason.

    10: the child is safe enough for us to close; 0: the child cannot stay at home.
    """

    id = UUID(primary_key=True)
    family = restrict(Family)
    plan = restrict(Plan)
    statement = restrict(Item, null=True)
    score = Integer()
    by_kind = Varchar(length=20)
    by_person = restrict(Person, null=True)
    by_member = restrict(Member, null=True)
    by_agency = restrict(Agency, null=True)
    by_name = Varchar(length=200, default="")
    judged_on = Date()
    reason = Text()
    recorded_by = restrict(Person)
    removed_by = restrict(Person, null=True)

    score_range = Check("score BETWEEN 0 AND 10")
    known_by = one_of("by_kind", SCALING_BY)
    known_audience = one_of("audience_kind", AUDIENCE_KINDS)


class PlanVersion(Retained, Table):
    """An immutable snapshot: RFC 8785 canonical JSON, stored as the exact text, and its hash."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    plan = restrict(Plan)
    number = Integer()
    schema = Integer()
    content = Text()
    sha256 = Varchar(length=64)
    label = Varchar(length=200, default="")
    created_by = restrict(Person)
    shared_at = Timestamptz(null=True, default=None)
    shared_by = restrict(Person, null=True)

    unique_number = Unique(["plan", "number"])
    number_positive = Check("number >= 1")
    sha256_hex = Check("length(sha256) = 64")


class VersionAnnotation(Retained, Table):
    """A correction to a version: versions are never edited, they are annotated."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    version = restrict(PlanVersion)
    text = Text()
    author = restrict(Person)


class FamilyView(Retained, Table):
    """What one member may see of a shared version, with its own canonical bytes and hash."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    version = restrict(PlanVersion)
    member = restrict(Member)
    content = Text()
    sha256 = Varchar(length=64)

    one_view_per_member = Unique(["version", "member"])
    sha256_hex = Check("length(sha256) = 64")


INDEXES = [
    # A plan's current items, in their sections and order.
    "CREATE INDEX ix_item_current ON item (plan, section, position) WHERE removed_at IS NULL",
    "CREATE INDEX ix_objective_current ON objective (plan, position) WHERE removed_at IS NULL",
    # A thread's whole life, and its progress in date order.
    "CREATE INDEX ix_objective_thread_life ON objective (thread, created_at)",
    "CREATE INDEX ix_progress_thread_dates ON progress_entry (thread, recorded_on)",
    "CREATE INDEX ix_thread_family_dates ON thread (family, started_on)",
    "CREATE INDEX ix_scaling_plan_dates ON scaling (plan, judged_on)",
    "CREATE INDEX ix_version_shared ON plan_version (plan, shared_at)",
    "CREATE INDEX ix_family_view_member ON family_view (member, created_at)",
]
