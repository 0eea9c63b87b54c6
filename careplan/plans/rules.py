"""The plan's rules: snapshots and their hashes, views, item details, what becomes of a
check-in (a measure's values: `vocabulary`). Pure: no I/O.

A version's identity is the SHA-256 of its RFC 8785 canonical JSON (DESIGN.md): text is
NFC-normalised, decimals are strings, times are UTC with `Z`, dates are `YYYY-MM-DD`, items
are keyed by uuid and the document carries a `schema` number. Floats are refused: their
text differs between engines and drivers, and a plan must hash the same on both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from careplan.access.audience import Audience
from careplan.lib.canonical import canonical_text, sha256_hex
from careplan.plans.vocabulary import (
    DATE_DETAILS,
    DATE_WANTED,
    DETAIL_FLAGS,
    SECTION_DETAILS,
    ItemDetails,
    iso_date,
)

SCHEMA = 1


def childs_view_allowed(section: str | None, audience: Audience, details: Any) -> bool:
    """The child's view reaches the family only when the child agrees (DESIGN.md).

    An entry of the `childs_view` section whose audience reaches family members ("family" or
    named members) needs `child_agrees` set to true in its details; for professionals only or
    named agencies it needs nothing.
    """
    if section != "childs_view" or audience.kind in ("professionals", "agencies"):
        return True
    return isinstance(details, Mapping) and details.get("child_agrees") is True


@dataclass(frozen=True)
class Snapshot:
    text: str
    sha256: str

    @classmethod
    def of(cls, document: Mapping[str, Any]) -> Snapshot:
        text = canonical_text(document)
        return cls(text=text, sha256=sha256_hex(text))


def family_view_document(document: Mapping[str, Any], member_id: str) -> dict[str, Any]:
    """What one member may see of a version's document: only what their audience includes.

    Every audienced collection (items, objectives, scaling) is filtered; nothing else of the
    professionals' document is copied across, so a field added later stays out by default.
    """
    view: dict[str, Any] = {
        "schema": document["schema"],
        "plan": document["plan"],
        "member_id": member_id,
    }
    named = {member_id}
    for collection in ("items", "objectives", "scaling"):
        visible = {}
        for key, entry in document.get(collection, {}).items():
            audience = Audience.parse(entry["audience"])
            # A child's view stored without the child's agreement (before the rule was
            # enforced on every route) never reaches a parent, whatever its audience says.
            if audience.includes_member(member_id) and childs_view_allowed(
                entry.get("section"), audience, entry.get("details")
            ):
                visible[key] = entry
        view[collection] = visible
        for entry in visible.values():
            named.update(entry.get("about_member_ids", ()))
    # Only the names of people the visible entries are about: a member the viewer does not
    # know of (a new partner, a refuge's resident) is never named to them.
    members = document.get("members", {})
    view["members"] = {key: members[key] for key in sorted(named) if key in members}
    return view


def reads_the_portal(
    *, portal_restricted: bool, has_account: bool, account_active: bool, current: bool
) -> bool:
    """Can this family member read a view shared with them: a current member with a portal
    account that is in use, whose portal is not turned off (issue 14: only they are counted
    as the people a version reaches)."""
    return current and not portal_restricted and has_account and account_active


def share_digest(recipients: Iterable[tuple[str, str, bool]]) -> str:
    """What a key worker checked before sharing: each view to be made (member id, the view's
    SHA-256, whether they can read it now). Sharing with another list is refused."""
    lines = sorted(f"{member}:{sha}:{int(reads)}" for member, sha, reads in recipients)
    return sha256_hex("\n".join(lines))


def _ids(values: Iterable[Any]) -> list[str]:
    return sorted(str(v) for v in values)


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def item_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "section": row["section"],
        "position": row["position"],
        "text": row["text"],
        "details": row["details"] or {},
        "audience": Audience.from_columns(row["audience_kind"], row["audience_ids"]).to_json(),
        "about_member_ids": _ids(row["about_member_ids"]),
        "source": {"kind": row["source_kind"], "agency": _opt(row["source_agency"])},
        "answers": _opt(row["answers"]),
        "network_person": _opt(row["network_person"]),
    }


def objective_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    owner = {"member": "owner_member", "professional": "owner_person", "agency": "owner_agency"}
    return {
        "thread": str(row["thread"]),
        "title": row["title"],
        "why": row["why"],
        "answers": _opt(row["answers"]),
        "measure": {
            "kind": row["measure_kind"],
            "unit": row["unit"],
            "baseline": row["baseline"],
            "target": row["target"],
        },
        "due_on": row["due_on"],
        "owner": {"kind": row["owner_kind"], "id": _opt(row[owner[row["owner_kind"]]])},
        "status": row["status"],
        "position": row["position"],
        "audience": Audience.from_columns(row["audience_kind"], row["audience_ids"]).to_json(),
        "about_member_ids": [],
    }


def scaling_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "statement": _opt(row["statement"]),
        "score": row["score"],
        "by": {"kind": row["by_kind"], "name": row["by_name"]},
        "judged_on": row["judged_on"],
        "reason": row["reason"],
        "audience": Audience.from_columns(row["audience_kind"], row["audience_ids"]).to_json(),
        "about_member_ids": [],
    }


def plan_document(
    plan: Mapping[str, Any],
    episode: Mapping[str, Any],
    members: Iterable[Mapping[str, Any]],
    items: Iterable[Mapping[str, Any]],
    objectives: Iterable[Mapping[str, Any]],
    scaling: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The whole current plan as the document a version freezes. Removed rows are left out.

    Members appear by first name and role only: no address, no date of birth, no ids of
    other systems ever enter a version.
    """
    return {
        "schema": SCHEMA,
        "plan": {
            "id": str(plan["id"]),
            "kind": plan["kind"],
            "family": str(plan["family"]),
            "episode": {
                "id": str(episode["id"]),
                "kind": episode["kind"],
                "opened_on": episode["opened_on"],
            },
        },
        "members": {
            str(m["id"]): {"name": m["known_as"] or m["given_name"], "role": m["role"]}
            for m in members
        },
        "items": {str(r["id"]): item_entry(r) for r in items if r.get("removed_at") is None},
        "objectives": {
            str(r["id"]): objective_entry(r) for r in objectives if r.get("removed_at") is None
        },
        "scaling": {str(r["id"]): scaling_entry(r) for r in scaling if r.get("removed_at") is None},
    }


