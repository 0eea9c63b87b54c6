"""Piccolo's app of the tenancy slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.tenancy.tables import (
    Agency,
    AgencyAuthority,
    EpisodeKind,
    LocalAuthority,
    LocalSetting,
    Person,
    RoleGrant,
    StatutoryClock,
)

APP_CONFIG = AppConfig(
    app_name="tenancy",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        LocalAuthority,
        EpisodeKind,
        StatutoryClock,
        Agency,
        AgencyAuthority,
        Person,
        RoleGrant,
        LocalSetting,
    ],
    migration_dependencies=[],
)
