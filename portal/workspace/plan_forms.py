"""The plan editor's forms: from posted fields to the plans service's request shapes, and back.

A form field that cannot be turned into a request raises `FormError` naming the field as the
form calls it, so the page can show a GOV.UK error message beside it. The shapes' bounds are
the service's own (careplan.plans.schemas); nothing here decides who may do what.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from typing import Any

import msgspec

from careplan.lib.errors import Invalid, NotFound
from careplan.plans import vocabulary
from careplan.plans.vocabulary import CHILDS_VIEW_UNAGREED

# The plan's sections as people read them: a heading and what goes in it.
SECTION_TEXT: dict[str, tuple[str, str, str]] = {
    # name: (heading, hint, what one item is called, for "Add a ...")
    "harm": ("Harm", "What has happened to the children.", "harm statement"),
    "worry": (
        "Worry statements",
        "Who is worried, about what, and what will happen to which child if nothing changes. "
        "With the family's own view.",
        "worry statement",
    ),
    "complicating": (
        "Complicating factors",
        "What makes things harder, without being a worry in itself.",
        "complicating factor",
    ),
    "strength": (
        "Strengths and existing safety",
        "What the family already does that keeps the children safe and well.",
        "strength",
    ),
    "safety_goal": (
        "Safety goals",
        "What the parents will do, what the children will experience, what professionals "
        "will see, and for how long. Each answers a worry or harm statement.",
        "safety goal",
    ),
    "next_step": ("Next steps", "Who does what, by when.", "next step"),
    "safety_rule": (
        "Safety rules",
        "What happens when a trigger comes up, and the network person who makes sure it does.",
        "safety rule",
    ),
    "contingency": (
        "Contingency plan",
        "What will happen if the safety plan is not kept.",
        "contingency",
    ),
    "network": (
        "Safety network",
        "The family's own people: how to reach them and what they have promised.",
        "network person",
    ),
    "words_and_pictures": (
        "Words and pictures",
        "The explanation written for the children: who is worried, about what, what happened "
        "and what we are doing. Agreed with the parents.",
        "words and pictures explanation",
    ),
    "childs_view": (
        "The child's view",
        "Their wishes and feelings in their own words. Hidden from parents unless the child "
        "agrees.",
        "child's view",
    ),
}
COLUMNS = (
    ("worried", "What are we worried about?", ("harm", "worry", "complicating")),
    ("working_well", "What is working well?", ("strength",)),
    (
        "needs_to_happen",
        "What needs to happen?",
        ("safety_goal", "next_step", "safety_rule", "contingency", "network"),
    ),
)
# Extra fields of an item, kept in its `details`, by section: the plans slice's shapes
# (careplan.plans.vocabulary.SECTION_DETAILS), which the service checks on every write.
DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
    section: fields for section, fields in vocabulary.DETAIL_FIELDS.items() if fields
}
FLAGS = vocabulary.DETAIL_FLAGS
# Details that are dates: a GOV.UK date input each (name-day, name-month, name-year), stored
# as YYYY-MM-DD. Words written in one before dates were checked come back in `name-words`.
DATES = vocabulary.DATE_DETAILS
DETAIL_MAX = 2000

MEASURE_KINDS = {
    "count": "A count",
    "frequency": "How often",
    "scale": "A scale of 0 to 10",
    "yes_no": "Yes or no",
    "percentage": "A percentage",
}
SCALING_BY = {
    "professional": "A professional (you)",
    "agency": "An agency (yours)",
    "parent": "A parent",
    "child": "A child",
    "network": "A network member",
}
LABELS = {
    "text": "The text",
    "audience": "Who can see this",
    "reason": "The reason",
    "answers": "The statement it answers",
    "network_person": "The network person",
    "title": "The objective",
    "why": "Why",
    "measure_kind": "How it is measured",
    "unit": "The unit",
    "baseline": "The starting point",
    "target": "The target",
    "due_on": "The due date",
    "owner": "Who owns it",
    "score": "The score",
    "by_kind": "Who gave the score",
    "by_member": "The family member",
    "by_name": "The name",
    "statement": "What the score is about",
    "label": "The label",
    "opened_on": "The date it opened",
    "closed_on": "The date it closed",
    "value": "Where it is now",
    "recorded_on": "The date of the progress",
    "client_uuid": "The form",
    "note": "The note",
    **{name: name.replace("_", " ").capitalize() for f in DETAIL_FIELDS.values() for name in f},
}
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
}
MONTHS["sept"] = 9
# Where a service's or a shape's field name shows in the form.
FIELD_OF = {
    "audience.members": "audience",
    "audience.agencies": "audience",
    "measure.kind": "measure_kind",
    "measure.unit": "unit",
    "measure.target": "target",
    "measure.baseline": "baseline",
    "measure": "target",
    "owner.id": "owner",
    "owner.kind": "owner",
    "details": "text",
    "revision": "text",
    "statement": "statement",
    "by_member": "by_member",
    **{f"details.{name}": name for name in vocabulary.DATE_DETAILS},
}


def problem(field: str, message: str) -> dict[str, str]:
    """One refusal as a page's error summary lists it: the field it links to, the words."""
    return {"field": field, "message": message}


