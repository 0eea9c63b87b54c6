"""The audit chain's rules: how an event is hashed and how a chain is checked. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from careplan.lib.canonical import canonical_text, sha256_hex

GENESIS = "0" * 64


def event_document(event: Mapping[str, Any]) -> dict[str, Any]:
    """The fields an event's hash covers: all of them but its own hash."""
    return {
        "sequence": event["sequence"],
        "at": event["at"],
        "actor": event.get("actor"),
        "local_authority": event.get("local_authority"),
        "family": event.get("family"),
        "action": event["action"],
        "record_type": event["record_type"],
        "record_id": event["record_id"],
        "before": event.get("before"),
        "after": event.get("after"),
        "previous_sha256": event["previous_sha256"],
    }


def event_hash(event: Mapping[str, Any]) -> str:
    return sha256_hex(canonical_text(event_document(event)))


@dataclass(frozen=True)
class ChainFault:
    sequence: int
    problem: str


def verify_chain(events: Iterable[Mapping[str, Any]]) -> list[ChainFault]:
    """Every fault in a chain read in sequence order: a gap, a broken link, a changed row."""
    faults: list[ChainFault] = []
    previous_hash, expected = GENESIS, 1
    for event in events:
        sequence = int(event["sequence"])
        if sequence != expected:
            faults.append(ChainFault(sequence, f"expected event {expected}: events are missing"))
        if event["previous_sha256"] != previous_hash:
            faults.append(ChainFault(sequence, "does not follow the event before it"))
        if event_hash(event) != event["sha256"]:
            faults.append(ChainFault(sequence, "its content was changed after it was written"))
        previous_hash, expected = event["sha256"], sequence + 1
    return faults
