"""The steps the kernel's unit of work runs but cannot import (it sits below every slice),
and what a lower slice asks of a higher one (plans asks families about episodes, tenancy
and families ask identity about sign-in accounts, access asks families for a family's names
and meetings for their chairs).

Imported once by whatever changes data: the app, the command line and the tests.
"""

from __future__ import annotations

from careplan.access import chairs, team
from careplan.audit import service as audit
from careplan.families import plan_episodes, portal_accounts, revisions
from careplan.families.queries import names as family_names
from careplan.identity import accounts as identity_accounts
from careplan.lib import uow
from careplan.meetings.queries import chairs as meeting_chairs
from careplan.plans import episodes
from careplan.tenancy import accounts

uow.before_commit(revisions.bump)
uow.use_audit_writer(audit.record)
episodes.use(plan_episodes)  # type: ignore[arg-type]
accounts.use(identity_accounts)  # type: ignore[arg-type]
portal_accounts.use(identity_accounts)  # type: ignore[arg-type]
team.use_names(family_names.names_of)
chairs.use(meeting_chairs)  # type: ignore[arg-type]

# Issue 18: a plan is "agreed" only with every party's acknowledgement (meetings answer).
from careplan.meetings.queries import acknowledgements as meeting_acknowledgements  # noqa: E402
from careplan.plans import acknowledgements  # noqa: E402

acknowledgements.use(meeting_acknowledgements)  # type: ignore[arg-type]
