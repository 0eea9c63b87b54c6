"""A manager's approval of closing an episode (issue 17, item 3), through the API and pages.

The Novak family: a 7-month-old with an unexplained fracture and a child protection enquiry.
Priya (children's social care, the key worker) asks to close it; England's rule says closing
child protection work takes a manager's approval, so her request waits for Helen Marsh (who
manages children's social care in Northmere) and the episode stays open. Laura Bennett (the
police sergeant) is on the team; Chloe is a social worker on no team of theirs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from careplan.access import authority
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import ClosureApproval, Episode
from careplan.identity.service import tokens
from careplan.tenancy.service import create_administrator
from careplan.tenancy.tables import LocalSetting, Person, RoleGrant
from tests.conftest import BASE_URL, ISSUER, TEST_SECRET

pytestmark = pytest.mark.anyio

NOVAK = demo_id("family:novak")
NOVAK_CP = demo_id("novak:episode:cp")
WHITFIELD_EH = demo_id("whitfield:episode:eh")
TODAY = dt.date.today()
CLOSE = {
    "closed_on": TODAY.isoformat(),
    "outcome": "no_further_action",
    "reason": "The fracture was explained: a fall at nursery, seen by staff.",
    "objectives": [],
}


async def episode_row() -> dict:
    return await Episode.select().where(Episode.id == NOVAK_CP).first()


async def audited(action: str) -> int:
    return await AuditEvent.count().where(AuditEvent.action == action)


async def ask(as_) -> dict:
    asked = await as_("priya").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=CLOSE)
    assert asked.status_code == 202, asked.text
    return asked.json()


@pytest.fixture
async def other_managers(demo_app) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """Two more managers, as API clients: "police" manages Northmere's police unit (an agency
    on the Novaks' team: a partner agency's manager); "southby" manages children's social
    care in Southby, another local authority (the agency on the Novaks' team, but not in
    Northmere)."""
    southby = await create_administrator(
        name="Sue Admin",
        email="sue.admin@southby.example",
        local_authority="Southby Council",
        code="SBC",
        agency="Southby Children's Services",
    )
    people = {}
    for key, agency, local_authority in (
        ("police", demo_id("agency:police"), demo_id("la")),
        # Northmere's children's social care works for Southby too: a manager there
        # manages its work in Southby only.
        ("southby", demo_id("agency:csc"), southby.local_authority_id),
    ):
        person = uuid.uuid4()
        await Person(
            id=person,
            kind="professional",
            name=f"Manager {key}",
            email=f"{key}.manager@example.org",
            agency=agency,
        ).save()
        for role in ("practitioner", "manager"):
            await RoleGrant(
                id=uuid.uuid4(),
                person=person,
                role=role,
                local_authority=local_authority,
                agency=agency if role == "manager" else None,
                created_at=dt.datetime.now(dt.UTC),
            ).save()
        people[key] = person
    clients: list[httpx.AsyncClient] = []

    def make(key: str) -> httpx.AsyncClient:
        token = tokens.mint(TEST_SECRET, ISSUER, people[key])
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app),
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {token}"},
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


# ------------------------------------------------------------------------------ the rules


def test_england_asks_a_manager_to_approve_closing_child_protection_work() -> None:
    assert authority.approval_needed_in({}, "episode.close", "child_protection")
    assert authority.approval_needed_in({}, "episode.step_down", "child_protection")
    assert authority.approval_needed_in({}, "episode.close", "looked_after")
    assert not authority.approval_needed_in({}, "episode.close", "child_in_need")
    assert not authority.approval_needed_in({}, "episode.close", "early_help")
    assert authority.approval_action("step_down") == "episode.step_down"
    assert authority.approval_action("goals_met") == "episode.close"
    approve = authority.rule_in({}, "closure.approve", "child_protection")
    assert approve.agency_kinds == {"childrens_social_care"} and not approve.team


def test_a_local_approval_rule_replaces_england_s_for_what_it_names_and_is_checked() -> None:
    rules = authority.local_approvals({"episode.step_down": {"*": True}})
    assert authority.approval_needed_in(rules, "episode.step_down", "child_in_need")
    assert not authority.approval_needed_in(rules, "episode.close", "child_in_need")
    assert authority.approval_needed_in(rules, "episode.close", "child_protection")
    for wrong, named in (
        ([], "approvals must be an object"),
        ({"episode.open": {}}, "'episode.open' is not a closure that can need approval"),
        ({"episode.close": {"*": "yes"}}, r"approvals.episode.close.\* must be true or false"),
    ):
        with pytest.raises(ValueError, match=named):
            authority.local_approvals(wrong)


# ------------------------------------------------------------------------- through the API


async def test_the_social_worker_s_closure_waits_for_her_manager(as_) -> None:
    before = await episode_row()
    asked = await ask(as_)
    assert asked["state"] == "waiting" and asked["requested_by_name"] == "Priya Raman"
    assert asked["episode"] == str(NOVAK_CP) and asked["outcome"] == "no_further_action"
    assert await episode_row() == {**before, "revision": before["revision"]}  # still open
    assert await audited("approval.asked") == 1 and await audited("episode.closed") == 0
    # One request at a time: asking again says who asked (409, naming the episode).
    again = await as_("priya").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=CLOSE)
    assert again.status_code == 409
    assert "Priya Raman already asked" in again.json()["detail"]
    assert again.json()["fields"][0]["field"] == "episode"
    assert await ClosureApproval.count() == 1


async def test_the_manager_s_queue_holds_it_and_no_one_else_s_does(as_, other_managers) -> None:
    asked = await ask(as_)
    queue = (await as_("helen").get("/api/v1/approvals")).json()
    assert [a["id"] for a in queue] == [asked["id"]]
    assert queue[0]["family_name"] == "Novak family"
    assert queue[0]["episode_kind"] == "child_protection"
    # The one who asked, the team's partners, an outsider, other authorities' and partner
    # agencies' managers, a parent: nothing to decide.
    for client in (
        as_("priya"),
        as_("laura"),
        as_("chloe"),
        as_("person:jess"),
        other_managers("police"),
        other_managers("southby"),
    ):
        mine = await client.get("/api/v1/approvals")
        assert mine.status_code == 200 and mine.json() == []


async def test_only_a_manager_who_did_not_ask_may_decide_it(as_, other_managers) -> None:
    asked = await ask(as_)
    approve = f"/api/v1/approvals/{asked['id']}/approve"
    refusal = (
        "You cannot approve closing a child protection episode: only a manager of "
        "children's social care can"
    )
    for who in ("priya", "laura"):  # who asked (not a manager), a partner on the team
        refused = await as_(who).post(approve)
        assert refused.status_code == 403 and refused.json()["detail"] == refusal, who
    assert (await other_managers("police").post(approve)).status_code == 403
    # Who may not read the family learns nothing of it: 404.
    for client in (other_managers("southby"), as_("chloe"), as_("person:jess")):
        refused = await client.post(approve)
        assert refused.status_code == 404 and "Novak" not in refused.text
    assert (await as_("helen").post("/api/v1/approvals/not-an-id/approve")).status_code == 404
    assert (await episode_row())["closed_on"] is None
    assert await audited("approval.approved") == 0


async def test_approving_closes_it_as_asked_in_the_social_worker_s_name(as_, browse_as) -> None:
    asked = await ask(as_)
    approved = await as_("helen").post(f"/api/v1/approvals/{asked['id']}/approve")
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["state"] == "approved" and body["decided_by_name"] == "Helen Marsh"
    row = await episode_row()
    assert row["closed_on"] == TODAY and row["close_outcome"] == "no_further_action"
    assert row["closed_by"] == demo_id("person:priya")  # who asked
    assert row["close_reason"] == CLOSE["reason"]
    closed = await AuditEvent.select().where(AuditEvent.action == "episode.closed").first()
    assert closed["actor"] == demo_id("person:helen")  # who approved it, audited
    assert await audited("approval.approved") == 1
    # Decided once: again is 409, and it is no longer in the queue as waiting.
    again = await as_("helen").post(f"/api/v1/approvals/{asked['id']}/approve")
    assert again.status_code == 409 and "already approved" in again.json()["detail"]
    family = (await (await browse_as("laura")).get(f"/workspace/families/{NOVAK}")).text
    assert f"(closed by Priya Raman on {TODAY.day} {TODAY:%B %Y})" in family
    assert f"Approved by Helen Marsh on {TODAY.day} {TODAY:%B %Y}" in family


async def test_a_send_back_needs_a_reason_and_the_social_worker_sees_it(as_, browse_as) -> None:
    asked = await ask(as_)
    send_back = f"/api/v1/approvals/{asked['id']}/send-back"
    for body in ({}, {"reason": "   "}):
        refused = await as_("helen").post(send_back, json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["fields"][0]["field"] == "reason"
    assert await audited("approval.sent_back") == 0
    reason = "The initial conference is booked: it decides whether the plan ends."
    sent = await as_("helen").post(send_back, json={"reason": reason})
    assert sent.status_code == 200, sent.text
    assert sent.json()["state"] == "sent_back" and sent.json()["decision_reason"] == reason
    assert (await episode_row())["closed_on"] is None
    priya = await browse_as("priya")
    close_page = (await priya.get(f"/workspace/episodes/{NOVAK_CP}/close")).text
    assert f"Sent back by Helen Marsh on {TODAY.day} {TODAY:%B %Y}: {reason}" in close_page
    assert 'name="outcome"' in close_page  # she can ask again
    family = (await priya.get(f"/workspace/families/{NOVAK}")).text
    assert f"Sent back by Helen Marsh: {reason}" in family
    again = await as_("priya").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=CLOSE)
    assert again.status_code == 202, again.text


async def test_approving_a_request_the_episode_outgrew_closes_nothing(as_) -> None:
    asked = await ask(as_)
    # The manager closes it herself meanwhile (she needs no approval): the request is
    # withdrawn, and approving it now says so.
    closed = await as_("helen").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=CLOSE)
    assert closed.status_code == 200, closed.text
    state = await ClosureApproval.select(ClosureApproval.state).first()
    assert state["state"] == "withdrawn"
    refused = await as_("helen").post(f"/api/v1/approvals/{asked['id']}/approve")
    assert refused.status_code == 409
    assert "withdrawn" in refused.json()["detail"]


async def test_an_episode_changed_since_it_was_asked_is_not_closed_on_approval(as_) -> None:
    asked = await ask(as_)
    await Episode.update({Episode.revision: Episode.revision + 1}).where(Episode.id == NOVAK_CP)
    refused = await as_("helen").post(f"/api/v1/approvals/{asked['id']}/approve")
    assert refused.status_code == 409
    assert "changed after the request was made" in refused.json()["detail"]
    assert (await episode_row())["closed_on"] is None
    assert await audited("episode.closed") == 0


async def test_a_local_authority_may_ask_approval_for_early_help_and_ignore_a_bad_rule(
    as_, caplog
) -> None:
    early_help = {**CLOSE, "outcome": "goals_met"}
    setting = LocalSetting(
        id=uuid.uuid4(),
        local_authority=demo_id("la"),
        key="approvals",
        value={"episode.close": {"early_help": True}},
    )
    await setting.save()
    plan = (await as_("tom").get(f"/api/v1/episodes/{WHITFIELD_EH}/plan")).json()
    early_help["objectives"] = [
        {"id": o["id"], "decision": "carry"} for o in plan["objectives"] if o["status"] == "open"
    ]
    asked = await as_("tom").post(f"/api/v1/episodes/{WHITFIELD_EH}/close", json=early_help)
    assert asked.status_code == 202, asked.text
    # A setting that cannot be read: England's rules hold (early help closes), with a warning.
    await LocalSetting.update({LocalSetting.value: {"episode.close": "always"}}).where(
        LocalSetting.id == setting.id
    )
    await as_("helen").post(
        f"/api/v1/approvals/{asked.json()['id']}/send-back", json={"reason": "Not yet."}
    )
    with caplog.at_level(logging.WARNING, logger="careplan.access.authority"):
        closed = await as_("tom").post(f"/api/v1/episodes/{WHITFIELD_EH}/close", json=early_help)
    assert closed.status_code == 200, closed.text
    assert "its approvals setting is ignored" in caplog.text


# ----------------------------------------------------------------------------- the pages


async def test_the_manager_s_pages_queue_request_and_refusals(as_, browse_as) -> None:
    asked = await ask(as_)
    helen = await browse_as("helen")
    caseload = (await helen.get("/workspace")).text
    assert 'href="/workspace/approvals"' in caseload and "1 waiting" in caseload
    queue = (await helen.get("/workspace/approvals")).text
    assert "Novak family: child protection episode" in queue and "Priya Raman" in queue
    one = await helen.get(f"/workspace/approvals/{asked['id']}")
    assert one.status_code == 200
    assert "Approve and close" in one.text and "Send back" in one.text
    assert "What closing ends" in one.text
    empty = await helen.post(
        f"/workspace/approvals/{asked['id']}/send-back",
        data={"_csrf_token": helen.csrf, "reason": " "},
    )
    assert empty.status_code == 422
    assert 'href="#reason"' in empty.text and "Enter why you are sending it back" in empty.text
    # Priya sees where her own request stands; the sergeant is told who decides it.
    own = await (await browse_as("priya")).get(f"/workspace/approvals/{asked['id']}")
    assert own.status_code == 200 and "Approve and close" not in own.text
    police = await (await browse_as("laura")).get(f"/workspace/approvals/{asked['id']}")
    assert police.status_code == 403 and "only a manager of children" in police.text
    assert "Approvals" not in (await (await browse_as("priya")).get("/workspace")).text


async def test_two_decisions_at_once_leave_one(as_) -> None:
    """Approved twice at the same moment (two tabs), or approved and sent back: one wins, the
    other is told it is decided (409), and the episode closes once."""
    asked = await ask(as_)
    path = f"/api/v1/approvals/{asked['id']}"
    answers = await asyncio.gather(
        as_("helen").post(f"{path}/approve"),
        as_("helen").post(f"{path}/approve"),
        as_("helen").post(f"{path}/send-back", json={"reason": "Not yet."}),
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409, 409], [a.text for a in answers]
    decided = await ClosureApproval.select(ClosureApproval.state).first()
    closed = await audited("episode.closed")
    assert (decided["state"], closed) in (("approved", 1), ("sent_back", 0))
    assert await audited("approval.approved") + await audited("approval.sent_back") == 1


async def test_an_objective_added_since_it_was_asked_stops_the_approval(as_) -> None:
    asked = await ask(as_)
    added = await as_("priya").post(
        f"/api/v1/plans/{demo_id('novak:plan:cp')}/objectives",
        json={
            "title": "Zofia's fracture clinic appointments are kept",
            "why": "So that her arm heals well.",
            "measure": {"kind": "count", "unit": "appointments", "target": "3"},
            "owner": {"kind": "agency", "id": str(demo_id("agency:csc"))},
        },
    )
    assert added.status_code == 201, added.text
    refused = await as_("helen").post(f"/api/v1/approvals/{asked['id']}/approve")
    assert refused.status_code == 409, refused.text
    assert "cannot be made as it was asked now" in refused.json()["detail"]
    assert "Zofia's fracture clinic appointments are kept" in refused.json()["detail"]
    assert (await episode_row())["closed_on"] is None
    state = await ClosureApproval.select(ClosureApproval.state).first()
    assert state["state"] == "waiting"  # she sends it back, saying why
