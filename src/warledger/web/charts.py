"""Charts as SVG, drawn on the server: nothing is fetched or computed in the browser.

Every chart is drawn twice, for a wide and a narrow (phone) layout, so its text keeps a
readable size at either width; CSS shows one. Scales are linear from zero and every scale
has a label. Styling is in SVG presentation attributes, so a downloaded ``.svg`` looks the
same outside the page. Each chart is ``role="img"`` with a unique title and a description,
and every page that shows one also shows the same numbers as a table.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from warledger.web.format import date_label, human, month_label, unit_words

WIDE, NARROW = 760, 360
FONT = 'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif"'
INK, MUTED, GRID = "#1a1a1a", "#4d4d4d", "#e2e2e2"
FILL = {"to-rus": "#b3261e", "to-ukr": "#1a5fb4", "other": "#5c5c5c",
        "reported": INK, "conflict": "#9b1c1c", "derived": "#5c5c5c"}


@dataclass(frozen=True)
class Bar:
    """One series on a range chart: the span of figures reported, and the estimate if any."""

    label: str
    low: float
    high: float
    side: str  # "to-rus", "to-ukr" or "other"
    href: str
    est_low: float | None = None
    est_high: float | None = None


@dataclass(frozen=True)
class Point:
    """One observation on a timeline; ``bound`` is "", "lower" or "upper"."""

    when: date
    low: float
    high: float
    label: str
    href: str
    conflict: bool = False
    derived: bool = False
    bound: str = ""


@dataclass(frozen=True)
class Step:
    """One month of a stepped estimate band."""

    start: date
    end: date
    low: float
    high: float


@dataclass(frozen=True)
class MonthBar:
    """One month: a figure or a range (low..high), possibly a lower bound; None = no data."""

    month: str
    low: float | None
    high: float | None = None
    lower_bound: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart in two layouts; ``str()`` gives both for a page, :meth:`standalone` one file."""

    title: str
    desc: str
    wide: str
    narrow: str

    def __html__(self) -> str:
        return self.wide + self.narrow

    def standalone(self) -> str:
        """The wide layout as a self-contained SVG file (no page CSS needed)."""
        svg = self.wide.replace('<svg class="chart wide"', '<svg xmlns="http://www.w3.org/2000/svg"'
                                ' class="chart"', 1)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least ``top``."""
    raw = max(top, 1e-9) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if top >= 1:
        step = max(step, 1.0)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


class Linear:
    """A linear scale from zero to a round number at or above the largest value."""

    def __init__(self, values: Sequence[float], start: float, stop: float,
                 count: int = 4) -> None:
        self._ticks = nice_ticks(max([*values, 1.0]), count)
        self.top = self._ticks[-1] or 1.0
        self.start, self.stop = start, stop

    def __call__(self, value: float) -> float:
        return self.start + max(value, 0.0) / self.top * (self.stop - self.start)

    def ticks(self) -> list[float]:
        return self._ticks


def chart_id(title: str, layout: str) -> str:
    """A stable id from the title (unique on a page because titles are)."""
    return f"chart-{hashlib.sha1(title.encode()).hexdigest()[:10]}-{layout}"


def _svg(layout: str, width: int, height: int, title: str, desc: str,
         body: list[str]) -> str:
    cid = chart_id(title, layout)
    # a chart whose marks are links is a group (an img may not hold interactive content)
    role = "group" if any("<a " in part for part in body) else "img"
    return (f'<svg class="chart {layout}" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="{role}" aria-labelledby="{cid}-t {cid}-d" '
            f'{FONT} font-size="13" fill="{INK}"><title id="{cid}-t">{escape(title)}</title>'
            f'<desc id="{cid}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "tick",
          colour: str = MUTED) -> str:
    return (f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
            f'fill="{colour}">{escape(text)}</text>')


def _hline(x0: float, x1: float, y: float, colour: str = GRID) -> str:
    return (f'<line class="grid" x1="{x0:.1f}" x2="{x1:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{colour}"/>')


def _vline(x: float, y0: float, y1: float, colour: str = GRID, width: float = 1) -> str:
    return (f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{y0:.1f}" y2="{y1:.1f}" '
            f'stroke="{colour}" stroke-width="{width}"/>')


def _both(title: str, desc: str, draw: Callable[[str, int], tuple[int, list[str]]]) -> Chart:
    wide_h, wide = draw("wide", WIDE)
    narrow_h, narrow = draw("narrow", NARROW)
    return Chart(title, desc, _svg("wide", WIDE, wide_h, title, desc, wide),
                 _svg("narrow", NARROW, narrow_h, title, desc, narrow))


def _span_text(low: float, high: float) -> str:
    """'16.2 bn' when both ends read the same, else '1.2 bn\u201324.2 bn'."""
    lo, hi = human(low), human(high)
    return lo if lo == hi else f"{lo}\u2013{hi}"


def _estimate_mark(bar: Bar, scale: Linear, top: float, layout: str, width: int) -> str:
    """A whisker (or a diamond for one value) under the bar, with its figure in words."""
    assert bar.est_low is not None and bar.est_high is not None
    e0, e1, ey = scale(bar.est_low), scale(bar.est_high), top + 22
    label = f"estimate {_span_text(bar.est_low, bar.est_high)}"
    if e1 - e0 < 3:  # a single value: a diamond
        mark = (f'<path d="M{e0:.1f} {ey - 5} l5 5 l-5 5 l-5 -5 z" fill="{INK}"/>')
        e1 = e0 + 5
    else:
        mark = (f'<line x1="{e0:.1f}" x2="{e1:.1f}" y1="{ey}" y2="{ey}" stroke="{INK}" '
                f'stroke-width="2"/>' + _vline(e0, ey - 4, ey + 4, INK, 2)
                + _vline(e1, ey - 4, ey + 4, INK, 2))
    if layout == "narrow":  # own line under the whisker: a phone has no room beside it
        note = _text(scale.start, ey + 17, label, "start", "value")
    elif e1 + 6 + 7.5 * len(label) < width:
        note = _text(e1 + 6, ey + 4, label, "start", "value")
    else:
        note = _text(e0 - 8, ey + 4, label, "end", "value")
    return f'<g class="estimate">{mark}{note}</g>'


def _range_row(bar: Bar, unit: str, scale: Linear, y: float, layout: str,
               width: int) -> list[str]:
    x0, x1 = scale(bar.low), scale(bar.high)
    colour = FILL.get(bar.side, FILL["other"])
    value = _span_text(bar.low, bar.high)
    if layout == "wide":
        label = _text(scale.start - 8, y + 17, bar.label, "end", "label", INK)
        figure = _text(max(x1, x0) + 6, y + 17, value, "start", "value")
        top = y + 4
    else:
        label = _text(scale.start, y + 13, bar.label, "start", "label", INK)
        figure = _text(width - 4, y + 13, value, "end", "value")
        top = y + 19
    spread = "" if bar.high == bar.low else (
        f'<rect class="bar spread {bar.side}" x="{x0:.1f}" y="{top}" '
        f'width="{max(x1 - x0, 1):.1f}" height="16" fill="{colour}" fill-opacity="0.35"/>')
    out = [f'<a href="{escape(bar.href)}"><title>{escape(bar.label)}: {value} '
           f'{escape(unit)} reported</title>{label}<rect class="bar {bar.side}" '
           f'x="{scale.start:.1f}" y="{top}" width="{max(x0 - scale.start, 2):.1f}" '
           f'height="16" fill="{colour}"/>{spread}{figure}</a>']
    if bar.est_low is None or bar.est_high is None:
        return out
    if value == _span_text(bar.est_low, bar.est_high) and bar.low == bar.high:
        return out  # the estimate is the one figure: drawing it again adds nothing
    out.append(_estimate_mark(bar, scale, top, layout, width))
    return out


def range_chart(bars: Sequence[Bar], unit: str, title: str) -> Chart:
    """Horizontal bars: solid up to the lowest figure reported, pale up to the highest; the
    estimate, when there is one, is a separate whisker under the bar (its own quantity)."""
    has_est = any(b.est_low is not None for b in bars)

    def draw(layout: str, width: int) -> tuple[int, list[str]]:
        wide = layout == "wide"
        row = (30 if wide else 40) + ((14 if wide else 30) if has_est else 0)
        left, right = (200, width - 100) if wide else (4, width - 12)
        height = row * len(bars) + 52
        scale = Linear([v for b in bars for v in (b.high, b.est_high or 0)], left, right,
                       4 if wide else 3)
        body = []
        for tick in scale.ticks():
            x = scale(tick)
            body += [_vline(x, 4, height - 44), _text(x, height - 30, human(tick), "middle")]
        body.append(_text((left + right) / 2, height - 10,
                          f"{unit_words(unit)}, linear scale from 0",
                          "middle", "axis-label x", INK))
        for i, bar in enumerate(bars):
            body += _range_row(bar, unit, scale, 4 + i * row, layout, width)
        return height, body

    desc = (f"{len(bars)} series, {unit}, linear scale from zero. The solid bar reaches the "
            "lowest figure reported, the pale part the highest"
            + ("; a black whisker under a bar is the estimate interval" if has_est else "")
            + ". The table has the numbers.")
    return _both(title, desc, draw)


def _time_ticks(d0: int, d1: int, plot_width: float, min_gap: float) -> list[date]:
    """First days of months, every 1, 3, 6, 12 or 24 months, at least ``min_gap`` apart."""
    months = max((d1 - d0) / 30.4, 1)
    every = next((k for k in (1, 3, 6, 12, 24) if plot_width / months * k >= min_gap), 48)
    first, last = date.fromordinal(d0), date.fromordinal(d1)
    out = []
    for year in range(first.year, last.year + 1):
        for month in range(1, 13):
            day = date(year, month, 1)
            if d0 <= day.toordinal() <= d1 and ((year * 12 + month - 1) % every == 0):
                out.append(day)
    return out


def _point_mark(p: Point, x: float, ylo: float, yhi: float) -> str:
    kind = "conflict" if p.conflict else ("derived" if p.derived else "reported")
    colour = FILL[kind]
    span = ""
    if p.high > p.low:  # a range: a line with caps at both ends
        span = (_vline(x, yhi, ylo, colour, 3) + f'<line x1="{x - 5:.1f}" x2="{x + 5:.1f}" '
                f'y1="{ylo:.1f}" y2="{ylo:.1f}" stroke="{colour}" stroke-width="2"/>')
    if p.bound == "lower":  # an open triangle pointing up: the true figure is higher
        return (span + f'<path class="pt lower {kind}" d="M{x:.1f} {yhi - 7:.1f} '
                f'L{x + 6:.1f} {yhi + 4:.1f} L{x - 6:.1f} {yhi + 4:.1f} Z" fill="#fff" '
                f'stroke="{colour}" stroke-width="2"/>')
    if p.bound == "upper":
        return (span + f'<path class="pt upper {kind}" d="M{x:.1f} {yhi + 7:.1f} '
                f'L{x + 6:.1f} {yhi - 4:.1f} L{x - 6:.1f} {yhi - 4:.1f} Z" fill="#fff" '
                f'stroke="{colour}" stroke-width="2"/>')
    if p.conflict:
        return (span + f'<rect class="pt {kind}" x="{x - 5:.1f}" y="{yhi - 5:.1f}" '
                f'width="10" height="10" fill="{colour}" stroke="#fff" stroke-width="1.5"/>')
    return (span + f'<circle class="pt {kind}" cx="{x:.1f}" cy="{yhi:.1f}" r="5" '
            f'fill="{colour}" stroke="#fff" stroke-width="1.5"/>')


def timeline_chart(points: Sequence[Point], unit: str, title: str,
                   band: tuple[float, float] | None = None,
                   steps: Sequence[Step] = ()) -> Chart:
    """Every observation at its reference date on a linear scale from zero; ranges as
    capped lines, bounds as open triangles; the estimate band, month by month when
    ``steps`` are given, else flat across the chart."""
    values = [p.high for p in points] + ([band[1]] if band else []) + [s.high for s in steps]
    days = ([p.when.toordinal() for p in points] + [s.start.toordinal() for s in steps]
            + [s.end.toordinal() for s in steps]) or [date.today().toordinal()]
    d0, d1 = min(days) - 20, max(days) + 20

    def draw(layout: str, width: int) -> tuple[int, list[str]]:
        height, left, top, bottom = 330, (76 if layout == "wide" else 58), 30, 270
        y_of = Linear(values, bottom, top)
        right = width - 14

        def x_of(day: int) -> float:
            return left + (day - d0) / (d1 - d0) * (right - left)

        body = [_text(4, 14, unit_words(unit), "start", "axis-label y", INK)]
        for tick in y_of.ticks():
            y = y_of(tick)
            body += [_hline(left, right, y), _text(left - 6, y + 4, human(tick), "end")]
        for day in _time_ticks(d0, d1, right - left, 80):
            x = x_of(day.toordinal())
            body += [_vline(x, top, bottom), _text(x, bottom + 18, date_label(day), "middle")]
        body.append(_text((left + right) / 2, height - 8, "date of the figure", "middle",
                          "axis-label x", INK))
        for step in steps:
            x0, x1 = x_of(step.start.toordinal()), x_of(step.end.toordinal() + 1)
            y0, y1 = y_of(step.high), y_of(step.low)
            body.append(f'<rect class="band" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
                        f'height="{max(y1 - y0, 3):.1f}" fill="#1a5fb4" '
                        f'fill-opacity="{0.16 if y1 - y0 > 3 else 0.6}">'
                        f"<title>estimate at end of {date_label(step.start)}: "
                        f"{human(step.low)}\u2013{human(step.high)} {escape(unit)}</title></rect>")
        if band and not steps:
            y0, y1 = y_of(band[1]), y_of(band[0])
            body.append(f'<rect class="band" x="{left}" y="{y0:.1f}" width="{right - left}" '
                        f'height="{max(y1 - y0, 2):.1f}" fill="#1a5fb4" fill-opacity="0.16">'
                        f"<title>estimate {human(band[0])}\u2013{human(band[1])} "
                        f"{escape(unit)}</title></rect>")
        for p in points:
            x = x_of(p.when.toordinal())
            body.append(f'<a href="{escape(p.href)}"><title>{escape(p.label)}</title>'
                        f"{_point_mark(p, x, y_of(p.low), y_of(p.high))}</a>")
        return height, body

    desc = (f"{len(points)} observations in {unit} by date, linear scale from zero; capped "
            "lines are ranges, open triangles are lower or upper bounds, squares are figures "
            "in conflict, the shaded band is the estimate. Each point links to its source.")
    return _both(title, desc, draw)


def _month_bar(m: MonthBar, x: float, w: float, y_of: Linear, side: str, unit: str) -> str:
    assert m.low is not None
    colour = FILL.get(side, FILL["other"])
    high = m.high if m.high is not None and m.high > m.low else m.low
    words = "at least " if m.lower_bound else ""
    value = human(m.low) if high == m.low else f"{human(m.low)}\u2013{human(high)}"
    tip = f"<title>{month_label(m.month)}: {words}{value} {escape(unit)}</title>"
    y0, ylo, yhi = y_of(0), y_of(m.low), y_of(high)
    if m.lower_bound:  # open bar with a solid top edge and an arrow: "at least"
        solid = (f'<rect class="bar lower {side}" x="{x:.1f}" y="{ylo:.1f}" width="{w:.1f}" '
                 f'height="{max(y0 - ylo, 0):.1f}" fill="{colour}" fill-opacity="0.3" '
                 f'stroke="{colour}" stroke-width="1.5"/>'
                 f'<path d="M{x + w / 2:.1f} {ylo - 9:.1f} l-4 6 h8 z" fill="{colour}"/>')
    else:
        solid = (f'<rect class="bar {side}" x="{x:.1f}" y="{ylo:.1f}" width="{w:.1f}" '
                 f'height="{max(y0 - ylo, 0):.1f}" fill="{colour}"/>')
    spread = "" if high == m.low else (
        f'<rect class="bar spread {side}" x="{x:.1f}" y="{yhi:.1f}" width="{w:.1f}" '
        f'height="{ylo - yhi:.1f}" fill="none" stroke="{colour}" stroke-dasharray="3 2"/>')
    zero = _hline(x, x + w, y0 - 1, colour) if m.low == 0 and high == 0 else ""
    return f'<g class="month">{tip}{solid}{spread}{zero}</g>'


def month_chart(months: Sequence[MonthBar], unit: str, title: str,
                side: str = "to-rus") -> Chart:
    """Bars per month on a linear scale from zero; lower bounds are open bars with an
    arrow, ranges have a dashed extension, months without data have no bar (not a zero)."""
    values = [v for m in months for v in (m.low, m.high) if v is not None]

    def draw(layout: str, width: int) -> tuple[int, list[str]]:
        height, left, top, bottom = 290, (70 if layout == "wide" else 56), 30, 232
        right = width - 10
        step = (right - left) / max(len(months), 1)
        y_of = Linear(values, bottom, top)
        body = [_text(4, 14, unit_words(unit), "start", "axis-label y", INK)]
        for tick in y_of.ticks():
            y = y_of(tick)
            body += [_hline(left, right, y), _text(left - 6, y + 4, human(tick), "end")]
        every = next((k for k in (1, 3, 6, 12, 24) if step * k >= 72), 48)
        for i, m in enumerate(months):
            x = left + i * step
            number = int(m.month[5:7]) if len(m.month) >= 7 and m.month[5:7].isdigit() else 1
            if len(months) <= 1 or (i if every == 1 else number - 1) % every == 0:
                body += [_vline(x + step / 2, bottom, bottom + 4, MUTED),
                         _text(x + step / 2, bottom + 18, month_label(m.month), "middle")]
            if m.low is not None:
                gap = min(2.0, step / 6)
                body.append(_month_bar(m, x + gap, max(step - 2 * gap, 1), y_of, side, unit))
        body.append(_text((left + right) / 2, height - 8, "month", "middle", "axis-label x",
                          INK))
        return height, body

    bounds = any(m.lower_bound for m in months)
    desc = (f"{unit} per month, {len(months)} months, linear scale from zero"
            + ("; open bars with an arrow are lower bounds (at least)" if bounds else "")
            + ". The table has the numbers.")
    return _both(title, desc, draw)


def markup(chart: Chart) -> Markup:
    return Markup(chart.__html__())
