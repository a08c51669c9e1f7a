"""Dashboard pages: each one asks the API (in process) and renders a Jinja2 template."""

from __future__ import annotations

import asyncio
from datetime import date
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from warledger import vocabulary as vocab
from warledger.api.schemas import MAX_CLAIM_TEXT
from warledger.ledger.dates import first_day, last_day
from warledger.web import charts, highlight
from warledger.web.client import ApiClient

router = APIRouter(include_in_schema=False)
SIDES = {"RUS": "to-rus", "UKR": "to-ukr"}
EXAMPLE = "article-north-korea-and-the-west.txt"


def example_article() -> str:
    return files("warledger.web").joinpath("examples", EXAMPLE).read_text(encoding="utf-8")


def _client(request: Request) -> ApiClient:
    client: ApiClient = request.app.state.web_client
    return client


def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return _templates(request).TemplateResponse(request, name, context, status_code=status)


def interval(data: Any) -> tuple[float, float] | None:
    """(low, high) of an estimate, whichever of the usual key pairs it uses."""
    if not isinstance(data, dict):
        return None
    for lo, hi in (("low", "high"), ("lower", "upper"), ("quantity_low", "quantity_high"),
                   ("p05", "p95"), ("ci_low", "ci_high")):
        if isinstance(data.get(lo), int | float) and isinstance(data.get(hi), int | float):
            return float(data[lo]), float(data[hi])
    for key in ("interval", "estimate", "range"):
        if key in data:
            return interval(data[key])
    return None


def _estimates_by_series(compare: dict[str, Any]
                         ) -> dict[tuple[str, str, str], tuple[float, float]]:
    """Estimate intervals from a /compare answer: rows of provider x category, a cell per side."""
    found: dict[tuple[str, str, str], tuple[float, float]] = {}
    for row in compare.get("rows", []):
        for recipient, cell in (row.get("cells") or {}).items():
            span = interval(cell)
            if span:
                found[(row["provider"], recipient, row["category"])] = span
    return found


def overview_groups(series: list[dict[str, Any]], estimates: dict[tuple[str, str, str],
                    tuple[float, float]]) -> list[dict[str, Any]]:
    """Foreign support to Russia and to Ukraine, one group per (category, unit)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for s in series:
        if s["recipient"] not in SIDES or s["provider"] in SIDES:
            continue
        est = estimates.get((s["provider"], s["recipient"], s["category"]))
        row = dict(s, side=SIDES[s["recipient"]], estimate=est,
                   href=f"/series/{s['provider']}/{s['recipient']}/{s['category']}",
                   label=f"{s['provider']} \u2192 {s['recipient']}")
        groups.setdefault((s["category"], s["unit"]), []).append(row)
    order = list(vocab.CATEGORIES)
    out = []
    for (category, unit), rows in sorted(groups.items(), key=lambda g: (order.index(g[0][0])
                                         if g[0][0] in order else 99, g[0][1])):
        rows.sort(key=lambda r: (r["recipient"], -r["high"]))
        bars = [charts.Bar(r["label"], r["low"], r["high"], r["side"], r["href"],
                           *(r["estimate"] or (None, None))) for r in rows]
        title = f"{category.replace('_', ' ')} ({unit}): figures reported per series"
        out.append({"category": category, "unit": unit, "rows": rows,
                    "chart": charts.range_chart(bars, unit, title)})
    return out


async def _estimates_per_series(api: ApiClient, series: list[dict[str, Any]]
                                ) -> dict[tuple[str, str, str], tuple[float, float]]:
    """Without /compare: one /estimates call per series shown (answers are cached)."""
    shown = [s for s in series if s["recipient"] in SIDES and s["provider"] not in SIDES]
    replies = await asyncio.gather(*(api.get("/estimates", provider=s["provider"],
                                             recipient=s["recipient"], category=s["category"])
                                     for s in shown))
    found = {}
    for s, reply in zip(shown, replies, strict=True):
        span = interval(reply.data) if reply.ok else None
        if span and reply.data.get("unit") in (None, s["unit"]):
            found[(s["provider"], s["recipient"], s["category"])] = span
    return found


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request) -> HTMLResponse:
    api = _client(request)
    info = await api.need("/info")
    series = (await api.need("/series"))["items"]
    estimates: dict[tuple[str, str, str], tuple[float, float]] = {}
    if info["features"]["compare"]:
        compare = await api.get("/compare")
        estimates = _estimates_by_series(compare.data) if compare.ok else {}
    elif info["features"]["estimates"]:
        estimates = await _estimates_per_series(api, series)
    return render(request, "overview.html", info=info, groups=overview_groups(series, estimates),
                  has_estimates=bool(estimates))


def _when(obs: dict[str, Any]) -> date | None:
    for value in (obs.get("as_of"), obs.get("period_end"), obs.get("period_start"),
                  (obs.get("source") or {}).get("published")):
        if value:
            return first_day(value)
    return None


async def _band_steps(api: ApiClient, provider: str, recipient: str,
                      category: str) -> list[charts.Step]:
    """The monthly estimate band from /timeline, when that capability is present."""
    reply = await api.get("/timeline", provider=provider, recipient=recipient,
                          category=category)
    if not reply.ok:
        return []
    steps = []
    for step in reply.data.get("band", []):
        span = interval(step)
        if span and step.get("as_of"):
            steps.append(charts.Step(first_day(step["as_of"]), last_day(step["as_of"]), *span))
    return steps


@router.get("/series/{provider}/{recipient}/{category}", response_class=HTMLResponse)
async def series_page(request: Request, provider: str, recipient: str,
                      category: str) -> HTMLResponse:
    data = await _client(request).need(f"/series/{provider}/{recipient}/{category}")
    in_conflict = {c["a"] for c in data["conflicts"]} | {c["b"] for c in data["conflicts"]}
    rows = sorted(data["observations"], key=lambda o: (_when(o) or date.min, o["id"]))
    points = [charts.Point(when, o["quantity_low"], o["quantity_high"],
                           f"{o['quantity_text']} {o['unit']} ({o['basis']}), "
                           f"{(o.get('source') or {}).get('publisher', '')}, {when}",
                           f"/sources/{o['source_id']}#{o['id']}", o["id"] in in_conflict,
                           bool(o["derived_from"]))
              for o in rows if (when := _when(o)) is not None]
    unit = rows[0]["unit"] if rows else ""
    band = interval(data["estimate"])
    steps = await _band_steps(_client(request), provider, recipient, category)
    chart = charts.timeline_chart(points, unit, f"{provider} to {recipient}, {category}: "
                                  "every observation by date", band, steps)
    return render(request, "series.html", data=data, rows=rows, chart=chart, band=band,
                  in_conflict=in_conflict, when=_when, undated=len(rows) - len(points))


@router.get("/observations/{obs_id}")
async def observation_page(request: Request, obs_id: str) -> RedirectResponse:
    """An observation is shown on its source's page; citations link here."""
    data = await _client(request).need(f"/observations/{obs_id}")
    return RedirectResponse(f"/sources/{data['source_id']}#{data['id']}", status_code=303)


