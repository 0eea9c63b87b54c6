"""Piccolo's app of the meetings slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.meetings.tables import (
    Agreement,
    AnswerSeen,
    Attendee,
    Decision,
    Disagreement,
    DisagreementStage,
    Meeting,
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
    ],
    migration_dependencies=["careplan.plans.piccolo_app"],
)
