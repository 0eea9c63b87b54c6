"""The key worker's side of the family portal: invitations, one-time codes, devices (JSON)."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from careplan.access.principal import Principal
from careplan.identity import schemas
from careplan.identity.service import codes, invitations, passkeys
from careplan.web.openapi import example_body
from careplan.web.rate_limits import MAKING_CODES
from careplan.web.responses import shaped

ForMemberBody = example_body(schemas.ForMember, schemas.EXAMPLES)


class PortalAccessController(Controller):
    path = "/families/{family_id:str}"
    tags = ["family portal access"]

    @post(
        "/invitations",
        middleware=[MAKING_CODES],
        summary="Invite a member to the family portal -> a link and a code, to be given apart",
    )
    async def invite(
        self,
        request: Request,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        data: ForMemberBody,
    ) -> schemas.InvitationOut:
        base_url = request.app.state.settings.base_url
        invitation = await invitations.create_invitation(
            principal, family_id, data.member, base_url
        )
        return shaped(schemas.InvitationOut, invitation)

    @post(
        "/one-time-codes",
        middleware=[MAKING_CODES],
        summary="A one-time code for a short session, for a phone that cannot hold a passkey",
    )
    async def one_time_code(
        self, principal: NamedDependency[Principal], family_id: FromPath[str], data: ForMemberBody
    ) -> schemas.OneTimeCodeOut:
        code = await codes.create_one_time_code(principal, family_id, data.member)
        return shaped(schemas.OneTimeCodeOut, code)

    @get("/devices", summary="The family members' devices (passkeys), newest first")
    async def devices(
        self, principal: NamedDependency[Principal], family_id: FromPath[str]
    ) -> list[schemas.DeviceOut]:
        return shaped(list[schemas.DeviceOut], await passkeys.list_devices(principal, family_id))

    @delete(
        "/devices/{passkey_id:str}",
        status_code=204,
        summary="Revoke a device: its sessions end and its push subscriptions stop",
    )
    async def revoke_device(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        passkey_id: FromPath[str],
    ) -> None:
        await passkeys.revoke_device(principal, family_id, passkey_id)
