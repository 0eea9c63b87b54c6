"""Request and response shapes of the plans API.

Bounds on a request are the API's validation (422 naming the field). The response shapes
(`schemas.responses`) describe a body exactly as the service gives it (see
`careplan.web.responses`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec

from careplan.lib.text import PRINTABLE
from careplan.plans.vocabulary import MEASURE_KINDS, OWNER_KINDS, SCALING_BY, SECTIONS

Text = Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=4000)]
Section = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(SECTIONS) + ")$")]
MeasureKind = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(MEASURE_KINDS) + ")$")]
OwnerKind = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(OWNER_KINDS) + ")$")]
ScalingBy = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(SCALING_BY) + ")$")]
DecimalText = Annotated[str, msgspec.Meta(pattern=r"^-?[0-9]{1,9}(\.[0-9]{1,4})?$")]
Reason = Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=2000)]
# "professionals", "family", {"agencies": [ids]} or {"members": [ids]}; checked by the rules.
AudienceIn = Any
# An item's extra fields (who, by when, the family's view ...): text, whole numbers, yes/no,
# at most two levels of lists or objects below a field. No floats (a version's canonical JSON
# has none), no integer beyond JSON's exact range, no nesting without end.
DetailKey = Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=60)]
DetailText = Annotated[str, PRINTABLE, msgspec.Meta(max_length=4000)]
DetailNumber = Annotated[int, msgspec.Meta(ge=-(2**53 - 1), le=2**53 - 1)]
DetailScalar = DetailText | DetailNumber | bool | None
DetailInner = (
    DetailScalar
    | Annotated[list[DetailScalar], msgspec.Meta(max_length=50)]
    | Annotated[dict[DetailKey, DetailScalar], msgspec.Meta(max_length=20)]
)
DetailValue = (
    DetailScalar
    | Annotated[list[DetailInner], msgspec.Meta(max_length=50)]
    | Annotated[dict[DetailKey, DetailInner], msgspec.Meta(max_length=20)]
)
Details = Annotated[
    dict[DetailKey, DetailValue],
    msgspec.Meta(
        max_length=20,
        description="The section's own fields (a next step's `who` and `by_when`, a worry's "
        "`family_view` ...). A date (`by_when`) is a real date written YYYY-MM-DD.",
    ),
]

Revision = Annotated[int, msgspec.Meta(ge=1, le=2_147_483_647)]


class NewItem(msgspec.Struct, forbid_unknown_fields=True):
    section: Section
    text: Text
    audience: AudienceIn = "professionals"
    details: Details = {}
    about_member_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=20)] = []
    source_kind: Annotated[str, msgspec.Meta(pattern="^(agency|family|third_party)$")] = "agency"
    source_note: Annotated[str, PRINTABLE, msgspec.Meta(max_length=200)] = ""
    answers: uuid.UUID | None = None
    network_person: uuid.UUID | None = None
    position: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | None = None


class ItemPatch(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision | None = None
    text: Text | None = None
    audience: AudienceIn = None
    details: Details | None = None
    about_member_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=20)] | None = None
    answers: uuid.UUID | None = None
    network_person: uuid.UUID | None = None
    position: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | None = None


class Removal(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason
    revision: Revision | None = None


class Measure(msgspec.Struct, forbid_unknown_fields=True):
    kind: MeasureKind
    target: DecimalText
    unit: Annotated[str, PRINTABLE, msgspec.Meta(max_length=60)] = ""
    baseline: DecimalText | None = None


class Owner(msgspec.Struct, forbid_unknown_fields=True):
    kind: OwnerKind
    id: uuid.UUID


class NewObjective(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=200)]
    measure: Measure
    owner: Owner
    why: Annotated[str, PRINTABLE, msgspec.Meta(max_length=2000)] = ""
    answers: uuid.UUID | None = None
    due_on: dt.date | None = None
    audience: AudienceIn = "family"


class ObjectivePatch(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision | None = None
    title: Annotated[str, PRINTABLE, msgspec.Meta(min_length=1, max_length=200)] | None = None
    why: Annotated[str, PRINTABLE, msgspec.Meta(max_length=2000)] | None = None
    measure: Measure | None = None
    owner: Owner | None = None
    due_on: dt.date | None = None
    audience: AudienceIn = None


class NewProgress(msgspec.Struct, forbid_unknown_fields=True):
    client_uuid: uuid.UUID
    value: DecimalText
    recorded_on: dt.date | None = None
    note: Annotated[str, PRINTABLE, msgspec.Meta(max_length=2000)] = ""


class NewScaling(msgspec.Struct, forbid_unknown_fields=True):
    score: Annotated[int, msgspec.Meta(ge=0, le=10)]
    by_kind: ScalingBy
    reason: Reason
    judged_on: dt.date | None = None
    statement: uuid.UUID | None = None
    by_member: uuid.UUID | None = None
    by_name: Annotated[str, PRINTABLE, msgspec.Meta(max_length=200)] = ""
    audience: AudienceIn = "family"


class NewVersion(msgspec.Struct, forbid_unknown_fields=True):
    label: Annotated[str, PRINTABLE, msgspec.Meta(max_length=200)] = ""


# Examples shown in the OpenAPI document.
EXAMPLES: dict[type, dict[str, Any]] = {
    NewItem: {
        "section": "worry",
        "text": "Grace and Priya are worried that if there is no food in the house, Leo and "
        "Mia will go hungry and fall behind at school.",
        "audience": "family",
        "about_member_ids": ["3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11"],
    },
    ItemPatch: {"text": "Leo gets to school on time on most days.", "revision": 3},
    Removal: {"reason": "Written twice by mistake", "revision": 2},
    NewObjective: {
        "title": "Leo gets to school on time",
        "why": "Leo misses the start of lessons and falls behind.",
        "measure": {
            "kind": "count",
            "unit": "days on time out of 5",
            "baseline": "2",
            "target": "5",
        },
        "owner": {"kind": "member", "id": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11"},
        "due_on": "2027-05-01",
        "audience": "family",
    },
    ObjectivePatch: {"due_on": "2027-06-01", "revision": 1},
    NewProgress: {
        "client_uuid": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "value": "4",
        "recorded_on": "2026-11-20",
        "note": "Bags packed the night before.",
    },
    NewScaling: {
        "score": 5,
        "by_kind": "professional",
        "reason": "There is food in the house at every visit.",
    },
    NewVersion: {"label": "Ready for the core group"},
}
