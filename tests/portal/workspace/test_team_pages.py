"""A family's team changed from its pages: "Remove from team" and "Make key worker" on the
family page (for those who may only), each confirmed on its own GOV.UK page; refusals named
in an error summary; 403 with who can for those who may not; 404 from then on for whoever
left, on every page of the family."""

from __future__ import annotations

import re

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family, TeamMember

pytestmark = pytest.mark.anyio

HARTLEY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
PAGE = f"/workspace/families/{HARTLEY}"


def person(key: str):
    return demo_id(f"person:{key}")


def remove_page(key: str) -> str:
    return f"{PAGE}/team/{person(key)}/remove"


def key_worker_page(key: str) -> str:
    return f"{PAGE}/team/{person(key)}/key-worker"


async def snapshot() -> tuple:
    family = await Family.select(Family.revision).where(Family.id == HARTLEY).first()
    rows = await TeamMember.select(
        TeamMember.person, TeamMember.key_worker, TeamMember.left_on
    ).where(TeamMember.family == HARTLEY)
    team = sorted((str(r["person"]), r["key_worker"], r["left_on"]) for r in rows)
    return await AuditEvent.count(), family["revision"], team


async def team_row(key: str) -> dict:
    return (
        await TeamMember.select()
        .where(
            (TeamMember.family == HARTLEY)
            & (TeamMember.person == person(key))
            & TeamMember.left_on.is_null()
        )
        .first()
    )


# ---------------------------------------------------------------------------- the family page


async def test_the_key_worker_sees_team_actions_for_everyone_but_herself(browse_as) -> None:
    priya = await browse_as("priya")
    html = (await priya.get(PAGE)).text
    assert f'href="{remove_page("tom")}"' in html
    assert f'href="{key_worker_page("tom")}"' in html
    assert 'Remove<span class="govuk-visually-hidden"> Tom Fletcher</span> from team' in html
    # Not for the key worker herself: someone else is made key worker first.
    assert remove_page("priya") not in html and key_worker_page("priya") not in html


@pytest.mark.parametrize("who", ["laura", "grace", "tom"])
async def test_partners_on_the_team_are_offered_no_team_actions(browse_as, who) -> None:
    client = await browse_as(who)
    html = (await client.get(PAGE)).text
    assert "Tom Fletcher" in html or who == "tom"
    assert "/remove" not in html and "/key-worker" not in html


async def test_the_kept_page_of_one_viewer_never_offers_its_actions_to_another(browse_as) -> None:
    """The family page is kept (careplan.web.page_cache) and shared by viewers with the same
    key: what the team actions depend on is in it, so Priya's kept page, with its actions,
    never reaches the police sergeant."""
    priya = await browse_as("priya")
    assert "/remove" in (await priya.get(PAGE)).text
    laura = await browse_as("laura")
    assert "/remove" not in (await laura.get(PAGE)).text
    assert "/remove" in (await priya.get(PAGE)).text


# ---------------------------------------------------------------------------- removing


