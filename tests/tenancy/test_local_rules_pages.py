"""A local authority's local rules in pages (issue 17, item 8): Sam Adeyemi, Northmere's
administrator, changes a statutory clock, the kinds of episode, the bank holidays, the
disagreement stages and who may close a child protection episode, through real HTTP; each
change is audited and shows where it matters (the caseload's dates, who may close). Nobody
else may: not a practitioner or manager, not a parent, not Southby's administrator."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx
import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Episode
from careplan.lib.calendar import add_working_days
from careplan.lib.clock import london_date, utc_now
from careplan.tenancy.service import create_administrator
from careplan.tenancy.tables import (
    EpisodeKind,
    LocalAuthority,
    LocalSetting,
    RoleGrant,
    StatutoryClock,
)
from tests.conftest import BASE_URL

pytestmark = pytest.mark.anyio

RULES = "/workspace/admin/rules"
NORTHMERE = None  # read from the demo: the Hartleys' local authority
NOVAK_CP = demo_id("novak:episode:cp")


def day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


async def northmere() -> uuid.UUID:
    row = await Episode.select(Episode.family.local_authority).where(Episode.id == NOVAK_CP)
    return row[0]["family.local_authority"]


async def clock_id(code: str) -> uuid.UUID:
    la = await northmere()
    row = await StatutoryClock.select(StatutoryClock.id).where(
        (StatutoryClock.local_authority == la) & (StatutoryClock.code == code)
    )
    return row[0]["id"]


async def audited(action: str) -> int:
    return await AuditEvent.count().where(AuditEvent.action == action)


async def page_client(app, person_id: uuid.UUID) -> httpx.AsyncClient:
    """A browser-like client signed in as someone made in the test (as `browse_as` does)."""
    from careplan.access.principal import load_principal
    from careplan.identity.service import sessions

    principal = await load_principal(person_id)
    token = await sessions.start(principal, user_agent="pytest")
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE_URL, cookies={sessions.COOKIE: token}
    )
    await client.get("/healthz")
    client.csrf = client.cookies["careplan_csrf"]  # type: ignore[attr-defined]
    return client


@pytest.fixture
async def sue(demo_app):
    """Southby Council's administrator, signed in to the pages."""
    made = await create_administrator(
        name="Sue Admin",
        email="sue.admin@southby.example",
        local_authority="Southby Council",
        code="SBC",
        agency="Southby Children's Services",
    )
    client = await page_client(demo_app, made.person_id)
    client.local_authority = made.local_authority_id  # type: ignore[attr-defined]
    yield client
    await client.aclose()


# ---------------------------------------------------------------------------- the pages


async def test_the_rules_are_reached_from_the_administration_and_say_englands(browse_as) -> None:
    sam = await browse_as("sam")
    assert f'href="{RULES}"' in (await sam.get("/workspace/admin")).text
    page = await sam.get(RULES)
    assert page.status_code == 200
    html = page.text
    assert "Initial conference after the strategy discussion" in html
    assert "15 working days" in html
    assert "Child protection" in html and "England and Wales" in html
    assert "Between the" not in html  # the stages are listed, not a form
    assert f'href="{RULES}/authority"' in html
    authority = await sam.get(f"{RULES}/authority")
    assert authority.status_code == 200
    assert "Close a child protection episode" in authority.text
    # Who approves a closure, kind by kind: England's differ (statutory work: social care).
    row = authority.text.split("Approve closing a child protection episode</th>")[1]
    assert "A manager of children&#39;s social care <span" in row.split("</tr>")[0]
    row = authority.text.split("Approve closing an early help episode</th>")[1]
    assert "early help" in row.split("</tr>")[0]
    assert "Children&#39;s social care on the family&#39;s team or their managers" in authority.text


