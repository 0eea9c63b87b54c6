"""Tenancy's tables: local authorities (the tenants), agencies, people and roles."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from careplan.lib.columns import Retained, Revisioned, one_of, restrict
from careplan.tenancy.vocabulary import AGENCY_KINDS, PERSON_KINDS, ROLES


class LocalAuthority(Retained, Revisioned, Table):
    """The tenant: families belong to one; its rules (episode kinds, clocks) are data."""

    id = UUID(primary_key=True)
    name = Varchar(length=200, unique=True)
    code = Varchar(length=20, unique=True)
    timezone = Varchar(length=60, default="Europe/London")
    out_of_hours_phone = Varchar(length=40, default="")
    front_door_email = Varchar(length=254, default="")
    # Whose bank holidays its working days skip (careplan.lib.calendar.REGIONS).
    bank_holidays = Varchar(length=3, default="ENG")


class EpisodeKind(Retained, Table):
    """A kind of involvement a local authority uses (England's four by default)."""

    id = UUID(primary_key=True)
    local_authority = restrict(LocalAuthority)
    code = Varchar(length=40)
    label = Varchar(length=100)
    plan_kind = Varchar(length=20)
    active = Boolean(default=True)

    unique_code = Unique(["local_authority", "code"])
    known_plan_kind = one_of("plan_kind", ("safety_plan", "wellbeing_plan"))


class StatutoryClock(Retained, Table):
    """A statutory time limit of a local authority, in working days or months."""

    id = UUID(primary_key=True)
    local_authority = restrict(LocalAuthority)
    code = Varchar(length=60)
    description = Varchar(length=200)
    working_days = Integer(null=True, default=None)
    months = Integer(null=True, default=None)

    unique_code = Unique(["local_authority", "code"])
    one_unit = Check("(working_days IS NULL) <> (months IS NULL)")


class Agency(Retained, Revisioned, Table):
    """An organisation: children's social care, health visiting, a school, police ..."""

    id = UUID(primary_key=True)
    name = Varchar(length=200)
    kind = Varchar(length=40)
    phone = Varchar(length=40, default="")
    email = Varchar(length=254, default="")
    active = Boolean(default=True)

    known_kind = one_of("kind", AGENCY_KINDS)


class AgencyAuthority(Retained, Table):
    """An agency works with one or more local authorities."""

    id = UUID(primary_key=True)
    agency = restrict(Agency)
    local_authority = restrict(LocalAuthority)

    unique_pair = Unique(["agency", "local_authority"])


class Person(Retained, Revisioned, Table):
    """Someone who signs in: a professional in an agency, or a family member's portal account."""

    id = UUID(primary_key=True)
    kind = Varchar(length=20)
    name = Varchar(length=200)
    email = Varchar(length=254, null=True, default=None, unique=True)
    phone = Varchar(length=40, default="")
    agency = restrict(Agency, null=True)
    job_title = Varchar(length=120, default="")
    active = Boolean(default=True)
    deactivated_at = Timestamptz(null=True, default=None)

    known_kind = one_of("kind", PERSON_KINDS)
    professional_has_agency = Check("kind <> 'professional' OR agency IS NOT NULL")


class RoleGrant(Retained, Table):
    """A role a person holds in a local authority (and, for a manager, their agency)."""

    id = UUID(primary_key=True)
    person = restrict(Person)
    role = Varchar(length=20)
    local_authority = restrict(LocalAuthority)
    agency = restrict(Agency, null=True)
    granted_by = restrict(Person, null=True)
    revoked_at = Timestamptz(null=True, default=None)
    note = Text(default="")

    known_role = one_of("role", ROLES)
    manager_has_agency = Check("role <> 'manager' OR agency IS NOT NULL")


class LocalSetting(Retained, Table):
    """A local rule of a local authority that has no table of its own, as JSON."""

    id = UUID(primary_key=True)
    local_authority = restrict(LocalAuthority)
    key = Varchar(length=80)
    value = JSON(default="{}")

    unique_key = Unique(["local_authority", "key"])
