"""Records for named agencies, over every channel a professional reads (issue 13, item 1).

The police officer on the Hartleys' team writes a police-only item, objective (with a
progress note) and scaling, and a version is taken. Then each professional who can open the
family reads every channel: the versions, their difference, the objective's thread, the
family's timeline and story, the plan and its editor, the caseload, the episode forms: the
API and the pages, whole and as HTMX fragments. The officer reads them all; a school
teacher, the social care key worker, the health visitor and a social care manager (who is a
professional of her agency, nothing more) read none of them, not even their ids. The version
they read keeps the whole version's hash, and says its content was filtered for them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from careplan.demo.builder import demo_id
from careplan.lib.canonical import sha256_hex
from careplan.plans.tables import Objective, PlanVersion

pytestmark = pytest.mark.anyio

FAMILY = str(demo_id("family:hartley"))
PLAN = str(demo_id("hartley:plan:child_protection"))
POLICE = str(demo_id("agency:police"))
FOR_POLICE = {"agencies": [POLICE]}
HTMX = {"HX-Request": "true"}

ITEM = "Bail conditions bar the named visitor from the home"
TITLE = "Weekly checks on the bail conditions"
WHY = "Intelligence links the named visitor to the address"
NOTE = "Officer visit at night found no sign of the visitor"
SCALING = "Police judge the risk from the visitor as managed for now"
EVERY_TEXT = (ITEM, TITLE, WHY, NOTE, SCALING)

# Who reads, and whether their audience includes the police-only records.
READERS = [
    ("laura", True),  # the police sergeant on the team
    ("daniel", False),  # the school's designated safeguarding lead
    ("priya", False),  # the social care key worker
    ("grace", False),  # the health visitor
    ("helen", False),  # a social care team manager (not on the team: her agency's family)
]


async def police_records(as_) -> dict[str, Any]:
    """The police-only records, written through the API by the officer; a version of them."""
    laura = as_("laura")
    item = await laura.post(
        f"/api/v1/plans/{PLAN}/items",
        json={"section": "complicating", "text": ITEM, "audience": FOR_POLICE},
    )
    assert item.status_code == 201, item.text
    objective = await laura.post(
        f"/api/v1/plans/{PLAN}/objectives",
        json={
            "title": TITLE,
            "why": WHY,
            "measure": {"kind": "count", "unit": "checks a month", "target": "4"},
            "owner": {"kind": "agency", "id": POLICE},
            "audience": FOR_POLICE,
        },
    )
    assert objective.status_code == 201, objective.text
    progress = await laura.post(
        f"/api/v1/objectives/{objective.json()['id']}/progress",
        json={
            "client_uuid": str(uuid.uuid4()),
            "value": "3",
            "note": NOTE,
            "recorded_on": (dt.date.today() - dt.timedelta(days=40)).isoformat(),
        },
    )
    assert progress.status_code == 201, progress.text
    # Set two months ago, with no check-in for 40 days: the caseload lists it as drifting.
    await Objective.update(
        {Objective.created_at: dt.datetime.now(dt.UTC) - dt.timedelta(days=60)}
    ).where(Objective.id == objective.json()["id"])
    scaling = await laura.post(
        f"/api/v1/plans/{PLAN}/scaling",
        json={"score": 6, "by_kind": "agency", "reason": SCALING, "audience": FOR_POLICE},
    )
    assert scaling.status_code == 201, scaling.text
    version = await laura.post(f"/api/v1/plans/{PLAN}/versions", json={"label": "With police"})
    assert version.status_code == 201, version.text
    plan = (await laura.get(f"/api/v1/plans/{PLAN}")).json()
    return {
        "ids": [
            str(item.json()["id"]),
            str(objective.json()["id"]),
            str(objective.json()["thread"]),
            str(progress.json()["id"]),
            str(scaling.json()["id"]),
        ],
        "thread": objective.json()["thread"],
        "version": version.json(),
        "episode": plan["episode"],
    }


def channels(made: dict[str, Any]) -> tuple[list[tuple[str, tuple[str, ...]]], ...]:
    """Every channel (API, pages) with what the officer must find there."""
    n = made["version"]["number"]
    episode = made["episode"]
    api = [
        (f"/api/v1/plans/{PLAN}/versions/{n}", (ITEM, TITLE, WHY, SCALING)),
        (f"/api/v1/plans/{PLAN}/diff?from=2&to={n}", (ITEM, TITLE, WHY, SCALING)),
        (f"/api/v1/families/{FAMILY}/timeline", (TITLE,)),
        (f"/api/v1/threads/{made['thread']}", (TITLE, WHY, NOTE)),
        (f"/api/v1/plans/{PLAN}", (ITEM, TITLE, WHY, SCALING)),
        (f"/api/v1/episodes/{episode}/plan", (ITEM, TITLE, WHY, SCALING)),
    ]
    pages = [
        (f"/workspace/families/{FAMILY}", (TITLE,)),
        (f"/workspace/plans/{PLAN}/versions/{n}", (ITEM, TITLE)),
        (f"/workspace/plans/{PLAN}/diff?from=2&to={n}", (ITEM, TITLE, SCALING)),
        (f"/workspace/plans/{PLAN}/versions", ()),
        (f"/workspace/plans/{PLAN}", (ITEM, TITLE, SCALING)),
        (f"/workspace/plans/{PLAN}/sections/complicating", (ITEM,)),
        (f"/workspace/plans/{PLAN}/sections/objectives", (TITLE,)),
        (f"/workspace/plans/{PLAN}/sections/scaling", (SCALING,)),
        ("/workspace", (TITLE,)),
        (f"/workspace/families/{FAMILY}/episodes/new", (TITLE,)),
        (f"/workspace/episodes/{episode}/close", (TITLE,)),
    ]
    return api, pages


# Who may close the Hartleys' child protection episode (careplan.access.authority).
CLOSERS = ("priya", "helen")


@pytest.mark.parametrize(("reader", "sees"), READERS)
async def test_police_only_records_reach_the_police_alone_on_every_channel(
    as_, browse_as, reader: str, sees: bool
) -> None:
    made = await police_records(as_)
    api, pages = channels(made)
    client = as_(reader)
    browser = await browse_as(reader)
    read = 0
    for path, expected in api:
        response = await client.get(path)
        if not sees and path.startswith("/api/v1/threads/"):
            # The thread of an objective the reader may not see does not exist for them.
            assert response.status_code == 404, (reader, path)
            assert TITLE not in response.text
            continue
        assert response.status_code == 200, (reader, path, response.text)
        read += 1
        found(reader, sees, path, response.text, expected, made["ids"])
    for path, expected in pages:
        for headers in ({}, HTMX):
            response = await browser.get(path, headers=headers)
            if path.endswith("/close") and reader not in CLOSERS and not headers:
                # Only children's social care closes statutory work: the page says who can.
                assert response.status_code == 403, (reader, path)
                assert TITLE not in response.text and ITEM not in response.text
                continue
            assert response.status_code == 200, (reader, path, headers, response.text[:300])
            read += 1
            found(reader, sees, path, response.text, expected if not headers else (), made["ids"])
    assert read >= 25


def found(
    reader: str, sees: bool, path: str, text: str, expected: tuple[str, ...], ids: list[str]
) -> None:
    if sees:
        for words in expected:
            assert words in text, (reader, path, words)
        return
    for words in EVERY_TEXT:
        assert words not in text, (reader, path, words)
    for record_id in ids:
        assert record_id not in text, (reader, path, record_id)


@pytest.mark.parametrize(("reader", "sees"), READERS)
async def test_a_version_read_keeps_the_whole_versions_hash_and_says_it_was_filtered(
    as_, reader: str, sees: bool
) -> None:
    made = await police_records(as_)
    n = made["version"]["number"]
    stored = (
        await PlanVersion.select()
        .where((PlanVersion.plan == PLAN) & (PlanVersion.number == n))
        .first()
    )
    # The stored version is the whole record: the police entries are in its bytes and hash.
    assert ITEM in stored["content"] and SCALING in stored["content"]
    assert sha256_hex(stored["content"]) == stored["sha256"] == made["version"]["sha256"]
    read = (await as_(reader).get(f"/api/v1/plans/{PLAN}/versions/{n}")).json()
    assert read["sha256"] == stored["sha256"]  # the version's identity, never a made-up one
    assert read["filtered"] is (not sees)
    everything = {key for key in ("items", "objectives", "scaling")}
    assert everything <= read["content"].keys()
    difference = (await as_(reader).get(f"/api/v1/plans/{PLAN}/diff?from=2&to={n}")).json()
    assert difference["filtered"] is (not sees)
    added = difference["changes"]["items"]["added"]
    assert (made["ids"][0] in added) is sees
    # The family's own entries are the same for every professional.
    assert str(demo_id("hartley:item:love")) in read["content"]["items"]


async def test_a_version_page_says_its_content_is_filtered_for_the_reader(as_, browse_as) -> None:
    made = await police_records(as_)
    n = made["version"]["number"]
    page = (await (await browse_as("daniel")).get(f"/workspace/plans/{PLAN}/versions/{n}")).text
    assert 'id="version-filtered"' in page
    assert made["version"]["sha256"][:12] in page  # the fingerprint is the whole version's
    laura = (await (await browse_as("laura")).get(f"/workspace/plans/{PLAN}/versions/{n}")).text
    assert 'id="version-filtered"' not in laura
    diff = (
        await (await browse_as("grace")).get(f"/workspace/plans/{PLAN}/diff?from=2&to={n}")
    ).text
    assert 'id="difference-filtered"' in diff


async def test_a_thread_follows_its_objectives_audience_when_it_narrows(as_) -> None:
    priya, laura = as_("priya"), as_("laura")
    objective = await priya.post(
        f"/api/v1/plans/{PLAN}/objectives",
        json={
            "title": TITLE,
            "measure": {"kind": "count", "target": "4"},
            "owner": {"kind": "agency", "id": POLICE},
            "audience": "professionals",
        },
    )
    assert objective.status_code == 201, objective.text
    thread = objective.json()["thread"]
    checked = await priya.post(
        f"/api/v1/objectives/{objective.json()['id']}/progress",
        json={"client_uuid": str(uuid.uuid4()), "value": "1", "note": NOTE},
    )
    assert checked.status_code == 201
    assert (await priya.get(f"/api/v1/threads/{thread}")).status_code == 200
    narrowed = await laura.patch(
        f"/api/v1/objectives/{objective.json()['id']}",
        json={"audience": FOR_POLICE, "revision": 1},
    )
    assert narrowed.status_code == 200, narrowed.text
    assert (await priya.get(f"/api/v1/threads/{thread}")).status_code == 404
    timeline = await priya.get(f"/api/v1/families/{FAMILY}/timeline")
    assert TITLE not in timeline.text and str(thread) not in timeline.text
    theirs = (await laura.get(f"/api/v1/threads/{thread}")).json()
    assert theirs["title"] == TITLE and [p["note"] for p in theirs["progress"]] == [NOTE]


async def test_a_refused_close_never_names_an_objective_the_closer_may_not_see(
    as_, browse_as
) -> None:
    made = await police_records(as_)
    body = {
        "closed_on": dt.date.today().isoformat(),
        "outcome": "step_down",
        "reason": "Better now.",
        "objectives": [],
    }
    refused = await as_("priya").post(f"/api/v1/episodes/{made['episode']}/close", json=body)
    assert refused.status_code == 422
    assert "Leo gets to school on time" in refused.json()["detail"]  # hers, named
    # The police one is carried for the police, who decide it; she is never told it is there.
    assert "for named agencies only" not in refused.json()["detail"]
    assert TITLE not in refused.text and made["ids"][1] not in refused.text
    page = await browse_as("priya")
    form = await page.post(
        f"/workspace/episodes/{made['episode']}/close",
        data={"_csrf_token": page.csrf, "outcome": "step_down", "reason": "Better now."},
    )
    assert form.status_code == 422 and TITLE not in form.text
    # The police write the plan; they do not end statutory work (careplan.access.authority).
    theirs = await as_("laura").post(f"/api/v1/episodes/{made['episode']}/close", json=body)
    assert theirs.status_code == 403 and TITLE not in theirs.text
    assert "close a child protection episode" in theirs.json()["detail"]


async def test_check_ins_on_an_earlier_police_only_objective_stay_with_the_police(
    as_, browse_as
) -> None:
    # A thread set for the police in one episode, carried into the next and opened there to
    # every professional: the check-ins recorded while it was for the police stay theirs.
    priya, laura = as_("priya"), as_("laura")
    family = await priya.post(
        "/api/v1/families",
        json={
            "name": "Brook family",
            "members": [
                {"given_name": "Dana", "role": "parent"},
                {"given_name": "Eli", "role": "child", "date_of_birth": "2019-03-02"},
            ],
        },
    )
    assert family.status_code == 201, family.text
    family_id, eli = family.json()["id"], family.json()["members"][1]["id"]
    joined = await priya.post(
        f"/api/v1/families/{family_id}/team",
        # Early help's lead practitioner may come from any agency: here, the police.
        json={"person": str(demo_id("person:laura")), "role": "police", "key_worker": True},
    )
    assert joined.status_code == 201, joined.text
    opened_on = (dt.date.today() - dt.timedelta(days=90)).isoformat()

    async def open_episode(kind: str, carry: list[str]) -> dict[str, Any]:
        response = await laura.post(
            f"/api/v1/families/{family_id}/episodes",
            json={
                "kind": kind,
                "children": [{"member": eli}],
                "opened_on": opened_on,
                "reason": "Referral",
                "carry_over": carry,
            },
        )
        assert response.status_code == 201, response.text
        return response.json()

    first = await open_episode("early_help", [])
    objective = await laura.post(
        f"/api/v1/plans/{first['plan']}/objectives",
        json={
            "title": TITLE,
            "why": WHY,
            "measure": {"kind": "count", "target": "4"},
            "owner": {"kind": "agency", "id": POLICE},
            "audience": FOR_POLICE,
        },
    )
    assert objective.status_code == 201, objective.text
    thread = objective.json()["thread"]
    checked = await laura.post(
        f"/api/v1/objectives/{objective.json()['id']}/progress",
        json={"client_uuid": str(uuid.uuid4()), "value": "2", "note": NOTE},
    )
    assert checked.status_code == 201, checked.text
    closed = await laura.post(
        f"/api/v1/episodes/{first['id']}/close",
        json={
            "closed_on": dt.date.today().isoformat(),
            "outcome": "step_up",
            "reason": "Stepping up",
            "objectives": [{"id": objective.json()["id"], "decision": "carry"}],
        },
    )
    assert closed.status_code == 200, closed.text
    second = await open_episode("early_help", [thread])
    carried = (await laura.get(f"/api/v1/plans/{second['plan']}")).json()["objectives"][0]
    widened = await laura.patch(
        f"/api/v1/objectives/{carried['id']}",
        json={"audience": "professionals", "why": "Shared with the team now", "revision": 1},
    )
    assert widened.status_code == 200, widened.text

    life = await priya.get(f"/api/v1/threads/{thread}")
    assert life.status_code == 200  # it is for every professional now
    assert [o["id"] for o in life.json()["objectives"]] == [carried["id"]]
    assert life.json()["progress"] == [] and NOTE not in life.text and WHY not in life.text
    timeline = (await priya.get(f"/api/v1/families/{family_id}/timeline")).json()
    (seen,) = timeline["threads"]
    assert seen["progress_count"] == 0 and seen["latest"] is None
    assert seen["episodes"] == [second["id"]]
    editor = await (await browse_as("priya")).get(f"/workspace/plans/{second['plan']}")
    assert editor.status_code == 200 and NOTE not in editor.text
    theirs = (await laura.get(f"/api/v1/threads/{thread}")).json()
    assert [p["note"] for p in theirs["progress"]] == [NOTE]
    assert len(theirs["objectives"]) == 2
