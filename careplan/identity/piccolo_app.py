"""Piccolo's app of the identity slice: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from careplan.identity.tables import (
    ExternalIdentity,
    Invitation,
    OneTimeCode,
    Passkey,
    Session,
    WebAuthnChallenge,
)

APP_CONFIG = AppConfig(
    app_name="identity",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[ExternalIdentity, Invitation, Passkey, WebAuthnChallenge, OneTimeCode, Session],
    migration_dependencies=["careplan.families.piccolo_app"],
)
