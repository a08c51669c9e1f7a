"""The written-down rules of reconciliation: bases, bounds, weights, horizons (docs/methods.md).

Everything an estimate decides is parameterised here, so the methods document, the tests and the
code name the same constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warledger.errors import WarledgerError
from warledger.ledger.dates import first_day, last_day
from warledger.ledger.models import Observation, Source


class ReconcileError(WarledgerError):
    """A question that cannot be answered as asked (bad date, unknown basis, ...)."""

    code = "reconcile-error"


#: what each basis counts, in words a reader can check against the source
BASIS_MEANING: dict[str, str] = {
    "pledged": "promises or plans, not yet sent",
    "committed": "amounts committed in announced packages",
    "allocated": "amounts allocated to specific deliveries (Kiel's definition)",
    "delivered": "what was actually delivered",
    "deployed": "those sent in one deployment or wave",
    "in_country": "those present at one date (a stock, net of losses and rotations)",
    "cumulative": "everyone or everything sent up to a date, including replacements",
    "used": "what was fired or launched",
    "estimated": "an analyst's estimate from indirect evidence (e.g. container capacity)",
}

#: default basis when none is asked: the first present with a two-sided figure wins
BASIS_PREFERENCE = (
    "cumulative", "delivered", "allocated", "estimated", "in_country", "deployed", "committed",
    "used", "pledged",
)

#: stocks describe one date and age fast; running totals stay informative longer
STOCK_BASES = frozenset({"in_country", "deployed"})
#: a stock older than four months is no evidence for the as-of date (age widening covers drift
#: within it: reconcile.interval)
HORIZON_DAYS_STOCK = 122
HORIZON_DAYS_TOTAL = 183
#: figures within this many days of the newest describe "now"; an older stock is superseded in
#: time, an older running total becomes a floor (totals cannot fall)
CURRENT_DAYS = 15

#: a headline basis is a count of what happened; plans only when nothing else has a figure
HEADLINE_LAST = frozenset({"pledged"})

#: running totals never fall: an older figure above today's interval is a real disagreement
MONOTONE_BASES = frozenset({"cumulative", "delivered", "allocated", "committed", "used",
                            "estimated"})

LOWER_BOUND = frozenset({"at_least", "more_than"})
UPPER_BOUND = frozenset({"up_to", "less_than"})

#: Admiralty grading to weight; F/6 ("cannot be judged") sits between D/4 and E/5
RELIABILITY_WEIGHT = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.3}
CREDIBILITY_WEIGHT = {"1": 1.0, "2": 0.8, "3": 0.6, "4": 0.4, "5": 0.2, "6": 0.3}
RECENCY_HALF_LIFE_DAYS = 90.0

#: a figure more than this factor away from the weighted median of the others is an outlier
OUTLIER_FACTOR = 2.0
OUTLIER_MIN_FIGURES = 3

#: a flow whose period starts this long after the series' start counts only part of it
PARTIAL_PERIOD_SLACK_DAYS = 31


@dataclass(frozen=True)
class Span:
    """The dates an observation describes: [start, end]; start == end for a point in time."""

    start: date
    end: date


def reference_span(obs: Observation, source: Source | None) -> Span | None:
    """period_end, else as_of, else the publication date, is the date a figure describes."""
    end_text = obs.period_end or obs.as_of or (source.published if source else None)
    if not end_text:
        return None
    end = last_day(end_text)
    start = first_day(obs.period_start) if obs.period_start else end
    return Span(min(start, end), end)


def is_monthly(obs: Observation) -> bool:
    """A one-month flow: period_start == period_end at month precision (Kiel monthly rows)."""
    return (
        obs.period_start is not None
        and obs.period_start == obs.period_end
        and len(obs.period_start) == 7
    )


def bounds(obs: Observation) -> tuple[float | None, float | None]:
    """(low, high) an observation asserts; None for the open side of a one-sided bound."""
    if obs.qualifier in LOWER_BOUND:
        return obs.quantity_low, None
    if obs.qualifier in UPPER_BOUND:
        return None, obs.quantity_high
    return obs.quantity_low, obs.quantity_high


def is_two_sided(obs: Observation) -> bool:
    return obs.qualifier not in LOWER_BOUND | UPPER_BOUND


def midpoint(obs: Observation) -> float:
    return (obs.quantity_low + obs.quantity_high) / 2.0


def grading_weight(source: Source | None) -> float:
    if source is None:
        return RELIABILITY_WEIGHT["F"] * CREDIBILITY_WEIGHT["6"]
    return RELIABILITY_WEIGHT[source.reliability] * CREDIBILITY_WEIGHT[source.credibility]


def recency_weight(described: date, as_of: date) -> float:
    """Halves every RECENCY_HALF_LIFE_DAYS that a figure is older than the as-of date."""
    age = max(0, (as_of - described).days)
    return float(0.5 ** (age / RECENCY_HALF_LIFE_DAYS))


def horizon_days(basis: str) -> int:
    return HORIZON_DAYS_STOCK if basis in STOCK_BASES else HORIZON_DAYS_TOTAL


def origin_of(source: Source | None) -> str:
    """Who a figure ultimately comes from: attributed_to, else the publisher, normalised."""
    if source is None:
        return ""
    text = source.attributed_to or source.publisher
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def weighted_median(values: list[float], weights: list[float]) -> float:
    """The smallest value where the cumulative weight reaches half of the total."""
    if not values:
        raise ReconcileError("weighted median of no values")
    pairs = sorted(zip(values, weights, strict=True))
    total = sum(w for _, w in pairs)
    if total <= 0:
        pairs = [(v, 1.0) for v, _ in pairs]
        total = float(len(pairs))
    running = 0.0
    for value, weight in pairs:
        running += weight
        if running >= total / 2.0:
            return value
    return pairs[-1][0]


def check_basis(basis: str | None) -> None:
    if basis is not None and basis not in BASIS_MEANING:
        raise ReconcileError(
            f"unknown basis '{basis}'; expected one of: " + ", ".join(BASIS_MEANING)
        )


def as_of_end(as_of: str | None) -> date | None:
    """The last day an as-of date covers ('2025-04' -> 2025-04-30)."""
    if as_of is None:
        return None
    try:
        return last_day(as_of)
    except ValueError as err:
        raise ReconcileError(f"--as-of: {err}") from err
