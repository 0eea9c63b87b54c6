"""Piccolo's app of the meetings slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.meetings.tables import (
    Agreement,
    AnswerSeen,
    Attendee,
    ChildDecision,
    ConferenceDissent,
    Decision,
    Disagreement,
    DisagreementStage,
    Meeting,
    MeetingAnnotation,
    MeetingReport,
    MeetingScale,
    MeetingView,
)

APP_CONFIG = AppConfig(
    app_name="meetings",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Meeting,
        Attendee,
        MeetingView,
        Decision,
        Agreement,
        Disagreement,
        DisagreementStage,
        AnswerSeen,
        MeetingReport,
        MeetingScale,
        ChildDecision,
        ConferenceDissent,
        MeetingAnnotation,
    ],
    migration_dependencies=["careplan.plans.piccolo_app"],
)