class FormError(Exception):
    """A posted field that is wrong, named as the form names it, with a message to show."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _label(field: str) -> str:
    return LABELS.get(field, field.replace("_", " ").capitalize())


def _friendly(field: str, message: str) -> str:
    label = _label(field)
    if "length >= 1" in message or "missing required field" in message:
        return f"Enter {label[0].lower()}{label[1:]}"
    found = re.search(r"length <= (\d+)", message)
    if found:
        return f"{label} must be {found.group(1)} characters or fewer"
    if "control characters" in message.lower() or "printable" in message.lower():
        return f"{label} has characters that cannot be saved"
    if "pattern" in message or "Invalid" in message or "Expected" in message:
        return f"{label} is not valid"
    return f"{label}: {message}"


def convert(raw: Mapping[str, Any], shape: type) -> Any:
    """The request shape from the form's values, or FormError naming the field."""
    try:
        return msgspec.convert(dict(raw), shape, strict=False)
    except msgspec.ValidationError as error:
        text = str(error)
        found = re.search(r"(.*?)(?: - at `\$\.?([^`]*)`)?$", text)
        message, path = (found.group(1), found.group(2) or "") if found else (text, "")
        missing = re.search(r"missing required field `([^`]+)`", message)
        if missing:
            path = f"{path}.{missing.group(1)}" if path else missing.group(1)
        path = re.sub(r"\[\d+\]$", "", path)
        field = FIELD_OF.get(path, path.split(".")[0] or "text")
        raise FormError(field, _friendly(field, message)) from error


def from_domain(error: Invalid | NotFound) -> FormError:
    """A service's refusal of a field, as the form's field."""
    if isinstance(error, NotFound):
        field = FIELD_OF.get(error.what, error.what.split(".")[0].split("[")[0])
        return FormError(field, f"{_label(field)}: choose one from the list")
    if error.message == CHILDS_VIEW_UNAGREED:
        # The plans service's rule (every route); said here in the form's own words.
        return FormError(
            "audience",
            "The child's view is for professionals only unless the child agrees: tick "
            "'The child agrees' first",
        )
    field = FIELD_OF.get(error.field, error.field.split(".")[0].split("[")[0])
    return FormError(field, f"{_label(field)} {error.message}")


def is_form_field(error: NotFound, fields: set[str]) -> bool:
    what = FIELD_OF.get(error.what, error.what.split(".")[0].split("[")[0])
    return what in fields


