"""Series: observations of one quantity (same provider, recipient, category, basis, unit).

Monthly flows (Kiel tracker rows: period_start == period_end == 'YYYY-MM', one per month per
donor per release) are not rival figures: :func:`aggregate_monthly` sums them per release up to
the as-of date into one running total, which then competes with other totals like any figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warledger.ledger.dates import first_day, last_day
from warledger.ledger.models import Observation, Qualifier, Source
from warledger.reconcile.rules import is_monthly, reference_span

SeriesKey = tuple[str, str, str, str, str]

#: a release contributes a monthly series when it gives at least this many months for one key
MIN_MONTHS_FOR_FLOW = 2


def series_key(obs: Observation) -> SeriesKey:
    return (obs.provider, obs.recipient, obs.category, obs.basis, obs.unit)


@dataclass
class Series:
    """All observations of one quantity, with the span of dates they describe."""

    provider: str
    recipient: str
    category: str
    basis: str
    unit: str
    observations: list[Observation] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    monthly: bool = False  # holds monthly flow rows that are summed, not compared

    @property
    def key(self) -> SeriesKey:
        return (self.provider, self.recipient, self.category, self.basis, self.unit)

    @property
    def count(self) -> int:
        return len(self.observations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider, "recipient": self.recipient, "category": self.category,
            "basis": self.basis, "unit": self.unit, "count": self.count,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "monthly": self.monthly,
            "observations": [o.id for o in self.observations],
        }


def series_of(observations: Iterable[Observation],
              sources: Mapping[str, Source] | None = None) -> list[Series]:
    """Group observations into series, sorted by provider, recipient, category, basis, unit.

    Examples:
        >>> [s.key for s in series_of([])]
        []
    """
    groups: dict[SeriesKey, list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[series_key(obs)].append(obs)
    result = []
    for key in sorted(groups):
        members = groups[key]
        spans = [reference_span(o, (sources or {}).get(o.source_id)) for o in members]
        known = [s for s in spans if s is not None]
        result.append(Series(
            *key, observations=members,
            first=min((s.start for s in known), default=None),
            last=max((s.end for s in known), default=None),
            monthly=bool(_flow_groups(members)),
        ))
    return result


def _flow_groups(observations: Sequence[Observation]) -> dict[tuple[SeriesKey, str],
                                                                list[Observation]]:
    """Monthly rows grouped per (series, release); only releases with several months count."""
    groups: dict[tuple[SeriesKey, str], list[Observation]] = defaultdict(list)
    for obs in observations:
        if is_monthly(obs) and not obs.is_derived:
            groups[(series_key(obs), obs.source_id)].append(obs)
    return {k: v for k, v in groups.items() if len(v) >= MIN_MONTHS_FOR_FLOW}


def release_ends(observations: Iterable[Observation]) -> dict[str, date]:
    """The last month each release (source) gives a monthly row for, over every donor: a
    release covers every donor up to that month, a donor without a row had nothing then."""
    ends: dict[str, date] = {}
    for obs in observations:
        if is_monthly(obs) and not obs.is_derived:
            end = last_day(obs.period_end or "")
            if end > ends.get(obs.source_id, date.min):
                ends[obs.source_id] = end
    return ends


def aggregate_monthly(
    observations: Sequence[Observation], as_of: date | None,
    sources: Mapping[str, Source] | None = None,
    covered: Mapping[str, date] | None = None,
) -> tuple[list[Observation], list[tuple[Observation, str, str]], set[str]]:
    """Replace each release's monthly rows by their sum up to ``as_of``.

    ``covered`` (:func:`release_ends` over every donor) lets a donor's sum describe the as-of
    month when the release covers it, though the donor's last row is earlier.

    Returns the new list of observations, the monthly rows set aside as (row, code, reason)
    with code ``monthly-flow`` (folded into a sum) or ``after-as-of``, and the ids of the sums.
    """
    groups = _flow_groups(observations)
    if not groups:
        return list(observations), [], set()
    consumed = {o.id for rows in groups.values() for o in rows}
    result = [o for o in observations if o.id not in consumed]
    set_aside: list[tuple[Observation, str, str]] = []
    sums: set[str] = set()
    for (_, source_id), rows in sorted(groups.items()):
        rows = sorted(rows, key=lambda o: o.period_start or "")
        usable = [o for o in rows if as_of is None or last_day(o.period_end or "") <= as_of]
        label = _release_label(source_id, sources)
        usable_ids = {o.id for o in usable}  # ids: pydantic equality compares every field
        for obs in rows:
            if obs.id in usable_ids:
                set_aside.append((obs, "monthly-flow",
                                  f"monthly flow: summed into the running total of {label}"))
            else:
                set_aside.append((obs, "after-as-of", f"after the as-of date: a monthly flow "
                                  f"for {obs.period_start} from {label}"))
        if usable:
            # the release goes on past the as-of date (for this donor or for any)
            later = len(usable) < len(rows) or (
                as_of is not None and (covered or {}).get(source_id, date.min) >= as_of)
            upto = f"{as_of.year:04d}-{as_of.month:02d}" if later and as_of else None
            total = _sum_months(usable, label, upto)
            sums.add(total.id)
            result.append(total)
    return result, set_aside, sums


def _release_label(source_id: str, sources: Mapping[str, Source] | None) -> str:
    source = (sources or {}).get(source_id)
    if source is None:
        return f"release {source_id}"
    title = source.title or source.publisher
    when = f", published {source.published}" if source.published else ""
    return f"{title}{when} ({source_id})"


def _sum_months(rows: list[Observation], label: str, upto: str | None = None) -> Observation:
    """The running total of a release's months; ``upto`` (a later month the release also
    covers, e.g. the as-of month) is the date it describes when no row falls in between: a
    month without a row had nothing allocated."""
    low = sum(o.quantity_low for o in rows)
    high = sum(o.quantity_high for o in rows)
    qualifier: Qualifier
    if low != high:
        qualifier = "range"
    elif all(o.qualifier == "exact" for o in rows):
        qualifier = "exact"
    else:
        qualifier = "about"
    first, last = rows[0], rows[-1]
    end = upto if upto and upto > (last.period_end or "") else last.period_end
    none_after = f" (none later up to {end})" if end != last.period_end else ""
    return Observation(
        provider=first.provider, recipient=first.recipient, category=first.category,
        quantity_low=low, quantity_high=high, qualifier=qualifier, unit=first.unit,
        basis=first.basis, period_start=first.period_start, period_end=end,
        as_of=end, price_year=first.price_year, source_id=first.source_id,
        note=f"sum of {len(rows)} monthly figures {first.period_start} to {last.period_end}"
             f"{none_after} from {label}",
        derived_from=[o.id for o in rows],
    )


def series_start(rows: Sequence[Observation], basis: str | None,
                 unit: str | None) -> date | None:
    """The day the series' totals count from: the lower median of the first days of its figures
    (known or not: the quantity a total measures does not depend on when it was reported). A
    release's monthly rows count once, from their first month; the median keeps one figure that
    claims an earlier start from making every other total partial."""
    firsts: dict[str, date] = {}
    starts = []
    for obs in rows:
        if obs.basis != basis or obs.unit != unit or not obs.period_start:
            continue
        if is_monthly(obs):
            day = first_day(obs.period_start)
            firsts[obs.source_id] = min(day, firsts.get(obs.source_id, day))
        else:
            starts.append(first_day(obs.period_start))
    starts = sorted(starts + list(firsts.values()))
    return starts[(len(starts) - 1) // 2] if starts else None


def releases_covered(ledger: Any, rows: Sequence[Observation], recipient: str,
                     category: str) -> dict[str, date]:
    """How far each tracker release among ``rows`` covers every donor (one query, only when
    there are monthly rows)."""
    if not any(is_monthly(o) for o in rows):
        return {}
    return release_ends(ledger.observations(recipient=recipient, category=category))
