"""The family timeline drawn on the server: pure geometry for `workspace/_family_timeline.html`.

Every episode since the first is a band along the top; each objective thread is a line across
the episodes it ran through, with a mark where it was carried into the next episode and a mark
at its end (achieved: a filled circle; dropped: a cross; still open: an arrow at today). Words
say everything the marks say (the title carries the status), so colour is never the only cue,
and the page has a text equivalent beside it. No I/O and no framework here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from portal import labels

WIDTH = 960
LEFT, RIGHT = 16, WIDTH - 24
BAND_TOP, BAND_HEIGHT = 24, 34
ROW_TOP, ROW_HEIGHT = 92, 50
MIN_SPAN_DAYS = 21


def episode_label(kind: str) -> str:
    return labels.said(labels.EPISODE_KINDS, kind)


def duration(start: dt.date, end: dt.date) -> str:
    """How long, in plain words: "3 weeks", "5 months", "2 years and 1 month"."""
    days = max((end - start).days, 0)
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 61:
        weeks = round(days / 7)
        return f"{weeks} weeks"
    months = round(days / 30.44)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " and ".join(parts) or "1 month"


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    label: str
    kind: str
    title: str
    show_label: bool


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    kind: str  # "carried", "achieved", "dropped", "open"


@dataclass(frozen=True)
class Row:
    title: str
    y_text: float
    y_line: float
    x1: float
    x2: float
    status: str
    marks: list[Mark] = field(default_factory=list)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    bands: list[Band]
    boundaries: list[float]
    rows: list[Row]
    ticks: list[Tick]
    axis_y: float
    start: dt.date
    end: dt.date
    rows_top: float = ROW_TOP


def _ticks(start: dt.date, end: dt.date, x: Any) -> list[Tick]:
    span = (end - start).days
    ticks: list[Tick] = []
    if span > 700:
        for year in range(start.year + 1, end.year + 1):
            ticks.append(Tick(x(dt.date(year, 1, 1)), str(year)))
    elif span <= 62:
        day = start + dt.timedelta(days=(7 - start.weekday()) % 7 or 7)  # Mondays
        while day <= end:
            ticks.append(Tick(x(day), f"{day.day} {day:%B}"))  # the year is on the axis
            day += dt.timedelta(days=7)
    else:
        step = 1 if span <= 200 else 3
        year, month = start.year, start.month
        while True:
            month += step
            while month > 12:
                month -= 12
                year += 1
            day = dt.date(year, month, 1)
            if day > end:
                break
            ticks.append(Tick(x(day), f"{day:%B} {day.year}"))
    return ticks


def draw(
    episodes: Sequence[Mapping[str, Any]], threads: Sequence[Mapping[str, Any]], today: dt.date
) -> Drawing:
    """Lay out the episodes and the threads across them, from the first day to today."""
    days = [e["opened_on"] for e in episodes] + [t["started_on"] for t in threads]
    start = min(days) if days else today
    end = max([today, *[e["closed_on"] for e in episodes if e["closed_on"]]])
    if (end - start).days < MIN_SPAN_DAYS:
        start = end - dt.timedelta(days=MIN_SPAN_DAYS)
    span = (end - start).days

    def x(day: dt.date) -> float:
        return round(LEFT + (day - start).days / span * (RIGHT - LEFT), 1)

    bands = []
    for episode in episodes:
        x1, x2 = x(episode["opened_on"]), x(episode["closed_on"] or end)
        label = episode_label(episode["kind"])
        bands.append(
            Band(
                x=x1,
                width=max(x2 - x1, 2),
                label=label,
                kind=episode["kind"],
                title=label,
                show_label=(x2 - x1) >= len(label) * 7.5 + 12,
            )
        )
    boundaries = sorted({b.x for b in bands[1:]})
    episode_end = {e["id"]: e["closed_on"] for e in episodes}
    rows = []
    for index, thread in enumerate(threads):
        y_text = ROW_TOP + index * ROW_HEIGHT
        y_line = y_text + 18
        x1 = x(thread["started_on"])
        x2 = x(thread["ended_on"] or end)
        marks = [
            Mark(x(episode_end[o["episode"]]), y_line, "carried")
            for o in thread["objectives"]
            if o["status"] == "carried" and episode_end.get(o["episode"])
        ]
        status = thread["status"]
        marks.append(Mark(x2, y_line, status if status in ("achieved", "dropped") else "open"))
        title = f"{thread['title']} ({labels.THREAD_STATUSES.get(status, status)})"
        rows.append(Row(title, y_text, y_line, x1, max(x2, x1 + 1), status, marks))
    axis_y = ROW_TOP + max(len(threads), 1) * ROW_HEIGHT + 4
    return Drawing(
        width=WIDTH,
        height=int(axis_y + 30),
        bands=bands,
        boundaries=boundaries,
        rows=rows,
        ticks=_ticks(start, end, x),
        axis_y=axis_y,
        start=start,
        end=end,
    )
