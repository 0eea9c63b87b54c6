"""The family portal's page cache (careplan.web.page_cache): an unchanged page is served from
memory, and no one ever gets bytes they may not see.

Through the real app over the demo, on the engine the suite runs on: two members of one family
whose views differ, a professional of another agency, a member restricted or whose membership
ends while their page is kept, a change to the family, a sign-out, and two sessions of one
member (each gets their own CSRF token, nonce and check-in ids in the kept bytes). A warm page
costs the request's preamble alone: the session with its person, and the member's families
with their revisions (2 statements, 1 access decision).
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import time
import uuid

import pytest

from careplan.access.principal import load_principal
from careplan.demo.builder import demo_id
from careplan.families.tables import Member
from careplan.plans import schemas as plan_schemas
from careplan.plans import service as plans
from careplan.web.page_cache import _SLOT, PageCache, gzipped
from tests.counting import counting
from tests.portal.registry import CALLERS
from tests.portal.registry_family import PAGES as FAMILY_PAGES

pytestmark = pytest.mark.anyio

HTMX = {"HX-Request": "true"}
PLAN = demo_id("hartley:plan:child_protection")
SCHOOL = demo_id("hartley:objective:school_cp")
JESS_MEMBER = demo_id("hartley:member:jess")
PAGES = ["/family", "/family/goals", f"/family/goals/{SCHOOL}", "/family/answer"]
PAGES += ["/family/next", "/family/words"]
FOR_JESS_ALONE = "Only Jess should read this worry about the nights"
# The preamble of a warm page: the session with its person; the member's families with
# their revisions (the access decision). Nothing of the plan's tables.
WARM_BUDGET = 2


def cache_of(app):
    return app.state.get("page_cache")


async def share(*items: plan_schemas.NewItem) -> None:
    """Priya adds the items to the Hartleys' plan and shares a new version with the family."""
    priya = await load_principal(demo_id("person:priya"))
    for item in items:
        await plans.add_item(priya, PLAN, item)
    version = await plans.take_version(priya, PLAN, plan_schemas.NewVersion(label="cache"))
    await plans.share_version(priya, PLAN, version["number"])


def for_jess_alone() -> plan_schemas.NewItem:
    return plan_schemas.NewItem(
        section="worry", text=FOR_JESS_ALONE, audience={"members": [str(JESS_MEMBER)]}
    )


async def test_a_warm_page_is_served_from_memory_within_its_budget(demo_app, browse_as) -> None:
    jess = await browse_as("person:jess")
    for path in PAGES:
        for headers in ({}, HTMX):
            first = await jess.get(path, headers=headers)
            with counting() as cost:
                again = await jess.get(path, headers=headers)
            assert first.status_code == again.status_code == 200, path
            assert cost.statements <= WARM_BUDGET, (path, repr(cost))
            assert cost.access_checks <= 1, (path, repr(cost))
            assert again.headers["etag"] == first.headers["etag"]
            assert again.headers["cache-control"] == "private, no-cache"
            assert again.headers["content-type"].startswith("text/html")
    assert cache_of(demo_app).hits >= len(PAGES) * 2


async def test_members_whose_views_differ_never_get_each_others_pages(demo_app, browse_as) -> None:
    await share(for_jess_alone())
    jess = await browse_as("person:jess")
    kieran = await browse_as("person:kieran")
    for path in ["/family", "/family/answer"]:
        for first, second in ((jess, kieran), (kieran, jess)):
            for headers in ({}, HTMX):
                await first.get(path, headers=headers)  # kept for the first
                page = (await second.get(path, headers=headers)).text
                assert (FOR_JESS_ALONE in page) == (second is jess), path
                page = (await first.get(path, headers=headers)).text
                assert (FOR_JESS_ALONE in page) == (first is jess), path
    assert cache_of(demo_app).hits > 0


async def test_no_one_else_ever_gets_a_members_kept_page(demo_app, browse_as) -> None:
    """The audience matrix again, after the Hartleys' pages were kept for Jess."""
    jess = await browse_as("person:jess")
    for path in PAGES:
        for headers in ({}, HTMX):
            assert (await jess.get(path, headers=headers)).status_code == 200
    for caller, person in CALLERS.items():
        if caller == "own_parent":
            continue
        client = await browse_as(person)
        for key, entry in FAMILY_PAGES.items():
            if key[0] != "GET":
                continue
            for headers in ({}, HTMX):
                response = await client.get(entry.path, headers=headers)
                assert response.status_code == entry.expect[caller], (caller, entry.path)
                for word in entry.secret_words:
                    assert word not in response.text, (caller, entry.path)


