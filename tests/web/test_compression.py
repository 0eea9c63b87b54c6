"""What a browser that accepts gzip gets (careplan.web.compression): a large page compressed
once, a small answer as it is, and a kept family page (gzipped when it was kept) passed as it
is, never compressed twice."""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id

pytestmark = pytest.mark.anyio

GZIP = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": "identity"}


async def test_a_large_page_is_gzipped_once(browse_as) -> None:
    priya = await browse_as("priya")
    editor = f"/workspace/plans/{demo_id('hartley:plan:child_protection')}"
    zipped = await priya.get(editor, headers=GZIP)
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert "<html" in zipped.text  # httpx undid one gzip: there was only one
    assert len(zipped.content) > int(zipped.headers["content-length"])


async def test_a_small_answer_is_sent_as_it_is(client) -> None:
    live = await client.get("/healthz/live", headers=GZIP)
    assert live.status_code == 200
    assert "content-encoding" not in live.headers


async def test_a_kept_family_page_is_gzipped_once_and_reads_as_the_plain_one(browse_as) -> None:
    jess = await browse_as("person:jess")
    await jess.get("/family", headers=GZIP)  # kept
    for _ in range(2):  # served from memory, gzipped from the kept runs
        zipped = await jess.get("/family", headers=GZIP)
        assert zipped.status_code == 200
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.headers["vary"].count("Accept-Encoding") == 1
        assert "<html" in zipped.text
    plain = await jess.get("/family", headers=PLAIN)
    assert "content-encoding" not in plain.headers
    assert plain.text.startswith("<!DOCTYPE")
    title = plain.text.split("<title>")[1].split("</title>")[0]
    assert f"<title>{title}</title>" in zipped.text
