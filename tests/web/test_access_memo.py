"""One access decision per request (careplan.access.memo, opened by careplan.web.access_memo
on the plan editor's routes), never shared between requests or people."""

from __future__ import annotations

import asyncio

import pytest

from careplan.access import memo, permissions
from careplan.access.principal import load_principal
from careplan.demo.builder import demo_id
from careplan.lib.errors import NotFound
from tests.counting import counting

pytestmark = pytest.mark.anyio

FAMILY = demo_id("family:hartley")
LOVE = demo_id("hartley:item:love")
HTMX = {"HX-Request": "true"}


async def test_two_people_asking_at_once_never_get_each_others_decision(browse_as) -> None:
    priya = await browse_as("priya")  # the Hartleys' key worker
    chloe = await browse_as("chloe")  # on no team: the Hartleys' item does not exist for her
    path = f"/workspace/items/{LOVE}/edit"
    for first, second in ((priya, chloe), (chloe, priya)):
        with counting() as cost:
            answers = await asyncio.gather(
                *(client.get(path, headers=HTMX) for client in (first, second, first, second))
            )
        statuses = [
            (client is priya, answer.status_code)
            for client, answer in zip((first, second, first, second), answers, strict=True)
        ]
        assert sorted(set(statuses)) == [(False, 404), (True, 200)], statuses
        assert "Jess and Kieran love Leo" in answers[[first, second].index(priya)].text
        assert cost.access_checks == 4  # one a request: none answered from another's memo
    assert not memo.in_scope()  # nothing is left over once the requests have ended


async def test_one_person_after_another_on_one_connection_is_decided_afresh(browse_as) -> None:
    priya = await browse_as("priya")
    chloe = await browse_as("chloe")
    for client, status in ((priya, 200), (chloe, 404), (priya, 200), (chloe, 404)):
        with counting() as cost:
            answer = await client.get(f"/workspace/items/{LOVE}", headers=HTMX)
        assert answer.status_code == status
        assert cost.access_checks == 1


async def test_a_decision_is_remembered_only_for_the_principal_it_was_made_for(demo) -> None:
    priya = await load_principal(demo_id("person:priya"))
    chloe = await load_principal(demo_id("person:chloe"))
    assert priya is not None and chloe is not None
    with memo.request_scope():
        assert (await permissions.family_access(priya, FAMILY)).via == "team"
        with pytest.raises(NotFound):
            await permissions.family_access(chloe, FAMILY)
        with counting() as cost:
            assert (await permissions.family_access(priya, FAMILY)).via == "team"
        assert cost.access_checks == 0 and cost.statements == 0  # remembered
    with counting() as cost:  # outside a request's scope: decided every time
        await permissions.family_access(priya, FAMILY)
        await permissions.family_access(priya, FAMILY)
    assert cost.access_checks == 2
