"""plans: the dates written as words in live items' details become real dates

Until now a next step's "By when" was free text: "11 December 2026" (as the form's own hint
said), "11/12/2026", "end of term". It is now a date (`YYYY-MM-DD`, like every date of a
version). This migration turns the date fields of every live item (not removed) into a date
where the words read as one, and keeps the words where they do not ("end of term", a day
without a year): nothing is guessed and nothing is lost. Each item it changes gets a new
revision and an audit event, and its family's revision is bumped (so no page is served from
a stale copy). Removed items and versions are history: they are never rewritten (versions are
immutable; the pages read old words tolerantly).

Hand-written and frozen: the reading of dates below is a copy, not an import, so that this
migration means the same thing for ever.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-11-27T18:43:18:683400"
VERSION = "1.38.0"
DESCRIPTION = "the dates written as words in live items' details become real dates"

DATE_DETAILS = ("by_when",)
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
}
MONTHS["sept"] = 9
WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
DAY = r"([0-9]{1,2})(?:st|nd|rd|th)?"
YEAR = r"([0-9]{4})"
WORDS_DMY = re.compile(rf"^{WEEKDAY}{DAY}\s+(?:of\s+)?([a-z]+)\.?,?\s+{YEAR}$")
WORDS_MDY = re.compile(rf"^{WEEKDAY}([a-z]+)\.?\s+{DAY},?\s+{YEAR}$")
NUMBERS_DMY = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})$")
ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
LEADING = re.compile(r"^(?:by|on|before)\s+", re.IGNORECASE)


def read_date(text: str) -> dt.date | None:
    """A date written in words or numbers the way people in England write one, or None.

    11 December 2026, 11th Dec 2026, Friday 11 December 2026, December 11, 2026, 11/12/2026,
    11.12.26 (day first, as in England), 2026-12-11. A day without a year, a week, a term or
    anything else is not read: its words are kept.
    """
    words = LEADING.sub("", " ".join(text.strip().lower().split())).rstrip(".")
    day = month = year = None
    if found := ISO.match(words):
        year, month, day = (int(part) for part in found.groups())
    elif found := WORDS_DMY.match(words):
        day, month, year = int(found.group(1)), MONTHS.get(found.group(2)), int(found.group(3))
    elif found := WORDS_MDY.match(words):
        month, day, year = MONTHS.get(found.group(1)), int(found.group(2)), int(found.group(3))
    elif found := NUMBERS_DMY.match(words):
        day, month = int(found.group(1)), int(found.group(2))
        year = int(found.group(3)) + (2000 if len(found.group(3)) == 2 else 0)
    if day is None or month is None or year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dated(details: Any) -> dict[str, Any] | None:
    """The details with each date field read as a date, or None when nothing changes."""
    if not isinstance(details, dict):
        return None
    changed = dict(details)
    for name in DATE_DETAILS:
        value = details.get(name)
        if not isinstance(value, str):
            continue
        day = read_date(value)
        if day is not None and day.isoformat() != value:
            changed[name] = day.isoformat()
    return changed if changed != details else None


async def date_the_details() -> None:
    from careplan.audit import service as audit

    engine = engine_finder()
    assert engine is not None
    text = "details::text" if engine.engine_type == "postgres" else "details"
    rows = await engine.run_querystring(
        QueryString(
            f"SELECT id, family, details FROM item WHERE removed_at IS NULL AND {text} LIKE {{}}",
            "%by_when%",
        )
    )
    now = dt.datetime.now(dt.UTC)
    families = set()
    for row in rows:
        details = row["details"]
        before = json.loads(details) if isinstance(details, str) else details
        after = dated(before)
        if after is None:
            continue
        await engine.run_querystring(
            QueryString(
                "UPDATE item SET details = {}, revision = revision + 1, updated_at = {} "
                "WHERE id = {}",
                json.dumps(after, ensure_ascii=False, sort_keys=True),
                now,
                row["id"],
            )
        )
        await audit.record(
            actor=None,
            action="item.dates_read",
            record_type="item",
            record_id=row["id"],
            family=row["family"],
            before={"details": {n: before.get(n) for n in DATE_DETAILS if n in before}},
            after={"details": {n: after.get(n) for n in DATE_DETAILS if n in after}},
        )
        families.add(row["family"])
    for family in families:
        await engine.run_querystring(
            QueryString(
                "UPDATE family SET revision = revision + 1, updated_at = {} WHERE id = {}",
                now,
                family,
            )
        )


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="plans", description=DESCRIPTION)
    manager.add_raw(date_the_details)
    return manager