async def test_a_member_restricted_while_their_page_is_kept_sees_nothing_at_once(
    browse_as,
) -> None:
    jess = await browse_as("person:jess")
    kept = {path: await jess.get(path) for path in PAGES}
    # Straight to the table, as another worker's change would look: no revision is bumped.
    await Member.update({Member.portal_restricted: True}).where(Member.id == JESS_MEMBER)
    for path in PAGES:
        response = await jess.get(path, headers={"If-None-Match": kept[path].headers["etag"]})
        if path == f"/family/goals/{SCHOOL}":
            assert response.status_code == 404
        else:
            assert response.status_code == 200, path
            assert "This service is not available to you at the moment" in response.text, path
        assert "Leo" not in response.text, path


async def test_a_member_whose_membership_ended_sees_nothing_at_once(browse_as) -> None:
    jess = await browse_as("person:jess")
    await jess.get("/family")
    yesterday = dt.date.today() - dt.timedelta(days=2)
    await Member.update({Member.to_date: yesterday}).where(Member.id == JESS_MEMBER)
    page = (await jess.get("/family")).text
    assert "This service is not available to you at the moment" in page and "Leo" not in page


async def test_after_a_change_the_next_page_shows_it(browse_as) -> None:
    jess = await browse_as("person:jess")
    kieran = await load_principal(demo_id("person:kieran"))
    before = (await jess.get("/family/goals")).text
    await jess.get("/family/goals")
    await plans.add_progress(
        kieran, SCHOOL, plan_schemas.NewProgress(client_uuid=uuid.uuid4(), value="2", note="")
    )
    after = (await jess.get("/family/goals")).text
    assert after.count("Kieran Hartley") == before.count("Kieran Hartley") + 1
    fresh = plan_schemas.NewItem(section="strength", text="A fresh strength", audience="family")
    await share(fresh)
    assert "A fresh strength" in (await jess.get("/family")).text


async def test_after_sign_out_nothing_kept_is_served(browse_as) -> None:
    jess = await browse_as("person:jess")
    kept = await jess.get("/family")
    assert kept.status_code == 200
    out = await jess.post("/auth/sign-out", data={"_csrf_token": jess.csrf})
    assert out.status_code == 303
    for headers in ({}, {"If-None-Match": kept.headers["etag"]}):
        response = await jess.get("/family", headers=headers)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/auth/")
        assert "Leo" not in response.text
    fragment = await jess.get("/family", headers=HTMX)
    assert fragment.status_code == 401 and fragment.text == ""


def nonce_of(response) -> str:
    found = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"])
    assert found
    return found.group(1)


async def test_each_session_gets_its_own_token_nonce_and_check_in_ids(browse_as) -> None:
    one = await browse_as("person:jess")
    two = await browse_as("person:jess")
    assert one.csrf != two.csrf
    seen_ids: set[str] = set()
    for client in (one, two, one, two):
        response = await client.get("/family/goals")
        text = response.text
        nonce = nonce_of(response)
        assert set(re.findall(r'nonce="([^"]*)"', text)) == {nonce}
        assert text.count(f'nonce="{nonce}"') >= 3
        assert set(re.findall(r'name="_csrf_token" value="([^"]*)"', text)) == {client.csrf}
        assert f'hx-headers=\'{{"x-csrftoken": "{client.csrf}"}}\'' in text
        ids = re.findall(r'name="client_uuid" value="([^"]*)"', text)
        assert ids and all(uuid.UUID(i) for i in ids)
        assert not seen_ids & set(ids), "a check-in id is never given twice"
        seen_ids.update(ids)
        assert 'data-offline="on"' in text and "data-holder=" in text
        assert "cp-slot-" not in text
    shared = await browse_as("person:jess", shared_device=True)
    text = (await shared.get("/family/goals")).text
    assert 'data-offline="off"' in text and "manifest.webmanifest" not in text
    assert set(re.findall(r'name="_csrf_token" value="([^"]*)"', text)) == {shared.csrf}


