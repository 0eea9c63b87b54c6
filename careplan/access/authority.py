"""Who may take each consequential action on a family: authority, beyond access.

Access (careplan.access.permissions) says who may read and write a family's plan: its team,
their managers, its members for their own views. Authority says who, of those, may take an
action with consequences: end statutory work, share a version with the family, change who is
on the team. It is decided by role and kind of agency, as data per local authority, with
England's practice as the default (Working Together to Safeguard Children 2023):

- Statutory episodes (child in need, child protection, looked after) are opened and closed by
  the local authority's children's social care: a social worker of it on the family's team, or
  a manager of it. Partner agencies (police, health, schools) write the plan, give their
  views, raise concerns and disagree; they do not end statutory work.
- Early help is opened and closed by its lead practitioner (the family's key worker, from any
  agency), by children's social care or early help on the team, or by their managers.
- The team and the family's portal are changed by the key worker, children's social care on
  the team, or a manager.

A local authority changes a rule with a local setting (careplan.tenancy's LocalSetting) whose
key is `authority` and whose value maps an action (and, for episodes, a kind) to who may take
it: `{"episode.close": {"early_help": {"agency_kinds": ["early_help"], "key_worker": true,
"managers": true}}}`. What it does not name stays England's.

Some closures also need a manager's approval before they take effect (England: child
protection and looked-after work; see "managers' approvals" at the end, a local setting
`approvals`): who approves is the action `closure.approve`, and someone who may approve a
closure needs no one's approval to make it.

A refusal answers 403 naming the action and who may take it: the person may read the family,
so they know it exists; hiding the action would only leave them guessing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import Forbidden
from careplan.lib.replica import on_primary
from careplan.tenancy.tables import Agency, LocalSetting

log = logging.getLogger(__name__)

# The consequential actions, each with the words a refusal names it by.
ACTIONS: dict[str, str] = {
    "episode.open": "open {kind} episode",
    "episode.close": "close {kind} episode",
    "version.share": "share a version of the plan with the family",
    "team.add": "add someone to the team",
    "team.remove": "take someone off the team",
    "team.key_worker": "change the key worker",
    "member.change": "add or change a family member",
    "member.portal": "change a member's access to the portal or keep their address confidential",
    "closure.challenge": "record a manager's challenge to closing",
    "closure.approve": "approve closing {kind} episode",
    "family.start": "start a family's record",
    "plan.state": "move the plan to another state (outline, detailed, agreed, active ...)",
    "meeting.arrange": "arrange a meeting",
}

STATUTORY = ("child_in_need", "child_protection", "looked_after")
SOCIAL_CARE = "childrens_social_care"
EARLY_HELP = "early_help"
ANY_KIND = "*"
SETTING_KEY = "authority"


@dataclass(frozen=True)
class Rule:
    """Who may take an action: a professional on the family's team from an agency of one of
    `agency_kinds` (unless not `team`); the family's key worker (whatever their agency) when
    `key_worker`; a manager, in the family's local authority, of an agency of one of
    `agency_kinds` when `managers`."""

    agency_kinds: frozenset[str]
    key_worker: bool = False
    managers: bool = True
    team: bool = True  # False: only managers of those kinds, not their practitioners

    @classmethod
    def from_setting(cls, value: Any, field: str) -> Rule:
        if not isinstance(value, dict):
            raise ValueError(f"{field} must be an object")
        kinds = value.get("agency_kinds", [])
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise ValueError(f"{field}.agency_kinds must be a list of agency kinds")
        return cls(
            agency_kinds=frozenset(kinds),
            key_worker=bool(value.get("key_worker", False)),
            managers=bool(value.get("managers", True)),
            team=bool(value.get("team", True)),
        )

    def who(self) -> str:
        """Who may, in words: what a refusal says."""
        names = sorted(_KIND_NAMES.get(kind, kind.replace("_", " ")) for kind in self.agency_kinds)
        whom = []
        if names and self.team:
            whom.append(" or ".join(names) + " on the family's team")
        if self.key_worker:
            whom.append("the family's key worker")
        if self.managers and names:
            whom.append("their managers" if self.team else "a manager of " + " or ".join(names))
        if not whom:
            return "nobody here"
        return whom[0] if len(whom) == 1 else ", ".join(whom[:-1]) + " or " + whom[-1]


_KIND_NAMES = {SOCIAL_CARE: "children's social care", EARLY_HELP: "early help"}
_SOCIAL_CARE_ONLY = Rule(frozenset({SOCIAL_CARE}))
_LEAD = Rule(frozenset({SOCIAL_CARE}), key_worker=True)
_EARLY_HELP = Rule(frozenset({SOCIAL_CARE, EARLY_HELP}), key_worker=True)

# England's practice: (action, episode kind or ANY_KIND) -> rule.
DEFAULTS: dict[tuple[str, str], Rule] = {
    **{("episode.open", kind): _SOCIAL_CARE_ONLY for kind in STATUTORY},
    **{("episode.close", kind): _SOCIAL_CARE_ONLY for kind in STATUTORY},
    ("episode.open", EARLY_HELP): _EARLY_HELP,
    ("episode.close", EARLY_HELP): _EARLY_HELP,
    # A local kind of episode, unless the local authority says otherwise: as early help.
    ("episode.open", ANY_KIND): _EARLY_HELP,
    ("episode.close", ANY_KIND): _EARLY_HELP,
    ("version.share", ANY_KIND): _LEAD,
    ("team.add", ANY_KIND): _LEAD,
    ("team.remove", ANY_KIND): _LEAD,
    ("team.key_worker", ANY_KIND): _LEAD,
    ("member.change", ANY_KIND): _LEAD,
    ("member.portal", ANY_KIND): _LEAD,
    ("closure.challenge", ANY_KIND): Rule(frozenset({SOCIAL_CARE, EARLY_HELP}), team=False),
    # Who approves a closure that needs it (the approval rules below): a manager of the
    # agency that holds the work, never a practitioner. A manager who may approve one needs
    # no one's approval to close it themselves.
    **{("closure.approve", kind): Rule(frozenset({SOCIAL_CARE}), team=False) for kind in STATUTORY},
    ("closure.approve", ANY_KIND): Rule(frozenset({SOCIAL_CARE, EARLY_HELP}), team=False),
    # No team yet: a practitioner or manager of one of these kinds of agency (the front door
    # role comes with issue 19).
    ("family.start", ANY_KIND): Rule(frozenset({SOCIAL_CARE, EARLY_HELP})),
    # Issue 18: a plan's state moves with its meetings; children's social care holds it.
    ("plan.state", ANY_KIND): _SOCIAL_CARE_ONLY,
    # Meetings (issue 18), by the meeting's kind: children's social care on the team, the key
    # worker, their managers; early help too for its own meetings.
    ("meeting.arrange", ANY_KIND): _LEAD,
    ("meeting.arrange", "team_around_the_family"): _EARLY_HELP,
    ("meeting.arrange", "child_in_need_review"): _EARLY_HELP,
}


def local_rules(setting: Any) -> dict[tuple[str, str], Rule]:
    """A local authority's `authority` setting as rules (see the module's docstring).
    ValueError naming the part that is wrong."""
    if not isinstance(setting, dict):
        raise ValueError("authority must be an object")
    rules: dict[tuple[str, str], Rule] = {}
    for action, by_kind in setting.items():
        if action not in ACTIONS:
            raise ValueError(f"authority: {action!r} is not an action")
        if not isinstance(by_kind, dict):
            raise ValueError(f"authority.{action} must be an object")
        for kind, value in by_kind.items():
            rules[(action, kind)] = Rule.from_setting(value, f"authority.{action}.{kind}")
    return rules


def rule_in(rules: dict[tuple[str, str], Rule], action: str, kind: str | None) -> Rule:
    """The rule for an action (on an episode of `kind`) among a local authority's `rules` and
    England's: a local rule, for the kind or for every kind (`*`), before any of England's."""
    for table in (rules, DEFAULTS):
        for key in ((action, kind or ANY_KIND), (action, ANY_KIND)):
            if key in table:
                return table[key]
    raise KeyError(action)


def allows(
    rule: Rule,
    access: FamilyAccess,
    agency_kind: str | None,
    managed_kinds: set[str],
) -> bool:
    """The decision, from what was read: the principal's access to the family (on its team,
    or a manager of an agency on it; key worker or not), their own agency's kind, and the
    kinds of the agencies they manage in the family's local authority."""
    if not access.can_edit_plan:
        return False  # a member, or a meeting's chair: they read, they take no action here
    on_team = access.via == "team"
    if on_team and rule.team and agency_kind in rule.agency_kinds:
        return True
    if on_team and rule.key_worker and access.key_worker:
        return True
    return rule.managers and bool(managed_kinds & rule.agency_kinds)


