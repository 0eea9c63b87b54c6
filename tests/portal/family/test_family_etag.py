"""The family portal's per-user ETag helper (portal/family/etag.py), below the pages."""

from __future__ import annotations

import uuid

from litestar import Request

from portal.family import etag

JESS, KIERAN = uuid.uuid4(), uuid.uuid4()


def request(headers: dict[str, str] | None = None, cookie: str = "") -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if cookie:
        raw.append((b"cookie", f"{etag.CSRF_COOKIE}={cookie}".encode()))
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/family",
        "raw_path": b"/family",
        "query_string": b"",
        "headers": raw,
        "scheme": "http",
        "server": ("testserver.local", 80),
        "client": ("127.0.0.1", 1234),
        "root_path": "",
        "path_params": {},
        "state": {},
    }
    return Request(scope)  # type: ignore[arg-type]


def test_a_tag_is_the_same_for_the_same_inputs_and_quoted() -> None:
    tag = etag.of(JESS, 7, "plan", "abc")
    assert tag == etag.of(JESS, 7, "plan", "abc")
    assert tag.startswith('"') and tag.endswith('"') and len(tag) == 34


def test_a_tag_changes_with_the_person_the_revision_and_each_input() -> None:
    tag = etag.of(JESS, 7, "plan", "abc")
    assert etag.of(KIERAN, 7, "plan", "abc") != tag
    assert etag.of(JESS, 8, "plan", "abc") != tag
    assert etag.of(JESS, 7, "goals", "abc") != tag
    assert etag.of(JESS, 7, "plan", "abd") != tag
    assert etag.of(JESS, 7, "plan", "abc", True) != tag
    # Inputs are kept apart: ("ab", "c") is not ("a", "bc").
    assert etag.of(JESS, 7, "ab", "c") != etag.of(JESS, 7, "a", "bc")


def test_if_none_match_matches_strong_weak_lists_and_star() -> None:
    tag = etag.of(JESS, 1, "plan")
    assert not etag.matches(request(), tag)
    assert etag.matches(request({"If-None-Match": tag}), tag)
    assert etag.matches(request({"If-None-Match": f"W/{tag}"}), tag)
    assert etag.matches(request({"If-None-Match": f'"nope", {tag}'}), tag)
    assert etag.matches(request({"If-None-Match": "*"}), tag)
    assert not etag.matches(request({"If-None-Match": '"nope"'}), tag)
    assert not etag.matches(request({"If-None-Match": tag.strip('"')}), tag)


def test_the_csrf_token_the_forms_carry_changes_the_tag() -> None:
    one, two = etag.csrf(request(cookie="token-one")), etag.csrf(request(cookie="token-two"))
    assert one != two and "token" not in one
    assert etag.of(JESS, 1, one) != etag.of(JESS, 1, two)


def test_304_is_private_empty_and_carries_the_tag() -> None:
    tag = etag.of(JESS, 1, "plan")
    response = etag.not_modified(tag)
    assert response.status_code == 304
    assert response.headers["ETag"] == tag
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert etag.headers(tag) == {"ETag": tag, "Cache-Control": "private, no-cache"}
