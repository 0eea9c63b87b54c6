"""The audit trail: who did what to which record, when, before and after.

Events form a chain: each stores the SHA-256 of the one before it and its own, over its
canonical content, so a changed or removed row shows. `sequence` orders the chain and is
unique, so two writers cannot both append after the same event.
"""

from __future__ import annotations

from piccolo.columns import JSON, UUID, BigInt, Timestamptz, Varchar
from piccolo.constraints import Check
from piccolo.table import Table

from careplan.families.tables import Family
from careplan.lib.columns import Retained, restrict
from careplan.tenancy.tables import LocalAuthority, Person


class AuditEvent(Retained, Table):
    id = UUID(primary_key=True)
    sequence = BigInt(unique=True)
    at = Timestamptz()
    actor = restrict(Person, null=True)
    local_authority = restrict(LocalAuthority, null=True)
    family = restrict(Family, null=True)
    action = Varchar(length=60)
    record_type = Varchar(length=60)
    record_id = Varchar(length=64)
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)
    request_id = Varchar(length=64, default="")
    previous_sha256 = Varchar(length=64)
    sha256 = Varchar(length=64, unique=True)

    sequence_positive = Check("sequence >= 1")


INDEXES = [
    "CREATE INDEX ix_audit_family ON audit_event (family, sequence)",
    "CREATE INDEX ix_audit_record ON audit_event (record_type, record_id)",
]
