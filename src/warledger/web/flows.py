"""Pages over months: support over time (aid and shipments) and the maritime counts."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from warledger import vocabulary as vocab
from warledger.web import charts
from warledger.web.client import ApiClient
from warledger.web.exhibits import Column, Exhibit, distinct_sources, slugify
from warledger.web.format import (
    LOWER_BOUNDS,
    clean_title,
    figure,
    human,
    is_synthetic,
    lineage,
    lineage_summary,
    month_label,
    reader_note,
    unit_words,
)
from warledger.web.pages import _client, render

router = APIRouter(include_in_schema=False)
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MARITIME = ("voyages", "port_calls")
REPORTED = ("voyages", "port_calls", "containers")


async def _sources(api: ApiClient, ids: list[str]) -> dict[str, dict[str, Any]]:
    unique = sorted(set(ids))
    replies = await asyncio.gather(*(api.get(f"/sources/{i}") for i in unique))
    return {i: r.data["source"] for i, r in zip(unique, replies, strict=True) if r.ok}


def _flow_exhibit(flow: dict[str, Any], months: list[str], side: str,
                  source: dict[str, Any]) -> Exhibit:
    values = {m["month"]: m for m in flow["months"]}
    lower = bool(flow["lower_bound"])
    bars = [charts.MonthBar(m, values[m]["value"] if m in values else None,
                            values[m].get("high") if m in values else None, lower)
            for m in months]
    what = flow["category"].replace("_", " ")
    label = clean_title(flow["label"])
    synthetic = is_synthetic(flow["label"], source.get("title"), source.get("url"))
    if flow["recipient"] == "UKR":
        title = f"{what.capitalize()} to Ukraine per month ({flow['basis']}), {label}"
    else:
        title = (f"{what.capitalize()} from {vocab.actor_name(flow['providers'])} to "
                 f"{vocab.actor_name(flow['recipient'])} per month, {label}")
    rows = [{"month": month_label(m), "month_csv": m,
             "value": ("at least " if lower else "") + human(values[m]["value"]),
             "value_csv": values[m]["value"]} for m in months if m in values]
    cols = [Column("month", "Month"), Column("value", flow["unit"], True)]
    return Exhibit(slugify(f"{flow['category']}-{flow['source_id']}"), title,
                   charts.month_chart(bars, flow["unit"], title, side), cols, rows,
                   distinct_sources([source]),
                   caption=f"{flow['donors']} provider(s), counting basis {flow['basis']}"
                   + ("; lower bounds: at least this many" if lower else "")
                   + ("; SYNTHETIC test data, not evidence" if synthetic else ""),
                   key="synthetic" if synthetic else "")


def _month_window(months: list[str], start: str, end: str) -> list[str]:
    return [m for m in months if (not start or m >= start) and (not end or m <= end)]


@router.get("/over-time", response_class=HTMLResponse)
async def over_time_page(request: Request, providers: str = "WEST", start: str = "",
                         end: str = "") -> Response:
    api = _client(request)
    start = start if MONTH.match(start) else ""
    end = end if MONTH.match(end) else ""
    data = await api.need("/over-time", providers=providers)
    months = _month_window(data["months"], start, end)
    flows = data["aid"] + data["shipments"]
    sources = await _sources(api, [f["source_id"] for f in flows])
    exhibits = [_flow_exhibit(f, months, "to-ukr" if f["recipient"] == "UKR" else "to-rus",
                              sources.get(f["source_id"], {})) for f in flows]
    return render(request, "over_time.html", data=data, exhibits=exhibits,
                  aid_count=len(data["aid"]), months=data["months"],
                  filters={"providers": providers, "start": start, "end": end})


def _lineage_details(derived_from: list[str]) -> list[tuple[str, str]]:
    info = lineage(derived_from)
    pairs = [("input file", f"{f['name']}" + (f" (sha256 {f['sha256']}\u2026)" if f["sha256"]
                                              else "")) for f in info["files"]]
    pairs += [(key.replace("_", " "), value) for key, value in sorted(info["params"].items())]
    pairs += [("input", other) for other in info["other"]]
    return pairs


def _count_exhibit(category: str, months: list[dict[str, Any]],
                   sources: dict[str, dict[str, Any]]) -> Exhibit:
    used = [sources.get(m["source_id"], {}) for m in months]
    synthetic = any(is_synthetic(s.get("title"), s.get("url"), *m["derived_from"])
                    for s, m in zip(used, months, strict=True))
    what = category.replace("_", " ")
    title = f"{what.capitalize()} per month from the maritime analysis" + (
        " (synthetic test data)" if synthetic else "")
    bars = [charts.MonthBar(m["month"], m["quantity_low"], m["quantity_high"],
                            m["qualifier"] in LOWER_BOUNDS) for m in months]
    rows = [{"month": month_label(m["month"]), "month_csv": m["month"],
             "route": f"{vocab.actor_name(m['provider'])} \u2192 "
                      f"{vocab.actor_name(m['recipient'])}",
             "count": figure(m["quantity_low"], m["quantity_high"], m["qualifier"]),
             "count_csv": m["quantity_low"], "lineage": lineage_summary(m["derived_from"])
             or "reported", "lineage_details": _lineage_details(m["derived_from"]),
             "lineage_csv": "; ".join(f"{k}={v}" for k, v in
                                      _lineage_details(m["derived_from"])),
             "source": "source", "source_href": f"/sources/{m['source_id']}#"
                                                f"{m['observation_id']}"} for m in months]
    cols = [Column("month", "Month"), Column("route", "Route"), Column("count", "Count", True),
            Column("lineage", "How it was computed"), Column("source", "Source")]
    return Exhibit(slugify(f"{category}-per-month"), title,
                   charts.month_chart(bars, months[0]["unit"], title), cols, rows,
                   distinct_sources(used), key="synthetic" if synthetic else "",
                   caption="Lower bounds: at least this many (open bars with an arrow); ships "
                           "that switch off their transponder are not counted."
                   if any(m["qualifier"] in LOWER_BOUNDS for m in months) else "")


async def _reported(api: ApiClient) -> Exhibit:
    """Voyages, port calls and containers as sources report them (not computed here)."""
    replies = await asyncio.gather(*(api.get("/observations", category=c, derived="false",
                                             limit=1000) for c in REPORTED))
    obs = [o for r in replies if r.ok for o in r.data.get("items", [])]
    rows = [{"series": f"{o['category'].replace('_', ' ')}: {vocab.actor_name(o['provider'])}"
                       f" \u2192 {vocab.actor_name(o['recipient'])}",
             "series_href": f"/series/{o['provider']}/{o['recipient']}/{o['category']}",
             "figure": f"{figure(o['quantity_low'], o['quantity_high'], o['qualifier'])} "
                       f"{unit_words(o['unit'], o['quantity_high'])}",
             "figure_csv": o["quantity_text"],
             "date": o.get("as_of") or o.get("period_end") or o.get("period_start") or "",
             "publisher": (o.get("source") or {}).get("publisher", o["source_id"]),
             "publisher_href": f"/sources/{o['source_id']}#{o['id']}",
             "grade": (o.get("source") or {}).get("grading", ""), "quote": o.get("quote") or "",
             "note": reader_note(o.get("note"))} for o in obs]
    cols = [Column("series", "Series"), Column("figure", "Figure", True), Column("date", "Date"),
            Column("publisher", "Source"), Column("grade", "Grade"), Column("quote", "Quote"),
            Column("note", "Note")]
    return Exhibit("reported", "Ship movements as reported by sources", None, cols, rows,
                   distinct_sources([o.get("source") for o in obs]))


@router.get("/maritime", response_class=HTMLResponse)
async def maritime_page(request: Request) -> Response:
    api = _client(request)
    data = await api.need("/maritime")
    sources = await _sources(api, [m["source_id"] for m in data["months"]])
    exhibits = [_count_exhibit(c, ms, sources) for c in MARITIME
                if (ms := [m for m in data["months"] if m["category"] == c])]
    reported = await _reported(api)
    ports = Exhibit("port-areas", "Port areas used by the analysis", None, PORT_COLUMNS,
                    [_port_row(p) for p in data["ports"]])
    return render(request, "maritime.html", data=data, exhibits=[*exhibits, reported, ports],
                  counts=exhibits, reported=reported, ports=ports)


PORT_COLUMNS = [Column("port", "Port"), Column("country", "Country"),
                Column("point", "Reference point"), Column("radius", "Entry / exit radius"),
                Column("source", "Coordinates from")]


def _port_row(p: dict[str, Any]) -> dict[str, Any]:
    point = (f"{p['ref_lat']:.3f}, {p['ref_lon']:.3f}"
             if p.get("ref_lat") is not None and p.get("ref_lon") is not None else "")
    return {"port": f"{p['name']} ({p['id']})", "country": vocab.actor_name(p["country"])
            if p.get("country") else "", "point": point,
            "radius": f"{p.get('entry_km')} / {p.get('exit_km')} km",
            "source": p.get("source", "")}