def text_of(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return "" if value is None else str(value)


def audience_from(form: Any) -> Any:
    kind = text_of(form, "audience") or "professionals"
    if kind in ("professionals", "family"):
        return kind
    if kind == "agencies":
        ids = form.getall("audience_agencies", [])
        if not ids:
            raise FormError("audience", "Choose at least one agency that can see this")
        return {"agencies": list(ids)}
    if kind == "members":
        ids = form.getall("audience_members", [])
        if not ids:
            raise FormError("audience", "Choose at least one family member who can see this")
        return {"members": list(ids)}
    raise FormError("audience", "Choose who can see this")


def details_from(form: Any, section: str) -> dict[str, Any]:
    details: dict[str, Any] = {}
    for name in DETAIL_FIELDS.get(section, ()):
        if name in FLAGS:
            details[name] = text_of(form, name) == "yes"
            continue
        if name in DATES:
            day = date_from(form, name)
            if day is not None:
                details[name] = day.isoformat()
            elif text_of(form, f"{name}-words").strip():
                # Words kept from before dates were checked: the service takes them only if
                # they are the item's own, unchanged.
                details[name] = text_of(form, f"{name}-words").strip()
            continue
        value = text_of(form, name).strip()
        if len(value) > DETAIL_MAX:
            raise FormError(name, f"{_label(name)} must be {DETAIL_MAX} characters or fewer")
        if value:
            details[name] = value
    return details


def _optional_id(form: Any, name: str) -> str | None:
    value = text_of(form, name).strip()
    if not value:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError as error:
        raise FormError(name, f"{_label(name)}: choose one from the list") from error


def revision_from(form: Any) -> int:
    try:
        revision = int(text_of(form, "revision"))
    except ValueError as error:
        raise FormError("text", "The page was out of date: reload it and try again") from error
    if revision < 1:
        raise FormError("text", "The page was out of date: reload it and try again")
    return revision


def new_item(form: Any) -> dict[str, Any]:
    """A new item's fields (for `schemas.NewItem`)."""
    section = text_of(form, "section")
    audience = audience_from(form)
    details = details_from(form, section)
    raw: dict[str, Any] = {
        "section": section,
        "text": text_of(form, "text").strip(),
        "audience": audience,
        "details": details,
    }
    if section == "safety_goal":
        raw["answers"] = _optional_id(form, "answers")
    if section == "safety_rule":
        raw["network_person"] = _optional_id(form, "network_person")
    return raw


def item_patch(form: Any, section: str) -> dict[str, Any]:
    """An item's changed fields at the revision it was seen at (for `schemas.ItemPatch`)."""
    audience = audience_from(form)
    details = details_from(form, section)
    raw: dict[str, Any] = {
        "revision": revision_from(form),
        "text": text_of(form, "text").strip(),
        "audience": audience,
        "details": details,
    }
    if section == "safety_goal" and text_of(form, "answers"):
        raw["answers"] = _optional_id(form, "answers")
    if section == "safety_rule" and text_of(form, "network_person"):
        raw["network_person"] = _optional_id(form, "network_person")
    return raw


def _date_part(text: str, months: bool = False) -> int | None:
    if text.isdigit() and len(text) <= 4:
        return int(text)
    if months:
        return MONTHS.get(text.lower().rstrip("."))
    return None


def date_from(form: Any, name: str, *, required: bool = False) -> dt.date | None:
    """A GOV.UK date input (name-day, name-month, name-year) as a date, with the GOV.UK
    error messages: "Enter the due date", "By when must include a year", "By when must be a
    real date" (31 February, 13 for a month, a word). A month may be a name: 11 Dec 2026."""
    names = ("day", "month", "year")
    parts = dict(zip(names, (text_of(form, f"{name}-{p}").strip() for p in names), strict=True))
    label = _label(name)
    if not any(parts.values()):
        if required:
            raise FormError(name, f"Enter {label[0].lower()}{label[1:]}")
        return None
    real = FormError(name, f"{label} must be a real date")
    numbers = {p: _date_part(text, p == "month") for p, text in parts.items() if text}
    if any(number is None for number in numbers.values()):
        raise real
    day, month, year = (numbers.get(p) for p in names)
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        raise real
    if (
        day is not None
        and month is not None
        and day > (29 if month == 2 else 30 + (month in (1, 3, 5, 7, 8, 10, 12)))
    ):
        raise real  # 31 February, 31 April: no year has them
    missing = [p for p in names if not parts[p]]
    if missing:
        raise FormError(name, f"{label} must include a {' and '.join(missing)}")
    assert day is not None and month is not None and year is not None
    if not 1000 <= year <= 9999:
        raise real
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise real from error


def objective_fields(form: Any, *, patch: bool) -> dict[str, Any]:
    owner = text_of(form, "owner")
    kind, _, owner_id = owner.partition(":")
    if not owner_id:
        raise FormError("owner", "Choose who owns this objective")
    measure: dict[str, Any] = {
        "kind": text_of(form, "measure_kind"),
        "target": text_of(form, "target").strip(),
        "unit": text_of(form, "unit").strip(),
    }
    if not measure["kind"]:
        raise FormError("measure_kind", "Choose how it is measured")
    if not measure["target"]:
        raise FormError("target", "Enter the target, as a number")
    baseline = text_of(form, "baseline").strip()
    if baseline:
        measure["baseline"] = baseline
    raw: dict[str, Any] = {
        "title": text_of(form, "title").strip(),
        "why": text_of(form, "why").strip(),
        "measure": measure,
        "owner": {"kind": kind, "id": owner_id},
        "audience": audience_from(form),
    }
    due = date_from(form, "due_on")
    if due is not None:
        raw["due_on"] = due
    if patch:
        raw["revision"] = revision_from(form)
    elif text_of(form, "answers"):
        raw["answers"] = _optional_id(form, "answers")
    return raw


def scaling_fields(form: Any) -> dict[str, Any]:
    score = text_of(form, "score").strip()
    if not score.isdigit():
        raise FormError("score", "Choose a score from 0 to 10")
    raw: dict[str, Any] = {
        "score": int(score),
        "by_kind": text_of(form, "by_kind") or "professional",
        "reason": text_of(form, "reason").strip(),
        "by_name": text_of(form, "by_name").strip(),
        "audience": audience_from(form),
    }
    statement = _optional_id(form, "statement")
    if statement:
        raw["statement"] = statement
    if raw["by_kind"] in ("parent", "child"):
        member = _optional_id(form, "by_member")
        if member is None:
            raise FormError("by_member", "Choose the family member who gave this score")
        raw["by_member"] = member
    return raw


# ---------------------------------------------------------------------------- showing


def audience_label(audience: Any, members: Mapping[str, str], agencies: Mapping[str, str]) -> str:
    """Who can see a record, in plain words: "Professionals only", "Only: Jess" ..."""
    if audience == "professionals":
        return "Professionals only"
    if audience == "family":
        return "The whole family"
    if isinstance(audience, Mapping) and "agencies" in audience:
        names = [agencies.get(str(i), "another agency") for i in audience["agencies"]]
        return "Named agencies: " + _and(names)
    if isinstance(audience, Mapping) and "members" in audience:
        names = [members.get(str(i), "a family member") for i in audience["members"]]
        return "Only: " + _and(names)
    return "Professionals only"


def _and(names: list[str]) -> str:
    names = sorted(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def audience_values(audience: Any) -> dict[str, Any]:
    """The audience as the form's fields."""
    if isinstance(audience, Mapping):
        ((kind, ids),) = audience.items()
        return {
            "audience": kind,
            "audience_agencies": [str(i) for i in ids] if kind == "agencies" else [],
            "audience_members": [str(i) for i in ids] if kind == "members" else [],
        }
    return {"audience": audience, "audience_agencies": [], "audience_members": []}


def item_values(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item as its edit form's fields."""
    details = item.get("details") or {}
    values: dict[str, Any] = {"text": item["text"], **audience_values(item["audience"])}
    for name in DETAIL_FIELDS.get(item["section"], ()):
        value = details.get(name)
        if name in DATES:
            values.update(date_values(name, value))
            continue
        values[name] = ("yes" if value else "") if name in FLAGS else (value or "")
    values["answers"] = str(item["answers"]) if item.get("answers") else ""
    values["network_person"] = str(item["network_person"]) if item.get("network_person") else ""
    return values


def posted_values(form: Any) -> dict[str, Any]:
    """What was posted, as the form's fields, to show it again."""
    values: dict[str, Any] = {}
    for name in form:
        if name in ("_csrf_token",):
            continue
        many = form.getall(name, [])
        values[name] = list(many) if name.startswith("audience_") else (many[-1] if many else "")
    values.setdefault("audience_agencies", [])
    values.setdefault("audience_members", [])
    return values


def date_values(name: str, value: Any) -> dict[str, str]:
    """A stored date as its date input's fields; words that are not a date as `name-words`."""
    day = vocabulary.iso_date(value)
    return {
        f"{name}-day": str(day.day) if day else "",
        f"{name}-month": str(day.month) if day else "",
        f"{name}-year": str(day.year) if day else "",
        f"{name}-words": "" if day or value is None else str(value),
    }


def objective_values(objective: Mapping[str, Any]) -> dict[str, Any]:
    due = objective.get("due_on")
    owner = objective["owner"]
    return {
        "title": objective["title"],
        "why": objective["why"],
        "measure_kind": objective["measure"]["kind"],
        "unit": objective["measure"]["unit"],
        "baseline": objective["measure"]["baseline"] or "",
        "target": objective["measure"]["target"],
        "due_on-day": str(due.day) if due else "",
        "due_on-month": str(due.month) if due else "",
        "due_on-year": str(due.year) if due else "",
        "owner": f"{owner['kind']}:{owner['id']}",
        **audience_values(objective["audience"]),
    }
