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
    """One line per (provider, recipient, category, unit): how many figures, their span."""
    groups: dict[tuple[str, str, str, str], list[Observation]] = defaultdict(list)
    for obs in rows:
        groups[(obs.provider, obs.recipient, obs.category, obs.unit)].append(obs)
    out = []
    for (provider, recipient, category, unit), items in sorted(groups.items()):
        dates = sorted(d for d in (reference_date(o) for o in items) if d)
        out.append(SeriesSummaryPublic(
            provider=provider, recipient=recipient, category=category, unit=unit,
            observations=len(items), low=min(o.quantity_low for o in items),
            high=max(o.quantity_high for o in items),
            first=dates[0] if dates else None, last=dates[-1] if dates else None))
    return out


def summaries_of(rows: Iterable[dict[str, Any]]) -> list[SeriesSummaryPublic]:
    """The store's maintained series summary (no scan of the observations) as public rows."""
    return [SeriesSummaryPublic(
        provider=r["provider"], recipient=r["recipient"], category=r["category"],
        unit=r["unit"], observations=r["n"], low=r["low"], high=r["high"],
        first=first_day(r["first"]).isoformat() if r["first"] else None,
        last=first_day(r["last"]).isoformat() if r["last"] else None) for r in rows]


def conflicts(rows: list[Observation]) -> list[ConflictPublic]:
    """Figures of the same basis and unit, dated within a month, whose intervals are disjoint.

    Open-ended qualifiers (at least, more than / up to, less than) only bound one side.
    """
    out = []
    dated = [(o, reference_date(o)) for o in rows]
    for i, (a, da) in enumerate(dated):
        for b, db in dated[i + 1:]:
            if (a.basis, a.unit) != (b.basis, b.unit) or da is None or db is None:
                continue
            if abs(date.fromisoformat(da).toordinal() - date.fromisoformat(db).toordinal()) > 31:
                continue
            (alo, ahi), (blo, bhi) = _bounds(a), _bounds(b)
            if ahi < blo or bhi < alo:
                out.append(ConflictPublic(
                    a=a.id, b=b.id, reason=f"{a.quantity_text()} vs {b.quantity_text()} "
                    f"{a.unit} ({a.basis}), dated {da} and {db}"))
    return out


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
