"""A stock between two dated figures: interpolated, with an interval spanning both ends.

Rule (docs/methods.md, "Stocks between two dates"): when the newest stock figure before the
as-of date describes a date more than CURRENT_DAYS earlier, and a stock figure known by the
known-by date describes a later date within HORIZON_DAYS_STOCK after the as-of date, the central
value is interpolated linearly in time between the two estimates, and the interval is the hull of
both (the earlier one already widened for its age): the further from either figure, the less we
know.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from warledger.ledger.models import Observation, Source
from warledger.reconcile import rules as r
from warledger.reconcile.estimate import Estimate, estimate
from warledger.reconcile.reasons import fmt


def interpolate_stock(before: Estimate, rows: Sequence[Observation],
                      sources: Mapping[str, Source], *, as_of: str, known_by: date) -> Estimate:
    """``before`` (a stock estimate as of ``as_of``) interpolated towards the next stock figure,
    or ``before`` unchanged when the rule does not apply."""
    asked = r.as_of_end(as_of)
    d1 = before.described_until
    if (asked is None or d1 is None or before.central is None or before.basis is None
            or asked - d1 <= timedelta(days=r.CURRENT_DAYS)):
        return before
    later = _next_date(rows, sources, before.basis, asked, known_by)
    if later is None:
        return before
    after = estimate(rows, sources, as_of=later.isoformat(), basis=before.basis,
                     known_by=known_by)
    if after.central is None or after.described_until is None or after.described_until <= asked:
        return before
    d2 = after.described_until
    share = (asked - d1).days / (d2 - d1).days
    central = before.central + (after.central - before.central) * share
    lows = [x for x in (before.low, after.low) if x is not None]
    highs = [x for x in (before.high, after.high) if x is not None]
    kept_ids = {o.id for o in after.kept}
    result = replace(
        before, central=central, low=min([*lows, central]), high=max([*highs, central]),
        kept=before.kept + [o for o in after.kept if o.id not in {k.id for k in before.kept}],
        set_aside=[(o, why) for o, why in before.set_aside if o.id not in kept_ids],
        weights=before.weights | after.weights,
        origins=len({*_origins(before), *_origins(after)}),
        reasons=[f"Interpolated between {fmt(before.central)} ({d1}) and "
                 f"{fmt(after.central)} ({d2}): {share:.0%} of the way to the later figure; the "
                 "interval spans both estimates.", *before.reasons],
    )
    return result


def _origins(est: Estimate) -> set[str]:
    from warledger.reconcile.evidence import origin_key

    return {origin_key(o) for o in est.kept}


def _next_date(rows: Sequence[Observation], sources: Mapping[str, Source], basis: str,
               asked: date, known_by: date) -> date | None:
    """The first date after ``asked`` (within the stock horizon) that a figure of ``basis``
    known by ``known_by`` describes."""
    from warledger.reconcile.evidence import published_on

    limit = asked + timedelta(days=r.HORIZON_DAYS_STOCK)
    ends = []
    for obs in rows:
        if obs.basis != basis or not r.is_two_sided(obs):
            continue
        published = published_on(obs, sources.get(obs.source_id))
        if published is not None and published > known_by:
            continue
        span = r.reference_span(obs, sources.get(obs.source_id))
        if span is not None and asked < span.end <= limit:
            ends.append(span.end)
    return min(ends) if ends else None
