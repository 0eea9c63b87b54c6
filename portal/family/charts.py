"""The small progress chart of a goal, drawn on the server as SVG geometry (no script).

Readable without colour: every check-in is a marker, the parent's own check-ins are circles
and everyone else's squares (a key says so), and the target is a dashed line labelled with
its value. The page gives a text equivalent too (a list of the check-ins).

Made for a phone of 320 px and up: the drawing scales to the width of the page, the value
axis runs to the measure's own maximum (the same span as the check-in's choices:
`careplan.plans.vocabulary.measure_span`), a value is written beside its marker only where it
has room and says something new (the latest always), nothing is drawn outside the picture, and
the first and last dates are written in full, as every date is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from careplan.plans.vocabulary import measure_span
from careplan.web.dates import date_filter

WIDTH, HEIGHT = 300, 180
RIGHT, TOP, BOTTOM = 6, 38, 30
FONT = 13
CHAR = 7.6  # the width of one character at FONT, in Arial (digits and %), rounded up
INSET = 16  # from the axis to the first marker, and from the last one to the edge
MAX_POINTS = 12


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    mine: bool
    when: dt.date
    show_label: bool = True
    label_x: float = 0.0
    label_anchor: str = "middle"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    line: str  # the SVG polyline's points
    target_y: float | None
    target_label: str
    axis: list[tuple[float, str]]  # (y, label) for the value axis
    first: str  # the first and last dates shown under the chart
    last: str
    left: int
    top: int
    right: float
    bottom: float
    earlier: int  # check-ins older than the ones drawn
    highest: str  # the top of the value axis, as text


def _number(text: Any) -> Decimal | None:
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def value_text(kind: str, value: Any) -> str:
    if kind == "yes_no":
        return "Yes" if str(value) == "1" else "No"
    return f"{value}%" if kind == "percentage" else str(value)


def _width(text: str) -> float:
    return len(text) * CHAR


def _labelled(points: list[Point], left: float, right: float) -> list[Point]:
    """Which values to write: the latest always, then each earlier one that says something
    new (not the same as the one before it) and has room beside the ones already written."""
    placed: list[Point] = []
    taken: list[tuple[float, float]] = []
    for index in range(len(points) - 1, -1, -1):
        point = points[index]
        half = _width(point.label) / 2
        # Keep the text inside the picture: at the edges it is anchored at its end or start.
        x, anchor = point.x, "middle"
        if point.x + half > right:
            x, anchor = right, "end"
        elif point.x - half < left:
            x, anchor = left, "start"
        start = x - (half * 2 if anchor == "end" else 0 if anchor == "start" else half)
        span = (start - 3, start + half * 2 + 3)
        new = index == len(points) - 1 or index == 0 or point.label != points[index - 1].label
        free = all(span[1] <= a or span[0] >= b for a, b in taken)
        show = (index == len(points) - 1) or (new and free)
        if show:
            taken.append(span)
        placed.append(
            Point(
                x=point.x,
                y=point.y,
                label=point.label,
                mine=point.mine,
                when=point.when,
                show_label=show,
                label_x=round(x, 1),
                label_anchor=anchor,
            )
        )
    return list(reversed(placed))


def progress_chart(goal: dict[str, Any]) -> Chart | None:
    """The chart of a goal (from `careplan.plans.queries.goals.my_goals`: its latest check-ins,
    how many there are and the highest value), or None with nothing to draw."""
    measure = goal["measure"]
    kind = measure["kind"]
    entries = [p for p in goal["progress"] if _number(p["value"]) is not None]
    if not entries:
        return None
    shown = entries[-MAX_POINTS:]
    values = [_number(p["value"]) or Decimal(0) for p in shown]
    low, top = measure_span(
        kind,
        measure.get("unit") or "",
        measure.get("target"),
        measure.get("baseline"),
        [*(p["value"] for p in entries), goal.get("highest")],
    )
    target = _number(measure.get("target"))
    if kind == "yes_no":
        axis_labels = [(Decimal(0), "No"), (Decimal(1), "Yes")]
    else:
        axis_labels = [(low, value_text(kind, low)), (top, value_text(kind, top))]
    left = int(max(_width(label) for _, label in axis_labels) + 10)
    plot_h = HEIGHT - TOP - BOTTOM
    first_x, last_x = left + INSET, WIDTH - RIGHT - INSET

    def y_of(value: Decimal) -> float:
        inside = min(max(value, low), top)  # a value off the measure is drawn at its edge
        return round(TOP + plot_h - float((inside - low) / (top - low)) * plot_h, 1)

    step = (last_x - first_x) / (len(shown) - 1) if len(shown) > 1 else 0
    points = [
        Point(
            x=round(first_x + step * i if len(shown) > 1 else (first_x + last_x) / 2, 1),
            y=y_of(value),
            label=value_text(kind, entry["value"]),
            mine=entry["mine"],
            when=entry["recorded_on"],
        )
        for i, (entry, value) in enumerate(zip(shown, values, strict=True))
    ]
    points = _labelled(points, left + 2, WIDTH - 1)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=None if target is None else y_of(target),
        target_label="" if target is None else f"Target {value_text(kind, measure['target'])}",
        axis=[(y_of(value), label) for value, label in axis_labels],
        first=date_filter(shown[0]["recorded_on"]),
        last=date_filter(shown[-1]["recorded_on"]),
        left=left,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=TOP + plot_h,
        # The goal holds only the latest check-ins and says how many there are in all.
        earlier=max(goal.get("progress_count", len(entries)), len(entries)) - len(shown),
        highest=axis_labels[-1][1],
    )
