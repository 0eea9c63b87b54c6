"""The plans JSON API: translate HTTP to a service call and back, nothing else."""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath, HeaderParameter, PathParameter, QueryParameter

from careplan.access.principal import Principal
from careplan.plans import schemas, service
from careplan.plans.schemas.responses import (
    CheckInOut,
    DiffOut,
    ItemOut,
    NewVersionOut,
    ObjectiveOut,
    PlanOut,
    ScalingOut,
    SharedOut,
    ThreadOut,
    VersionOut,
)
from careplan.plans.schemas.states import EXAMPLE as STATE_EXAMPLE
from careplan.plans.schemas.states import PlanStateOut, StateMove
from careplan.web.openapi import example_body
from careplan.web.responses import shaped

ItemPatchBody = example_body(schemas.ItemPatch, schemas.EXAMPLES)
NewItemBody = example_body(schemas.NewItem, schemas.EXAMPLES)
NewObjectiveBody = example_body(schemas.NewObjective, schemas.EXAMPLES)
NewProgressBody = example_body(schemas.NewProgress, schemas.EXAMPLES)
NewScalingBody = example_body(schemas.NewScaling, schemas.EXAMPLES)
# Every field of a new version is optional, so the body itself is: none is a plain snapshot.
NewVersionBody = Annotated[
    schemas.NewVersion | None,
    Body(
        media_type=RequestEncodingType.JSON,
        examples=[Example(summary="NewVersion", value=schemas.EXAMPLES[schemas.NewVersion])],
    ),
]
StateMoveBody = Annotated[
    StateMove,
    Body(
        media_type=RequestEncodingType.JSON,
        examples=[Example(summary="StateMove", value=STATE_EXAMPLE)],
    ),
]
ObjectivePatchBody = example_body(schemas.ObjectivePatch, schemas.EXAMPLES)
RemovalBody = example_body(schemas.Removal, schemas.EXAMPLES)

VersionNumber = Annotated[int, PathParameter(ge=1, le=1_000_000)]
IfMatch = Annotated[str | None, HeaderParameter(name="if-match", required=False)]
ETAG_REVISION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def with_if_match(struct: Any, if_match: str | None) -> Any:
    """The revision a change is based on: the body's `revision`, else the If-Match ETag."""
    if getattr(struct, "revision", None) is None and if_match:
        found = ETAG_REVISION.match(if_match)
        if found:
            return msgspec.structs.replace(struct, revision=int(found.group(1)))
    return struct


