"""The families JSON API: translate HTTP to a service call and back, nothing else."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath

from careplan.access.principal import Principal
from careplan.families import schemas, service
from careplan.families.services import approvals, team
from careplan.plans import service as plans
from careplan.plans.schemas.responses import PlanOut
from careplan.web.openapi import example_body
from careplan.web.responses import shaped

ChallengeBody = example_body(schemas.Challenge, schemas.EXAMPLES)
CloseEpisodeBody = example_body(schemas.CloseEpisode, schemas.EXAMPLES)
FamilyPatchBody = example_body(schemas.FamilyPatch, schemas.EXAMPLES)
NewEpisodeBody = example_body(schemas.NewEpisode, schemas.EXAMPLES)
NewFamilyBody = example_body(schemas.NewFamily, schemas.EXAMPLES)
NewMemberBody = example_body(schemas.NewMember, schemas.EXAMPLES)
SendBackBody = example_body(schemas.SendBack, schemas.EXAMPLES)
MemberPatchBody = example_body(schemas.MemberPatch, schemas.EXAMPLES)
NewTeamMemberBody = example_body(schemas.NewTeamMember, schemas.EXAMPLES)
TeamLeavingBody = example_body(schemas.TeamLeaving, schemas.EXAMPLES)
TeamMemberPatchBody = example_body(schemas.TeamMemberPatch, schemas.EXAMPLES)


class FamiliesController(Controller):
    path = "/families"
    tags = ["families"]

    @get("/", summary="The families you may open")
    async def list_families(
        self, principal: NamedDependency[Principal]
    ) -> list[schemas.FamilyListed]:
        return shaped(list[schemas.FamilyListed], await service.list_families(principal))

    @post("/", summary="Start a family's record, with its members; you join its team")
    async def create_family(
        self, principal: NamedDependency[Principal], data: NewFamilyBody
    ) -> schemas.FamilyOut:
        return shaped(schemas.FamilyOut, await service.create_family(principal, data))

    @get("/{family_id:str}", summary="A family: members, team")
    async def get_family(
        self, principal: NamedDependency[Principal], family_id: FromPath[str]
    ) -> schemas.FamilyOut:
        return shaped(schemas.FamilyOut, await service.get_family(principal, family_id))

    @patch("/{family_id:str}", summary="Change a family's name or case reference (revision)")
    async def patch_family(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        data: FamilyPatchBody,
    ) -> schemas.FamilyOut:
        return shaped(schemas.FamilyOut, await service.patch_family(principal, family_id, data))

    @post("/{family_id:str}/team", summary="Add a professional to the team (or a new key worker)")
    async def add_team_member(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        data: NewTeamMemberBody,
    ) -> schemas.FamilyOut:
        family = await service.add_team_member(principal, family_id, data)
        return shaped(schemas.FamilyOut, family)

    @delete(
        "/{family_id:str}/team/{person_id:str}",
        status_code=200,
        summary="Take a professional off the team, with a reason: their access ends at once",
    )
    async def remove_team_member(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        person_id: FromPath[str],
        data: TeamLeavingBody,
    ) -> schemas.TeamLeftOut:
        left = await team.remove_team_member(principal, family_id, person_id, data)
        return shaped(schemas.TeamLeftOut, left)

    @patch(
        "/{family_id:str}/team/{person_id:str}",
        summary="Make someone on the team its key worker (revision of their team row)",
    )
    async def change_team_member(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        person_id: FromPath[str],
        data: TeamMemberPatchBody,
    ) -> schemas.FamilyOut:
        family = await team.change_team_member(principal, family_id, person_id, data)
        return shaped(schemas.FamilyOut, family)

    @post("/{family_id:str}/members", summary="Add a member to the family (a new baby, a partner)")
    async def add_member(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        data: NewMemberBody,
    ) -> schemas.MemberOut:
        return shaped(schemas.MemberOut, await service.add_member(principal, family_id, data))

    @get(
        "/{family_id:str}/timeline",
        summary="Every episode, with the objective threads through them",
    )
    async def timeline(
        self, principal: NamedDependency[Principal], family_id: FromPath[str]
    ) -> schemas.TimelineOut:
        return shaped(schemas.TimelineOut, await service.timeline(principal, family_id))

    @post("/{family_id:str}/episodes", summary="Open an episode, carrying kept objectives")
    async def open_episode(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        data: NewEpisodeBody,
    ) -> schemas.EpisodeOut:
        episode = await service.open_episode(principal, family_id, data)
        return shaped(schemas.EpisodeOut, episode)


class EpisodesController(Controller):
    path = "/episodes"
    tags = ["episodes"]

    @get("/{episode_id:str}", summary="An episode")
    async def get_episode(
        self, principal: NamedDependency[Principal], episode_id: FromPath[str]
    ) -> schemas.EpisodeOut:
        return shaped(schemas.EpisodeOut, await service.get_episode(principal, episode_id))

    @post(
        "/{episode_id:str}/close",
        status_code=200,
        summary="Close an episode, deciding every open objective (202: the closure needs a "
        "manager's approval, and the request waits for it; the episode stays open)",
        responses={
            202: ResponseSpec(
                data_container=schemas.ApprovalOut,
                description="The closure needs a manager's approval: the request, waiting",
            )
        },
    )
    async def close_episode(
        self,
        principal: NamedDependency[Principal],
        episode_id: FromPath[str],
        data: CloseEpisodeBody,
    ) -> Response[schemas.EpisodeOut]:
        closed = await service.close_episode(principal, episode_id, data)
        if closed.approval is not None:
            return Response(
                shaped(schemas.ApprovalOut, approvals.public(closed.approval)), status_code=202
            )
        return Response(shaped(schemas.EpisodeOut, closed.episode), status_code=200)

    @post(
        "/{episode_id:str}/challenge",
        summary="A manager's challenge, needed before closing for withdrawn consent",
    )
    async def challenge(
        self,
        principal: NamedDependency[Principal],
        episode_id: FromPath[str],
        data: ChallengeBody,
    ) -> schemas.ChallengeOut:
        challenge = await service.record_challenge(principal, episode_id, data)
        return shaped(schemas.ChallengeOut, challenge)

    @get("/{episode_id:str}/plan", summary="The plan of the episode, with its sections")
    async def plan(
        self, principal: NamedDependency[Principal], episode_id: FromPath[str]
    ) -> PlanOut:
        return shaped(PlanOut, await plans.get_plan_of_episode(principal, episode_id))


# ------------------------------------------------------------------ managers' approvals


class ApprovalsController(Controller):
    """A manager's approvals of closing an episode (careplan.families.services.approvals)."""

    path = "/approvals"
    tags = ["episodes"]

    @get("/", summary="Your queue: the requests to close you may decide, waiting ones first")
    async def queue(self, principal: NamedDependency[Principal]) -> list[schemas.ApprovalOut]:
        rows = await approvals.queue(principal)
        return shaped(list[schemas.ApprovalOut], [approvals.public(row) for row in rows])

    @post(
        "/{approval_id:str}/approve",
        status_code=200,
        summary="Approve a request: the episode closes exactly as asked",
    )
    async def approve(
        self, principal: NamedDependency[Principal], approval_id: FromPath[str]
    ) -> schemas.ApprovalOut:
        approved = await approvals.approve(principal, approval_id)
        return shaped(schemas.ApprovalOut, approvals.public(approved))

    @post(
        "/{approval_id:str}/send-back",
        status_code=200,
        summary="Send a request back with a reason: the episode stays open",
    )
    async def send_back(
        self,
        principal: NamedDependency[Principal],
        approval_id: FromPath[str],
        data: SendBackBody,
    ) -> schemas.ApprovalOut:
        sent = await approvals.send_back(principal, approval_id, data)
        return shaped(schemas.ApprovalOut, approvals.public(sent))


class MembersController(Controller):
    path = "/members"
    tags = ["families"]

    @patch(
        "/{member_id:str}",
        summary="Change a member (revision): details, portal access, a confidential address; "
        "`to_date` ends the membership",
    )
    async def change_member(
        self,
        principal: NamedDependency[Principal],
        member_id: FromPath[str],
        data: MemberPatchBody,
    ) -> schemas.MemberOut:
        return shaped(schemas.MemberOut, await service.change_member(principal, member_id, data))
