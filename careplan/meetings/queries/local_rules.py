"""What the meetings slice reads of a family's local authority's rules: the bank-holiday
region its working days are counted in, and its disagreement stages' lengths."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from careplan.lib.calendar import DEFAULT_REGION
from careplan.lib.columns import loaded
from careplan.meetings import rules
from careplan.meetings.tables import Disagreement


@dataclass(frozen=True)
class StageRules:
    days: dict[str, int]
    region: str = DEFAULT_REGION

    def deadline(self, stage: str, started_on: dt.date) -> dt.date:
        return rules.stage_deadline(stage, started_on, self.days, self.region)


_SQL = """
SELECT la.bank_holidays, s.value
FROM family f
JOIN local_authority la ON la.id = f.local_authority
LEFT JOIN local_setting s ON s.local_authority = la.id AND s.key = {}
WHERE f.id = {}
"""


async def stage_rules(family_id: uuid.UUID) -> StageRules:
    """The family's local authority's stage lengths and region. One statement."""
    rows = await Disagreement.raw(_SQL, rules.STAGES_SETTING, family_id)
    if not rows:
        return StageRules(dict(rules.STAGE_WORKING_DAYS))
    return StageRules(rules.stage_days(loaded(rows[0]["value"])), rows[0]["bank_holidays"])
