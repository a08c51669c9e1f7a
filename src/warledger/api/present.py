"""Ledger objects -> public schemas, and the small summaries the API adds on top."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from warledger.api.schemas import (
    ConflictPublic,
    ObservationPublic,
    PortAreaPublic,
    SeriesSummaryPublic,
    SourcePublic,
    VoyageMonthPublic,
)
from warledger.bundled import bundled_data_dir
from warledger.ledger.dates import first_day
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger
from warledger.ledger.summary import is_month_flow

MARITIME_CATEGORIES = ("voyages", "port_calls")


def source_public(source: Source, count: int = 0) -> SourcePublic:
    return SourcePublic(**source.model_dump(), grading=source.grading, observations=count)


def observation_public(obs: Observation, source: Source | None = None) -> ObservationPublic:
    return ObservationPublic(**obs.model_dump(), quantity_text=obs.quantity_text(),
                             source=source_public(source) if source else None)


def with_sources(ledger: Ledger, rows: list[Observation]) -> list[ObservationPublic]:
    sources = ledger.sources_for(rows)
    return [observation_public(o, sources.get(o.source_id)) for o in rows]


def reference_date(obs: Observation) -> str | None:
    """The date an observation describes: as_of, else the end of its period."""
    value = obs.as_of or obs.period_end or obs.period_start
    return first_day(value).isoformat() if value else None


def series_summaries(rows: Iterable[Observation]) -> list[SeriesSummaryPublic]:
    """One line per (provider, recipient, category, unit): how many figures, their span, and
    apart the per-month figures (computed from the rows; the store keeps the same tally)."""
    groups: dict[tuple[str, str, str, str], list[Observation]] = defaultdict(list)
    for obs in rows:
        groups[(obs.provider, obs.recipient, obs.category, obs.unit)].append(obs)
    out = []
    for (provider, recipient, category, unit), items in sorted(groups.items()):
        dates = sorted(d for d in (reference_date(o) for o in items) if d)
        totals = [o for o in items if not is_month_flow(o.period_start, o.period_end, o.as_of)]
        written = [w for w in (o.as_of or o.period_end or o.period_start for o in totals) if w]
        out.append(SeriesSummaryPublic(
            provider=provider, recipient=recipient, category=category, unit=unit,
            observations=len(items), low=min(o.quantity_low for o in items),
            high=max(o.quantity_high for o in items),
            first=dates[0] if dates else None, last=dates[-1] if dates else None,
            monthly=len(items) - len(totals),
            totals_low=min((o.quantity_low for o in totals), default=None),
            totals_high=max((o.quantity_high for o in totals), default=None),
            totals_last=max(written, default=None)))
    return out


def summaries_of(rows: Iterable[dict[str, Any]]) -> list[SeriesSummaryPublic]:
    """The store's maintained series summary (no scan of the observations) as public rows."""
    def day(value: str | None) -> str | None:
        return first_day(value).isoformat() if value else None

    return [SeriesSummaryPublic(
        provider=r["provider"], recipient=r["recipient"], category=r["category"],
        unit=r["unit"], observations=r["n"], low=r["low"], high=r["high"],
        first=day(r["first"]), last=day(r["last"]), monthly=r["monthly"],
        totals_low=r["totals_low"], totals_high=r["totals_high"],
        totals_last=r["totals_last"]) for r in rows]


#: conflicts are figures dated at most this many days apart
CONFLICT_WINDOW_DAYS = 31
#: at most this many conflicting pairs are listed per series (a large series can have millions)
MAX_CONFLICTS = 200


def conflicts(rows: list[Observation]) -> list[ConflictPublic]:
    """Figures of the same basis and unit, dated within a month, whose intervals are disjoint.

    Open-ended qualifiers (at least, more than / up to, less than) only bound one side. Pairs
    are found with a sweep over the figures sorted by date (only neighbours within the window
    are compared) and listed in the order of ``rows``, at most :data:`MAX_CONFLICTS`.
    """
    groups: dict[tuple[str, str], list[tuple[int, int, Observation, str]]] = defaultdict(list)
    for index, obs in enumerate(rows):
        when = reference_date(obs)
        if when is not None:
            day = date.fromisoformat(when).toordinal()
            groups[(obs.basis, obs.unit)].append((day, index, obs, when))
    pairs: list[tuple[int, int, Observation, Observation, str, str]] = []
    for dated in groups.values():
        dated.sort(key=lambda item: (item[0], item[1]))
        for k, (day, i, a, da) in enumerate(dated):
            alo, ahi = _bounds(a)
            for day_b, j, b, db in dated[k + 1:]:
                if day_b - day > CONFLICT_WINDOW_DAYS:
                    break
                blo, bhi = _bounds(b)
                if ahi < blo or bhi < alo:
                    x, y = (a, b) if i < j else (b, a)
                    pairs.append((min(i, j), max(i, j), x, y, *_dates(i, j, da, db)))
            if len(pairs) >= MAX_CONFLICTS * 20:
                break
    pairs.sort(key=lambda p: (p[0], p[1]))
    return [ConflictPublic(a=a.id, b=b.id, reason=f"{a.quantity_text()} vs "
                           f"{b.quantity_text()} {a.unit} ({a.basis}), dated {da} and {db}")
            for _, _, a, b, da, db in pairs[:MAX_CONFLICTS]]


def _dates(i: int, j: int, da: str, db: str) -> tuple[str, str]:
    return (da, db) if i < j else (db, da)


def _bounds(obs: Observation) -> tuple[float, float]:
    if obs.qualifier in ("at_least", "more_than"):
        return obs.quantity_low, math.inf
    if obs.qualifier in ("up_to", "less_than"):
        return 0.0, obs.quantity_high
    return obs.quantity_low, obs.quantity_high


def _single_month(obs: Observation) -> str | None:
    start, end = obs.period_start, obs.period_end
    if start and end and len(start) >= 7 and start[:7] == end[:7]:
        return start[:7]
    return None


def maritime_months(ledger: Ledger) -> list[VoyageMonthPublic]:
    """Monthly voyage and port-call counts (observations whose period is one month)."""
    months = []
    for category in MARITIME_CATEGORIES:
        for obs in ledger.observations(category=category):
            month = _single_month(obs)
            if month is None:
                continue
            months.append(VoyageMonthPublic(
                month=month, provider=obs.provider, recipient=obs.recipient,
                category=obs.category, unit=obs.unit, quantity_low=obs.quantity_low,
                quantity_high=obs.quantity_high, qualifier=obs.qualifier,
                observation_id=obs.id, source_id=obs.source_id,
                derived_from=obs.derived_from))
    return sorted(months, key=lambda m: (m.category, m.month, m.provider, m.recipient))


def port_areas(folder: Path | None = None) -> list[PortAreaPublic]:
    """Port areas from the GeoJSON files of the bundled ``ports/`` folder."""
    folder = folder or bundled_data_dir() / "ports"
    if not folder.is_dir():
        return []
    areas: list[PortAreaPublic] = []
    for file in sorted(folder.glob("*.geojson")):
        areas.extend(_areas_in(file, file.stat().st_mtime_ns))
    return areas


@cache
def _areas_in(file: Path, mtime_ns: int) -> tuple[PortAreaPublic, ...]:
    doc = json.loads(file.read_text(encoding="utf-8"))
    areas = []
    for feature in doc.get("features", []):
        props = dict(feature.get("properties") or {})
        if "id" in props and "name" in props:
            areas.append(PortAreaPublic.model_validate(props))
    return tuple(areas)
