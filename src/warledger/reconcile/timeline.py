"""A series over time: every figure at the date it describes, with the estimate band.

The band is the estimate re-run at the end of every month between the first and the last
figure, with the basis fixed for the whole band (the one the full series would use), so that
the band shows one quantity changing and not a switch of definitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warledger.ledger.models import Observation, Source
from warledger.reconcile import rules as r
from warledger.reconcile.estimate import estimate
from warledger.reconcile.evidence import known_by_date, only_known
from warledger.reconcile.reasons import fmt
from warledger.reconcile.series import aggregate_monthly, releases_covered


@dataclass(frozen=True)
class Point:
    date: date
    low: float | None
    high: float | None
    text: str
    basis: str
    qualifier: str
    origin: str
    observation_id: str
    derived: bool
    in_basis: bool

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__ | {"date": self.date.isoformat()}


@dataclass(frozen=True)
class BandStep:
    as_of: str
    low: float | None
    central: float | None
    high: float | None

    def text(self) -> str:
        """'5,000,000 (4,000,000-6,000,000)' or 'at least 6,000,000' for bounds only."""
        if self.central is not None:
            return f"{fmt(self.central)} ({fmt(self.low)}-{fmt(self.high)})"
        if self.low is not None and self.high is not None:
            return f"between {fmt(self.low)} and {fmt(self.high)}"
        return f"at least {fmt(self.low)}" if self.low is not None else f"up to {fmt(self.high)}"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__) | {"text": self.text()}


@dataclass
class Timeline:
    provider: str
    recipient: str
    category: str
    basis: str | None
    unit: str | None
    points: list[Point] = field(default_factory=list)
    band: list[BandStep] = field(default_factory=list)
    known_by: str | None = None  # only sources published by then (points and band)
    as_known_then: bool = False  # each band step uses what was published by its month's end

    def to_dict(self) -> dict[str, Any]:
        return {"provider": self.provider, "recipient": self.recipient,
                "category": self.category, "basis": self.basis, "unit": self.unit,
                "known_by": self.known_by, "as_known_then": self.as_known_then,
                "points": [p.to_dict() for p in self.points],
                "band": [b.to_dict() for b in self.band]}


def months_between(first: date, last: date) -> list[str]:
    """'YYYY-MM' for every month from first to last inclusive."""
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline(ledger: Any, provider: str, recipient: str, category: str,
             basis: str | None = None, include_derived: bool = True,
             derived: Sequence[tuple[Observation, Source]] = (), known_by: str | None = None,
             as_known_then: bool = False) -> Timeline:
    """Figures and a monthly estimate band for one provider, recipient and category.

    ``derived`` adds computed figures (e.g. from :func:`warledger.derive.derive_all`) as points
    without writing them to the ledger; like stored derived figures they never enter the band.
    ``known_by`` keeps only sources published by then; ``as_known_then`` estimates each month of
    the band with what was published by that month's end (the estimate as it stood at the time).
    """
    rows = ledger.observations(provider=provider, recipient=recipient, category=category)
    sources = ledger.sources_for(rows)
    if known_by is not None:
        rows = only_known(rows, sources, known_by_date(known_by), [])
    extra = [(o, s) for o, s in derived if (o.provider, o.recipient, o.category) ==
             (provider, recipient, category)]
    overall = estimate(rows, sources, basis=basis)
    chosen = overall.basis
    result = Timeline(provider, recipient, category, chosen, overall.unit, known_by=known_by,
                      as_known_then=as_known_then)
    shown, _, sums = aggregate_monthly(rows, None, sources)
    shown += [o for o, _ in extra]
    sources = sources | {s.id: s for _, s in extra}
    result.points = sorted(
        (p for p in (_point(o, sources, chosen, sums) for o in shown) if p is not None),
        key=lambda p: (p.date, p.observation_id))
    if not include_derived:
        result.points = [p for p in result.points if not p.derived]
    dated = [p.date for p in result.points if p.in_basis and not p.derived]
    if not dated or chosen is None:
        return result
    covered = releases_covered(ledger, rows, recipient, category)
    for month in months_between(min(dated), max(dated)):
        est = estimate(rows, sources, as_of=month, basis=chosen, covered=covered,
                       known_by=month if as_known_then else known_by)
        if est.has_evidence:
            result.band.append(BandStep(month, est.low, est.central, est.high))
    return result


def _point(obs: Observation, sources: dict[str, Source], basis: str | None,
           sums: set[str]) -> Point | None:
    src = sources.get(obs.source_id)
    span = r.reference_span(obs, src)
    if span is None:
        return None
    low, high = r.bounds(obs)
    origin = (src.attributed_to or src.publisher) if src else obs.source_id
    return Point(span.end, low, high, f"{obs.quantity_text()} {obs.unit}", obs.basis,
                 obs.qualifier, origin, obs.id, obs.is_derived and obs.id not in sums,
                 obs.basis == basis)
