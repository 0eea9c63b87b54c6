"""Who may take a consequential action (careplan.access.authority), through the API and pages.

The Novak family: a 7-month-old with an unexplained fracture, a child protection enquiry and an
initial conference booked. Its team: Priya (children's social care, the key worker), Dr Haddad
(GP) and Laura Bennett (police sergeant). Before issue 17 the sergeant closed the episode
("no further action") in four clicks. Helen Marsh manages children's social care.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from careplan.access import authority
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import ClosureApproval, Episode, TeamMember
from careplan.plans.tables import PlanVersion
from careplan.tenancy.tables import LocalSetting

pytestmark = pytest.mark.anyio

NOVAK = demo_id("family:novak")
NOVAK_CP = demo_id("novak:episode:cp")
HARTLEY = demo_id("family:hartley")
HARTLEY_PLAN = demo_id("hartley:plan:child_protection")
TODAY = dt.date.today()
NO_FURTHER_ACTION = {
    "closed_on": TODAY.isoformat(),
    "outcome": "no_further_action",
    "reason": "No further action.",
    "objectives": [],
}


async def audited(action: str) -> int:
    return await AuditEvent.count().where(AuditEvent.action == action)


# ------------------------------------------------------------------------------ the rules


def test_england_lets_children_s_social_care_and_its_managers_end_statutory_work() -> None:
    rule = authority.rule_in({}, "episode.close", "child_protection")
    assert rule.agency_kinds == {"childrens_social_care"} and rule.managers
    assert not rule.key_worker  # a key worker from a partner agency does not end it
    early = authority.rule_in({}, "episode.close", "early_help")
    assert early.key_worker and "early_help" in early.agency_kinds
    local_kind = authority.rule_in({}, "episode.open", "kinship_care")
    assert local_kind == early  # a local kind of episode, as early help unless said otherwise
    assert set(authority.ACTIONS) == {action for action, _ in authority.DEFAULTS}


def test_a_local_rule_replaces_england_s_for_what_it_names_and_is_checked() -> None:
    rules = authority.local_rules(
        {"episode.close": {"early_help": {"agency_kinds": ["school"], "key_worker": False}}}
    )
    assert authority.rule_in(rules, "episode.close", "early_help").agency_kinds == {"school"}
    assert authority.rule_in(rules, "episode.close", "child_protection").agency_kinds == {
        "childrens_social_care"
    }
    for wrong, named in (
        ({"episode.end": {}}, "'episode.end' is not an action"),
        ({"episode.close": []}, "authority.episode.close must be an object"),
        (
            {"team.add": {"*": {"agency_kinds": "police"}}},
            "authority.team.add.*.agency_kinds must be a list",
        ),
    ):
        with pytest.raises(ValueError, match=named):
            authority.local_rules(wrong)


# ------------------------------------------------------------------------- through the API


async def test_the_police_sergeant_cannot_close_the_novak_child_protection_episode(as_) -> None:
    before = await Episode.select().where(Episode.id == NOVAK_CP).first()
    refused = await as_("laura").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"] == (
        "You cannot close a child protection episode: only children's social care on the "
        "family's team or their managers can"
    )
    assert await Episode.select().where(Episode.id == NOVAK_CP).first() == before
    assert await audited("episode.closed") == 0
    gp = await as_("amir").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert gp.status_code == 403
    # Someone who may not read the family still learns nothing: 404.
    stranger = await as_("grace").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert stranger.status_code == 404


async def test_the_social_worker_closes_it_and_the_closure_says_who_and_why(as_, browse_as) -> None:
    # England: closing child protection work takes her manager's approval (issue 17, item 1).
    asked = await as_("priya").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert asked.status_code == 202, asked.text
    approved = await as_("helen").post(f"/api/v1/approvals/{asked.json()['id']}/approve")
    assert approved.status_code == 200, approved.text
    row = await Episode.select().where(Episode.id == NOVAK_CP).first()
    assert row["closed_by"] == demo_id("person:priya")
    assert row["close_outcome"] == "no_further_action"
    said = (
        f"Child protection episode closed on {TODAY.day} {TODAY:%B %Y} by Priya Raman: "
        "no further action. “No further action.”"
    )
    for who in ("priya", "helen", "laura"):  # the key worker, the manager, the team
        caseload = await (await browse_as(who)).get("/workspace")
        assert said in caseload.text, who
        family = await (await browse_as(who)).get(f"/workspace/families/{NOVAK}")
        assert f"(closed by Priya Raman on {TODAY.day} {TODAY:%B %Y})" in family.text, who
        assert f"Approved by Helen Marsh on {TODAY.day} {TODAY:%B %Y}" in family.text, who


async def test_a_manager_of_children_s_social_care_may_close_it(as_) -> None:
    closed = await as_("helen").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert closed.status_code == 200, closed.text


async def test_the_police_cannot_open_statutory_work(as_) -> None:
    body = {
        "kind": "child_in_need",
        "children": [{"member": str(demo_id("novak:member:zofia"))}],
        "opened_on": TODAY.isoformat(),
        "reason": "Referral",
        "carry_over": [],
    }
    before = await Episode.count()
    refused = await as_("laura").post(f"/api/v1/families/{NOVAK}/episodes", json=body)
    assert refused.status_code == 403
    assert "open a child in need episode" in refused.json()["detail"]
    assert await Episode.count() == before


async def test_a_health_visitor_cannot_make_someone_the_key_worker(as_) -> None:
    # Before issue 17 this answered 201: a social worker not on the team became key worker.
    body = {"person": str(demo_id("person:chloe")), "role": "social_worker", "key_worker": True}
    before = await TeamMember.count()
    refused = await as_("grace").post(f"/api/v1/families/{HARTLEY}/team", json=body)
    assert refused.status_code == 403
    assert "add someone to the team" in refused.json()["detail"]
    assert await TeamMember.count() == before
    added = await as_("priya").post(f"/api/v1/families/{HARTLEY}/team", json=body)
    assert added.status_code == 201, added.text
    key = await TeamMember.select(TeamMember.person).where(
        (TeamMember.family == HARTLEY)
        & (TeamMember.key_worker == True)
        & TeamMember.left_on.is_null()
    )
    assert key == [{"person": demo_id("person:chloe")}]


async def test_only_the_lead_shares_a_version_with_the_family(as_) -> None:
    taken = await as_("laura").post(
        f"/api/v1/plans/{HARTLEY_PLAN}/versions", json={"label": "Police view"}
    )
    assert taken.status_code == 201, taken.text  # partners write the plan and take versions
    number = taken.json()["number"]
    path = f"/api/v1/plans/{HARTLEY_PLAN}/versions/{number}/share"
    refused = await as_("laura").post(path)
    assert refused.status_code == 403
    assert "share a version of the plan with the family" in refused.json()["detail"]
    row = await PlanVersion.select(PlanVersion.shared_at).where(
        (PlanVersion.plan == HARTLEY_PLAN) & (PlanVersion.number == number)
    )
    assert row == [{"shared_at": None}]
    shared = await as_("priya").post(path)
    assert shared.status_code in (200, 201), shared.text


def test_a_local_rule_for_every_kind_comes_before_england_s_for_one() -> None:
    rules = authority.local_rules({"episode.close": {"*": {"agency_kinds": ["police"]}}})
    assert authority.rule_in(rules, "episode.close", "child_protection").agency_kinds == {"police"}


async def test_a_setting_that_cannot_be_read_leaves_england_s_rules(as_) -> None:
    await LocalSetting(
        id=uuid.uuid4(),
        local_authority=demo_id("la"),
        key="authority",
        value={"episode.close": "everyone"},
    ).save()
    refused = await as_("laura").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert refused.status_code == 403  # never a 500: England's rule holds
    closed = await as_("helen").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert closed.status_code == 200, closed.text


async def test_a_local_authority_s_own_rule_is_followed(as_) -> None:
    await LocalSetting(
        id=uuid.uuid4(),
        local_authority=demo_id("la"),
        key="authority",
        value={
            "episode.close": {
                "child_protection": {"agency_kinds": ["childrens_social_care", "police"]}
            }
        },
    ).save()
    # Past authority; England's rule still asks a manager's approval of closing it.
    asked = await as_("laura").post(f"/api/v1/episodes/{NOVAK_CP}/close", json=NO_FURTHER_ACTION)
    assert asked.status_code == 202, asked.text


# ----------------------------------------------------------------------------- the pages


async def test_the_close_page_tells_the_sergeant_who_can_and_offers_no_form(browse_as) -> None:
    page = await browse_as("laura")
    shown = await page.get(f"/workspace/episodes/{NOVAK_CP}/close")
    assert shown.status_code == 403
    assert "You cannot close a child protection episode" in shown.text
    assert "only children&#39;s social care on the family&#39;s team" in shown.text
    assert 'name="outcome"' not in shown.text
    posted = await page.post(
        f"/workspace/episodes/{NOVAK_CP}/close",
        data={
            "_csrf_token": page.csrf,
            "outcome": "no_further_action",
            "reason": "NFA",
            "closed_on-day": str(TODAY.day),
            "closed_on-month": str(TODAY.month),
            "closed_on-year": str(TODAY.year),
            "confirmed": "yes",
        },
    )
    assert posted.status_code == 403
    assert (await Episode.select(Episode.closed_on).where(Episode.id == NOVAK_CP)) == [
        {"closed_on": None}
    ]
    editor = await page.get(f"/workspace/plans/{demo_id('novak:plan:cp')}")
    assert editor.status_code == 200 and "Close this episode" not in editor.text
    own = await (await browse_as("priya")).get(f"/workspace/plans/{demo_id('novak:plan:cp')}")
    assert "Close this episode" in own.text


async def test_a_closure_for_withdrawn_consent_asks_a_manager_s_challenge_in_pages(
    browse_as,
) -> None:
    close, challenge = (f"/workspace/episodes/{NOVAK_CP}/{page}" for page in ("close", "challenge"))
    priya, helen = await browse_as("priya"), await browse_as("helen")
    form = {
        "_csrf_token": priya.csrf,
        "outcome": "consent_withdrawn",
        "reason": "The parents withdrew their consent.",
        "closed_on-day": str(TODAY.day),
        "closed_on-month": str(TODAY.month),
        "closed_on-year": str(TODAY.year),
        "confirmed": "yes",
    }
    shown = await priya.get(close)
    assert f'href="{challenge}"' in shown.text  # the way on, not a dead end
    refused = await priya.post(close, data=form)
    assert refused.status_code == 422 and "challenge" in refused.text
    asked = await priya.get(challenge)
    assert asked.status_code == 403
    assert "only a manager of children&#39;s social care or early help can" in asked.text
    empty = await helen.post(challenge, data={"_csrf_token": helen.csrf, "challenge": " "})
    assert empty.status_code == 422 and "Enter what you challenged" in empty.text
    recorded = await helen.post(
        challenge,
        data={"_csrf_token": helen.csrf, "challenge": "Is Zofia safe without a plan?"},
    )
    assert recorded.status_code == 303 and recorded.headers["location"] == close
    again = (await priya.get(close)).text
    assert "A manager's challenge to closing is recorded (Helen Marsh" in again
    asked = await priya.post(close, data=form)
    assert asked.status_code == 200, asked.text[:500]
    assert "Sent to Helen Marsh for approval" in asked.text  # child protection: her manager's
    approval = (await ClosureApproval.select(ClosureApproval.id).first())["id"]
    approve = f"/workspace/approvals/{approval}/approve"
    closed = await helen.post(approve, data={"_csrf_token": helen.csrf})
    assert closed.status_code == 303, closed.text[:500]
    row = await Episode.select(Episode.close_outcome).where(Episode.id == NOVAK_CP)
    assert row == [{"close_outcome": "consent_withdrawn"}]


async def test_the_version_page_offers_sharing_only_to_who_may(browse_as) -> None:
    path = f"/workspace/plans/{HARTLEY_PLAN}/versions/2"
    police = (await (await browse_as("laura")).get(path)).text
    assert "Check and share" not in police
    assert "You cannot share a version of the plan with the family" in police
    lead = (await (await browse_as("priya")).get(path)).text
    assert "Check and share" in lead and "You cannot share" not in lead
