"""A local authority's disagreement stages, set by its administrator (issue 17, item 8):
how many working days each stage has before it escalates. England's common lengths stay the
default (`rules.STAGE_WORKING_DAYS`); the local setting is kept by tenancy, after these rules
have checked it."""

from __future__ import annotations

from typing import Any

from careplan.access.principal import Principal
from careplan.meetings import rules
from careplan.meetings.vocabulary import DISAGREEMENT_STAGES
from careplan.tenancy.services import local_rules as tenancy


async def stage_lengths(principal: Principal) -> list[dict[str, Any]]:
    """Each stage, in order, with its length here and England's (Forbidden for anyone but
    an administrator)."""
    days = rules.stage_days(await tenancy.setting(principal, rules.STAGES_SETTING))
    return [
        {"stage": stage, "days": days[stage], "england": rules.STAGE_WORKING_DAYS[stage]}
        for stage in DISAGREEMENT_STAGES
    ]


async def change_stage_lengths(principal: Principal, given: dict[str, Any]) -> dict[str, int]:
    """Every stage's length (Invalid naming the stage at fault; nothing is kept then).
    England's lengths, given back, leave no local setting."""
    await tenancy.setting(principal, rules.STAGES_SETTING)  # an administrator only
    days = rules.check_stage_days(given)
    value = None if days == rules.STAGE_WORKING_DAYS else days
    await tenancy.save_setting(
        principal, rules.STAGES_SETTING, value, "local_rules.disagreement_stages_changed"
    )
    return days