@router.get("/sources", response_class=HTMLResponse)
async def sources_page(request: Request) -> HTMLResponse:
    data = await _client(request).need("/sources", limit=1000)
    return render(request, "sources.html", sources=data["items"], total=data["total"])


@router.get("/sources/{source_id}", response_class=HTMLResponse)
async def source_page(request: Request, source_id: str) -> HTMLResponse:
    data = await _client(request).need(f"/sources/{source_id}")
    return render(request, "source.html", source=data["source"], rows=data["observations"])


@router.get("/check", response_class=HTMLResponse)
async def check_form(request: Request, example: bool = False) -> HTMLResponse:
    info = await _client(request).need("/info")
    text = example_article() if example else ""
    return render(request, "check.html", text=text, result=None, error=None,
                  available=info["features"]["claims"], max_chars=MAX_CLAIM_TEXT)


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request) -> HTMLResponse:
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    text = (form.get("text") or [""])[0].replace("\r\n", "\n")
    reply = await _client(request).post("/claims/check", {"text": text})
    if not reply.ok:
        missing = reply.data.get("code") == "not-available"
        return render(request, "check.html", status=reply.status, text=text, result=None,
                      error=None if missing else reply.data.get("error"),
                      available=not missing, max_chars=MAX_CLAIM_TEXT)
    claims = reply.data["claims"]
    for claim in claims:
        claim["family"] = highlight.family(claim.get("verdict"))
    parts = highlight.paragraphs(highlight.segments(text, claims))
    return render(request, "check.html", text=text, result=reply.data, claims=claims,
                  paragraphs=parts, error=None, available=True, max_chars=MAX_CLAIM_TEXT)


def _flow_charts(flows: list[dict[str, Any]], months: list[str], title: str,
                 side: str) -> list[dict[str, Any]]:
    """One month chart per flow, every chart on the same month axis."""
    out = []
    for flow in flows:
        values = {m["month"]: m["value"] for m in flow["months"]}
        bars = [(m, values.get(m), bool(flow["lower_bound"])) for m in months]
        what = flow["category"].replace("_", " ")
        out.append({"flow": flow, "chart": charts.month_chart(
            bars, flow["unit"], f"{what} per month: {flow['label']}", side=side),
            "heading": title.format(what=what, label=flow["label"])})
    return out


@router.get("/over-time", response_class=HTMLResponse)
async def over_time_page(request: Request) -> HTMLResponse:
    data = await _client(request).need("/over-time")
    months = data["months"]
    aid = _flow_charts(data["aid"], months, "Military aid allocated to Ukraine ({label})",
                       "to-ukr")
    shipments = _flow_charts(data["shipments"], months,
                             "North Korean {what} to Russia ({label})", "to-rus")
    return render(request, "over_time.html", data=data, aid=aid, shipments=shipments)


@router.get("/maritime", response_class=HTMLResponse)
async def maritime_page(request: Request) -> HTMLResponse:
    data = await _client(request).need("/maritime")
    charts_by_kind = []
    for category in ("voyages", "port_calls"):
        months = [m for m in data["months"] if m["category"] == category]
        if months:
            bars = [(m["month"], m["quantity_low"], m["qualifier"] in ("at_least", "more_than"))
                    for m in months]
            unit = months[0]["unit"]
            charts_by_kind.append({"category": category, "months": months, "chart":
                                   charts.month_chart(bars, unit, f"{category} per month")})
    return render(request, "maritime.html", data=data, kinds=charts_by_kind)
