"""Render a timeline: a self-contained SVG/HTML (no library, no network) or a PNG (matplotlib).

Figures in the band's basis are dark, other bases grey, derived figures hollow; a range is a
vertical bar, a lower bound a triangle pointing up, an upper bound a triangle pointing down.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from warledger.ledger.dates import first_day, last_day
from warledger.reconcile.reasons import fmt
from warledger.reconcile.rules import ReconcileError
from warledger.reconcile.timeline import Point, Timeline

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 900, 420, 90, 20, 40, 60


Step = tuple[date, float, float | None, float]


def _segments(tl: Timeline) -> list[list[Step]]:
    """The band as steps (date, low, central, high) at each month's first and last day, split
    where a month has no evidence: a one-month band stays visible, and a gap is never drawn
    as a slope between two estimates."""
    segments: list[list[Step]] = []
    previous: date | None = None
    for b in tl.band:
        if b.low is None or b.high is None:
            continue
        start, end = first_day(b.as_of), last_day(b.as_of)
        if previous is None or (start - previous).days > 1:
            segments.append([])
        segments[-1] += [(start, b.low, b.central, b.high), (end, b.low, b.central, b.high)]
        previous = end
    return segments


def _scales(tl: Timeline) -> tuple[date, date, float]:
    dates = [p.date for p in tl.points] + [s[0] for seg in _segments(tl) for s in seg]
    if not dates:
        raise ReconcileError(f"nothing to plot: no dated figures for {tl.provider} -> "
                             f"{tl.recipient}, {tl.category}")
    values = [v for p in tl.points for v in (p.low, p.high) if v is not None]
    values += [v for b in tl.band for v in (b.low, b.high) if v is not None]
    return min(dates), max(dates), max(values, default=1.0) * 1.08 or 1.0


def render_svg(tl: Timeline) -> str:
    start, end, top = _scales(tl)
    span_days = max(1, (end - start).days)

    def x(d: date) -> float:
        return PAD_L + (WIDTH - PAD_L - PAD_R) * (d - start).days / span_days

    def y(v: float) -> float:
        return HEIGHT - PAD_B - (HEIGHT - PAD_T - PAD_B) * v / top

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'font-family="sans-serif" font-size="11">',
             f'<text x="{PAD_L}" y="20" font-size="14">{html.escape(_title(tl))}</text>']
    for i in range(5):  # horizontal grid with labels
        v = top * i / 4
        parts.append(f'<line x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     f'stroke="#ddd"/><text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{fmt(v)}</text>')
    for d in (start, end):
        parts.append(f'<text x="{x(d):.1f}" y="{HEIGHT - PAD_B + 18}" '
                     f'text-anchor="middle">{d.isoformat()}</text>')
    for steps in _segments(tl):
        upper = " ".join(f"{x(d):.1f},{y(hi):.1f}" for d, _, _, hi in steps)
        lower = " ".join(f"{x(d):.1f},{y(lo):.1f}" for d, lo, _, _ in reversed(steps))
        parts.append(f'<polygon points="{upper} {lower}" fill="#9ecae1" opacity="0.5"/>')
        central = [f"{x(d):.1f},{y(c):.1f}" for d, _, c, _ in steps if c is not None]
        if central:
            parts.append(f'<polyline points="{" ".join(central)}" fill="none" '
                         f'stroke="#08519c" stroke-width="2"/>')
    parts += [_marker(p, x(p.date), y) for p in tl.points]
    parts.append(f'<text x="{PAD_L}" y="{HEIGHT - 15}">band: estimate ({tl.basis}) re-run each '
                 'month; dark: figures in that basis; grey: other bases; hollow: derived; '
                 '&#9650; lower bound, &#9660; upper bound</text></svg>')
    return "\n".join(parts)


def _marker(p: Point, px: float, y: object) -> str:
    ys = y  # callable
    color = "#222" if p.in_basis else "#999"
    fill = "none" if p.derived else color
    tip = html.escape(f"{p.date}: {p.text} ({p.basis}, {p.origin})")
    if p.low is not None and p.high is not None:
        y1, y2 = ys(p.low), ys(p.high)  # type: ignore[operator]
        bar = (f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" '
               f'stroke="{color}" stroke-width="2"/>' if p.high > p.low else "")
        mid = ys((p.low + p.high) / 2)  # type: ignore[operator]
        return (f'<g><title>{tip}</title>{bar}<circle cx="{px:.1f}" cy="{mid:.1f}" r="4" '
                f'fill="{fill}" stroke="{color}"/></g>')
    value = p.low if p.low is not None else p.high
    py = ys(value or 0)  # type: ignore[operator]
    d = -6 if p.low is not None else 6  # up for a lower bound, down for an upper bound
    return (f'<g><title>{tip}</title><polygon points="{px - 5:.1f},{py - d / 2:.1f} '
            f'{px + 5:.1f},{py - d / 2:.1f} {px:.1f},{py + d / 2:.1f}" fill="{fill}" '
            f'stroke="{color}"/></g>')


def _title(tl: Timeline) -> str:
    return f"{tl.provider} -> {tl.recipient}: {tl.category} ({tl.unit or ''})"


def render_html(tl: Timeline) -> str:
    rows = "\n".join(
        f"<tr><td>{p.date}</td><td>{html.escape(p.text)}</td><td>{p.basis}</td>"
        f"<td>{html.escape(p.origin)}</td><td>{'derived' if p.derived else 'reported'}</td></tr>"
        for p in tl.points)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(_title(tl))}"
            f"</title></head><body>{render_svg(tl)}<table border='1' cellpadding='3'>"
            f"<tr><th>date</th><th>figure</th><th>basis</th><th>origin</th><th>kind</th></tr>"
            f"{rows}</table></body></html>")


def write_plot(tl: Timeline, path: Path) -> Path:
    """Write .html or .svg (always available) or .png (needs matplotlib)."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(render_html(tl), encoding="utf-8")
    elif suffix == ".svg":
        path.write_text(render_svg(tl), encoding="utf-8")
    elif suffix == ".png":
        _write_png(tl, path)
    else:
        raise ReconcileError(f"--plot {path}: expected a .html, .svg or .png file name")
    return path


def _day_number(day: date) -> float:
    """Days since 1970-01-01: matplotlib's default date epoch (what date2num returns)."""
    return float((day - date(1970, 1, 1)).days)


def _write_png(tl: Timeline, path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ReconcileError("PNG output needs matplotlib (pip install matplotlib); "
                             "or use --plot FILE.html, which needs nothing") from err
    _scales(tl)  # raises on an empty timeline
    fig, ax = plt.subplots(figsize=(9, 4.2))
    for i, steps in enumerate(_segments(tl)):
        xs = [_day_number(d) for d, _, _, _ in steps]
        ax.fill_between(xs, [s[1] for s in steps], [s[3] for s in steps], alpha=0.4,
                        color="tab:blue", label=f"estimate band ({tl.basis})" if i == 0 else None)
        ax.plot(xs, [s[2] if s[2] is not None else float("nan") for s in steps],
                color="tab:blue")
    for p in tl.points:
        color = "black" if p.in_basis else "grey"
        lo = float(p.low if p.low is not None else p.high or 0.0)
        hi = float(p.high if p.high is not None else p.low or 0.0)
        marker = "o" if p.low is not None and p.high is not None else (
            "^" if p.low is not None else "v")
        x = _day_number(p.date)
        ax.vlines(x, lo, hi, colors=color)
        ax.scatter([x], [(lo + hi) / 2], marker=marker, color=color,
                   facecolors="none" if p.derived else color)
    ax.xaxis_date()
    ax.set_title(_title(tl))
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