def describe(action: str, kind: str | None) -> str:
    words = ACTIONS[action]
    if "{kind}" in words:
        label = (kind or "an").replace("_", " ")
        article = "an" if label[:1] in "aeiou" else "a"
        words = words.format(kind=f"{article} {label}" if kind else "an")
    return words


@on_primary
async def _agency_kinds(agency_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not agency_ids:
        return {}
    rows = await Agency.select(Agency.id, Agency.kind).where(Agency.id.is_in(list(agency_ids)))
    return {row["id"]: row["kind"] for row in rows}


@on_primary
async def _local_rules(local_authority: uuid.UUID) -> dict[tuple[str, str], Rule]:
    row = (
        await LocalSetting.select(LocalSetting.value)
        .where(
            (LocalSetting.local_authority == local_authority) & (LocalSetting.key == SETTING_KEY)
        )
        .output(load_json=True)
        .first()
    )
    if row is None:
        return {}
    try:
        return local_rules(row["value"])
    except ValueError as error:
        # A setting that cannot be read never stops the service: England's rules hold, and
        # whoever runs it is told (the local rules page checks a setting before saving it).
        log.warning(
            "local authority %s: its authority setting is ignored: %s", local_authority, error
        )
        return {}


def _managed_in(principal: Principal, local_authority: uuid.UUID) -> frozenset[uuid.UUID]:
    """The agencies the principal manages in the local authority."""
    return frozenset(
        held.agency
        for held in principal.roles
        if held.role == "manager"
        and held.agency is not None
        and held.local_authority == local_authority
    )


def _managed_agencies(access: FamilyAccess) -> frozenset[uuid.UUID]:
    """The agencies the principal manages in the family's local authority."""
    return _managed_in(access.principal, access.local_authority_id)


async def _kinds(
    principal: Principal, managed: frozenset[uuid.UUID]
) -> tuple[str | None, set[str]]:
    """The kind of the principal's own agency, and the kinds of the agencies they manage:
    what a rule's agency kinds are held against. One read for both."""
    own = {principal.agency_id} if principal.agency_id is not None else set()
    kinds = await _agency_kinds(own | managed)
    agency_kind = kinds.get(principal.agency_id) if principal.agency_id else None
    return agency_kind, {kinds[a] for a in managed if a in kinds}


def grounds(access: FamilyAccess) -> tuple[Any, ...]:
    """What a decision of `may` depends on besides data read for it (the local authority's
    rules, the kinds of agencies): how the principal reaches the family, whether they are its
    key worker, their agency, the agencies they manage there. A page kept with its decisions
    (careplan.web.page_cache) has these in its key."""
    return (
        access.via,
        access.key_worker,
        access.principal.agency_id,
        tuple(sorted(map(str, _managed_agencies(access)))),
    )


async def allowed(access: FamilyAccess, *actions: str) -> frozenset[str]:
    """Which of `actions` (any kind of episode: not the episodes' own) the principal of
    `access` may take on its family: what a page offers them. Reads the rules and the agencies'
    kinds once for all of them."""
    principal = access.principal
    if not access.can_edit_plan or not principal.is_professional:
        return frozenset()
    rules = await _local_rules(access.local_authority_id)
    agency_kind, managed_kinds = await _kinds(principal, _managed_agencies(access))
    return frozenset(
        action
        for action in actions
        if allows(rule_in(rules, action, None), access, agency_kind, managed_kinds)
    )


async def may(access: FamilyAccess, action: str, kind: str | None = None) -> bool:
    """Whether the principal of `access` may take `action` on its family (on an episode of
    `kind`, for an episode's actions)."""
    principal = access.principal
    if not access.can_edit_plan or not principal.is_professional:
        return False
    rule = rule_in(await _local_rules(access.local_authority_id), action, kind)
    agency_kind, managed_kinds = await _kinds(principal, _managed_agencies(access))
    return allows(rule, access, agency_kind, managed_kinds)


async def refusal(access: FamilyAccess, action: str, kind: str | None = None) -> str | None:
    """Why the principal of `access` may not take `action` (the words a 403 says), or None
    when they may."""
    if await may(access, action, kind):
        return None
    rule = rule_in(await _local_rules(access.local_authority_id), action, kind)
    return f"You cannot {describe(action, kind)}: only {rule.who()} can"


async def require(access: FamilyAccess, action: str, kind: str | None = None) -> None:
    """Forbidden (403) naming the action and who may take it, unless `may`."""
    refused = await refusal(access, action, kind)
    if refused is not None:
        raise Forbidden(refused)


async def start_refusal(principal: Principal, local_authority: uuid.UUID) -> str | None:
    """Why this professional may not start a family's record in the local authority (what a
    403 says), or None when they may: their agency is of a kind the rule names, or they
    manage one that is. No family, so no team: the rule's agency kinds are all it reads."""
    rule = rule_in(await _local_rules(local_authority), "family.start", None)
    if principal.is_professional:
        agency_kind, managed_kinds = await _kinds(
            principal, _managed_in(principal, local_authority)
        )
        if agency_kind in rule.agency_kinds:
            return None
        if rule.managers and managed_kinds & rule.agency_kinds:
            return None
    names = sorted(_KIND_NAMES.get(k, k.replace("_", " ")) for k in rule.agency_kinds)
    return f"You cannot start a family's record: only {' or '.join(names) or 'nobody here'} can"


async def require_to_start(principal: Principal, local_authority: uuid.UUID) -> None:
    refused = await start_refusal(principal, local_authority)
    if refused is not None:
        raise Forbidden(refused)


# ------------------------------------------------------------------------ managers' approvals
#
# Which closures need a manager's approval before they take effect: data per local authority
# with England's practice as the default. The local setting's key is `approvals`; its value
# maps what is asked ("episode.close", or "episode.step_down": closing with the outcome
# step_down) and an episode kind (or "*") to true or false:
# `{"episode.close": {"child_in_need": true}, "episode.step_down": {"*": true}}`.
# What it does not name stays England's. Who approves is the `closure.approve` rule above;
# someone who may approve never needs an approval to close.
#
# England: a child protection episode ends only on a conference's decision once a plan is
# made, and an enquiry before its conference closes with the manager's approval (Working
# Together 2023); until conferences are built here, closing one takes a manager's approval.
# A looked-after child ceasing to be looked after is a decision the local authority's
# manager approves (the Care Planning Regulations 2010 ask for a nominated officer's
# approval in some cases): a manager's approval too. Child in need and early help close
# without one unless a local authority says so.

APPROVALS_KEY = "approvals"
APPROVAL_ACTIONS = ("episode.close", "episode.step_down")
APPROVAL_DEFAULTS: dict[tuple[str, str], bool] = {
    **{(action, kind): True for action in APPROVAL_ACTIONS for kind in ("child_protection",)},
    **{(action, "looked_after"): True for action in APPROVAL_ACTIONS},
    **{(action, ANY_KIND): False for action in APPROVAL_ACTIONS},
}


def approval_action(outcome: str) -> str:
    """What a closure with this outcome asks: to step down, or to close."""
    return "episode.step_down" if outcome == "step_down" else "episode.close"


def local_approvals(setting: Any) -> dict[tuple[str, str], bool]:
    """A local authority's `approvals` setting as rules (see above). ValueError naming the
    part that is wrong."""
    if not isinstance(setting, dict):
        raise ValueError("approvals must be an object")
    rules: dict[tuple[str, str], bool] = {}
    for action, by_kind in setting.items():
        if action not in APPROVAL_ACTIONS:
            raise ValueError(f"approvals: {action!r} is not a closure that can need approval")
        if not isinstance(by_kind, dict):
            raise ValueError(f"approvals.{action} must be an object")
        for kind, needed in by_kind.items():
            if not isinstance(needed, bool):
                raise ValueError(f"approvals.{action}.{kind} must be true or false")
            rules[(action, kind)] = needed
    return rules


def approval_needed_in(rules: dict[tuple[str, str], bool], action: str, kind: str) -> bool:
    """Whether `action` on an episode of `kind` needs a manager's approval, by a local
    authority's `rules` (for the kind, then for every kind) before England's."""
    for table in (rules, APPROVAL_DEFAULTS):
        for key in ((action, kind), (action, ANY_KIND)):
            if key in table:
                return table[key]
    return False


@on_primary
async def _local_approvals(local_authority: uuid.UUID) -> dict[tuple[str, str], bool]:
    row = (
        await LocalSetting.select(LocalSetting.value)
        .where(
            (LocalSetting.local_authority == local_authority) & (LocalSetting.key == APPROVALS_KEY)
        )
        .output(load_json=True)
        .first()
    )
    if row is None:
        return {}
    try:
        return local_approvals(row["value"])
    except ValueError as error:
        # As the authority setting: England's rules hold, and whoever runs it is told.
        log.warning(
            "local authority %s: its approvals setting is ignored: %s", local_authority, error
        )
        return {}


async def needs_approval(access: FamilyAccess, outcome: str, kind: str) -> bool:
    """Whether the principal of `access` closing an episode of `kind` with `outcome` needs a
    manager's approval first: the local authority's rule says so, and they may not approve
    it themselves."""
    rules = await _local_approvals(access.local_authority_id)
    if not approval_needed_in(rules, approval_action(outcome), kind):
        return False
    return not await may(access, "closure.approve", kind)


async def approving_kinds(local_authority: uuid.UUID, kind: str) -> frozenset[str]:
    """The kinds of agency whose managers approve closing an episode of `kind` (what a
    request's page says: who it was sent to)."""
    rule = rule_in(await _local_rules(local_authority), "closure.approve", kind)
    return rule.agency_kinds if rule.managers else frozenset()
