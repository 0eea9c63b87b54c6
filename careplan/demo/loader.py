"""`careplan demo`: load the fictional demo once, in one transaction, showing progress.

The rows (`build`: the local authority, its agencies and people here, the families in
`careplan.demo.families`) go in through the bulk.py of the slice each table belongs to, a
table at a time in the order of their foreign keys.

Loading twice changes nothing: the demo's local authority has a fixed id, and when it is
already there the loader only prints the demo people again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from careplan import db
from careplan.audit import service as audit
from careplan.concerns import bulk as concerns
from careplan.demo.builder import Rows, demo_id
from careplan.demo.families import FAMILIES
from careplan.demo.story import AGENCIES, LOCAL_AUTHORITY, PROFESSIONALS
from careplan.families import bulk as families
from careplan.meetings import bulk as meetings
from careplan.plans import bulk as plans
from careplan.tenancy import bulk as tenancy
from careplan.tenancy.rules import DEFAULT_CLOCKS, DEFAULT_EPISODE_KINDS

# Foreign keys are checked as rows go in: parents first (an assessment follows its concern).
WRITE_ORDER = (
    "local_authority",
    "episode_kind",
    "statutory_clock",
    "agency",
    "agency_authority",
    "person",
    "role_grant",
    "family",
    "member",
    "team_member",
    "episode",
    "episode_child",
    "closure_challenge",
    "plan",
    "item",
    "thread",
    "objective",
    "progress_entry",
    "scaling",
    "plan_version",
    "family_view",
    "plan_state_change",
    "meeting",
    "attendee",
    "meeting_view",
    "decision",
    "meeting_report",
    "meeting_scale",
    "child_decision",
    "conference_dissent",
    "meeting_annotation",
    "agreement",
    "disagreement",
    "disagreement_stage",
    "concern",
    "assessment",
    "answer_seen",
)
LOADERS = (tenancy, families, plans, meetings, concerns)
LOADER_OF = {table: loader for loader in LOADERS for table in loader.TABLE_NAMES}

PORTAL_PEOPLE = (
    ("jess", "Jess Hartley", "jess.hartley@family.example", "Parent (Hartley family)"),
    ("kieran", "Kieran Hartley", "kieran.hartley@family.example", "Parent (Hartley family)"),
    ("abena", "Abena Osei", "abena.osei@family.example", "Parent (Osei family)"),
    ("sophie", "Sophie Whitfield", "sophie.whitfield@family.example", "Parent (Whitfield family)"),
)


@dataclass(frozen=True)
class DemoPerson:
    name: str
    role: str
    agency: str
    email: str


def demo_people() -> list[DemoPerson]:
    agencies = {a.key: a.name for a in AGENCIES}
    people = [DemoPerson(p.name, p.job_title, agencies[p.agency], p.email) for p in PROFESSIONALS]
    people += [DemoPerson(name, role, "Family", email) for _, name, email, role in PORTAL_PEOPLE]
    return people


def build(today: dt.date) -> Rows:
    rows = Rows(today=today)
    rows.tables = {table: [] for table in WRITE_ORDER}
    ids: dict[str, Any] = {}
    founded = today - dt.timedelta(days=365 * 8)
    ids["la"] = rows.add("local_authority", "la", on=founded, **LOCAL_AUTHORITY)
    for kind in DEFAULT_EPISODE_KINDS:
        rows.add(
            "episode_kind",
            f"kind:{kind.code}",
            local_authority=ids["la"],
            code=kind.code,
            label=kind.label,
            plan_kind=kind.plan_kind,
            on=founded,
        )
    for clock in DEFAULT_CLOCKS:
        rows.add(
            "statutory_clock",
            f"clock:{clock.code}",
            local_authority=ids["la"],
            code=clock.code,
            description=clock.description,
            working_days=clock.working_days,
            months=clock.months,
            on=founded,
        )
    for agency in AGENCIES:
        ids[f"agency:{agency.key}"] = rows.add(
            "agency",
            f"agency:{agency.key}",
            name=agency.name,
            kind=agency.kind,
            phone=agency.phone,
            on=founded,
        )
        rows.add(
            "agency_authority",
            f"agency_la:{agency.key}",
            agency=ids[f"agency:{agency.key}"],
            local_authority=ids["la"],
            on=founded,
        )
    for pro in PROFESSIONALS:
        agency_id = ids[f"agency:{pro.agency}"]
        ids[pro.key] = rows.add(
            "person",
            f"person:{pro.key}",
            kind="professional",
            name=pro.name,
            email=pro.email,
            agency=agency_id,
            job_title=pro.job_title,
            on=founded,
        )
        ids[f"agency_of:{pro.key}"], ids[f"name:{pro.key}"] = agency_id, pro.name
        for role in pro.roles:
            rows.add(
                "role_grant",
                f"role:{pro.key}:{role}",
                person=ids[pro.key],
                role=role,
                local_authority=ids["la"],
                agency=agency_id if role == "manager" else None,
                on=founded,
            )
    for key, name, email, _ in PORTAL_PEOPLE:
        ids[f"person:{key}"] = rows.add(
            "person",
            f"person:{key}",
            kind="family",
            name=name,
            email=email,
            on=today - dt.timedelta(days=90),
        )
    for family in FAMILIES:
        family(rows, ids)
    return rows


async def load(
    today: dt.date | None = None, progress: Callable[[int, int, str], None] | None = None
) -> bool:
    """Load the demo unless it is there already. Returns True when it was loaded now."""
    if await tenancy.has_local_authority(demo_id("la")):
        return False
    rows = build(today or dt.date.today())
    total, done = rows.count(), 0
    async with db.write_transaction():
        for table, batch in rows.batches():
            await LOADER_OF[table].insert(table, batch)
            done += len(batch)
            if progress:
                progress(done, total, table)
        for family in rows.rows_of("family"):
            await audit.record(
                actor=None,
                action="demo.loaded",
                record_type="family",
                record_id=family["id"],
                family=family["id"],
                local_authority=family["local_authority"],
                after={"name": family["name"]},
            )
    return True
