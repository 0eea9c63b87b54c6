"""A local authority's local rules, changed by its administrator (issue 17, item 8): its
statutory clocks, its kinds of episode, its bank-holiday region, and the local settings other
slices read (who may take which action: careplan.access.authority; a disagreement's stages:
careplan.meetings). England's stay the default. Each change runs in one write transaction
with its audit event; who may is decided in careplan.access.administration."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import administration, authority
from careplan.access.principal import Principal
from careplan.lib.calendar import REGIONS
from careplan.lib.columns import loaded
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change
from careplan.tenancy import rules
from careplan.tenancy.rules import DEFAULT_CLOCKS, DEFAULT_EPISODE_KINDS
from careplan.tenancy.tables import EpisodeKind, LocalAuthority, LocalSetting, StatutoryClock
from careplan.tenancy.vocabulary import AGENCY_KINDS

ENGLAND_CLOCKS = {c.code: c for c in DEFAULT_CLOCKS}
ENGLAND_KINDS = {k.code: k for k in DEFAULT_EPISODE_KINDS}


async def _bump(authority_id: uuid.UUID) -> None:
    """A local rule changed: the local authority's revision moves on, so that a page kept with
    what its rules decided (careplan.web.page_cache: the caseload's dates, the family page's
    actions) is built again."""
    await LocalAuthority.update({LocalAuthority.revision: LocalAuthority.revision + 1}).where(
        LocalAuthority.id == authority_id
    )


async def _changed(
    work: Any,
    principal: Principal,
    action: str,
    record_type: str,
    record_id: Any,
    authority_id: uuid.UUID,
    before: Any,
    after: Any,
) -> None:
    """A local rule changed, in the change's transaction: the local authority's revision
    moves on (`_bump`) and the audit event records what it was and what it is."""
    await _bump(authority_id)
    await work.audit(
        actor=principal.person_id,
        action=action,
        record_type=record_type,
        record_id=record_id,
        local_authority=authority_id,
        before=before,
        after=after,
    )


# ---------------------------------------------------------------------------- the overview


async def local_rules(principal: Principal) -> dict[str, Any]:
    """What an administrator sees of their local authority's rules: its clocks (each with
    England's length beside it), its kinds of episode, its bank-holiday region."""
    authority_id = administration.administered(principal)
    clocks = (
        await StatutoryClock.select(
            StatutoryClock.id,
            StatutoryClock.code,
            StatutoryClock.description,
            StatutoryClock.working_days,
            StatutoryClock.months,
        )
        .where(StatutoryClock.local_authority == authority_id)
        .order_by(StatutoryClock.code)
    )
    order = list(ENGLAND_CLOCKS)
    clocks.sort(key=lambda c: order.index(c["code"]) if c["code"] in order else len(order))
    for clock in clocks:
        england = ENGLAND_CLOCKS.get(clock["code"])
        clock["england"] = (england.working_days, england.months) if england else None
        clock["changed"] = england is not None and clock["england"] != (
            clock["working_days"],
            clock["months"],
        )
    kinds = await episode_kinds(principal)
    region = (
        await LocalAuthority.select(LocalAuthority.name, LocalAuthority.bank_holidays)
        .where(LocalAuthority.id == authority_id)
        .first()
    )
    return {
        "local_authority": authority_id,
        "local_authority_name": region["name"],
        "clocks": clocks,
        "episode_kinds": kinds,
        "region": region["bank_holidays"],
        "regions": REGIONS,
    }


# ---------------------------------------------------------------------------- clocks


async def _clock(principal: Principal, clock_id: Any) -> dict[str, Any]:
    row = (
        await StatutoryClock.select()
        .where(StatutoryClock.id == administration.record_id(clock_id, "clock"))
        .first()
    )
    return administration.local_record(principal, row, "clock")


async def clock(principal: Principal, clock_id: Any) -> dict[str, Any]:
    """One of the administrator's clocks, with England's length for it."""
    row = await _clock(principal, clock_id)
    england = ENGLAND_CLOCKS.get(row["code"])
    row["england"] = (england.working_days, england.months) if england else None
    return row


async def change_clock(principal: Principal, clock_id: Any, length: str) -> dict[str, Any]:
    """A clock's new length, in its own unit (Invalid naming `length`)."""
    row = await _clock(principal, clock_id)
    unit = "working_days" if row["working_days"] is not None else "months"
    value = rules.check_clock_length(length, unit)
    before = {"working_days": row["working_days"], "months": row["months"]}
    after = {**{"working_days": None, "months": None}, unit: value}
    if before != after:
        async with change() as work:
            column = (
                StatutoryClock.working_days if unit == "working_days" else StatutoryClock.months
            )
            await StatutoryClock.update({column: value}).where(StatutoryClock.id == row["id"])
            await _changed(
                work,
                principal,
                "statutory_clock.changed",
                "statutory_clock",
                row["id"],
                row["local_authority"],
                {"code": row["code"], **before},
                {"code": row["code"], **after},
            )
    return {**row, **after}


