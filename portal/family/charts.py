"""The small progress chart of a goal, drawn on the server as SVG geometry (no script).

Readable without colour: every check-in is a marker with its value written beside it, the
parent's own check-ins are circles and everyone else's squares (a key says so), and the
target is a dashed line labelled with its value. The page gives a text equivalent too.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

WIDTH, HEIGHT = 300, 170
LEFT, RIGHT, TOP, BOTTOM = 34, 16, 34, 30
MAX_POINTS = 12
FIXED_TOP = {"scale": Decimal(10), "percentage": Decimal(100), "yes_no": Decimal(1)}


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    mine: bool
    when: dt.date


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


def _number(text: Any) -> Decimal | None:
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b} {day:%y}"


def value_text(kind: str, value: Any) -> str:
    if kind == "yes_no":
        return "Yes" if str(value) == "1" else "No"
    return f"{value}%" if kind == "percentage" else str(value)


def _top(kind: str, values: list[Decimal]) -> Decimal:
    if kind in FIXED_TOP:
        return FIXED_TOP[kind]
    highest = max(values) if values else Decimal(1)
    return Decimal(max(1, math.ceil(highest * Decimal("1.1"))))


def progress_chart(goal: dict[str, Any]) -> Chart | None:
    """The chart of a goal (from `portal_reads.my_goals`), or None with nothing to draw."""
    kind = goal["measure"]["kind"]
    entries = [p for p in goal["progress"] if _number(p["value"]) is not None]
    if not entries:
        return None
    shown = entries[-MAX_POINTS:]
    target = _number(goal["measure"]["target"])
    values = [_number(p["value"]) for p in shown]
    top = _top(
        kind, [v for v in values if v is not None] + ([target] if target is not None else [])
    )
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(value: Decimal) -> float:
        return round(TOP + plot_h - float(value / top) * plot_h, 1)

    step = plot_w / (len(shown) - 1) if len(shown) > 1 else 0
    points = [
        Point(
            x=round(LEFT + (step * i if len(shown) > 1 else plot_w / 2), 1),
            y=y_of(value),  # type: ignore[arg-type]
            label=value_text(kind, entry["value"]),
            mine=entry["mine"],
            when=entry["recorded_on"],
        )
        for i, (entry, value) in enumerate(zip(shown, values, strict=True))
    ]
    if kind == "yes_no":
        axis = [(y_of(Decimal(0)), "No"), (y_of(Decimal(1)), "Yes")]
    else:
        axis = [(y_of(Decimal(0)), "0"), (y_of(top), value_text(kind, top))]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=None if target is None else y_of(min(target, top)),
        target_label=""
        if target is None
        else f"Target {value_text(kind, goal['measure']['target'])}",
        axis=axis,
        first=short_date(shown[0]["recorded_on"]),
        last=short_date(shown[-1]["recorded_on"]),
        left=LEFT,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=TOP + plot_h,
        earlier=len(entries) - len(shown),
    )
