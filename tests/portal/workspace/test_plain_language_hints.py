"""The plain-language helper beside a field, through its real route (issue 14, item 4)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio
HTMX = {"HX-Request": "true"}


async def hints_for(client, text: str, audience: str = "family") -> str:
    response = await client.post(
        "/workspace/plain-language",
        data={"text": text, "field": "new-next_step-text", "audience": audience},
        headers=HTMX,
    )
    assert response.status_code == 200
    return response.text


async def test_the_fgc_example_is_offered_as_whole_grammatical_phrases(browse_as) -> None:
    client = await browse_as("priya")
    html = await hints_for(client, "Priya will make a referral for an FGC.")
    assert 'data-plain-from="a referral" data-plain-to="a request for help"' in html
    assert 'data-plain-from="an FGC" data-plain-to="a family meeting"' in html
    # The old words that broke the sentence are explained, never put in by a click.
    assert 'data-plain-to="asking for help for you"' not in html


async def test_a_term_no_words_fit_is_offered_as_a_sentence_to_rewrite(browse_as) -> None:
    client = await browse_as("priya")
    html = await hints_for(client, "Leo is settled. The TAF meeting is on Monday.")
    assert "Rewrite the sentence" in html
    assert "data-plain-rewrite>The TAF meeting is on Monday.</textarea>" in html
    assert 'data-plain-from="The TAF meeting is on Monday."' in html
    assert "data-plain-to=" not in html  # nothing to put in with one click


async def test_a_first_draft_is_checked_before_its_audience_is_chosen(browse_as) -> None:
    client = await browse_as("priya")
    html = await hints_for(client, "We will make a referral.", audience="professionals")
    assert "Less urgent" in html
    assert 'data-plain-to="a request for help"' in html
