"""From qualifiers to an interval that means something (docs/methods.md, "Intervals").

Three things widen an interval, each by a written rule:

1. **What the figure says.** Every qualifier is read as an interval (:func:`qualifier_interval`):
   "about N" is N +- 10 %, "nearly N" is 90-100 % of N, a range is itself, "at least"/"more
   than" N is a floor, "up to"/"less than" N a ceiling, a vague plural ("thousands", stored as
   at least twice its multiplier) reaches up to five times its stored floor (below ten times the
   multiplier), and "exact" N is N.
2. **Disagreement between independent origins.** The interval spans every current figure kept,
   and copies of one origin are counted once before (reconcile.evidence), so repetition cannot
   narrow or widen it; only independent origins that disagree do.
3. **Age of the evidence.** A figure describing a date before the reference date (the as-of
   date, else the newest figure) widens with its age: a stock by 10 % of its value per 90 days on
   both sides (it can rise or fall), a running total by 20 % per 90 days upwards only (it can
   only have grown; the aid totals in the ledger grew 40-90 % a year).

The interval is meant to contain the figure that the next independent source gives for the same
date in at least ``INTENDED_COVERAGE`` of cases; ``reconcile.backtest`` measures how often it
did on the ledger's own history.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from warledger.ledger.models import Observation
from warledger.reconcile import rules as r

if TYPE_CHECKING:
    from warledger.reconcile.estimate import Estimate

#: "about N" allows N +- 10 % (the same reading as claims.model.allowed_interval)
ABOUT_RELATIVE = 0.10
#: a vague plural stored as "at least 2 x multiplier" stays below 10 x multiplier
VAGUE_FACTOR = 5.0
#: relative widening per 90 days between the date a figure describes and the reference date:
#: a stock both ways, a running total upwards only
AGE_WIDENING_STOCK = 0.10
AGE_WIDENING_TOTAL = 0.20
AGE_STEP_DAYS = 90
#: share of later independent figures the interval is meant to contain (see the backtest)
INTENDED_COVERAGE = 0.80

#: "nearly" right before the number ("nearly 16,000", "almost EUR 5 billion"), not "almost equal
#: to the 43.1 billion"
_NEARLY = re.compile(r"\b(?:nearly|almost|just under|just shy of|close to)\s+"
                     r"(?:(?:EUR|USD|US\$|\$|€)\s?)?\d", re.IGNORECASE)
_VAGUE = re.compile(r"\b(dozens|hundreds|thousands|millions|billions)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")

READINGS = ("exact", "about", "nearly", "range", "at_least", "more_than", "up_to", "less_than",
            "vague")


def reading(obs: Observation) -> str:
    """The qualifier as read: the stored one, refined by the verbatim quote when it says
    "nearly N" right before a number (stored as about or exact) or is a vague plural with no
    digits (stored as at least)."""
    quote = obs.quote or ""
    if obs.qualifier in ("about", "exact") and _NEARLY.search(quote):
        return "nearly"
    if obs.qualifier == "at_least" and _VAGUE.search(quote) and not _DIGIT.search(quote):
        return "vague"
    return obs.qualifier


def qualifier_interval(qualifier: str, low: float, high: float
                       ) -> tuple[float | None, float | None]:
    """(low, high) a stated figure allows; None for an open side.

    Examples:
        >>> qualifier_interval("about", 10_000, 10_000)
        (9000.0, 11000.0)
        >>> qualifier_interval("more_than", 1_500, 1_500)
        (1500, None)
    """
    if qualifier in ("exact", "range"):
        return low, high
    if qualifier == "about":
        return low * (1 - ABOUT_RELATIVE), high * (1 + ABOUT_RELATIVE)
    if qualifier == "nearly":
        return low * (1 - ABOUT_RELATIVE), high
    if qualifier in r.LOWER_BOUND:
        return low, None
    if qualifier in r.UPPER_BOUND:
        return None, high
    if qualifier == "vague":
        return low, low * VAGUE_FACTOR
    raise r.ReconcileError(f"unknown qualifier '{qualifier}'; expected one of: "
                           + ", ".join(READINGS))


def age_widened(low: float, high: float, middle: float, age_days: int,
                monotone: bool) -> tuple[float, float]:
    """Widen by AGE_WIDENING_STOCK (both ways) or AGE_WIDENING_TOTAL (upwards, ``monotone``)
    of the middle per 90 days of age, pro rata."""
    rate = AGE_WIDENING_TOTAL if monotone else AGE_WIDENING_STOCK
    grow = rate * max(0, age_days) / AGE_STEP_DAYS * middle
    return (low if monotone else max(0.0, low - grow)), high + grow


def figure_interval(obs: Observation, described: date, reference: date,
                    basis: str | None) -> tuple[float, float]:
    """The stated interval of a two-sided figure, widened for its age at ``reference``."""
    low, high = qualifier_interval(reading(obs), obs.quantity_low, obs.quantity_high)
    assert low is not None and high is not None
    return age_widened(low, high, r.midpoint(obs), (reference - described).days,
                       basis in r.MONOTONE_BASES)


def stated_hull(rows: Sequence[Observation]) -> tuple[float, float] | None:
    """The span of what the current two-sided figures say (qualifiers read as intervals)."""
    read = [qualifier_interval(reading(o), o.quantity_low, o.quantity_high)
            for o in rows if r.is_two_sided(o)]
    if not read:
        return None
    return min(lo for lo, _ in read if lo is not None), max(hi for _, hi in read if hi is not None)


def agrees(obs: Observation, hull: tuple[float, float] | None) -> bool:
    """An earlier stock agrees with the current figures when what it says overlaps them."""
    if hull is None:
        return False
    low, high = qualifier_interval(reading(obs), obs.quantity_low, obs.quantity_high)
    return (low is None or low <= hull[1]) and (high is None or high >= hull[0])


def compute(est: Estimate, ends: Mapping[str, date], reference: date) -> None:
    """Central = weighted median of the current two-sided figures; interval = the hull of their
    read and aged intervals, widened only as far as needed to meet every bound and floor kept."""
    two_sided = [o for o in est.kept if est.is_figure(o) and reading(o) != "vague"]
    # by id: list membership would compare whole observations, quadratic in a large series
    two_sided_ids = {o.id for o in two_sided}
    lowers, uppers = [], []
    for obs in est.kept:
        if obs.id in two_sided_ids:
            continue
        if obs.id in est.floors:
            lowers.append(obs.quantity_low)
            continue
        low, high = qualifier_interval(reading(obs), obs.quantity_low, obs.quantity_high)
        if low is not None:
            lowers.append(low)
        if high is not None:
            uppers.append(high)
    if two_sided:
        est.central = r.weighted_median([r.midpoint(o) for o in two_sided],
                                        [est.weights[o.id] for o in two_sided])
        spans = [figure_interval(o, ends[o.id], reference, est.basis) for o in two_sided]
        low, high = min(s[0] for s in spans), max(s[1] for s in spans)
        if lowers and max(lowers) > high:
            high = max(lowers)
        if uppers and min(uppers) < low:
            low = min(uppers)
        est.low, est.high = low, high
        return
    floor = max(lowers) if lowers else None
    cap = min(uppers) if uppers else None
    if floor is not None and cap is not None and floor > cap:
        floor, cap = cap, floor  # contradictory bounds: report the span between them
    est.low, est.high = floor, cap
