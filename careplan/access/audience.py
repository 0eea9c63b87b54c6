"""Audiences: who may see a record. Every item has one (DESIGN.md, privacy)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class AudienceError(ValueError):
    """An audience that is not one of the contract's four shapes."""


@dataclass(frozen=True)
class Audience:
    """Who may see a record: "professionals", "family", named agencies or named members.

    The professionals on the family's team see everything of it, except that an item for
    named agencies is seen only by professionals of those agencies.
    """

    kind: str
    ids: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: Any) -> Audience:
        if raw in ("professionals", "family"):
            return cls(kind=raw)
        if isinstance(raw, Mapping) and len(raw) == 1:
            ((kind, ids),) = raw.items()
            if kind in ("agencies", "members") and isinstance(ids, list) and ids:
                try:
                    parsed = tuple(sorted({str(uuid.UUID(str(i))) for i in ids}))
                except ValueError as error:
                    raise AudienceError(f"{kind} must be a list of ids") from error
                return cls(kind=kind, ids=parsed)
        raise AudienceError(
            'must be "professionals", "family", {"agencies": [ids]} or {"members": [ids]}'
        )

    @classmethod
    def from_columns(cls, kind: str, ids: Iterable[Any]) -> Audience:
        return cls(kind=kind, ids=tuple(sorted(str(i) for i in ids)))

    def to_json(self) -> Any:
        if self.kind in ("professionals", "family"):
            return self.kind
        return {self.kind: list(self.ids)}

    def with_author(self, agency_id: Any) -> Audience:
        """The audience as its author sets it: a named-agencies audience always names the
        author's own agency, so nothing they write can vanish from their own (and their
        colleagues') sight. Other audiences already include every professional."""
        if self.kind != "agencies" or agency_id is None:
            return self
        return Audience(kind=self.kind, ids=tuple(sorted({*self.ids, str(agency_id)})))

    def includes_member(self, member_id: str) -> bool:
        return self.kind == "family" or (self.kind == "members" and member_id in self.ids)

    def includes_professional(self, agency_id: str | None) -> bool:
        return self.kind != "agencies" or (agency_id is not None and agency_id in self.ids)