COLLECTIONS = ("items", "objectives", "scaling")


def readable_document(
    document: Mapping[str, Any], sees: Callable[[Audience], bool]
) -> tuple[dict[str, Any], bool]:
    """What one reader may read of a version's document, and whether anything was held back.

    `sees` is the reader's audience rule (`FamilyAccess.sees`): every audienced entry (items,
    objectives, scaling) whose audience does not include the reader is left out, so an entry
    for named agencies reaches only professionals of those agencies. The stored document stays
    whole (it is the record, and its SHA-256 the version's identity); this is only what is
    shown.
    """
    shown = dict(document)
    held_back = False
    for collection in COLLECTIONS:
        entries = document.get(collection, {})
        kept = {
            key: entry for key, entry in entries.items() if sees(Audience.parse(entry["audience"]))
        }
        held_back = held_back or len(kept) != len(entries)
        shown[collection] = kept
    return shown, held_back


def thread_steps_seen(
    audiences: Sequence[Audience], sees: Callable[[Audience], bool]
) -> list[int] | None:
    """Which of a thread's objectives (oldest first) a reader sees, or None: the thread is
    hidden from them.

    A thread (its title, its history) follows the audience of its current objective, the
    latest; each earlier objective, and the progress recorded on it, follows its own.
    """
    if audiences and not sees(audiences[-1]):
        return None
    return [index for index, audience in enumerate(audiences) if sees(audience)]


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What changed between two version documents, entry by entry, in each collection.

    `apply_diff(before, diff(before, after))` gives `after`'s collections exactly.
    """
    result: dict[str, Any] = {}
    for collection in COLLECTIONS:
        old, new = before.get(collection, {}), after.get(collection, {})
        result[collection] = {
            "added": {key: new[key] for key in sorted(new.keys() - old.keys())},
            "removed": {key: old[key] for key in sorted(old.keys() - new.keys())},
            "changed": {
                key: {"before": old[key], "after": new[key]}
                for key in sorted(old.keys() & new.keys())
                if old[key] != new[key]
            },
        }
    return result


def apply_diff(before: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    result = {key: value for key, value in before.items()}
    for collection in COLLECTIONS:
        entries = dict(before.get(collection, {}))
        delta = changes[collection]
        for key in delta["removed"]:
            entries.pop(key)
        entries.update(delta["added"])
        entries.update({key: change["after"] for key, change in delta["changed"].items()})
        result[collection] = entries
    return result


def diff_by_section(changes: Mapping[str, Any]) -> dict[str, dict[str, list[str]]]:
    """The item changes grouped by plan section, for people reading a difference."""
    sections: dict[str, dict[str, list[str]]] = {}
    items = changes["items"]
    for kind in ("added", "removed"):
        for key, entry in items[kind].items():
            sections.setdefault(entry["section"], {"added": [], "removed": [], "changed": []})
            sections[entry["section"]][kind].append(key)
    for key, change in items["changed"].items():
        section = change["after"]["section"]
        sections.setdefault(section, {"added": [], "removed": [], "changed": []})
        sections[section]["changed"].append(key)
    return sections


def check_in_outcome(status: str, plan_closed: bool, *, moved: bool) -> str:
    """What became of a check-in on an objective in `status` (DESIGN.md: nothing is lost).

    On an open objective of an open plan it is recorded as usual. A close does not lose one
    sent before it (queued offline, say): on a carried objective it goes where the thread
    continues (`moved`: onto the objective of the new plan), and on a decided one (achieved,
    dropped, or left open in a closed plan) it is kept against it as history.
    """
    if moved or status == "carried":
        return "carried"
    if status == "open" and not plan_closed:
        return "recorded"
    return "ended"


# ---------------------------------------------------------------------------- item details

_AT_FIELD = re.compile(r" - at `\$\.([^`\[]+)")
_UNKNOWN = re.compile(r"unknown field `([^`]+)`")
_LONGEST = re.compile(r"length <= (\d+)")


def details_problem(section: str, details: Mapping[str, Any]) -> tuple[str, str] | None:
    """What is wrong with an item's details for its section (`vocabulary.SECTION_DETAILS`):
    the field at fault (`details.trigger`) and what to do about it; None when they fit."""
    shape = SECTION_DETAILS[section]
    try:
        msgspec.convert(dict(details), shape)
    except msgspec.ValidationError as error:
        return _detail_error(section, shape, str(error))
    return None


def _detail_error(section: str, shape: type[ItemDetails], text: str) -> tuple[str, str]:
    unknown = _UNKNOWN.search(text)
    if unknown:
        fields = shape.__struct_fields__
        takes = f"it takes {', '.join(fields)}" if fields else "it takes no details"
        return f"details.{unknown.group(1)}", f"is not a detail of a {section} item: {takes}"
    found = _AT_FIELD.search(text)
    name = found.group(1) if found else ""
    field = f"details.{name}" if name else "details"
    if name in DETAIL_FLAGS:
        return field, "must be true or false"
    if name in DATE_DETAILS:
        return field, DATE_WANTED
    longest = _LONGEST.search(text)
    if longest:
        return field, f"must be {longest.group(1)} characters or fewer"
    if "regex" in text:
        return field, "must not hold control characters or direction overrides"
    return field, "must be text"


# ---------------------------------------------------------------------------- dates in details

# The fields of an item's `details` that hold a date: `vocabulary.DATE_DETAILS`.


def details_date_problem(
    details: Mapping[str, Any], kept: Mapping[str, Any] | None = None
) -> str | None:
    """The first date field of `details` that is not a real date, or None when all are.

    `kept` is the item's details as stored: words written in a date field before dates were
    checked (kept by the migration where they did not read as a date) may stay as they are,
    but nothing new that is not a date is taken.
    """
    for name in DATE_DETAILS:
        if name not in details:
            continue
        value = details[name]
        if iso_date(value) is not None:
            continue
        if kept is not None and isinstance(value, str) and value == kept.get(name):
            continue
        return name
    return None
