"""Charts drawn on the server as inline SVG: geometry here, shapes in the templates.

No script and no inline style (the CSP forbids both): positions are SVG attributes and colours
come from classes in static/css/app.css. Every chart has a table beside it with its numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format

from .selectors import DayPoint

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 16, 36
MAX_LABELS = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class TimeChart:
    width: int
    height: int
    left: int
    right: float
    baseline: float
    bars: list[Bar]
    line: str
    dots: list[Dot]
    ticks: list[Tick]
    labels: list[Label]
    is_empty: bool


def nice_step(largest: int, steps: int = 4) -> int:
    """A round step (1, 2, 5 times a power of ten) so ``steps`` of them cover ``largest``."""
    raw = max(1.0, largest / steps)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def time_chart(points: Sequence[DayPoint]) -> TimeChart:
    """Columns and a line over days; the template draws whichever it needs."""
    largest = max((p.value for p in points), default=0)
    step = nice_step(largest)
    top_value = step * max(1, math.ceil(largest / step))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    slot = plot_width / max(1, len(points))
    every = max(1, math.ceil(len(points) / MAX_LABELS))

    def y_of(value: int) -> float:
        return round(baseline - plot_height * value / top_value, 1)

    bars, dots, labels = [], [], []
    for index, point in enumerate(points):
        x = LEFT + slot * index
        title = f"{date_format(point.day, 'SHORT_DATE_FORMAT')}: {point.value}"
        top = y_of(point.value)
        bars.append(
            Bar(
                x=round(x + slot * 0.15, 1),
                y=top,
                width=round(slot * 0.7, 1),
                height=round(baseline - top, 1),
                title=title,
            )
        )
        dots.append(Dot(x=round(x + slot / 2, 1), y=top, title=title))
        if index % every == 0:
            labels.append(Label(x=round(x + slot / 2, 1), text=f"{point.day:%m/%d}"))
    ticks = [Tick(y=y_of(value), label=str(value)) for value in range(0, top_value + 1, step)]
    return TimeChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=baseline,
        bars=bars,
        line=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        dots=dots,
        ticks=ticks,
        labels=labels,
        is_empty=largest == 0,
    )
