"""The demo's one table: the secret key that every process of the demo shares.

In demo mode nothing needs configuring, so the secret key that signs sessions, CSRF tokens
and API tokens is made once and kept here, with the demo database: `careplan serve`,
`careplan token` and every worker then agree. Outside demo mode this table is never read.
"""

from __future__ import annotations

from piccolo.columns import Integer, Varchar
from piccolo.constraints import Check
from piccolo.table import Table

from careplan.lib.columns import Retained


class DemoSecret(Retained, Table):
    """The demo's secret key: one row (slot 1), made by the first demo process that needs it."""

    slot = Integer(primary_key=True, default=1)
    secret = Varchar(length=100)

    one_row = Check("slot = 1")
    long_enough = Check("length(secret) >= 32")
