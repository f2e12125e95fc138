"""A small per-day bar chart as inline SVG, computed on the server (no script, no image)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    count: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    peak: int
    first: date | None
    last: date | None


def day_chart(days: list[tuple[date, int]], *, width: int = 600, height: int = 80) -> Chart:
    """Bars for (day, count) pairs, scaled to the busiest day; the template draws them."""
    if not days:
        return Chart(width, height, (), 0, None, None)
    peak = max(count for _, count in days) or 1
    step = width / len(days)
    bars = tuple(
        Bar(x=round(i * step + 0.5, 2), y=round(height - count / peak * (height - 2), 2),
            width=round(max(step - 1, 1), 2), height=round(count / peak * (height - 2), 2),
            day=day, count=count)
        for i, (day, count) in enumerate(days)
    )
    return Chart(width, height, bars, peak, days[0][0], days[-1][0])
