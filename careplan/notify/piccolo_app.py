"""Piccolo's app of the notify slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.notify.tables import Notification, PushSubscription

APP_CONFIG = AppConfig(
    app_name="notify",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[PushSubscription, Notification],
    migration_dependencies=["careplan.identity.piccolo_app"],
)
