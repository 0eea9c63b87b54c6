"""The meetings JSON API: translate HTTP to a service call and back, nothing else."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath

from careplan.access.principal import Principal
from careplan.meetings import schemas, service
from careplan.web.openapi import example_body
from careplan.web.responses import shaped

NewAgreementBody = example_body(schemas.NewAgreement, schemas.EXAMPLES)
NewMeetingBody = example_body(schemas.NewMeeting, schemas.EXAMPLES)
NewViewBody = example_body(schemas.NewView, schemas.EXAMPLES)
NewDecisionBody = example_body(schemas.NewDecision, schemas.EXAMPLES)
ResolutionBody = example_body(schemas.Resolution, schemas.EXAMPLES)
NewReportBody = example_body(schemas.NewReport, schemas.EXAMPLES)
NewAttendanceBody = example_body(schemas.NewAttendance, schemas.EXAMPLES)
NewScaleBody = example_body(schemas.NewScale, schemas.EXAMPLES)
NewDissentBody = example_body(schemas.NewDissent, schemas.EXAMPLES)
DissentReviewBody = example_body(schemas.DissentReview, schemas.EXAMPLES)
# Escalating needs no body: an outcome and a revision may be given.
EscalationBody = Annotated[
    schemas.Escalation | None,
    Body(
        media_type=RequestEncodingType.JSON,
        examples=[Example(summary="Escalation", value=schemas.EXAMPLES[schemas.Escalation])],
    ),
]


class PlanAgreementsController(Controller):
    """The family's answers to a plan, and the meetings arranged on it."""

    path = "/plans/{plan_id:str}"
    tags = ["meetings"]

    @post("/agreements", summary="A family member answers their own latest view of the plan")
    async def answer(
        self,
        principal: NamedDependency[Principal],
        plan_id: FromPath[str],
        data: NewAgreementBody,
    ) -> schemas.AgreementOut:
        return shaped(schemas.AgreementOut, await service.answer_plan(principal, plan_id, data))

    @get("/agreements", summary="Every member's answers to the plan, with their history")
    async def agreements(
        self, principal: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> schemas.AgreementsOut:
        return shaped(schemas.AgreementsOut, await service.list_agreements(principal, plan_id))

    @post("/meetings", summary="Arrange a meeting on the plan, with its chair and attendees")
    async def arrange(
        self,
        principal: NamedDependency[Principal],
        plan_id: FromPath[str],
        data: NewMeetingBody,
    ) -> schemas.MeetingOut:
        return shaped(schemas.MeetingOut, await service.create_meeting(principal, plan_id, data))

    @get("/meetings", summary="The plan's meetings: those coming first, then those past")
    async def meetings(
        self, principal: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> schemas.PlanMeetingsOut:
        return shaped(schemas.PlanMeetingsOut, await service.list_meetings(principal, plan_id))


class MeetingsController(Controller):
    path = "/meetings/{meeting_id:str}"
    tags = ["meetings"]

    @get("/", summary="A meeting: attendees, views, the chair's decision, disagreements")
    async def get_meeting(
        self, principal: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> schemas.MeetingOut:
        return shaped(schemas.MeetingOut, await service.get_meeting(principal, meeting_id))

    @post("/views", summary="An attendee's view of the version discussed; dissent needs a reason")
    async def record_view(
        self,
        principal: NamedDependency[Principal],
        meeting_id: FromPath[str],
        data: NewViewBody,
    ) -> schemas.RecordedViewOut:
        view = await service.record_view(principal, meeting_id, data)
        return shaped(schemas.RecordedViewOut, view)

    @post("/decisions", summary="The chair's decisions on the version discussed (once)")
    async def record_decision(
        self,
        principal: NamedDependency[Principal],
        meeting_id: FromPath[str],
        data: NewDecisionBody,
    ) -> schemas.RecordedDecisionOut:
        decision = await service.record_decision(principal, meeting_id, data)
        return shaped(schemas.RecordedDecisionOut, decision)

    @post("/reports", summary="An agency's report before the meeting, with its audience")
    async def add_report(
        self,
        principal: NamedDependency[Principal],
        meeting_id: FromPath[str],
        data: NewReportBody,
    ) -> schemas.ReportOut:
        return shaped(schemas.ReportOut, await service.add_report(principal, meeting_id, data))

    @get("/reports", summary="The meeting's reports that the reader's audience lets them see")
    async def reports(
        self, principal: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> list[schemas.ReportOut]:
        return shaped(list[schemas.ReportOut], await service.list_reports(principal, meeting_id))


class MeetingRoomController(Controller):
    """In the meeting (issue 18): attendance and quorum, blind scales, dissent."""

    path = "/meetings/{meeting_id:str}"
    tags = ["meetings"]

    @post("/attendance", status_code=200, summary="Who was there; the quorum; an inquorate choice")
    async def record_attendance(
        self,
        principal: NamedDependency[Principal],
        meeting_id: FromPath[str],
        data: NewAttendanceBody,
    ) -> schemas.MeetingOut:
        meeting = await service.record_attendance(principal, meeting_id, data)
        return shaped(schemas.MeetingOut, meeting)

    @post("/scales", status_code=200, summary="A 0-10 scale with its reason, blind until revealed")
    async def record_scale(
        self,
        principal: NamedDependency[Principal],
        meeting_id: FromPath[str],
        data: NewScaleBody,
    ) -> schemas.ScalesOut:
        return shaped(schemas.ScalesOut, await service.record_scale(principal, meeting_id, data))

    @post("/reveal", status_code=200, summary="The chair shows every scale together")
    async def reveal(
        self, principal: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> schemas.RevealOut:
        return shaped(schemas.RevealOut, await service.reveal(principal, meeting_id))

    @post("/dissent", summary="A professional who was there dissents from the decision")
    async def dissent(
        self,
        principal: NamedDependency[Principal],
        meeting_id: FromPath[str],
        data: NewDissentBody,
    ) -> schemas.DissentOut:
        return shaped(schemas.DissentOut, await service.dissent(principal, meeting_id, data))


class DissentsController(Controller):
    path = "/dissents/{dissent_id:str}"
    tags = ["meetings"]

    @get("/", summary="A dissent from a conference's decision and its review")
    async def get_dissent(
        self, principal: NamedDependency[Principal], dissent_id: FromPath[str]
    ) -> schemas.DissentOut:
        return shaped(schemas.DissentOut, await service.get_dissent(principal, dissent_id))

    @post("/review", status_code=200, summary="The senior chair reviews a dissent")
    async def review(
        self,
        principal: NamedDependency[Principal],
        dissent_id: FromPath[str],
        data: DissentReviewBody,
    ) -> schemas.DissentOut:
        return shaped(schemas.DissentOut, await service.review_dissent(principal, dissent_id, data))


class DisagreementsController(Controller):
    path = "/disagreements/{disagreement_id:str}"
    tags = ["meetings"]

    @get("/", summary="A professional disagreement, with its stages and deadlines")
    async def get_disagreement(
        self, principal: NamedDependency[Principal], disagreement_id: FromPath[str]
    ) -> schemas.DisagreementOut:
        disagreement = await service.get_disagreement(principal, disagreement_id)
        return shaped(schemas.DisagreementOut, disagreement)

    @post("/escalate", status_code=200, summary="Move to the next stage, with a new deadline")
    async def escalate(
        self,
        principal: NamedDependency[Principal],
        disagreement_id: FromPath[str],
        data: EscalationBody = None,
    ) -> schemas.DisagreementOut:
        data = data or schemas.Escalation()
        return shaped(
            schemas.DisagreementOut, await service.escalate(principal, disagreement_id, data)
        )

    @post("/resolve", status_code=200, summary="Record how the disagreement was resolved")
    async def resolve(
        self,
        principal: NamedDependency[Principal],
        disagreement_id: FromPath[str],
        data: ResolutionBody,
    ) -> schemas.DisagreementOut:
        disagreement = await service.resolve(principal, disagreement_id, data)
        return shaped(schemas.DisagreementOut, disagreement)
