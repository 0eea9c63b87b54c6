"""Concerns: anyone of the local authority raises one, the team works it against the clock."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from piccolo.engine.base import Engine

from careplan.audit.tables import AuditEvent
from careplan.concerns import rules, schemas, service
from careplan.concerns.tables import Concern
from careplan.demo.builder import demo_id
from careplan.families.tables import Family
from careplan.lib.calendar import add_working_days
from careplan.lib.clock import end_of_day, london_date, utc_now
from careplan.lib.errors import Conflict, Invalid, NotFound, RevisionRequired
from careplan.notify.tables import Notification
from tests.meetings.conftest import HARTLEY, principal

pytestmark = pytest.mark.anyio

WHITFIELD = demo_id("family:whitfield")
ALFIE = demo_id("whitfield:member:alfie")
WHITFIELD_CONCERN = demo_id("whitfield:concern")


def new_concern(**values: Any) -> schemas.NewConcern:
    base: dict[str, Any] = {
        "member": ALFIE,
        "what": "Alfie had no coat on in the snow.",
        "seriousness": "medium",
        "observed_on": london_date(utc_now()),
    }
    base.update(values)
    return schemas.NewConcern(**base)


async def test_a_concern_from_outside_the_team_grants_no_read_access(demo: Engine) -> None:
    daniel = await principal("daniel")  # a school, not on the Whitfields' team
    raised = await service.raise_concern(daniel, WHITFIELD, new_concern())
    assert set(raised) == {"id", "status", "decision_due_at"}
    assert raised["status"] == "raised"
    with pytest.raises(NotFound):
        await service.list_concerns(daniel, WHITFIELD)
    with pytest.raises(NotFound):
        await service.get_concern(daniel, raised["id"])
    with pytest.raises(NotFound):
        await service.patch_concern(
            daniel, raised["id"], schemas.ConcernPatch(revision=1, acknowledge=True)
        )
    row = await Concern.select().where(Concern.id == raised["id"]).first()
    assert row["raised_by"] == demo_id("person:daniel")
    assert row["raised_by_agency"] == demo_id("agency:school")
    assert row["family"] == WHITFIELD


async def test_the_decision_is_due_by_the_end_of_the_next_working_day(demo: Engine) -> None:
    before = utc_now()
    raised = await service.raise_concern(await principal("chloe"), WHITFIELD, new_concern())
    due_day = add_working_days(london_date(before), 1)
    assert raised["decision_due_at"] == end_of_day(due_day)


async def test_raising_tells_the_key_worker_and_is_audited(demo: Engine) -> None:
    revision = (await Family.select(Family.revision).where(Family.id == WHITFIELD).first())[
        "revision"
    ]
    raised = await service.raise_concern(await principal("chloe"), WHITFIELD, new_concern())
    notes = await Notification.select().where(Notification.kind == "concern.raised")
    assert [n["person"] for n in notes] == [demo_id("person:tom")]
    assert json.loads(notes[0]["payload"]) == {"concern": str(raised["id"])}
    event = await AuditEvent.select().where(AuditEvent.record_id == str(raised["id"])).first()
    assert event["action"] == "concern.raised"
    after = await Family.select(Family.revision).where(Family.id == WHITFIELD).first()
    assert after["revision"] == revision + 1


async def test_a_family_member_cannot_raise_a_concern(demo: Engine) -> None:
    before = await Concern.count()
    with pytest.raises(NotFound):
        await service.raise_concern(await principal("sophie"), WHITFIELD, new_concern())
    assert await Concern.count() == before


@pytest.mark.parametrize(
    ("values", "field", "error"),
    [
        ({"member": demo_id("hartley:member:leo")}, "member", NotFound),
        ({"member": demo_id("whitfield:member:sophie")}, "member", Invalid),
        ({"observed_on": dt.date(2999, 1, 1)}, "observed_on", Invalid),
        ({"observed_on": dt.date(1990, 1, 1)}, "observed_on", Invalid),
    ],
)
async def test_a_bad_concern_names_its_field_and_writes_nothing(
    demo: Engine, values: dict[str, Any], field: str, error: type[Exception]
) -> None:
    before, events = await Concern.count(), await AuditEvent.count()
    with pytest.raises(error) as caught:
        await service.raise_concern(await principal("grace"), WHITFIELD, new_concern(**values))
    found = caught.value
    assert (found.field if isinstance(found, Invalid) else found.what) == field  # type: ignore[attr-defined]
    assert await Concern.count() == before
    assert await AuditEvent.count() == events


async def test_an_unknown_family_is_404(demo: Engine) -> None:
    with pytest.raises(NotFound):
        await service.raise_concern(await principal("grace"), demo_id("nobody"), new_concern())
    with pytest.raises(NotFound):
        await service.raise_concern(await principal("grace"), "not-a-uuid", new_concern())


async def test_the_demos_old_concern_is_listed_overdue(demo: Engine) -> None:
    tom = await principal("tom")
    await service.raise_concern(await principal("daniel"), WHITFIELD, new_concern())
    concerns = await service.list_concerns(tom, WHITFIELD)
    assert [c["overdue"] for c in concerns] == [False, True]
    assert concerns[1]["id"] == WHITFIELD_CONCERN
    assert concerns[1]["overdue_clock"] == "decision"


async def test_the_team_works_a_concern_through_to_its_outcome(demo: Engine) -> None:
    tom = await principal("tom")
    raised = await service.raise_concern(await principal("daniel"), WHITFIELD, new_concern())
    concern = await service.patch_concern(
        tom, raised["id"], schemas.ConcernPatch(revision=1, acknowledge=True)
    )
    assert concern["status"] == "acknowledged"
    assert concern["acknowledged_by"] == demo_id("person:tom")
    concern = await service.patch_concern(
        tom, raised["id"], schemas.ConcernPatch(revision=2, decision="assessment")
    )
    today = london_date(utc_now())
    assert concern["status"] == "assessing"
    assert concern["decided_by"] == demo_id("person:tom")
    assert concern["assessment_due_on"] == add_working_days(today, 45)
    concern = await service.patch_concern(
        tom,
        raised["id"],
        schemas.ConcernPatch(revision=3, assessed_on=today, outcome="Early help continues."),
    )
    assert concern["status"] == "closed"
    assert concern["overdue"] is False
    actions = (
        await AuditEvent.select(AuditEvent.action)
        .where(AuditEvent.record_id == str(raised["id"]))
        .order_by(AuditEvent.sequence)
    )
    assert [a["action"] for a in actions] == [
        "concern.raised",
        "concern.acknowledged",
        "concern.assessing",
        "concern.closed",
    ]


async def test_a_patch_needs_the_current_revision(demo: Engine) -> None:
    tom = await principal("tom")
    with pytest.raises(RevisionRequired):
        await service.patch_concern(tom, WHITFIELD_CONCERN, schemas.ConcernPatch(acknowledge=True))
    await service.patch_concern(
        tom, WHITFIELD_CONCERN, schemas.ConcernPatch(revision=1, acknowledge=True)
    )
    with pytest.raises(Conflict):
        await service.patch_concern(
            tom, WHITFIELD_CONCERN, schemas.ConcernPatch(revision=1, decision="early_help")
        )


async def test_an_invalid_step_names_its_field_and_changes_nothing(demo: Engine) -> None:
    tom = await principal("tom")
    with pytest.raises(Invalid) as caught:
        await service.patch_concern(
            tom, WHITFIELD_CONCERN, schemas.ConcernPatch(revision=1, outcome="Nothing.")
        )
    assert caught.value.field == "outcome"
    row = await Concern.select().where(Concern.id == WHITFIELD_CONCERN).first()
    assert (row["status"], row["revision"]) == ("raised", 1)


async def test_a_manager_of_the_family_may_decide_others_may_not(demo: Engine) -> None:
    raised = await service.raise_concern(
        await principal("grace"), HARTLEY, new_concern(member=demo_id("hartley:member:mia"))
    )
    helen = await principal("helen")  # manages children's social care's families
    decided = await service.patch_concern(
        helen, raised["id"], schemas.ConcernPatch(revision=1, decision="strategy_discussion")
    )
    assert decided["status"] == "decided"
    for key in ("chloe", "jess", "sophie"):
        with pytest.raises(NotFound):
            await service.patch_concern(
                await principal(key), raised["id"], schemas.ConcernPatch(revision=2, outcome="x")
            )
    # Helen does not manage the Whitfields (no one from her agency is on their team).
    with pytest.raises(NotFound):
        await service.list_concerns(helen, WHITFIELD)


async def test_overdue_concerns_escalate_once_per_level(demo: Engine) -> None:
    now = utc_now()
    escalated = await service.escalate_overdue(now)
    assert escalated == [WHITFIELD_CONCERN]
    row = await Concern.select().where(Concern.id == WHITFIELD_CONCERN).first()
    assert row["escalation_level"] == rules.escalation_level(rules.ConcernState.of(row), now)
    told = {
        n["person"]
        for n in await Notification.select().where(Notification.kind == "concern.overdue")
    }
    assert demo_id("person:tom") in told
    assert await service.escalate_overdue(now) == []
    event = (
        await AuditEvent.select()
        .where(
            (AuditEvent.record_id == str(WHITFIELD_CONCERN))
            & (AuditEvent.action == "concern.escalated")
        )
        .first()
    )
    assert event is not None


@pytest.mark.parametrize(("region", "on_1_december"), [("ENG", 2), ("SCT", 1)])
async def test_escalation_counts_the_local_authority_s_bank_holidays(
    demo: Engine, region: str, on_1_december: int
) -> None:
    """A decision due on Friday 27 November 2026 is one working day late on Monday 30th in
    England and two on Tuesday 1 December: its senior managers are told then. In Scotland
    Monday 30th is St Andrew's Day, so they are told a day later, on Wednesday 2nd."""
    from careplan.tenancy.tables import LocalAuthority

    await LocalAuthority.update({LocalAuthority.bank_holidays: region}).where(
        LocalAuthority.id == demo_id("la")
    )
    tom = await principal("tom")
    raised = await service.raise_concern(tom, WHITFIELD, new_concern())
    await Concern.update(
        {
            Concern.raised_at: dt.datetime(2026, 11, 26, 15, tzinfo=dt.UTC),
            Concern.decision_due_at: end_of_day(dt.date(2026, 11, 27)),
        }
    ).where(Concern.id == raised["id"])
    first, second = (dt.datetime(2026, 12, day, 10, tzinfo=dt.UTC) for day in (1, 2))

    got = await service.get_concern(tom, raised["id"], now=first)
    assert (got["overdue_clock"], got["escalation_due"]) == ("decision", on_1_december)
    listed = await service.list_concerns(tom, WHITFIELD, now=first)
    assert next(c for c in listed if c["id"] == raised["id"])["escalation_due"] == on_1_december
    assert raised["id"] in await service.escalate_overdue(first)
    row = await Concern.select().where(Concern.id == raised["id"]).first()
    assert row["escalation_level"] == on_1_december

    assert (await service.get_concern(tom, raised["id"], now=second))["escalation_due"] == 2
    assert (raised["id"] in await service.escalate_overdue(second)) == (on_1_december < 2)
    row = await Concern.select().where(Concern.id == raised["id"]).first()
    assert row["escalation_level"] == 2
