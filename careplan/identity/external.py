"""Professionals' accounts at OpenID providers: an administrator names them in advance.

A professional is keyed by (issuer, subject). An administrator who knows a person's account
at the council's or the health provider's sign-in service links it when creating the person;
otherwise the first sign-in may link it by a verified e-mail, where the provider is trusted
for that (careplan.identity.service.oidc).
"""

from __future__ import annotations

import datetime as dt
import uuid

from careplan.audit import service as audit
from careplan.identity.tables import ExternalIdentity
from careplan.lib.errors import Invalid


async def link(
    person_id: uuid.UUID,
    issuer: str,
    subject: str,
    *,
    actor: uuid.UUID | None,
    how: str,
    field: str = "sign_ins",
) -> uuid.UUID:
    """Link an account to a person, inside the caller's transaction; one account, one person."""
    issuer = issuer.strip()
    if await ExternalIdentity.exists().where(
        (ExternalIdentity.issuer == issuer) & (ExternalIdentity.subject == subject)
    ):
        raise Invalid(field, "that sign-in account already belongs to someone")
    identity_id = uuid.uuid4()
    await ExternalIdentity(
        id=identity_id,
        person=person_id,
        issuer=issuer,
        subject=subject,
        created_at=dt.datetime.now(dt.UTC),
    ).save()
    await audit.record(
        actor=actor,
        action="external_identity.linked",
        record_type="external_identity",
        record_id=identity_id,
        after={"issuer": issuer, "subject": subject, "by": how},
    )
    return identity_id
