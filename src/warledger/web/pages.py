"""Dashboard pages: each one asks the API (in process) and renders a Jinja2 template.

Every page keeps its filters in the query string, so its URL can be shared, and answers
``?download=SLUG.svg|csv`` with one of its exhibits (see :mod:`warledger.web.exhibits`).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from warledger import vocabulary as vocab
from warledger.api.middleware import data_version
from warledger.web import charts
from warledger.web.client import ApiClient
from warledger.web.exhibits import Column, Exhibit, distinct_sources, download, slugify
from warledger.web.exhibits import unique_slugs as _unique
from warledger.web.format import (
    clean_title,
    figure,
    human,
    reader_note,
    unit_words,
)

router = APIRouter(include_in_schema=False)
SIDES = {"RUS": "to-rus", "UKR": "to-ukr"}
EXAMPLE = "article-north-korea-and-the-west.txt"


def example_article() -> str:
    """The example article of the claim checker (bundled with the package)."""
    return files("warledger.web").joinpath("examples", EXAMPLE).read_text(encoding="utf-8")


def _client(request: Request) -> ApiClient:
    client: ApiClient = request.app.state.web_client
    return client


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """The page, or the download it was asked for with ``?download=``."""
    exhibits = context.get("exhibits") or []
    _unique(exhibits)
    if (file := download(request, exhibits)) is not None:
        return file
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


def _group_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        est, only_monthly = r["estimate"], not r["observations"]
        monthly = f"only {r['monthly']} per-month figure(s)"
        out.append({"series": f"{vocab.actor_name(r['provider'])} \u2192 "
                              f"{vocab.actor_name(r['recipient'])}", "series_href": r["href"],
                    "side": "to Russia" if r["recipient"] == "RUS" else "to Ukraine",
                    "figures": r["observations"] + r["monthly"],
                    "low": monthly if only_monthly else human(r["low"]), "low_csv": r["low"],
                    "high": "" if only_monthly else human(r["high"]), "high_csv": r["high"],
                    "monthly": r["monthly"] or "",
                    "estimate": f"{human(est[0])}\u2013{human(est[1])}" if est else "none",
                    "estimate_csv": f"{est[0]}-{est[1]}" if est else "",
                    "latest": r["last"] or "undated"})
    return out


OVERVIEW_COLUMNS = [Column("series", "Series"), Column("side", "Side"),
                    Column("figures", "Figures", True), Column("low", "Lowest reported", True),
                    Column("high", "Highest reported", True),
                    Column("monthly", "Of which per month", True),
                    Column("estimate", "Estimate", True), Column("latest", "Latest figure")]


def short_name(code: str) -> str:
    """'North Korea' for PRK; the code itself when the name is too long for a chart label."""
    name = vocab.actor_name(code)
    return name if len(name) <= 16 else code


def series_totals(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the overview from the maintained series summary (``/api/series``): the lowest
    and highest of the totals; figures for a single month (flows) are counted apart, not
    mixed in (:func:`warledger.ledger.summary.is_month_flow`)."""
    return [{"provider": s["provider"], "recipient": s["recipient"], "category": s["category"],
             "unit": s["unit"], "observations": s["observations"] - s["monthly"],
             "monthly": s["monthly"], "low": s["totals_low"], "high": s["totals_high"],
             "last": s["totals_last"]} for s in series]