# ---------------------------------------------------------------------------- episode kinds


async def episode_kinds(principal: Principal) -> list[dict[str, Any]]:
    """The administrator's kinds of episode, England's first, active before inactive."""
    authority_id = administration.administered(principal)
    kinds = (
        await EpisodeKind.select(
            EpisodeKind.id,
            EpisodeKind.code,
            EpisodeKind.label,
            EpisodeKind.plan_kind,
            EpisodeKind.active,
        )
        .where(EpisodeKind.local_authority == authority_id)
        .order_by(EpisodeKind.created_at)
        .order_by(EpisodeKind.code)
    )
    for kind in kinds:
        kind["england"] = kind["code"] in ENGLAND_KINDS
        kind["statutory"] = kind["code"] in authority.STATUTORY
    order = list(ENGLAND_KINDS)
    return sorted(
        kinds,
        key=lambda k: (not k["active"], order.index(k["code"]) if k["england"] else len(order)),
    )


async def _kind(principal: Principal, kind_id: Any) -> dict[str, Any]:
    row = (
        await EpisodeKind.select()
        .where(EpisodeKind.id == administration.record_id(kind_id, "episode kind"))
        .first()
    )
    row = administration.local_record(principal, row, "episode kind")
    row["statutory"] = row["code"] in authority.STATUTORY
    row["england"] = row["code"] in ENGLAND_KINDS
    return row


async def episode_kind(principal: Principal, kind_id: Any) -> dict[str, Any]:
    return await _kind(principal, kind_id)


async def add_episode_kind(
    principal: Principal, code: str, label: str, plan_kind: str
) -> dict[str, Any]:
    authority_id = administration.administered(principal)
    codes = await EpisodeKind.select(EpisodeKind.code).where(
        EpisodeKind.local_authority == authority_id
    )
    code, label, plan_kind = rules.check_new_episode_kind(
        code, label, plan_kind, {row["code"] for row in codes}
    )
    kind = EpisodeKind(
        id=uuid.uuid4(), local_authority=authority_id, code=code, label=label, plan_kind=plan_kind
    )
    async with change() as work:
        await kind.save()
        await _changed(
            work,
            principal,
            "episode_kind.added",
            "episode_kind",
            kind.id,
            authority_id,
            None,
            {"code": code, "label": label, "plan_kind": plan_kind},
        )
    return {"id": kind.id, "code": code, "label": label, "plan_kind": plan_kind, "active": True}


async def rename_episode_kind(principal: Principal, kind_id: Any, label: str) -> dict[str, Any]:
    row = await _kind(principal, kind_id)
    label = rules.check_kind_label(label)
    if label != row["label"]:
        async with change() as work:
            await EpisodeKind.update({EpisodeKind.label: label}).where(EpisodeKind.id == row["id"])
            await _changed(
                work,
                principal,
                "episode_kind.renamed",
                "episode_kind",
                row["id"],
                row["local_authority"],
                {"code": row["code"], "label": row["label"]},
                {"code": row["code"], "label": label},
            )
    return {**row, "label": label}


async def set_episode_kind_active(
    principal: Principal, kind_id: Any, active: bool
) -> dict[str, Any]:
    """Stop (or start again) opening episodes of a kind; those open go on. England's
    statutory kinds cannot be stopped: the local authority's duties do not end."""
    row = await _kind(principal, kind_id)
    if not active and row["statutory"]:
        raise Invalid(
            "kind",
            f"{row['label']} is a statutory duty of every local authority in England, "
            "so it cannot be switched off",
        )
    if row["active"] != active:
        async with change() as work:
            await EpisodeKind.update({EpisodeKind.active: active}).where(
                EpisodeKind.id == row["id"]
            )
            await _changed(
                work,
                principal,
                "episode_kind.activated" if active else "episode_kind.deactivated",
                "episode_kind",
                row["id"],
                row["local_authority"],
                {"code": row["code"], "active": row["active"]},
                {"code": row["code"], "active": active},
            )
    return {**row, "active": active}


# ---------------------------------------------------------------------------- bank holidays


