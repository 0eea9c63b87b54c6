"""Meetings' use cases, one module per aggregate:

- `agreements`: a family member's answer to their view of a plan, and the team's reading of
  the answers (which are new, marking one as seen);
- `meetings`: arranging a meeting, its attendees' views, the chair's decisions;
- `disagreements`: professional disagreements, opened by a dissent, escalated, resolved;
- `presenting`: the documents they answer with.

Each use case checks access through `careplan.access.permissions` and writes through the unit
of work (`careplan.lib.uow.change`): one transaction with its audit event, the family's
revision bumped and its live event published after commit. Notifications go to the outbox
through `careplan.notify.service`, in the same transaction, carrying ids only.
"""

from careplan.meetings.service.agreements import (
    answer_plan,
    list_agreements,
    mark_answer_seen,
    new_answers,
)
from careplan.meetings.service.arranging import create_meeting, list_meetings, may_arrange
from careplan.meetings.service.disagreements import escalate, get_disagreement, resolve
from careplan.meetings.service.dissents import dissent, dissent_page, get_dissent
from careplan.meetings.service.dissents import review as review_dissent
from careplan.meetings.service.meeting_pages import (
    arrange_form,
    meeting_page,
    meetings_of_family,
    meetings_of_plan,
    report_form,
)
from careplan.meetings.service.meetings import (
    MeetingAccess,
    get_meeting,
    record_decision,
    record_view,
)
from careplan.meetings.service.presenting import (
    agreement_out,
    attendee_out,
    decision_out,
    disagreement_out,
    meeting_out,
    stage_out,
    view_out,
)
from careplan.meetings.service.reports import add_report, list_reports, readable_reports
from careplan.meetings.service.room import record_attendance, record_scale, reveal
from careplan.meetings.service.room_page import room as meeting_room

__all__ = [
    "MeetingAccess",
    "add_report",
    "agreement_out",
    "answer_plan",
    "arrange_form",
    "attendee_out",
    "create_meeting",
    "decision_out",
    "disagreement_out",
    # issue 18, in the meeting
    "dissent",
    "dissent_page",
    "escalate",
    "get_disagreement",
    "get_dissent",
    "get_meeting",
    "list_agreements",
    "list_meetings",
    "list_reports",
    "mark_answer_seen",
    "may_arrange",
    "meeting_out",
    "meeting_page",
    "meeting_room",
    "meetings_of_family",
    "meetings_of_plan",
    "new_answers",
    "readable_reports",
    "record_attendance",
    "record_decision",
    "record_scale",
    "record_view",
    "report_form",
    "resolve",
    "reveal",
    "review_dissent",
    "stage_out",
    "view_out",
]
