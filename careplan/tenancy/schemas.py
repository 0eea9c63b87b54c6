"""Request and response shapes of the tenancy API."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec

from careplan.lib.shapes import Out
from careplan.lib.text import PRINTABLE
from careplan.tenancy.vocabulary import AGENCY_KINDS

Email = Annotated[
    str, msgspec.Meta(pattern=r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,60}$", max_length=254)
]


Role = Annotated[str, msgspec.Meta(pattern="^(practitioner|manager|chair|administrator)$")]


class NewAgency(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=200)]
    kind: Annotated[str, msgspec.Meta(pattern="^(" + "|".join(AGENCY_KINDS) + ")$")]
    phone: Annotated[str, PRINTABLE, msgspec.Meta(max_length=40)] = ""
    email: Annotated[str, PRINTABLE, msgspec.Meta(max_length=254)] = ""


class SignInAccount(msgspec.Struct, forbid_unknown_fields=True):
    """The person's account at a configured OpenID provider: its issuer URL and their subject."""

    issuer: Annotated[str, msgspec.Meta(pattern=r"^https?://[^\s]{1,290}$", max_length=300)]
    subject: Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=255)]


class NewProfessional(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=200)]
    email: Email
    agency: uuid.UUID
    job_title: Annotated[str, PRINTABLE, msgspec.Meta(max_length=120)] = ""
    roles: Annotated[list[Role], msgspec.Meta(min_length=1, max_length=4)] = msgspec.field(
        default_factory=lambda: ["practitioner"]
    )
    sign_ins: Annotated[list[SignInAccount], msgspec.Meta(max_length=4)] = msgspec.field(
        default_factory=list
    )


# ---------------------------------------------------------------------------- responses


class AgencyListed(Out):
    id: uuid.UUID
    name: str
    kind: str
    phone: str


class AgencyOut(Out):
    id: uuid.UUID
    name: str
    kind: str


class ProfessionalOut(Out):
    id: uuid.UUID
    name: str
    email: str
    agency: uuid.UUID
    roles: list[str]


class DeactivatedOut(Out):
    """A professional who can no longer sign in, and how many of their sessions ended."""

    id: uuid.UUID
    active: bool
    sessions_ended: int


# Examples shown in the OpenAPI document.
EXAMPLES: dict[type, dict] = {
    NewAgency: {"name": "Riverside Primary School", "kind": "school", "phone": "01632 960130"},
    NewProfessional: {
        "name": "Grace Okafor",
        "email": "grace.okafor@hv.northmere.example",
        "agency": "5b0f8c3e-6a9d-4d0b-8e2f-1c3a5b7d9e01",
        "job_title": "Health visitor",
        "roles": ["practitioner"],
        "sign_ins": [{"issuer": "https://login.northmere.example", "subject": "248289761001"}],
    },
}
