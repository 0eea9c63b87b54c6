"""Piccolo's configuration: the engine and the slices' apps (their tables and migrations).

`careplan.db.use_engine` replaces `DB` with the engine built from the settings; the value
here only serves Piccolo's own command line during development.
"""

import os

from piccolo.conf.apps import AppRegistry

from careplan.db import make_engine
from careplan.settings import DEFAULT_DATABASE_URL, parse_database_url

DB = make_engine(parse_database_url(os.environ.get("CAREPLAN_DATABASE_URL", DEFAULT_DATABASE_URL)))
# No replica here (CAREPLAN_DATABASE_REPLICA_URL is for the service: careplan.app): Piccolo's
# command line migrates and inspects the primary only.

# One Piccolo app per slice that owns tables, in dependency order.
APP_REGISTRY = AppRegistry(
    apps=[
        "careplan.tenancy.piccolo_app",
        "careplan.families.piccolo_app",
        "careplan.plans.piccolo_app",
        "careplan.meetings.piccolo_app",
        "careplan.concerns.piccolo_app",
        "careplan.identity.piccolo_app",
        "careplan.notify.piccolo_app",
        "careplan.audit.piccolo_app",
        "careplan.demo.piccolo_app",
    ]
)
