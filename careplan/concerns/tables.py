"""Concerns' tables: a worry about a child, sent to the front door, with its clocks.

A concern may be about a child no family record holds yet: then `family` is empty and the
child is described by name and date of birth. Raising one grants no read access.
"""

from __future__ import annotations

from piccolo.columns import UUID, Date, Integer, Text, Timestamptz, Varchar
from piccolo.constraints import Check
from piccolo.table import Table

from careplan.concerns.vocabulary import DECISIONS, SERIOUSNESS, STATUSES
from careplan.families.tables import Family, Member
from careplan.lib.columns import Retained, Revisioned, one_of, restrict
from careplan.tenancy.tables import Agency, LocalAuthority, Person


class Concern(Retained, Revisioned, Table):
    id = UUID(primary_key=True)
    local_authority = restrict(LocalAuthority)
    family = restrict(Family, null=True)
    member = restrict(Member, null=True)
    child_name = Varchar(length=200, default="")
    child_date_of_birth = Date(null=True, default=None)
    raised_by = restrict(Person)
    raised_by_agency = restrict(Agency)
    what = Text()
    seriousness = Varchar(length=20)
    observed_on = Date()
    raised_at = Timestamptz()
    status = Varchar(length=20, default="raised")
    acknowledged_at = Timestamptz(null=True, default=None)
    acknowledged_by = restrict(Person, null=True)
    decision_due_at = Timestamptz()
    decision = Varchar(length=30, null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)
    decided_by = restrict(Person, null=True)
    assessment_due_on = Date(null=True, default=None)
    assessed_on = Date(null=True, default=None)
    outcome = Text(null=True, default=None)
    escalation_level = Integer(default=0)
    escalated_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz()

    known_seriousness = one_of("seriousness", SERIOUSNESS)
    known_status = one_of("status", STATUSES)
    known_decision = one_of("decision", DECISIONS, null=True)
    about_a_child = Check("member IS NOT NULL OR child_name <> ''")
    member_needs_family = Check("member IS NULL OR family IS NOT NULL")


INDEXES = [
    # The front door's queue and the manager's overdue list.
    "CREATE INDEX ix_concern_queue ON concern (local_authority, status, decision_due_at)",
    "CREATE INDEX ix_concern_family ON concern (family, raised_at)",
]
