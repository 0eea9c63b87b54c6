"""`careplan admin create` makes the first administrator of a local authority."""

from __future__ import annotations

import pytest
from piccolo.engine.base import Engine

from careplan.tenancy.service import TenancyError, create_administrator
from careplan.tenancy.tables import EpisodeKind, LocalAuthority, Person, RoleGrant

pytestmark = pytest.mark.anyio


async def test_the_first_administrator_comes_with_a_new_local_authority_and_its_defaults(
    engine: Engine,
) -> None:
    made = await create_administrator(
        name="Ann Admin",
        email="Ann@Eastvale.example",
        local_authority="Eastvale Council",
        code="evc",
        agency="Eastvale Children's Services",
    )
    assert made.created_local_authority
    authority = await LocalAuthority.select().where(LocalAuthority.id == made.local_authority_id)
    assert authority[0]["code"] == "EVC"
    assert (
        await EpisodeKind.count().where(EpisodeKind.local_authority == made.local_authority_id) == 4
    )
    grant = await RoleGrant.select().where(RoleGrant.person == made.person_id).first()
    assert grant["role"] == "administrator"
    person = await Person.select().where(Person.id == made.person_id).first()
    assert person["email"] == "ann@eastvale.example"


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("email", {"email": "not-an-address"}),
        ("name", {"name": "  "}),
        ("local-authority", {"local_authority": ""}),
    ],
)
async def test_bad_input_names_the_field_and_writes_nothing(
    engine: Engine, field: str, values: dict[str, str]
) -> None:
    arguments = {
        "name": "Ann Admin",
        "email": "ann@eastvale.example",
        "local_authority": "Eastvale Council",
        "code": "EVC",
        "agency": "CSC",
    }
    with pytest.raises(TenancyError) as caught:
        await create_administrator(**{**arguments, **values})
    assert caught.value.field == field
    assert await Person.count() == 0
    assert await LocalAuthority.count() == 0


async def test_an_email_already_in_use_is_refused_and_nothing_is_written(engine: Engine) -> None:
    arguments = {
        "name": "Ann Admin",
        "email": "ann@eastvale.example",
        "local_authority": "Eastvale Council",
        "code": "EVC",
        "agency": "CSC",
    }
    await create_administrator(**arguments)
    with pytest.raises(TenancyError) as caught:
        await create_administrator(**{**arguments, "local_authority": "Westvale Council"})
    assert caught.value.field == "email"
    assert await LocalAuthority.count() == 1
