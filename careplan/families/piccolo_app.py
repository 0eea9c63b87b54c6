"""Piccolo's app of the families slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.families.tables import (
    Assessment,
    ClosureApproval,
    ClosureChallenge,
    Episode,
    EpisodeChild,
    Family,
    Member,
    TeamMember,
)

APP_CONFIG = AppConfig(
    app_name="families",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Family,
        Member,
        TeamMember,
        Episode,
        EpisodeChild,
        ClosureChallenge,
        ClosureApproval,
        Assessment,
    ],
    migration_dependencies=["careplan.tenancy.piccolo_app"],
)
