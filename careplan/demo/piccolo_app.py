"""Piccolo's app of the demo: its one table (the demo's secret key) and its migration."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.demo.tables import DemoSecret

APP_CONFIG = AppConfig(
    app_name="demo",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[DemoSecret],
    migration_dependencies=[],
)