class PlansController(Controller):
    path = "/plans/{plan_id:str}"
    tags = ["plans"]

    @get("/", summary="A plan, with its sections, objectives, scaling and versions")
    async def get_plan(
        self, principal: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> PlanOut:
        return shaped(PlanOut, await service.get_plan(principal, plan_id))

    @post("/items", summary="Add an item to a section")
    async def add_item(
        self,
        principal: NamedDependency[Principal],
        plan_id: FromPath[str],
        data: NewItemBody,
    ) -> ItemOut:
        return shaped(ItemOut, await service.add_item(principal, plan_id, data))

    @post("/objectives", summary="Add a measurable objective (it starts a thread)")
    async def add_objective(
        self,
        principal: NamedDependency[Principal],
        plan_id: FromPath[str],
        data: NewObjectiveBody,
    ) -> ObjectiveOut:
        return shaped(ObjectiveOut, await service.add_objective(principal, plan_id, data))

    @post("/scaling", summary="Record a 0-10 scaling judgement, overall or on a statement")
    async def add_scaling(
        self,
        principal: NamedDependency[Principal],
        plan_id: FromPath[str],
        data: NewScalingBody,
    ) -> ScalingOut:
        return shaped(ScalingOut, await service.add_scaling(principal, plan_id, data))

    @post("/versions", summary="Take an immutable, numbered snapshot -> {number, sha256}")
    async def take_version(
        self,
        principal: NamedDependency[Principal],
        plan_id: FromPath[str],
        data: NewVersionBody = None,
    ) -> NewVersionOut:
        # Every field is optional, so no body at all is a snapshot with no label.
        taken = await service.take_version(principal, plan_id, data or schemas.NewVersion())
        return shaped(NewVersionOut, taken)

    @get("/versions/{number:int}", summary="One version: its canonical content and hash")
    async def get_version(
        self, principal: NamedDependency[Principal], plan_id: FromPath[str], number: VersionNumber
    ) -> VersionOut:
        return shaped(VersionOut, await service.get_version(principal, plan_id, number))

    @post(
        "/versions/{number:int}/share",
        status_code=200,
        summary="Share a version with the family: makes each member's view",
    )
    async def share_version(
        self, principal: NamedDependency[Principal], plan_id: FromPath[str], number: VersionNumber
    ) -> SharedOut:
        return shaped(SharedOut, await service.share_version(principal, plan_id, number))

    @post("/state", status_code=200, summary="Move the plan to another state, with a reason")
    async def move_state(
        self, principal: NamedDependency[Principal], plan_id: FromPath[str], data: StateMoveBody
    ) -> PlanStateOut:
        moved = await service.move(
            principal, plan_id, data.state, data.reason, revision=data.revision
        )
        return shaped(PlanStateOut, moved)

    @get("/diff", summary="What changed between two versions, per section")
    async def diff(
        self,
        principal: NamedDependency[Principal],
        plan_id: FromPath[str],
        from_: Annotated[int, QueryParameter(name="from", ge=1, le=1_000_000)],
        to: Annotated[int, QueryParameter(name="to", ge=1, le=1_000_000)],
    ) -> DiffOut:
        return shaped(DiffOut, await service.diff_versions(principal, plan_id, from_, to))


class ItemsController(Controller):
    path = "/items/{item_id:str}"
    tags = ["plans"]

    @patch("/", summary="Change an item (names the revision it was based on)")
    async def patch_item(
        self,
        principal: NamedDependency[Principal],
        item_id: FromPath[str],
        data: ItemPatchBody,
        if_match: IfMatch = None,
    ) -> ItemOut:
        patched = await service.patch_item(principal, item_id, with_if_match(data, if_match))
        return shaped(ItemOut, patched)

    @delete("/", status_code=200, summary="Remove an item softly, with a reason (revision)")
    async def remove_item(
        self,
        principal: NamedDependency[Principal],
        item_id: FromPath[str],
        data: RemovalBody,
        if_match: IfMatch = None,
    ) -> ItemOut:
        removed = await service.remove_item(principal, item_id, with_if_match(data, if_match))
        return shaped(ItemOut, removed)


class ObjectivesController(Controller):
    path = "/objectives/{objective_id:str}"
    tags = ["plans"]

    @patch("/", summary="Change an open objective (revision)")
    async def patch_objective(
        self,
        principal: NamedDependency[Principal],
        objective_id: FromPath[str],
        data: ObjectivePatchBody,
        if_match: IfMatch = None,
    ) -> ObjectiveOut:
        data = with_if_match(data, if_match)
        return shaped(ObjectiveOut, await service.patch_objective(principal, objective_id, data))

    @post(
        "/progress",
        summary="Record progress; a repeated client_uuid is stored once (200)",
        responses={
            200: ResponseSpec(
                data_container=CheckInOut,
                description="The client_uuid was sent before: the check-in as it was stored",
            )
        },
    )
    async def add_progress(
        self,
        principal: NamedDependency[Principal],
        objective_id: FromPath[str],
        data: NewProgressBody,
    ) -> Response[CheckInOut]:
        entry, created = await service.add_progress(principal, objective_id, data)
        return Response(shaped(CheckInOut, entry), status_code=201 if created else 200)


class ThreadsController(Controller):
    path = "/threads"
    tags = ["plans"]

    @get("/{thread_id:str}", summary="One objective's whole life across versions and episodes")
    async def get_thread(
        self, principal: NamedDependency[Principal], thread_id: FromPath[str]
    ) -> ThreadOut:
        return shaped(ThreadOut, await service.get_thread(principal, thread_id))
