"""Piccolo's app of the concerns slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.concerns.tables import Concern

APP_CONFIG = AppConfig(
    app_name="concerns",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Concern],
    migration_dependencies=["careplan.families.piccolo_app"],
)
