"""A series page: every figure by date with the estimate band over the figures it
estimates, the figures per month as their own chart, conflicts named by publisher."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from warledger import vocabulary as vocab
from warledger.ledger.dates import first_day, last_day
from warledger.web import charts
from warledger.web.client import ApiClient
from warledger.web.estimates import interval
from warledger.web.exhibits import Column, Exhibit, distinct_sources
from warledger.web.format import (
    LOWER_BOUNDS,
    UPPER_BOUNDS,
    figure,
    human,
    per_month,
    reader_note,
    unit_words,
)
from warledger.web.pages import _client, render

router = APIRouter(include_in_schema=False)


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


def _bound(qualifier: str) -> str:
    return "lower" if qualifier in LOWER_BOUNDS else "upper" if qualifier in UPPER_BOUNDS else ""


def _obs_row(o: dict[str, Any], in_conflict: set[str]) -> dict[str, Any]:
    src = o.get("source") or {}
    when = _when(o)
    return {"id": o["id"], "date": str(when) if when else "undated",
            "quantity": f"{figure(o['quantity_low'], o['quantity_high'], o['qualifier'])} "
                        f"{unit_words(o['unit'], o['quantity_high'])}",
            "quantity_csv": o["quantity_text"], "low_csv": o["quantity_low"],
            "basis": o["basis"].replace("_", " "), "publisher": src.get("publisher")
            or o["source_id"], "publisher_href": f"/sources/{o['source_id']}#{o['id']}",
            "grade": src.get("grading", ""), "quote": o.get("quote") or "",
            "note": reader_note(o.get("note")), "conflict": o["id"] in in_conflict,
            "derived": bool(o.get("derived_from"))}


SERIES_COLUMNS = [Column("date", "Date"), Column("quantity", "Quantity", True),
                  Column("basis", "Basis"), Column("publisher", "Source"),
                  Column("grade", "Grade"), Column("quote", "Quote"), Column("note", "Note")]


def _month_exhibit(title: str, monthly: list[dict[str, Any]], side: str,
                   rows: list[dict[str, Any]]) -> Exhibit:
    months = sorted({o["period_start"][:7] for o in monthly})
    by_month: dict[str, list[dict[str, Any]]] = {}
    for o in monthly:
        by_month.setdefault(o["period_start"][:7], []).append(o)
    bars = [charts.MonthBar(m, min(o["quantity_low"] for o in by_month[m]),
                            max(o["quantity_high"] for o in by_month[m]),
                            all(o["qualifier"] in LOWER_BOUNDS for o in by_month[m]))
            for m in months]
    unit = monthly[0]["unit"]
    return Exhibit("per-month", title, charts.month_chart(bars, unit, title, side),
                   SERIES_COLUMNS, rows,
                   distinct_sources([o.get("source") for o in monthly]),
                   caption="Figures for one month each: a different quantity from totals up "
                           "to a date, so the estimate is not drawn here.")


@router.get("/series/{provider}/{recipient}/{category}", response_class=HTMLResponse)
async def series_page(request: Request, provider: str, recipient: str,
                      category: str) -> Response:
    data = await _client(request).need(f"/series/{provider}/{recipient}/{category}")
    obs = sorted(data["observations"], key=lambda o: (_when(o) or date.min, o["id"]))
    conflicts, skipped = _conflicts(data["conflicts"], obs)
    in_conflict = {side["id"] for c in conflicts for side in c["sides"]}
    monthly = [o for o in obs if per_month(o)]
    totals = [o for o in obs if not per_month(o)]
    points = [charts.Point(when, o["quantity_low"], o["quantity_high"],
                           f"{o['quantity_text']} {o['unit']} ({o['basis']}), "
                           f"{(o.get('source') or {}).get('publisher', '')}, {when}",
                           f"/sources/{o['source_id']}#{o['id']}", o["id"] in in_conflict,
                           bool(o["derived_from"]), _bound(o["qualifier"]))
              for o in totals if (when := _when(o)) is not None]
    unit = obs[0]["unit"] if obs else ""
    band = interval(data["estimate"])
    steps = await _band_steps(_client(request), provider, recipient, category)
    names = f"{vocab.actor_name(provider)} to {vocab.actor_name(recipient)}"
    what = category.replace("_", " ")
    title = f"{names}, {what}: " + ("every figure by date" if not monthly else
                                    "totals and other figures by date")
    exhibits = [Exhibit("timeline", title, charts.timeline_chart(points, unit, title, band,
                                                                 steps),
                        SERIES_COLUMNS, [_obs_row(o, in_conflict) for o in totals],
                        distinct_sources([o.get("source") for o in totals]))]
    if monthly:
        side = {"RUS": "to-rus", "UKR": "to-ukr"}.get(recipient, "other")
        exhibits.append(_month_exhibit(f"{names}, {what}: figures per month", monthly, side,
                                       [_obs_row(o, in_conflict) for o in monthly]))
    return render(request, "series.html", data=data, exhibits=exhibits, band=band,
                  conflicts=conflicts, months_apart=skipped, undated=len(totals) - len(points),
                  estimate_text=_estimate_text(band))


def _conflicts(pairs: list[dict[str, Any]], obs: list[dict[str, Any]]
               ) -> tuple[list[dict[str, Any]], int]:
    """Conflicting pairs with publisher, grade and figure in words; pairs of figures for two
    different single months are counted, not listed (one month's flow cannot contradict
    another's)."""
    by_id = {o["id"]: o for o in obs}
    out, skipped = [], 0
    for pair in pairs:
        a, b = by_id.get(pair["a"]), by_id.get(pair["b"])
        if a and b and per_month(a) and per_month(b) and \
                a["period_start"][:7] != b["period_start"][:7]:
            skipped += 1
            continue
        sides = [{"id": o["id"], "figure": figure(o["quantity_low"], o["quantity_high"],
                                                   o["qualifier"]),
                  "publisher": (o.get("source") or {}).get("publisher", o["source_id"]),
                  "grade": (o.get("source") or {}).get("grading", "")}
                 for o in (a, b) if o]
        out.append({"sides": sides, "reason": pair["reason"]})
    return out, skipped


def _estimate_text(band: tuple[float, float] | None) -> str:
    if band is None:
        return ""
    return human(band[0]) if band[0] == band[1] else f"{human(band[0])}\u2013{human(band[1])}"