async def test_a_changed_clock_changes_the_date_the_caseload_shows(browse_as) -> None:
    sam, priya = await browse_as("sam"), await browse_as("priya")
    opened = (await Episode.select(Episode.opened_on).where(Episode.id == NOVAK_CP))[0]["opened_on"]
    before, after = add_working_days(opened, 15), add_working_days(opened, 20)
    assert day(before) in (await priya.get("/workspace")).text
    clock = await clock_id("initial_conference")
    form = await sam.get(f"{RULES}/clocks/{clock}")
    assert form.status_code == 200 and 'value="15"' in form.text
    changed = await sam.post(
        f"{RULES}/clocks/{clock}", data={"_csrf_token": sam.csrf, "length": "20"}
    )
    assert changed.status_code == 303
    assert "The clock was changed." in (await sam.get(changed.headers["location"])).text
    assert await audited("statutory_clock.changed") == 1
    html = (await priya.get("/workspace")).text
    assert day(after) in html and day(before) not in html


@pytest.mark.parametrize(
    ("length", "words"),
    [
        ("", "Enter the number of working days"),
        ("ten", "Enter a whole number of working days"),
        ("0", "The number of working days must be between 1 and 130"),
        ("450", "The number of working days must be between 1 and 130"),
        ("-3", "Enter a whole number of working days"),
    ],
)
async def test_a_bad_length_is_named_and_nothing_changes(browse_as, length, words) -> None:
    sam = await browse_as("sam")
    clock = await clock_id("initial_conference")
    bad = await sam.post(
        f"{RULES}/clocks/{clock}", data={"_csrf_token": sam.csrf, "length": length}
    )
    assert bad.status_code == 422
    assert 'href="#length"' in bad.text and words in bad.text
    row = await StatutoryClock.select(StatutoryClock.working_days).where(StatutoryClock.id == clock)
    assert row == [{"working_days": 15}]
    assert await audited("statutory_clock.changed") == 0


async def test_a_clock_in_months_stays_in_months(browse_as) -> None:
    sam = await browse_as("sam")
    clock = await clock_id("first_review")
    bad = await sam.post(f"{RULES}/clocks/{clock}", data={"_csrf_token": sam.csrf, "length": "30"})
    assert bad.status_code == 422 and "The number of months must be between 1 and 24" in bad.text
    good = await sam.post(f"{RULES}/clocks/{clock}", data={"_csrf_token": sam.csrf, "length": "2"})
    assert good.status_code == 303
    row = await StatutoryClock.select(StatutoryClock.months, StatutoryClock.working_days).where(
        StatutoryClock.id == clock
    )
    assert row == [{"months": 2, "working_days": None}]


# ---------------------------------------------------------------------------- bank holidays


async def test_scottish_bank_holidays_move_the_date_the_caseload_shows(browse_as) -> None:
    sam, priya = await browse_as("sam"), await browse_as("priya")
    opened = (await Episode.select(Episode.opened_on).where(Episode.id == NOVAK_CP))[0]["opened_on"]
    england, scotland = add_working_days(opened, 15), add_working_days(opened, 15, "SCT")
    assert england != scotland  # St Andrew's Day falls inside the clock
    form = await sam.get(f"{RULES}/bank-holidays")
    assert form.status_code == 200 and "Northern Ireland" in form.text
    bad = await sam.post(f"{RULES}/bank-holidays", data={"_csrf_token": sam.csrf, "region": "WAL"})
    assert bad.status_code == 422 and 'href="#region"' in bad.text
    changed = await sam.post(
        f"{RULES}/bank-holidays", data={"_csrf_token": sam.csrf, "region": "SCT"}
    )
    assert changed.status_code == 303
    rows = await LocalAuthority.select(LocalAuthority.bank_holidays).where(
        LocalAuthority.id == await northmere()
    )
    assert rows == [{"bank_holidays": "SCT"}]
    assert await audited("local_authority.bank_holidays_changed") == 1
    html = (await priya.get("/workspace")).text
    assert day(scotland) in html and day(england) not in html


# ---------------------------------------------------------------------------- kinds of episode


