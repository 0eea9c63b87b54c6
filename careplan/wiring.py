"""The steps the kernel's unit of work runs but cannot import (it sits below every slice).

Imported once by whatever changes data: the app, the command line and the tests.
"""

from __future__ import annotations

from careplan.audit import service as audit
from careplan.families import revisions
from careplan.lib import uow

uow.before_commit(revisions.bump)
uow.use_audit_writer(audit.record)