async def test_a_check_in_from_a_kept_page_is_stored_once_and_shown(browse_as) -> None:
    jess = await browse_as("person:jess")
    await jess.get("/family/goals")
    page = (await jess.get("/family/goals")).text  # kept
    form = page[page.index(f'action="/family/goals/{SCHOOL}/check-ins"') :]
    sent = re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', form).group(1)
    response = await jess.post(
        f"/family/goals/{SCHOOL}/check-ins",
        data={"_csrf_token": jess.csrf, "client_uuid": sent, "value": "4", "note": "Kept page"},
    )
    assert response.status_code == 303
    assert "Kept page" in (await jess.get("/family/goals")).text


async def test_a_kept_page_is_the_same_gzipped_or_not(browse_as) -> None:
    jess = await browse_as("person:jess")
    for path in PAGES:
        await jess.get(path)  # kept
        plain = await jess.get(path, headers={"Accept-Encoding": "identity"})
        packed = await jess.get(path, headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in plain.headers
        assert packed.headers["content-encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["vary"]
        # As sent (httpx has decoded it): near the page gzipped whole (each slot is a stored
        # block and a new deflate block after it: a few hundred bytes on a small page).
        assert packed.num_bytes_downloaded < len(gzip.compress(plain.content, 6)) * 1.3 + 200
        # The same page but for the request's own parts (the nonce, check-in ids, the time).
        mask = re.compile(r'nonce="[^"]*"|value="[0-9a-f-]{36}"|data-saved-[a-z]+="[^"]*"')
        assert mask.sub("", packed.text) == mask.sub("", plain.text)


# ---------------------------------------------------------------------------- the LRU itself


def test_a_gzipped_kept_page_is_one_valid_gzip_member_whatever_its_slots() -> None:
    from careplan.web import page_cache

    text = "".join(
        f"<p>run {n} " + "words " * (n * 50) + f'</p>{page_cache.UUID}<a x="{page_cache.CSRF}">'
        for n in range(40)
    )
    kept = PageCache().put("k", text)
    assert kept.deflated is not None
    for byte in (b"a", b"\x01", b"\xff"):
        filled = [
            p if i % 2 == 0 else byte * page_cache.WIDTHS[p] for i, p in enumerate(kept.parts)
        ]
        packed = gzipped(kept, filled)
        assert packed is not None and gzip.decompress(packed) == b"".join(filled)
        # The runs as small as gzipped whole; the slots stored, each with a block around it.
        slots = filled[1::2]
        runs = len(gzip.compress(b"".join(kept.parts[::2])))
        assert len(packed) < runs + sum(map(len, slots)) + 100 * len(slots)
    wrong = [p if i % 2 == 0 else b"short" for i, p in enumerate(kept.parts)]
    assert gzipped(kept, wrong) is None  # then compressed as any response is


def test_the_cache_keeps_within_its_size_dropping_the_least_recently_used() -> None:
    cache = PageCache(max_bytes=8 * 1000)
    for n in range(5):
        cache.put(n, "x" * 700)
    assert len(cache) == 5 and cache.size <= cache.max_bytes
    assert cache.get(0) is not None  # 0 is now the most recently used
    for n in range(5, 12):
        cache.put(n, "x" * 700)
    assert cache.size <= cache.max_bytes
    assert cache.get(0) is not None and cache.get(1) is None
    cache.put("big", "x" * 2000)  # more than an eighth of the whole: served, never kept
    assert cache.get("big") is None


def test_an_entry_expires_by_its_time_limit_or_its_own() -> None:
    cache = PageCache(ttl=60)
    cache.put("soon", "page", expires_at=time.monotonic() - 1)
    assert cache.get("soon") is None
    cache.put("later", "page")
    assert cache.get("later") is not None
    short = PageCache(ttl=-1)
    short.put("gone", "page")
    assert short.get("gone") is None


def test_slots_are_found_only_by_their_secret_marker() -> None:
    assert _SLOT.split(b"cp-slot-0000000000000000-csrf and text") == [
        b"cp-slot-0000000000000000-csrf and text"
    ]