async def test_a_local_kind_is_added_renamed_and_stopped(browse_as) -> None:
    sam = await browse_as("sam")
    form = await sam.get(f"{RULES}/episode-kinds/new")
    assert form.status_code == 200
    bad = await sam.post(
        f"{RULES}/episode-kinds/new",
        data={"_csrf_token": sam.csrf, "code": "child_protection", "label": "Again"},
    )
    assert bad.status_code == 422 and 'href="#code"' in bad.text
    assert "already a kind of episode here" in bad.text
    before = await EpisodeKind.count()
    for data, field in (
        ({"code": "Family Support!", "label": "Family support"}, "code"),
        ({"code": "family_support", "label": "  "}, "label"),
        ({"code": "family_support", "label": "Family support"}, "plan_kind"),
    ):
        bad = await sam.post(f"{RULES}/episode-kinds/new", data={"_csrf_token": sam.csrf, **data})
        assert bad.status_code == 422 and f'href="#{field}"' in bad.text, field
    assert await EpisodeKind.count() == before
    added = await sam.post(
        f"{RULES}/episode-kinds/new",
        data={
            "_csrf_token": sam.csrf,
            "code": "family_support",
            "label": "Family support",
            "plan_kind": "wellbeing_plan",
        },
    )
    assert added.status_code == 303
    kind = (await EpisodeKind.select().where(EpisodeKind.code == "family_support"))[0]
    assert kind["local_authority"] == await northmere() and kind["active"]
    renamed = await sam.post(
        f"{RULES}/episode-kinds/{kind['id']}",
        data={"_csrf_token": sam.csrf, "label": "Family support service"},
    )
    assert renamed.status_code == 303
    confirm = await sam.get(f"{RULES}/episode-kinds/{kind['id']}/deactivate")
    assert "Stop using Family support service?" in confirm.text
    stopped = await sam.post(
        f"{RULES}/episode-kinds/{kind['id']}/deactivate", data={"_csrf_token": sam.csrf}
    )
    assert stopped.status_code == 303
    row = (await EpisodeKind.select().where(EpisodeKind.id == kind["id"]))[0]
    assert row["label"] == "Family support service" and not row["active"]
    for action in ("episode_kind.added", "episode_kind.renamed", "episode_kind.deactivated"):
        assert await audited(action) == 1, action
    # A worker opening an episode is no longer offered it.
    priya = await browse_as("priya")
    offered = await priya.get(f"/workspace/families/{demo_id('family:hartley')}/episodes/new")
    assert "Family support service" not in offered.text


async def test_child_protection_cannot_be_switched_off(browse_as) -> None:
    sam = await browse_as("sam")
    cp = (
        await EpisodeKind.select(EpisodeKind.id).where(
            (EpisodeKind.code == "child_protection")
            & (EpisodeKind.local_authority == await northmere())
        )
    )[0]["id"]
    confirm = await sam.get(f"{RULES}/episode-kinds/{cp}/deactivate")
    assert "statutory duty" in confirm.text and "Stop using it" not in confirm.text
    refused = await sam.post(
        f"{RULES}/episode-kinds/{cp}/deactivate", data={"_csrf_token": sam.csrf}
    )
    assert refused.status_code == 422
    assert "Child protection is a statutory duty" in refused.text
    assert (await EpisodeKind.select(EpisodeKind.active).where(EpisodeKind.id == cp)) == [
        {"active": True}
    ]
    assert await audited("episode_kind.deactivated") == 0


# ---------------------------------------------------------------------------- disagreement stages


async def test_stage_lengths_are_kept_only_when_every_one_is_right(browse_as) -> None:
    sam = await browse_as("sam")
    form = await sam.get(f"{RULES}/disagreement-stages")
    assert form.status_code == 200 and "England's: 10 working days" in form.text
    good = {
        "practitioners": "3",
        "managers": "5",
        "senior_managers": "5",
        "safeguarding_partnership": "10",
    }
    bad = await sam.post(
        f"{RULES}/disagreement-stages",
        data={"_csrf_token": sam.csrf, **good, "managers": "61"},
    )
    assert bad.status_code == 422 and 'href="#managers"' in bad.text
    assert "The stage between managers must last between 1 and 60 working days" in bad.text
    assert await LocalSetting.count().where(LocalSetting.key == "disagreement_stages") == 0
    saved = await sam.post(f"{RULES}/disagreement-stages", data={"_csrf_token": sam.csrf, **good})
    assert saved.status_code == 303
    setting = (
        await LocalSetting.select(LocalSetting.value)
        .where(LocalSetting.key == "disagreement_stages")
        .output(load_json=True)
    )
    assert setting[0]["value"]["practitioners"] == 3
    assert await audited("local_rules.disagreement_stages_changed") == 1
    assert "3 working days (England's: 5)" in (await sam.get(RULES)).text


