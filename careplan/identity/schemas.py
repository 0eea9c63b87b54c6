"""Request and response shapes of identity's JSON API: who is signed in, their sessions, and
the key worker's side of the family portal (invitations, one-time codes, devices)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec

from careplan.lib.shapes import Out

MemberId = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class ForMember(msgspec.Struct, forbid_unknown_fields=True):
    member: MemberId


EXAMPLES: dict[type, dict[str, Any]] = {
    ForMember: {"member": "0f8fad5b-d9cb-469f-a165-70867728950e"},
}

# ---------------------------------------------------------------------------- responses


class RoleOut(Out):
    role: str
    local_authority: uuid.UUID
    agency: uuid.UUID | None


class MeOut(Out):
    """The signed-in person: a professional (`kind` "professional", with their agency and
    roles) or a family member (`kind` "family")."""

    id: uuid.UUID
    kind: str
    name: str
    email: str | None
    agency: uuid.UUID | None
    roles: list[RoleOut]


class SessionOut(Out):
    """One of your signed-in sessions (a device). `shared_device`: a short session on a phone
    that is not yours alone."""

    id: uuid.UUID
    kind: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    user_agent: str
    shared_device: bool


class DeviceOut(Out):
    """A family member's device (a passkey): whose (`person`, `member`), when it was last
    used, whether it was revoked."""

    id: uuid.UUID
    person: uuid.UUID
    device_name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    member: uuid.UUID


class InvitationOut(Out):
    """An invitation to the family portal: its `link` and `code`, to be given to the member
    apart, until `expires_at`."""

    id: uuid.UUID
    member: uuid.UUID
    link: str
    code: str
    expires_at: dt.datetime


class OneTimeCodeOut(Out):
    """A one-time code for a short session on a phone that cannot hold a passkey."""

    id: uuid.UUID
    member: uuid.UUID
    code: str
    expires_at: dt.datetime
