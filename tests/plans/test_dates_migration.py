"""The migration that turns live items' dates written as words into real dates (issue 14,
item 1), run through Piccolo's own migration machinery on the test's engine."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine

from careplan import db
from careplan.audit.service import verify
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family
from careplan.plans.piccolo_migrations import plans_2026_11_27t18_43_18_683400 as migration
from careplan.plans.tables import FamilyView, Item, PlanVersion

pytestmark = pytest.mark.anyio

FAMILY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")

READ = {
    "11 December 2026": "2026-12-11",
    "11th Dec 2026": "2026-12-11",
    "Friday 11 December 2026": "2026-12-11",
    "December 11, 2026": "2026-12-11",
    "by 11 December 2026": "2026-12-11",
    "11/12/2026": "2026-12-11",
    "11.12.26": "2026-12-11",
    "2026-12-11": "2026-12-11",
    "1 Sept 2027": "2027-09-01",
}
KEPT = ["end of term", "11 December", "31 February 2027", "next week", "13/13/2026", ""]


async def item(by_when: object, removed: bool = False) -> uuid.UUID:
    item_id = uuid.uuid4()
    now = dt.datetime.now(dt.UTC)
    await Item.insert(
        Item(
            id=item_id,
            family=FAMILY,
            plan=PLAN,
            section="next_step",
            text=f"A next step by {by_when}",
            details=json.dumps({"who": "Tom", "by_when": by_when}),
            author=demo_id("person:priya"),
            updated_at=now,
            removed_at=now if removed else None,
            removed_reason="Written twice" if removed else None,
            removed_by=demo_id("person:priya") if removed else None,
        )
    )
    return item_id


async def details(item_id: uuid.UUID) -> tuple[dict, int]:
    row = await Item.select(Item.details, Item.revision).where(Item.id == item_id).first()
    return json.loads(row["details"]), row["revision"]


async def run_again(engine: Engine) -> None:
    await Migration.delete().where(Migration.name == migration.ID)
    assert await db.migrate(engine) == 1


async def test_live_dates_in_words_become_dates_and_other_words_are_kept(demo: Engine) -> None:
    read = {words: await item(words) for words in READ}
    kept = {words: await item(words) for words in KEPT}
    number = await item(20261211)
    removed = await item("11 December 2026", removed=True)
    versions = {r["id"]: r["content"] for r in await PlanVersion.select()}
    views = {r["id"]: r["content"] for r in await FamilyView.select()}
    family = await Family.select(Family.revision).where(Family.id == FAMILY).first()
    events = await AuditEvent.count()

    await run_again(demo)

    for words, item_id in read.items():
        found, revision = await details(item_id)
        assert found == {"who": "Tom", "by_when": READ[words]}, words
        assert revision == (1 if words == READ[words] else 2), words  # unchanged: no revision
    for words, item_id in kept.items():
        assert await details(item_id) == ({"who": "Tom", "by_when": words}, 1), words
    assert await details(number) == ({"who": "Tom", "by_when": 20261211}, 1)
    assert await details(removed) == ({"who": "Tom", "by_when": "11 December 2026"}, 1)
    # Versions and family views are the record: never rewritten.
    assert {r["id"]: r["content"] for r in await PlanVersion.select()} == versions
    assert {r["id"]: r["content"] for r in await FamilyView.select()} == views
    # Each change has its audit event, the chain holds, and the family's pages are fresh.
    changed = len([w for w in READ if READ[w] != w])
    assert await AuditEvent.count() == events + changed
    dated = await AuditEvent.select().where(AuditEvent.action == "item.dates_read")
    assert {str(e["record_id"]) for e in dated} == {str(read[w]) for w in READ if READ[w] != w}
    assert (await verify())[1] == []
    after = await Family.select(Family.revision).where(Family.id == FAMILY).first()
    assert after["revision"] == family["revision"] + 1

    # Run once more: nothing left to read, nothing changes.
    await run_again(demo)
    assert await AuditEvent.count() == events + changed


def test_the_migration_reads_dates_as_people_in_england_write_them() -> None:
    for words, iso in READ.items():
        assert migration.read_date(words) == dt.date.fromisoformat(iso), words
    for words in KEPT:
        assert migration.read_date(words) is None, words