# ---------------------------------------------------------------------------- who may do what


async def test_a_local_rule_lets_the_police_close_child_protection_and_resets(browse_as) -> None:
    sam, laura = await browse_as("sam"), await browse_as("laura")
    close = f"/workspace/episodes/{NOVAK_CP}/close"
    novak = f"/workspace/plans/{demo_id('novak:plan:cp')}"  # its editor offers to close
    assert (await laura.get(close)).status_code == 403
    assert f'href="{close}"' not in (await laura.get(novak)).text  # and it is kept so
    rule = f"{RULES}/authority/episode.close/child_protection"
    form = await sam.get(rule)
    assert form.status_code == 200 and "(England's)" in form.text
    nobody = await sam.post(rule, data={"_csrf_token": sam.csrf, "who": ["team"]})
    assert nobody.status_code == 422 and 'href="#agency_kinds"' in nobody.text
    assert await LocalSetting.count().where(LocalSetting.key == "authority") == 0
    changed = await sam.post(
        rule,
        data={
            "_csrf_token": sam.csrf,
            "agency_kinds": ["childrens_social_care", "police"],
            "who": ["team", "managers"],
        },
    )
    assert changed.status_code == 303
    assert (await laura.get(close)).status_code == 200
    assert f'href="{close}"' in (await laura.get(novak)).text  # not the page kept before
    table = (await sam.get(f"{RULES}/authority")).text
    assert "Children&#39;s social care or police on the family&#39;s team" in table
    assert "Local" in table
    reset = await sam.post(rule, data={"_csrf_token": sam.csrf, "reset": "yes"})
    assert reset.status_code == 303
    assert (await laura.get(close)).status_code == 403
    assert await LocalSetting.count().where(LocalSetting.key == "authority") == 0
    assert await audited("local_rules.authority_changed") == 1
    assert await audited("local_rules.authority_reset") == 1


# ---------------------------------------------------------------------------- managers' approvals

OSEI_CIN = demo_id("osei:episode:cin")
APPROVALS = f"{RULES}/approvals"


async def closing(as_, who: str, episode: uuid.UUID, outcome: str) -> httpx.Response:
    """`who` asks to close the episode today, carrying its open objectives on."""
    plan = (await as_(who).get(f"/api/v1/episodes/{episode}/plan")).json()
    return await as_(who).post(
        f"/api/v1/episodes/{episode}/close",
        json={
            "closed_on": london_date(utc_now()).isoformat(),
            "outcome": outcome,
            "reason": "The family is doing well and agreed to end the plan.",
            "objectives": [
                {"id": o["id"], "decision": "carry"}
                for o in plan["objectives"]
                if o["status"] == "open"
            ],
        },
    )


async def closed_on(episode: uuid.UUID) -> dt.date | None:
    return (await Episode.select(Episode.closed_on).where(Episode.id == episode))[0]["closed_on"]


async def test_the_overview_says_which_closures_need_a_manager_s_approval(browse_as) -> None:
    sam = await browse_as("sam")
    html = (await sam.get(RULES)).text
    assert "Closures that need a manager's approval" in html
    table = html.split('id="approvals"')[1].split("</table>")[0]
    rows = {
        row.split("</th>")[0].split(">")[-1]: row
        for row in table.split('<th scope="row" class="govuk-table__header">')[1:]
    }
    assert set(rows) >= {
        "Close a child protection episode",
        "Step down from a child protection episode",
        "Close a looked after episode",
        "Close a child in need episode",
        "Step down from an early help episode",
    }
    assert "A manager approves" in rows["Close a child protection episode"].split("</td>")[0]
    assert "No approval" in rows["Close a child in need episode"].split("</td>")[0]
    assert "Local" not in table
    assert f'href="{APPROVALS}/episode.step_down/child_in_need"' in table


