"""What the plan editor's template is given: a block's reads (careplan.plans.queries.blocks)
turned into the words and choices its forms show. Each block is given only what it shows;
the whole page is given every block's."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from careplan.access.principal import Principal
from careplan.plans.queries.blocks import Names
from portal.workspace import plan_forms

PLAN_TITLES = {"safety_plan": "Safety plan", "wellbeing_plan": "Wellbeing plan"}
DECIDED_WORDS = {
    "carried": "Kept open when the episode closed, to carry into the next one",
    "achieved": "Achieved",
    "dropped": "Dropped",
    "open": "Left open when the episode closed",
}
EPISODE_LABELS = {
    "early_help": "Early help",
    "child_in_need": "Child in need",
    "child_protection": "Child protection",
    "looked_after": "Looked after",
}
# The editor's parts: (key, heading, the tab's label, sections), each a tab on a desktop (one
# after another without script or on a phone).
PARTS = (
    ("worried", "What are we worried about?", "Worries", ("harm", "worry", "complicating")),
    ("working_well", "What is working well?", "What is working well", ("strength",)),
    (
        "needs_to_happen",
        "What needs to happen?",
        "What needs to happen",
        ("safety_goal", "next_step", "safety_rule", "contingency", "network"),
    ),
)
FOR_THE_CHILDREN = ("words_and_pictures", "childs_view")


def short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def section_text(plan_kind: str) -> dict[str, tuple[str, str, str]]:
    text = dict(plan_forms.SECTION_TEXT)
    if plan_kind == "wellbeing_plan":
        text["safety_goal"] = (
            "Wellbeing goals",
            "What will be different for the children, each answering a worry statement.",
            "wellbeing goal",
        )
    return text


def _audience(me: Principal, names: Names) -> dict[str, Any]:
    """Who can see a record, in words, and the choices of the audience picker."""
    members = names.members
    agencies = dict(names.agencies)
    my_agency = str(me.agency_id) if me.agency_id else None
    if my_agency and names.agencies and my_agency not in agencies:
        agencies[my_agency] = "Your agency"  # a manager reading from outside the team

    def who_sees(audience: Any) -> str:
        return plan_forms.audience_label(audience, members, agencies)

    def audience_summary(values: Mapping[str, Any]) -> str:
        kind = values.get("audience") or "professionals"
        if kind == "agencies":
            # The writer's own agency is always one of them (the plans service adds it).
            named = {*(values.get("audience_agencies") or []), *([my_agency] if my_agency else [])}
            return who_sees({"agencies": sorted(named)})
        if kind == "members":
            return who_sees({"members": values.get("audience_members") or []})
        return who_sees(kind)

    owner_names = {f"member:{k}": v for k, v in members.items()}
    owner_names.update({f"professional:{k}": v for k, v in names.people.items()})
    owner_names.update({f"agency:{k}": v for k, v in names.agencies.items()})
    return {
        "who_sees": who_sees,
        "audience_summary": audience_summary,
        "member_choices": sorted(members.items(), key=lambda kv: kv[1]),
        "agency_choices": sorted(agencies.items(), key=lambda kv: kv[1]),
        "my_agency": my_agency,
        "owner_choices": sorted(owner_names.items(), key=lambda kv: kv[1]),
        "owner_names": owner_names,
    }


def context(me: Principal, block: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """The template's context for a block (or the page) read by `blocks`."""
    plan = block["plan"]
    statements = block.get("statements", [])
    network = block.get("network", [])
    values: dict[str, Any] = {
        "me": me,
        "plan": {
            "id": plan["id"],
            "kind": plan["kind"],
            "state": plan.get("state"),  # issue 18: careplan.plans.states
            "sections": {},
            "objectives": block.get("objectives", []),
            "scaling": block.get("scaling", []),
        },
        "family": {"id": plan["family"], "revision": plan.get("family_revision")},
        "section_text": section_text(plan["kind"]),
        "progress": block.get("progress", {}),
        **_audience(me, block["names"]),
        "statement_choices": [(key, short(text)) for key, text in statements],
        "statement_names": {key: short(text) for key, text in statements},
        "network_choices": [(key, short(words)) for key, words in network],
        "network_names": {key: short(words) for key, words in network},
        "measure_choices": list(plan_forms.MEASURE_KINDS.items()),
        "measure_choices_map": plan_forms.MEASURE_KINDS,
        "scaling_by_choices": list(plan_forms.SCALING_BY.items()),
        "score_choices": [(str(n), str(n)) for n in range(11)],
        "new_uuid": lambda: str(uuid.uuid4()),
        "modes": {},
        "errors": {},
        "form_values": {},
        "merges": {},
        "notice": None,
        "focus": None,
        "moved": None,
        "closed": plan["closed_on"],
        # Read-only: a closed plan, or a reader who takes no part in writing it (a meeting's
        # chair, careplan.access.permissions): no add, edit, move or remove controls.
        "reading_only": _reads_only(block),
        "locked": bool(plan["closed_on"]) or _reads_only(block),
        "refused": None,
        "decided_words": DECIDED_WORDS,
    }
    if "items" in block:
        values["plan"]["sections"] = {block["section"]: block["items"]}
        values["section"] = block["section"]
    if "item" in block:
        values["item"] = block["item"]
        values["section"] = block["item"]["section"]
    if "objective" in block:
        values["objective"] = block["objective"]
    values.update(extra)
    return values


def _reads_only(block: Mapping[str, Any]) -> bool:
    access = block.get("access")
    return access is not None and not access.can_edit_plan


def page_context(me: Principal, block: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """The whole editor's context: every block's, with the page's own header (the family's
    name, read with the plan: `blocks.page`)."""
    values = context(me, block, **extra)
    episode = block["episode"]
    plan = block["plan"]
    values["plan"].update(
        sections=block["sections"],
        plain_language=block["plain_language"],
        versions=block["versions"],
        closed_on=block["plan"]["closed_on"],
    )
    values["family"] = {
        "id": plan["family"],
        "name": plan["family_name"],
        "revision": plan["family_revision"],
    }
    values["episode"] = {
        "id": episode.id,
        "kind": episode.kind,
        "opened_on": episode.opened_on,
        "closed_on": episode.closed_on,
    }
    values["plan_title"] = PLAN_TITLES.get(block["plan"]["kind"], "Plan")
    values["episode_label"] = EPISODE_LABELS.get(
        episode.kind, episode.kind.replace("_", " ").capitalize()
    )
    values["groups"] = [
        {"key": key, "heading": heading, "tab": tab, "sections": sections}
        for key, heading, tab, sections in PARTS
    ]
    values["groups"].append(
        {
            "key": "for_the_children",
            "heading": "For and from the children",
            "tab": "For the children",
            "sections": FOR_THE_CHILDREN,
        }
    )
    return values
