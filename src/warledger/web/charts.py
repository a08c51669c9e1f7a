"""Charts as inline SVG, drawn on the server: nothing is fetched or run in the browser.

Every chart is ``role="img"`` with a title and description, and every page that shows one
also shows the same numbers as a table, so no reader depends on the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup


@dataclass(frozen=True)
class Bar:
    """One series on a range chart: the span of figures reported, and the estimate if any."""

    label: str
    low: float
    high: float
    side: str  # css class: "to-rus", "to-ukr" or "other"
    href: str
    est_low: float | None = None
    est_high: float | None = None


@dataclass(frozen=True)
class Point:
    """One observation on a timeline."""

    when: date
    low: float
    high: float
    label: str
    href: str
    conflict: bool = False
    derived: bool = False


@dataclass(frozen=True)
class Step:
    """One month of a stepped estimate band."""

    start: date
    end: date
    low: float
    high: float


def compact(value: float) -> str:
    """12000 -> '12k', 4.5e9 -> '4.5bn': axis labels that fit on a phone."""
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least ``top``."""
    raw = max(top, 1e-9) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if top >= 1:
        step = max(step, 1.0)
    return [step * i for i in range(math.ceil(top / step) + 1)]


class _Scale:
    """Linear, or log10 when the values span more than two orders of magnitude."""

    def __init__(self, values: Sequence[float], start: float, stop: float,
                 linear: bool = False) -> None:
        positive = [v for v in values if v > 0] or [1.0]
        lo, hi = min(positive), max(max(values, default=1.0), 1.0)
        self.log = not linear and hi / lo > 100
        if self.log:
            self.lo, self.hi = 10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))
        else:
            self._ticks = nice_ticks(hi)
            self.lo, self.hi = 0.0, self._ticks[-1]
        self.start, self.stop = start, stop

    def __call__(self, value: float) -> float:
        if self.log:
            value = max(value, self.lo)
            frac = (math.log10(value) - math.log10(self.lo)) / (
                math.log10(self.hi) - math.log10(self.lo) or 1)
        else:
            frac = (value - self.lo) / ((self.hi - self.lo) or 1)
        return self.start + frac * (self.stop - self.start)

    def ticks(self) -> list[float]:
        if self.log:
            exps = range(round(math.log10(self.lo)), round(math.log10(self.hi)) + 1)
            return [10.0 ** e for e in exps]
        return self._ticks


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    head = (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="t-{id(body)} d-{id(body)}" preserveAspectRatio="xMinYMin meet">'
            f'<title id="t-{id(body)}">{escape(title)}</title>'
            f'<desc id="d-{id(body)}">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def range_chart(bars: Sequence[Bar], unit: str, title: str) -> Markup:
    """Horizontal bars from lowest to highest reported figure; a band for the estimate."""
    row, left, width = 30, 130, 640
    height = row * len(bars) + 40
    values = [b.low for b in bars] + [b.high for b in bars]
    scale = _Scale(values, left, width - 50)
    body = []
    for tick in scale.ticks():
        x = scale(tick)
        body.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 30}"/>'
                    f'<text class="tick" x="{x:.1f}" y="{height - 14}" text-anchor="middle">'
                    f"{compact(tick)}</text>")
    for i, bar in enumerate(bars):
        y = 4 + i * row
        x0, x1 = scale(bar.low), scale(bar.high)
        span = "" if bar.high == bar.low else (
            f'<rect class="bar spread {bar.side}" x="{x0:.1f}" y="{y + 6}" '
            f'width="{max(x1 - x0, 1):.1f}" height="16"/>')
        body.append(f'<a href="{escape(bar.href)}"><title>{escape(bar.label)}: '
                    f"{compact(bar.low)}-{compact(bar.high)} {escape(unit)} reported</title>"
                    f'<text class="label" x="{left - 8}" y="{y + 19}" text-anchor="end">'
                    f"{escape(bar.label)}</text>"
                    f'<rect class="bar {bar.side}" x="{left}" y="{y + 6}" '
                    f'width="{max(x0 - left, 3):.1f}" height="16"/>{span}'
                    f'<text class="value" x="{max(x1, x0) + 6:.1f}" y="{y + 19}">'
                    f"{compact(bar.high)}</text></a>")
        if bar.est_low is not None and bar.est_high is not None:
            e0, e1 = scale(bar.est_low), scale(bar.est_high)
            body.append(f'<rect class="estimate" x="{e0:.1f}" y="{y + 2}" '
                        f'width="{max(e1 - e0, 3):.1f}" height="24"/>')
    axis = "log scale" if scale.log else "linear scale"
    desc = (f"{len(bars)} series, {unit}, {axis}. The solid bar reaches the lowest figure "
            "reported, the pale extension the highest; outlined boxes are estimate intervals. "
            "The table below has the numbers.")
    return _svg(width, height, title, desc, body)


