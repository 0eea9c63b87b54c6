"""Piccolo's app of the plans slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.plans.tables import (
    FamilyView,
    Item,
    Objective,
    ObjectiveThread,
    Plan,
    PlanStateChange,
    PlanVersion,
    ProgressEntry,
    Scaling,
    VersionAnnotation,
)

APP_CONFIG = AppConfig(
    app_name="plans",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Plan,
        Item,
        ObjectiveThread,
        Objective,
        ProgressEntry,
        Scaling,
        PlanVersion,
        VersionAnnotation,
        FamilyView,
        PlanStateChange,
    ],
    migration_dependencies=["careplan.families.piccolo_app"],
)