async def change_region(principal: Principal, region: str) -> str:
    """The bank-holiday region its working days skip (Invalid naming `region`)."""
    authority_id = administration.administered(principal)
    if region not in REGIONS:
        raise Invalid("region", "choose whose bank holidays your working days skip")
    row = (
        await LocalAuthority.select(LocalAuthority.bank_holidays)
        .where(LocalAuthority.id == authority_id)
        .first()
    )
    if row["bank_holidays"] != region:
        async with change() as work:
            await LocalAuthority.update({LocalAuthority.bank_holidays: region}).where(
                LocalAuthority.id == authority_id
            )
            await _changed(
                work,
                principal,
                "local_authority.bank_holidays_changed",
                "local_authority",
                authority_id,
                authority_id,
                {"bank_holidays": row["bank_holidays"]},
                {"bank_holidays": region},
            )
    return region


# ---------------------------------------------------------------------------- local settings


async def setting(principal: Principal, key: str) -> Any:
    """The administrator's local authority's setting under `key`, or None."""
    authority_id = administration.administered(principal)
    row = (
        await LocalSetting.select(LocalSetting.value)
        .where((LocalSetting.local_authority == authority_id) & (LocalSetting.key == key))
        .first()
    )
    return None if row is None else loaded(row["value"])


async def save_setting(principal: Principal, key: str, value: Any, action: str) -> None:
    """Keep a local setting the caller has checked (None: take it away, England's again),
    audited as `action` with what it was and what it is."""
    authority_id = administration.administered(principal)
    row = (
        await LocalSetting.select(LocalSetting.id, LocalSetting.value)
        .where((LocalSetting.local_authority == authority_id) & (LocalSetting.key == key))
        .first()
    )
    before = None if row is None else loaded(row["value"])
    if before == value:
        return
    async with change() as work:
        if row is not None and value is None:
            await LocalSetting.delete().where(LocalSetting.id == row["id"])
        elif row is not None:
            await LocalSetting.update({LocalSetting.value: value}).where(
                LocalSetting.id == row["id"]
            )
        else:
            await LocalSetting(
                id=uuid.uuid4(), local_authority=authority_id, key=key, value=value
            ).save()
        await _changed(
            work,
            principal,
            action,
            "local_setting",
            row["id"] if row else authority_id,
            authority_id,
            {"key": key, "value": before},
            {"key": key, "value": value},
        )


# ---------------------------------------------------------------------------- who may do what


def _rule_out(rule: authority.Rule) -> dict[str, Any]:
    return {
        "agency_kinds": sorted(rule.agency_kinds),
        "key_worker": rule.key_worker,
        "managers": rule.managers,
        "team": rule.team,
        "who": rule.who(),
    }


def _actions(kinds: list[dict[str, Any]]) -> list[tuple[str, str | None, str]]:
    """Each action (and, for an episode's and approving its closure, each kind of episode):
    (action, kind, words)."""
    out: list[tuple[str, str | None, str]] = []
    verbs = {"episode.open": "Open", "episode.close": "Close", "closure.approve": "Approve closing"}
    for action in authority.ACTIONS:
        if action in verbs:
            verb = verbs[action]
            for kind in kinds:
                label = kind["label"].lower()
                article = "an" if label[:1] in "aeiou" else "a"
                out.append((action, kind["code"], f"{verb} {article} {label} episode"))
        else:
            words = authority.describe(action, None)
            out.append((action, None, words[0].upper() + words[1:]))
    return out


async def _authority_setting(principal: Principal) -> dict[str, Any]:
    value = await setting(principal, authority.SETTING_KEY)
    return value if isinstance(value, dict) else {}


async def who_may(principal: Principal) -> list[dict[str, Any]]:
    """For each action, who may take it in the administrator's local authority, in words,
    and whether that is a local rule or England's."""
    saved = await _authority_setting(principal)
    try:
        local = authority.local_rules(saved)
    except ValueError:
        local = {}
    kinds = [k for k in await episode_kinds(principal) if k["active"]]
    rows = []
    for action, kind, words in _actions(kinds):
        rule = authority.rule_in(local, action, kind)
        key = kind or authority.ANY_KIND
        is_local = (action, key) in local or (action, authority.ANY_KIND) in local
        rows.append(
            {
                "action": action,
                "kind": key,
                "words": words,
                "local": is_local,
                **_rule_out(rule),
            }
        )
    return rows


async def authority_rule(principal: Principal, action: str, kind: str) -> dict[str, Any]:
    """One row of `who_may` (NotFound for an action or kind there is not)."""
    for row in await who_may(principal):
        if row["action"] == action and row["kind"] == kind:
            return row
    raise NotFound("action")