def timeline_chart(points: Sequence[Point], unit: str, title: str,
                   band: tuple[float, float] | None = None,
                   steps: Sequence[Step] = ()) -> Markup:
    """Every observation at its reference date; ranges as vertical lines; the estimate band,
    month by month when ``steps`` are given, else flat across the chart."""
    width, height, left, bottom = 760, 320, 64, 280
    values = [p.high for p in points] + ([band[1]] if band else []) + [s.high for s in steps]
    y_of = _Scale(values, bottom, 16, linear=True)  # one quantity: linear from zero
    days = ([p.when.toordinal() for p in points] + [s.start.toordinal() for s in steps]
            + [s.end.toordinal() for s in steps]) or [date.today().toordinal()]
    d0, d1 = min(days) - 20, max(days) + 20
    def x_of(day: int) -> float:
        return left + (day - d0) / (d1 - d0) * (width - left - 16)

    body = []
    for tick in y_of.ticks():
        y = y_of(tick)
        body.append(f'<line class="grid" x1="{left}" x2="{width - 16}" y1="{y:.1f}" '
                    f'y2="{y:.1f}"/><text class="tick" x="{left - 6}" y="{y + 4:.1f}" '
                    f'text-anchor="end">{compact(tick)}</text>')
    for year in range(date.fromordinal(d0).year, date.fromordinal(d1).year + 1):
        for month in (1, 7):
            day = date(year, month, 1).toordinal()
            if d0 <= day <= d1:
                x = x_of(day)
                body.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="16" '
                            f'y2="{bottom}"/><text class="tick" x="{x:.1f}" '
                            f'y="{bottom + 18}" text-anchor="middle">{year}-{month:02d}</text>')
    for step in steps:
        x0, x1 = x_of(step.start.toordinal()), x_of(step.end.toordinal() + 1)
        y0, y1 = y_of(step.high), y_of(step.low)
        body.append(f'<rect class="band" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
                    f'height="{max(y1 - y0, 2):.1f}"><title>estimate at end of '
                    f"{step.start:%Y-%m}: {compact(step.low)}-{compact(step.high)} "
                    f"{escape(unit)}</title></rect>")
    if band and not steps:
        y0, y1 = y_of(band[1]), y_of(band[0])
        body.append(f'<rect class="band" x="{left}" y="{y0:.1f}" width="{width - left - 16}" '
                    f'height="{max(y1 - y0, 2):.1f}"><title>estimate {compact(band[0])}-'
                    f"{compact(band[1])} {escape(unit)}</title></rect>")
    for p in points:
        x, ylo, yhi = x_of(p.when.toordinal()), y_of(p.low), y_of(p.high)
        kind = "conflict" if p.conflict else ("derived" if p.derived else "reported")
        mark = (f'<rect class="pt {kind}" x="{x - 5:.1f}" y="{yhi - 5:.1f}" width="10" '
                'height="10"/>' if p.conflict else
                f'<circle class="pt {kind}" cx="{x:.1f}" cy="{yhi:.1f}" r="5"/>')
        span = (f'<line class="span {kind}" x1="{x:.1f}" x2="{x:.1f}" y1="{ylo:.1f}" '
                f'y2="{yhi:.1f}"/>' if p.high > p.low else "")
        body.append(f'<a href="{escape(p.href)}"><title>{escape(p.label)}</title>'
                    f"{span}{mark}</a>")
    desc = (f"{len(points)} observations in {unit} by reference date; squares mark figures "
            "in conflict, the shaded band is the estimate. Each point links to its source.")
    return _svg(width, height, title, desc, body)


def month_chart(months: Sequence[tuple[str, float | None, bool]], unit: str,
                title: str, side: str = "to-rus") -> Markup:
    """Bars per month: (YYYY-MM, value or None for no data, is a lower bound)."""
    width, height, left, bottom = 760, 260, 48, 220
    step = (width - left - 10) / max(len(months), 1)
    ticks = nice_ticks(max((m[1] for m in months if m[1] is not None), default=1.0))
    top = ticks[-1] or 1.0
    body = []
    for v in ticks:
        y = bottom - v / top * (bottom - 16)
        body.append(f'<line class="grid" x1="{left}" x2="{width - 10}" y1="{y:.1f}" '
                    f'y2="{y:.1f}"/><text class="tick" x="{left - 6}" y="{y + 4:.1f}" '
                    f'text-anchor="end">{compact(v)}</text>')
    for i, (month, value, lower_bound) in enumerate(months):
        x = left + i * step
        if len(months) <= 24 or i % 3 == 0:
            body.append(f'<text class="tick" x="{x + step / 2:.1f}" y="{bottom + 16}" '
                        f'text-anchor="middle">{month[2:]}</text>')
        if value is None:  # no figure for this month: no bar, not a zero
            continue
        h = value / top * (bottom - 16)
        note = "at least " if lower_bound else ""
        body.append(f'<rect class="bar {side}" x="{x + 2:.1f}" y="{bottom - h:.1f}" '
                    f'width="{max(step - 4, 2):.1f}" height="{h:.1f}"><title>{month}: '
                    f"{note}{compact(value)} {escape(unit)}</title></rect>")
    desc = f"{unit} per month, {len(months)} months; the table below has the numbers."
    return _svg(width, height, title, desc, body)