async def test_a_local_approval_rule_makes_priya_s_closure_wait_and_resets(as_, browse_as) -> None:
    sam = await browse_as("sam")
    rule = f"{APPROVALS}/episode.close/child_in_need"
    form = await sam.get(rule)
    assert form.status_code == 200 and "(England's)" in form.text
    assert 'value="no" checked' in form.text
    assert "Who approves: a manager of children&#39;s social care." in form.text
    approver = f"{RULES}/authority/closure.approve/child_in_need"
    assert f'href="{approver}"' in form.text
    assert "Who may approve closing a child in need episode" in (await sam.get(approver)).text
    bad = await sam.post(rule, data={"_csrf_token": sam.csrf})
    assert bad.status_code == 422 and 'href="#needed"' in bad.text
    assert "Choose whether a manager must approve it" in bad.text
    assert await LocalSetting.count().where(LocalSetting.key == "approvals") == 0
    changed = await sam.post(rule, data={"_csrf_token": sam.csrf, "needed": "yes"})
    assert changed.status_code == 303
    home = (await sam.get(changed.headers["location"])).text
    assert "Whether a manager must approve it was changed." in home
    row = home.split("Close a child in need episode</th>")[1].split("</tr>")[0]
    assert "A manager approves" in row and "Local" in row
    assert await audited("local_rules.approval_changed") == 1
    # Priya (children's social care, not a manager) asks; the Oseis' episode stays open.
    asked = await closing(as_, "priya", OSEI_CIN, "goals_met")
    assert asked.status_code == 202, asked.text
    assert asked.json()["state"] == "waiting"
    assert await closed_on(OSEI_CIN) is None
    # Stepping down was not named: it stays England's (no approval).
    assert "(England's)" in (await sam.get(f"{APPROVALS}/episode.step_down/child_in_need")).text
    reset = await sam.post(rule, data={"_csrf_token": sam.csrf, "reset": "yes"})
    assert reset.status_code == 303
    assert await LocalSetting.count().where(LocalSetting.key == "approvals") == 0
    assert await audited("local_rules.approval_reset") == 1


async def test_child_protection_without_approval_lets_priya_close_novak_s_at_once(
    as_, browse_as
) -> None:
    sam = await browse_as("sam")
    rule = f"{APPROVALS}/episode.close/child_protection"
    assert 'value="yes" checked' in (await sam.get(rule)).text
    changed = await sam.post(rule, data={"_csrf_token": sam.csrf, "needed": "no"})
    assert changed.status_code == 303
    setting = (
        await LocalSetting.select(LocalSetting.value)
        .where(LocalSetting.key == "approvals")
        .output(load_json=True)
    )
    assert setting == [{"value": {"episode.close": {"child_protection": False}}}]
    closed = await closing(as_, "priya", NOVAK_CP, "no_further_action")
    assert closed.status_code == 200, closed.text
    assert await closed_on(NOVAK_CP) == london_date(utc_now())


async def test_an_approval_rule_for_a_kind_or_closure_there_is_not_is_404(browse_as) -> None:
    sam = await browse_as("sam")
    for path in ("episode.open/child_in_need", "episode.close/no_such_kind"):
        assert (await sam.get(f"{APPROVALS}/{path}")).status_code == 404, path
        posted = await sam.post(
            f"{APPROVALS}/{path}", data={"_csrf_token": sam.csrf, "needed": "yes"}
        )
        assert posted.status_code == 404, path
    assert await LocalSetting.count().where(LocalSetting.key == "approvals") == 0


# ---------------------------------------------------------------------------- nobody else


POSTS = {
    "clock": ("clocks/{clock}", {"length": "3"}),
    "region": ("bank-holidays", {"region": "SCT"}),
    "stages": ("disagreement-stages", {"practitioners": "1"}),
    "kind": ("episode-kinds/new", {"code": "sneaky", "label": "S", "plan_kind": "safety_plan"}),
    "rule": ("authority/episode.close/child_protection", {"agency_kinds": "police", "who": "team"}),
    "approval": ("approvals/episode.close/child_protection", {"needed": "no"}),
}


async def _changes() -> tuple[int, ...]:
    return (
        await AuditEvent.count(),
        await LocalSetting.count(),
        await EpisodeKind.count(),
        await StatutoryClock.count().where(StatutoryClock.working_days == 3),
        await LocalAuthority.count().where(LocalAuthority.bank_holidays != "ENG"),
    )