async def test_the_key_worker_removes_someone_with_a_reason_and_they_get_404_next(
    browse_as,
) -> None:
    tom = await browse_as("tom")
    assert (await tom.get(PAGE)).status_code == 200
    priya = await browse_as("priya")
    form = await priya.get(remove_page("tom"))
    assert form.status_code == 200
    html = form.text
    assert "Remove Tom Fletcher from the team" in html
    assert "Family support worker" in html
    assert "govuk-button--warning" in html and 'name="reason"' in html
    assert 'name="_csrf_token"' in html
    done = await priya.post(
        remove_page("tom"),
        data={"reason": "Early help has stepped back.", "_csrf_token": priya.csrf},
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{PAGE}?left={person('tom')}#team"
    after = await priya.get(done.headers["location"].split("#")[0])
    assert "Tom Fletcher has left the team." in after.text
    team = re.search(r'id="team".*?</dl>', after.text, re.S).group(0)
    assert "Tom Fletcher" not in team
    row = (
        await TeamMember.select()
        .where((TeamMember.person == person("tom")) & (TeamMember.family == HARTLEY))
        .first()
    )
    assert row["left_reason"] == "Early help has stepped back."
    # Tom's next page of the family, of its plan, and of the team's pages: 404.
    assert (await tom.get(PAGE)).status_code == 404
    assert (await tom.get(f"/workspace/plans/{PLAN}")).status_code == 404
    assert "Hartley" not in (await tom.get("/workspace")).text


async def test_a_removal_without_a_reason_names_the_field_and_changes_nothing(browse_as) -> None:
    priya = await browse_as("priya")
    before = await snapshot()
    refused = await priya.post(remove_page("tom"), data={"reason": "  ", "_csrf_token": priya.csrf})
    assert refused.status_code == 422
    html = refused.text
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html and 'href="#reason"' in html
    assert "Enter why they are leaving the team" in html
    assert "govuk-form-group--error" in html
    assert await snapshot() == before


async def test_the_key_worker_cannot_be_removed_and_her_page_says_why(browse_as) -> None:
    helen = await browse_as("helen")
    page = await helen.get(remove_page("priya"))
    assert page.status_code == 200
    assert "Make someone else on the team key worker" in page.text
    assert 'name="reason"' not in page.text
    before = await snapshot()
    refused = await helen.post(
        remove_page("priya"), data={"reason": "Moving on.", "_csrf_token": helen.csrf}
    )
    assert refused.status_code == 422
    assert 'href="#team-member"' in refused.text and "key worker" in refused.text
    assert await snapshot() == before


@pytest.mark.parametrize("who", ["laura", "grace"])
async def test_a_police_officer_or_health_visitor_is_told_who_can_and_nothing_changes(
    browse_as, who
) -> None:
    client = await browse_as(who)
    before = await snapshot()
    for path in (remove_page("tom"), key_worker_page("tom")):
        shown = await client.get(path)
        assert shown.status_code == 403
        assert "You cannot do that" in shown.text
        assert "key worker" in shown.text and "children" in shown.text
    removed = await client.post(
        remove_page("tom"), data={"reason": "r", "_csrf_token": client.csrf}
    )
    assert removed.status_code == 403
    made = await client.post(
        key_worker_page("tom"), data={"revision": "1", "_csrf_token": client.csrf}
    )
    assert made.status_code == 403
    assert await snapshot() == before


async def test_someone_not_on_the_team_is_not_found(browse_as) -> None:
    priya = await browse_as("priya")
    assert (await priya.get(remove_page("chloe"))).status_code == 404
    assert (await priya.get(f"{PAGE}/team/not-a-uuid/remove")).status_code == 404
    assert (await priya.get(key_worker_page("chloe"))).status_code == 404


async def test_someone_who_takes_themselves_off_goes_back_to_their_caseload(browse_as) -> None:
    helen = await browse_as("helen")
    grace = await team_row("grace")
    await helen.post(
        key_worker_page("grace"), data={"revision": grace["revision"], "_csrf_token": helen.csrf}
    )
    priya = await browse_as("priya")  # children's social care on the team, no longer key worker
    done = await priya.post(
        remove_page("priya"), data={"reason": "Leaving the service.", "_csrf_token": priya.csrf}
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/workspace"
    assert (await priya.get(PAGE)).status_code == 404


# ---------------------------------------------------------------------------- the key worker


async def test_someone_on_the_team_is_made_key_worker_after_confirming(browse_as) -> None:
    priya = await browse_as("priya")
    form = await priya.get(key_worker_page("grace"))
    assert form.status_code == 200
    assert "Make Grace Okafor the key worker" in form.text
    assert "Priya Raman is the key worker now" in form.text
    revision = re.search(r'name="revision" value="(\d+)"', form.text).group(1)
    done = await priya.post(
        key_worker_page("grace"), data={"revision": revision, "_csrf_token": priya.csrf}
    )
    assert done.status_code == 303, done.text
    after = await priya.get(done.headers["location"].split("#")[0])
    assert "Grace Okafor is now the family&#39;s key worker." in after.text
    assert (await team_row("grace"))["key_worker"] is True
    assert (await team_row("priya"))["key_worker"] is False  # still on the team


async def test_a_stale_key_worker_confirmation_is_refused_and_shows_the_team_now(
    browse_as,
) -> None:
    priya = await browse_as("priya")
    form = await priya.get(key_worker_page("grace"))
    revision = re.search(r'name="revision" value="(\d+)"', form.text).group(1)
    await TeamMember.update({TeamMember.revision: TeamMember.revision + 1}).where(
        TeamMember.person == person("grace")
    )
    before = await snapshot()
    refused = await priya.post(
        key_worker_page("grace"), data={"revision": revision, "_csrf_token": priya.csrf}
    )
    assert refused.status_code == 409
    assert "govuk-error-summary" in refused.text and "The team has changed" in refused.text
    assert await snapshot() == before


# ---------------------------------------------------------------------------- adding someone

ADD = f"{PAGE}/team/new"


async def test_the_key_worker_adds_someone_from_the_family_page(browse_as) -> None:
    priya = await browse_as("priya")
    family_page = (await priya.get(PAGE)).text
    assert f'href="{ADD}"' in family_page and "Add someone to the team" in family_page
    form = await priya.get(ADD)
    assert form.status_code == 200
    # Who may join: the local authority's professionals not on the team, by agency.
    assert "Chloe Dunn" in form.text and 'optgroup label="Northmere Children' in form.text
    assert ">Grace Okafor" not in form.text  # on the team already
    assert "Priya Raman, the key worker now, will stay on the team." in form.text
    done = await priya.post(
        ADD,
        data={"person": str(person("chloe")), "role": "social_worker", "_csrf_token": priya.csrf},
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"{PAGE}?joined={person('chloe')}#team"
    page = (await priya.get(done.headers["location"])).text
    assert "Chloe Dunn has joined the team." in page
    assert (await team_row("chloe"))["role"] == "social_worker"
    event = await AuditEvent.select().where(AuditEvent.action == "team.joined").first()
    assert event is not None and str(event["actor"]) == str(person("priya"))
    # She reads the family from now on.
    assert (await (await browse_as("chloe")).get(PAGE)).status_code == 200


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"role": "social_worker"}, "person", "Choose who joins the team"),
        ({"person": str(person("chloe"))}, "role", "Choose their role on the team"),
        ({"person": str(person("chloe")), "role": "captain"}, "role", "Choose their role"),
        ({"person": "not-an-id", "role": "other"}, "person", "Choose who joins the team"),
        ({"person": str(person("jess")), "role": "other"}, "person", "Choose someone from"),
        ({"person": str(person("grace")), "role": "other"}, "person", "already on this"),
    ],
)
async def test_a_bad_choice_is_named_and_nothing_changes(browse_as, values, field, message):
    priya = await browse_as("priya")
    before = await snapshot()
    refused = await priya.post(ADD, data={**values, "_csrf_token": priya.csrf})
    assert refused.status_code == 422
    assert f'href="#{field}"' in refused.text and message in refused.text
    assert await snapshot() == before


async def test_a_partner_on_the_team_is_not_offered_it_and_is_refused(browse_as) -> None:
    laura = await browse_as("laura")
    assert "Add someone to the team" not in (await laura.get(PAGE)).text
    before = await snapshot()
    assert (await laura.get(ADD)).status_code == 403
    refused = await laura.post(
        ADD, data={"person": str(person("chloe")), "role": "police", "_csrf_token": laura.csrf}
    )
    assert refused.status_code == 403 and "You cannot do that" in refused.text
    assert "key worker" in refused.text and "children" in refused.text
    assert await snapshot() == before