async def change_authority_rule(
    principal: Principal,
    action: str,
    kind: str,
    *,
    agency_kinds: list[str] | None = None,
    key_worker: bool = False,
    managers: bool = False,
    team: bool = False,
    reset: bool = False,
) -> dict[str, Any]:
    """Who may take `action` (on an episode of `kind`), as the local rule; or, with `reset`,
    England's again. The setting is kept only once careplan.access.authority reads it."""
    current = await authority_rule(principal, action, kind)
    saved = await _authority_setting(principal)
    setting_now = {a: dict(v) for a, v in saved.items() if isinstance(v, dict)}
    by_kind = setting_now.setdefault(action, {})
    by_kind.pop(kind, None)
    if not reset:
        chosen = sorted(set(agency_kinds or []))
        unknown = [k for k in chosen if k not in AGENCY_KINDS]
        if unknown:
            raise Invalid("agency_kinds", "choose kinds of agency from the list")
        rule = authority.Rule(frozenset(chosen), key_worker, managers, team)
        if not chosen and not key_worker:
            raise Invalid(
                "agency_kinds", "choose who may do this: a kind of agency, or the key worker"
            )
        if rule.who() == "nobody here":
            raise Invalid("who", "choose practitioners on the team, their managers, or both")
        by_kind[kind] = {
            "agency_kinds": chosen,
            "key_worker": key_worker,
            "managers": managers,
            "team": team,
        }
    if not by_kind:
        setting_now.pop(action)
    try:
        authority.local_rules(setting_now)
    except ValueError as error:
        raise Invalid("agency_kinds", str(error)) from error
    await save_setting(
        principal,
        authority.SETTING_KEY,
        setting_now or None,
        "local_rules.authority_reset" if reset else "local_rules.authority_changed",
    )
    return {**current, "changed": True}


# ---------------------------------------------------------------------------- managers' approvals

APPROVAL_VERBS = {"episode.close": "Close", "episode.step_down": "Step down from"}


async def _approvals_setting(principal: Principal) -> dict[str, Any]:
    value = await setting(principal, authority.APPROVALS_KEY)
    return value if isinstance(value, dict) else {}


async def approvals(principal: Principal) -> list[dict[str, Any]]:
    """For each kind of episode in use (and for closing it, and stepping down from it),
    whether a manager's approval is needed in the administrator's local authority, England's
    rule beside it, and whether that is a local rule."""
    saved = await _approvals_setting(principal)
    try:
        local = authority.local_approvals(saved)
    except ValueError:
        local = {}
    rows = []
    for kind in [k for k in await episode_kinds(principal) if k["active"]]:
        for action, verb in APPROVAL_VERBS.items():
            label = kind["label"].lower()
            article = "an" if label[:1] in "aeiou" else "a"
            rows.append(
                {
                    "action": action,
                    "kind": kind["code"],
                    "kind_label": kind["label"],
                    "words": f"{verb} {article} {label} episode",
                    "needed": authority.approval_needed_in(local, action, kind["code"]),
                    "england": authority.approval_needed_in({}, action, kind["code"]),
                    "local": (action, kind["code"]) in local
                    or (action, authority.ANY_KIND) in local,
                }
            )
    return rows


async def approval_rule(principal: Principal, action: str, kind: str) -> dict[str, Any]:
    """One row of `approvals` (NotFound for a closure or kind there is not), with who
    approves it (the `closure.approve` rule for the kind, in words)."""
    for row in await approvals(principal):
        if row["action"] == action and row["kind"] == kind:
            saved = await _authority_setting(principal)
            try:
                local = authority.local_rules(saved)
            except ValueError:
                local = {}
            return {**row, "approver": authority.rule_in(local, "closure.approve", kind).who()}
    raise NotFound("closure")


async def change_approval(
    principal: Principal, action: str, kind: str, needed: str, *, reset: bool = False
) -> dict[str, Any]:
    """Whether `action` on an episode of `kind` needs a manager's approval ("yes" or "no"),
    as the local rule; or, with `reset`, England's again. The setting is kept only once
    careplan.access.authority reads it."""
    current = await approval_rule(principal, action, kind)
    saved = await _approvals_setting(principal)
    setting_now = {a: dict(v) for a, v in saved.items() if isinstance(v, dict)}
    by_kind = setting_now.setdefault(action, {})
    by_kind.pop(kind, None)
    if not reset:
        if needed not in ("yes", "no"):
            raise Invalid("needed", "choose whether a manager must approve it")
        by_kind[kind] = needed == "yes"
    if not by_kind:
        setting_now.pop(action)
    try:
        authority.local_approvals(setting_now)
    except ValueError as error:
        raise Invalid("needed", str(error)) from error
    await save_setting(
        principal,
        authority.APPROVALS_KEY,
        setting_now or None,
        "local_rules.approval_reset" if reset else "local_rules.approval_changed",
    )
    return {**current, "changed": True}