def overview_groups(series: list[dict[str, Any]], estimates: dict[tuple[str, str, str],
                    tuple[float, float]]) -> list[Exhibit]:
    """Foreign support to Russia and to Ukraine, one exhibit per (category, unit); series
    with per-month figures only are in the table, not on the chart of totals."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for s in series:
        if s["recipient"] not in SIDES or s["provider"] in SIDES:
            continue
        est = estimates.get((s["provider"], s["recipient"], s["category"]))
        row = dict(s, side=SIDES[s["recipient"]], estimate=est,
                   href=f"/series/{s['provider']}/{s['recipient']}/{s['category']}",
                   label=f"{short_name(s['provider'])} \u2192 {short_name(s['recipient'])}")
        groups.setdefault((s["category"], s["unit"]), []).append(row)
    order = list(vocab.CATEGORIES)
    out = []
    for (category, unit), rows in sorted(groups.items(), key=lambda g: (order.index(g[0][0])
                                         if g[0][0] in order else 99, g[0][1])):
        rows.sort(key=lambda r: (r["recipient"], -(r["high"] or 0)))
        bars = [charts.Bar(r["label"], r["low"], r["high"], r["side"], r["href"],
                           *(r["estimate"] or (None, None))) for r in rows if r["observations"]]
        what = category.replace("_", " ")
        title = (f"{what.capitalize()} ({unit_words(unit)}): lowest and highest total "
                 "reported per series")
        monthly_only = len(rows) - len(bars)
        out.append(Exhibit(slugify(f"{category}-{unit}"), title,
                           charts.range_chart(bars, unit, title) if bars else None,
                           OVERVIEW_COLUMNS, _group_rows(rows), key=category,
                           caption=f"{monthly_only} series with per-month figures only are in "
                                   "the table, not on the chart." if monthly_only else ""))
    return out


#: an exhibit of the overview lists at most this many sources (most figures first); the
#: Sources page lists them all
LISTED_SOURCES = 25


async def sources_by_series(api: ApiClient, category: str
                            ) -> dict[str, list[tuple[dict[str, Any], int]]]:
    """The sources of each series (by its page's href) with how many figures each gives."""
    data = await api.need("/series/sources", category=category or None)
    records = {s["id"]: s for s in data["sources"]}
    found: dict[str, list[tuple[dict[str, Any], int]]] = {}
    for item in data["items"]:
        href = f"/series/{item['provider']}/{item['recipient']}/{item['category']}"
        found.setdefault(href, []).append((records[item["source_id"]], item["observations"]))
    return found


def top_sources(pairs: list[tuple[dict[str, Any], int]]) -> tuple[list[dict[str, Any]], int]:
    """The :data:`LISTED_SOURCES` sources with most figures (ties by id), and how many in all."""
    counts: dict[str, int] = {}
    records: dict[str, dict[str, Any]] = {}
    for record, n in pairs:
        counts[record["id"]] = counts.get(record["id"], 0) + n
        records[record["id"]] = record
    ranked = sorted(counts, key=lambda i: (-counts[i], i))
    return distinct_sources([records[i] for i in ranked[:LISTED_SOURCES]]), len(ranked)


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request, side: str = "", category: str = "") -> Response:
    """Every series of support to either side, from the maintained summaries: no page of the
    overview reads the observations themselves."""
    api = _client(request)
    info = await api.need("/info")
    series = [s for s in (await api.need("/series"))["items"]
              if s["recipient"] in SIDES and s["provider"] not in SIDES]
    categories = sorted({s["category"] for s in series})
    totals = series_totals([s for s in series if (not category or s["category"] == category)
                            and (not side or s["recipient"] == side)])
    estimates, pending = {}, False
    if info["features"]["compare"]:
        version = data_version(request.app.state.pool)
        estimates, pending = await request.app.state.overview_estimates.get(
            api, info["observations"], version, str(request.base_url))
    exhibits = overview_groups(totals, estimates)
    by_series = await sources_by_series(api, category)
    for ex in exhibits:
        ex.sources, ex.sources_total = top_sources(
            [pair for r in ex.rows for pair in by_series.get(r["series_href"], [])])
    return render(request, "overview.html", info=info, exhibits=exhibits,
                  has_estimates=info["features"]["compare"], estimates_pending=pending,
                  categories=categories, filters={"side": side, "category": category})


@router.get("/observations/{obs_id}")
async def observation_page(request: Request, obs_id: str) -> RedirectResponse:
    """An observation is shown on its source's page; citations link here."""
    data = await _client(request).need(f"/observations/{obs_id}")
    return RedirectResponse(f"/sources/{data['source_id']}#{data['id']}", status_code=303)


SOURCE_COLUMNS = [Column("publisher", "Publisher"), Column("title", "Title"),
                  Column("published", "Published"), Column("grade", "Grade"),
                  Column("figures", "Figures", True)]


@router.get("/sources", response_class=HTMLResponse)
async def sources_page(request: Request, q: str = "", grade: str = "") -> Response:
    data = await _client(request).need("/sources", limit=1000)
    needle = q.strip().lower()
    rows = [{"publisher": s["publisher"], "publisher_href": f"/sources/{s['id']}",
             "title": clean_title(s.get("title")), "published": s.get("published") or "n.d.",
             "grade": s["grading"], "figures": human(s["observations"]),
             "figures_csv": s["observations"]}
            for s in data["items"]
            if (not needle or needle in f"{s['publisher']} {s.get('title') or ''}".lower())
            and (not grade or s["grading"].startswith(grade.upper()))]
    ex = Exhibit("sources", "Sources", None, SOURCE_COLUMNS, rows)
    return render(request, "sources.html", exhibits=[ex], total=data["total"],
                  filters={"q": q, "grade": grade})


SHOWN_FIGURES = 200
SOURCE_FIGURE_COLUMNS = [Column("series", "Series"), Column("figure", "Figure", True),
                         Column("unit", "Unit"), Column("basis", "Basis"), Column("date", "Date"),
                         Column("quote", "Quote"), Column("note", "Note")]


@router.get("/sources/{source_id}", response_class=HTMLResponse)
async def source_page(request: Request, source_id: str) -> Response:
    data = await _client(request).need(f"/sources/{source_id}")
    rows = [dict(o, note=reader_note(o.get("note")),
                 figure=figure(o["quantity_low"], o["quantity_high"], o["qualifier"]))
            for o in data["observations"]]
    table = [{"series": f"{o['provider']} -> {o['recipient']}, {o['category']}",
              "figure": o["figure"], "figure_csv": o["quantity_text"], "unit": o["unit"],
              "basis": o["basis"], "date": o.get("as_of") or o.get("period_end")
              or o.get("period_start") or "", "quote": o.get("quote") or "", "note": o["note"]}
             for o in rows]
    source = dict(data["source"], note=reader_note(data["source"].get("note")),
                  title=clean_title(data["source"].get("title")))
    exhibit = Exhibit("figures", f"Figures read from {source['publisher']}", None,
                      SOURCE_FIGURE_COLUMNS, table)
    return render(request, "source.html", source=source, rows=rows[:SHOWN_FIGURES],
                  total=len(rows), exhibits=[exhibit])