@pytest.mark.parametrize("who", ["priya", "helen", "person:jess"])
async def test_no_one_but_an_administrator_sees_or_changes_the_rules(browse_as, who) -> None:
    page = await browse_as(who)
    clock = await clock_id("initial_conference")
    before = await _changes()
    expected = 404 if who.startswith("person:") else 403
    for path in (
        "",
        "/authority",
        "/bank-holidays",
        "/disagreement-stages",
        f"/clocks/{clock}",
        "/approvals/episode.close/child_protection",
    ):
        got = await page.get(f"{RULES}{path}")
        assert got.status_code == expected, (path, got.status_code)
    for path, data in POSTS.values():
        posted = await page.post(
            f"{RULES}/{path.format(clock=clock)}", data={"_csrf_token": page.csrf, **data}
        )
        assert posted.status_code == expected, (path, posted.status_code)
    assert await _changes() == before


async def test_another_authoritys_administrator_changes_only_their_own(browse_as, sue) -> None:
    clock = await clock_id("initial_conference")
    assert (await sue.get(f"{RULES}/clocks/{clock}")).status_code == 404
    refused = await sue.post(
        f"{RULES}/clocks/{clock}", data={"_csrf_token": sue.csrf, "length": "3"}
    )
    assert refused.status_code == 404
    assert (
        await StatutoryClock.select(StatutoryClock.working_days).where(StatutoryClock.id == clock)
    ) == [{"working_days": 15}]
    # Their own page is Southby's: England's, whatever Northmere sets.
    sam = await browse_as("sam")
    await sam.post(f"{RULES}/bank-holidays", data={"_csrf_token": sam.csrf, "region": "NIR"})
    assert await _regions(await northmere()) == "NIR"
    assert await _regions(sue.local_authority) == "ENG"
    home = (await sue.get(RULES)).text
    assert "England and Wales" in home and "Northern Ireland" not in home


async def test_another_authority_s_administrator_sets_only_their_own_approvals(
    browse_as, sue
) -> None:
    sam = await browse_as("sam")
    await sam.post(
        f"{RULES}/episode-kinds/new",
        data={
            "_csrf_token": sam.csrf,
            "code": "family_support",
            "label": "Family support",
            "plan_kind": "wellbeing_plan",
        },
    )
    northmere_only = f"{RULES}/approvals/episode.close/family_support"
    assert (await sam.get(northmere_only)).status_code == 200
    assert (await sue.get(northmere_only)).status_code == 404
    refused = await sue.post(northmere_only, data={"_csrf_token": sue.csrf, "needed": "yes"})
    assert refused.status_code == 404
    assert await LocalSetting.count().where(LocalSetting.key == "approvals") == 0
    # Sue's rule is Southby's: Northmere's does not change it, hers does not change Northmere's.
    cp = f"{RULES}/approvals/episode.close/child_protection"
    await sam.post(cp, data={"_csrf_token": sam.csrf, "needed": "no"})
    assert "(England's)" in (await sue.get(cp)).text
    await sue.post(cp, data={"_csrf_token": sue.csrf, "needed": "yes"})
    rows = (
        await LocalSetting.select(LocalSetting.local_authority, LocalSetting.value)
        .where(LocalSetting.key == "approvals")
        .output(load_json=True)
    )
    assert {r["local_authority"]: r["value"] for r in rows} == {
        await northmere(): {"episode.close": {"child_protection": False}},
        sue.local_authority: {"episode.close": {"child_protection": True}},
    }


async def _regions(la: uuid.UUID) -> str:
    rows = await LocalAuthority.select(LocalAuthority.bank_holidays).where(LocalAuthority.id == la)
    return rows[0]["bank_holidays"]


# ---------------------------------------------------------------------------- roles


async def test_roles_are_given_and_taken_on_the_professionals_page(browse_as) -> None:
    sam = await browse_as("sam")
    chloe = demo_id("person:chloe")
    admin = await sam.get("/workspace/admin")
    assert f'href="/workspace/admin/professionals/{chloe}"' in admin.text
    page = await sam.get(f"/workspace/admin/professionals/{chloe}")
    assert page.status_code == 200 and "Chloe Dunn" in page.text
    bad = await sam.post(
        f"/workspace/admin/professionals/{chloe}/roles", data={"_csrf_token": sam.csrf}
    )
    assert bad.status_code == 422 and 'href="#role"' in bad.text
    given = await sam.post(
        f"/workspace/admin/professionals/{chloe}/roles",
        data={"_csrf_token": sam.csrf, "role": "chair"},
    )
    assert given.status_code == 303
    grant = (
        await RoleGrant.select(RoleGrant.id).where(
            (RoleGrant.person == chloe) & (RoleGrant.role == "chair")
        )
    )[0]["id"]
    again = await sam.post(
        f"/workspace/admin/professionals/{chloe}/roles",
        data={"_csrf_token": sam.csrf, "role": "chair"},
    )
    assert again.status_code == 422 and "already holds this role" in again.text
    revoke = f"/workspace/admin/professionals/{chloe}/roles/{grant}/revoke"
    confirm = await sam.get(revoke)
    assert "Take the chair role away from Chloe Dunn?" in confirm.text
    taken = await sam.post(revoke, data={"_csrf_token": sam.csrf})
    assert taken.status_code == 303
    row = (await RoleGrant.select(RoleGrant.revoked_at).where(RoleGrant.id == grant))[0]
    assert row["revoked_at"] is not None
    assert await audited("role.granted") == 1 and await audited("role.revoked") == 1


async def test_the_last_administrator_keeps_their_role(browse_as) -> None:
    sam_id = demo_id("person:sam")
    sam = await browse_as("sam")
    grant = (
        await RoleGrant.select(RoleGrant.id).where(
            (RoleGrant.person == sam_id) & (RoleGrant.role == "administrator")
        )
    )[0]["id"]
    refused = await sam.post(
        f"/workspace/admin/professionals/{sam_id}/roles/{grant}/revoke",
        data={"_csrf_token": sam.csrf},
    )
    assert refused.status_code == 422 and "last administrator" in refused.text
    assert (await RoleGrant.select(RoleGrant.revoked_at).where(RoleGrant.id == grant)) == [
        {"revoked_at": None}
    ]
    assert await audited("role.revoked") == 0


async def test_roles_are_not_changed_by_anyone_else(browse_as, sue) -> None:
    chloe = demo_id("person:chloe")
    for client, status in ((await browse_as("helen"), 403), (sue, 404)):
        assert (await client.get(f"/workspace/admin/professionals/{chloe}")).status_code == status
        posted = await client.post(
            f"/workspace/admin/professionals/{chloe}/roles",
            data={"_csrf_token": client.csrf, "role": "administrator"},
        )
        assert posted.status_code == status
    assert (
        await RoleGrant.count().where(
            (RoleGrant.person == chloe) & (RoleGrant.role == "administrator")
        )
        == 0
    )


async def test_a_new_disagreement_counts_the_local_stage_length_and_holidays(browse_as, as_):
    sam = await browse_as("sam")
    stages = {
        "practitioners": "3",
        "managers": "5",
        "senior_managers": "5",
        "safeguarding_partnership": "10",
    }
    await sam.post(f"{RULES}/disagreement-stages", data={"_csrf_token": sam.csrf, **stages})
    await sam.post(f"{RULES}/bank-holidays", data={"_csrf_token": sam.csrf, "region": "SCT"})
    plan = demo_id("hartley:plan:child_protection")
    arranged = await as_("priya").post(
        f"/api/v1/plans/{plan}/meetings",
        json={
            "kind": "core_group",
            "starts_at": (utc_now() + dt.timedelta(days=2)).isoformat(),
            "purpose": "To check the plan.",
            "location": "Family centre",
            "chair": str(demo_id("person:robert")),
            "version": 2,
            "attendees": [{"person": str(demo_id("person:laura"))}],
        },
    )
    assert arranged.status_code == 201, arranged.text
    meeting = arranged.json()
    laura = next(a["id"] for a in meeting["attendees"] if a["name"].startswith("Laura"))
    dissent = await as_("robert").post(
        f"/api/v1/meetings/{meeting['id']}/views",
        json={"attendee": laura, "view": "dissent", "reason": "The visitor."},
    )
    assert dissent.status_code == 201, dissent.text
    today = london_date(utc_now())
    deadline = dissent.json()["disagreement"]["stage_deadline"]
    assert deadline == add_working_days(today, 3, "SCT").isoformat()
