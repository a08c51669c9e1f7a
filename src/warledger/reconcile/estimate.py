"""One defensible answer per question: a central value, an interval, and the reasons.

The rules run in a fixed order (docs/methods.md, "Estimate"); each figure not used is set aside
with a code and a sentence, so a reader can disagree with a rule and see what it changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from warledger.ledger.dates import first_day, last_day
from warledger.ledger.models import Observation, Source
from warledger.reconcile import evidence as ev
from warledger.reconcile import interval as iv
from warledger.reconcile import rules as r
from warledger.reconcile.reasons import describe, explain, fmt
from warledger.reconcile.series import aggregate_monthly, releases_covered, series_start

Aside = tuple[Observation, str, str]  # observation, code, sentence


@dataclass
class Estimate:
    """The answer to 'how much did provider give recipient in category, as of a date'."""

    provider: str | None
    recipient: str | None
    category: str | None
    unit: str | None
    basis: str | None
    as_of: str | None
    low: float | None = None
    central: float | None = None
    high: float | None = None
    kept: list[Observation] = field(default_factory=list)
    set_aside: list[tuple[Observation, str]] = field(default_factory=list)
    set_aside_codes: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    described_until: date | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    floors: set[str] = field(default_factory=set)  # earlier running totals used as lower bounds
    known_by: str | None = None  # only sources published on or before this date were used
    origins: int = 0  # independent origins among the figures kept

    def is_figure(self, obs: Observation) -> bool:
        """A two-sided figure describing 'now' (not a bound, not an earlier total)."""
        return r.is_two_sided(obs) and obs.id not in self.floors

    @property
    def has_evidence(self) -> bool:
        return self.low is not None or self.high is not None

    @property
    def period(self) -> tuple[str, str] | None:
        """(first start, last end) when every figure kept counts a period (a flow), else None:
        a flow over Jan-Feb 2025 is not support 'as of' a date, so the summary says so."""
        if not self.kept or any(o.period_start is None for o in self.kept):
            return None
        start = min(self.kept, key=lambda o: first_day(o.period_start or "")).period_start
        end = max(self.kept, key=lambda o: last_day(o.period_end or o.as_of or "")
                  if (o.period_end or o.as_of) else date.min)
        return start or "", end.period_end or end.as_of or ""

    def summary(self) -> str:
        """'14,000 (14,000-15,000) person, cumulative' or 'no evidence'."""
        if not self.has_evidence:
            return "no evidence"
        period = self.period
        covers = f", covering {period[0]} to {period[1]}" if period else ""
        return self._amount() + covers

    def _amount(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.central is None:
            if self.low is not None and self.high is not None:
                side = f"between {fmt(self.low)} and {fmt(self.high)}"
            elif self.low is not None:
                side = f"at least {fmt(self.low)}"
            else:
                side = f"up to {fmt(self.high)}"
            return f"{side}{unit} ({self.basis}; bounds only)"
        return (f"{fmt(self.central)} ({fmt(self.low)}-{fmt(self.high)}){unit}, {self.basis}")

    def to_dict(self) -> dict[str, Any]:
        def obs_dict(obs: Observation) -> dict[str, Any]:
            src = self.sources.get(obs.source_id)
            return obs.model_dump() | {
                "quantity_text": obs.quantity_text(), "weight": self.weights.get(obs.id),
                "role": ("floor" if obs.id in self.floors else "figure" if r.is_two_sided(obs)
                         else "bound"),
                "source": src.model_dump() | {"grading": src.grading} if src else None,
            }

        return {
            "provider": self.provider, "recipient": self.recipient, "category": self.category,
            "unit": self.unit, "basis": self.basis, "as_of": self.as_of,
            "known_by": self.known_by, "independent_origins": self.origins,
            "intended_coverage": iv.INTENDED_COVERAGE,
            "described_until": self.described_until.isoformat() if self.described_until else None,
            "low": self.low, "central": self.central, "high": self.high,
            "summary": self.summary(), "reasons": list(self.reasons),
            "period": list(self.period) if self.period else None,
            "kept": [obs_dict(o) for o in self.kept],
            "set_aside": [obs_dict(o) | {"reason": why, "code": self.set_aside_codes.get(o.id)}
                          for o, why in self.set_aside],
        }


def estimate(observations: Sequence[Observation], sources: Mapping[str, Source], *,
             as_of: str | None = None, basis: str | None = None,
             include_derived: bool = False, known_by: str | date | None = None,
             covered: Mapping[str, date] | None = None) -> Estimate:
    """Reconcile the observations of one provider, recipient and category, using only sources
    published on or before ``known_by`` (default: today). ``covered`` maps a tracker release to
    the last month it covers for every donor (``series.release_ends``).

    Examples:
        >>> estimate([], {}).summary()
        'no evidence'
    """
    r.check_basis(basis)
    asked = r.as_of_end(as_of)
    _check_one_question(observations)
    first = observations[0] if observations else None
    aside: list[Aside] = []
    known = ev.known_by_date(known_by)
    candidates, spans, sums = _dated(observations, sources, aside, asked, as_of, known,
                                     include_derived, covered)
    candidates = ev.one_per_origin(candidates, sources, aside)
    chosen = basis or _choose_basis(candidates)
    candidates = _drop(candidates, aside, lambda o: o.basis != chosen, "other-basis",
                       lambda o: f"other basis: {o.basis} ({r.BASIS_MEANING[o.basis]}), "
                       f"not {chosen}")
    unit = _choose_unit(candidates) or (first.unit if first else None)
    candidates = _drop(candidates, aside, lambda o: o.unit != unit, "other-unit",
                       lambda o: f"counted in {o.unit}, not {unit}")
    start = series_start(observations, chosen, unit)
    candidates = _partial(candidates, spans, aside, start, sums)
    candidates = _window(candidates, spans, aside, chosen, asked)
    candidates = _superseded(candidates, spans, sources, aside)
    newest = max((_span(spans, o).end for o in candidates), default=None)
    floors = _floors(candidates, spans, chosen, newest)
    candidates = _drop(candidates, aside, lambda o: _stale_cap(o, spans, chosen, newest),
                       "out-of-window", lambda o: f"an earlier upper bound "
                       f"({_span(spans, o).end}): a running total can have grown by {newest}")
    reference = asked or newest or date.today()
    weights = {o.id: r.grading_weight(sources.get(o.source_id))
               * r.recency_weight(_span(spans, o).end, reference) for o in candidates}
    candidates = _outliers(candidates, weights, aside, floors)
    est = Estimate(
        provider=first.provider if first else None, recipient=first.recipient if first else None,
        category=first.category if first else None, unit=unit, basis=chosen, as_of=as_of,
        kept=sorted(candidates, key=lambda o: (_span(spans, o).end, o.id)),
        set_aside=[(o, why) for o, _, why in aside],
        set_aside_codes={o.id: code for o, code, _ in aside},
        weights={o.id: weights[o.id] for o in candidates}, described_until=newest,
        sources=dict(sources), floors=floors & {o.id for o in candidates},
        known_by=known.isoformat() if known_by is not None else None,
        origins=ev.count_origins(candidates),
    )
    iv.compute(est, {o.id: _span(spans, o).end for o in candidates}, reference)
    est.reasons = explain(est, aside, spans)
    return est


def estimate_for(ledger: Any, provider: str, recipient: str, category: str, *,
                 as_of: str | None = None, basis: str | None = None,
                 include_derived: bool = False, known_by: str | date | None = None
                 ) -> Estimate:
    """Estimate from a ledger: every observation of the provider, recipient and category.

    One basis (``basis``, else the first of BASIS_PREFERENCE with a figure); for every basis
    at once and a headline, use :func:`warledger.reconcile.estimate_series`."""
    rows = ledger.observations(provider=provider, recipient=recipient, category=category)
    est = estimate(rows, ledger.sources_for(rows), as_of=as_of, basis=basis,
                   include_derived=include_derived, known_by=known_by,
                   covered=releases_covered(ledger, rows, recipient, category))
    est.provider, est.recipient, est.category = provider, recipient, category
    return est


# -- rules, in the order they run ----------------------------------------------------------------

def _check_one_question(observations: Sequence[Observation]) -> None:
    keys = {(o.provider, o.recipient, o.category) for o in observations}
    if len(keys) > 1:
        shown = ", ".join("/".join(k) for k in sorted(keys)[:4])
        raise r.ReconcileError(
            f"an estimate answers one question; got observations of {len(keys)} "
            f"(provider, recipient, category) combinations: {shown}"
        )


def _dated(observations: Sequence[Observation], sources: Mapping[str, Source],
           aside: list[Aside], asked: date | None, as_of: str | None, known: date,
           include_derived: bool, covered: Mapping[str, date] | None
           ) -> tuple[list[Observation], dict[str, r.Span | None], set[str]]:
    """Rules 0-4: known by, monthly sums, derived, undated, after the as-of date."""
    observations = ev.only_known(observations, sources, known, aside)
    candidates, month_aside, sums = aggregate_monthly(observations, asked, sources, covered)
    aside += month_aside
    candidates = _drop(candidates, aside,
                       lambda o: o.is_derived and o.id not in sums and not include_derived,
                       "derived", lambda o: "derived by warledger from other figures; shown "
                       "next to the estimate, not inside it")
    spans = {o.id: r.reference_span(o, sources.get(o.source_id)) for o in candidates}
    candidates = _drop(candidates, aside, lambda o: spans[o.id] is None, "undated",
                       lambda o: "no date: the figure cannot be placed in time")
    if asked is not None:
        candidates = _drop(candidates, aside, lambda o: _span(spans, o).end > asked,
                           "after-as-of", lambda o: f"describes {_span(spans, o).end}, after "
                           f"the as-of date {as_of}")
    return candidates, spans, sums


def _span(spans: Mapping[str, r.Span | None], obs: Observation) -> r.Span:
    span = spans[obs.id]
    assert span is not None  # undated rows are set aside before any date rule runs
    return span


def _drop(candidates: list[Observation], aside: list[Aside], test: Any, code: str,
          why: Any) -> list[Observation]:
    kept = []
    for obs in candidates:
        if test(obs):
            aside.append((obs, code, why(obs)))
        else:
            kept.append(obs)
    return kept


def _choose_basis(candidates: Sequence[Observation]) -> str | None:
    """The first basis in BASIS_PREFERENCE with a two-sided figure, else with any figure."""
    present = {o.basis for o in candidates}
    two_sided = {o.basis for o in candidates if r.is_two_sided(o)}
    for pool in (two_sided, present):
        for basis in r.BASIS_PREFERENCE:
            if basis in pool:
                return basis
    return None


def _choose_unit(candidates: Sequence[Observation]) -> str | None:
    counts = Counter(o.unit for o in candidates)
    return counts.most_common(1)[0][0] if counts else None


def _window(candidates: list[Observation], spans: Mapping[str, r.Span | None],
            aside: list[Aside], basis: str | None, asked: date | None) -> list[Observation]:
    """Keep figures describing dates within the horizon.

    A stock (in_country, deployed) describes one date, so the horizon runs back from the as-of
    date and an old stock is no evidence for a later date; among the stocks left, one more than
    CURRENT_DAYS older than the newest counts only if what it says overlaps what the newest
    figures say (in a build-up, 3,000 in October is not a rival of 11,000 in November; 12,000
    in November corroborates 11,000 in February). A running total stays a valid (if low)
    answer, so its horizon runs back from the newest figure available.
    """
    if not candidates or basis is None:
        return candidates
    newest = max(_span(spans, o).end for o in candidates)
    stock = basis in r.STOCK_BASES and asked is not None
    anchor = asked if stock and asked is not None else newest
    cutoff = anchor - timedelta(days=r.horizon_days(basis))
    label = "the as-of date" if stock else "the newest figure"
    kept = _drop(candidates, aside, lambda o: _span(spans, o).end < cutoff, "out-of-window",
                 lambda o: f"describes {_span(spans, o).end}, more than "
                 f"{r.horizon_days(basis)} days before {label} ({anchor})")
    if basis not in r.STOCK_BASES or not kept:
        return kept
    latest = max(_span(spans, o).end for o in kept)
    current = latest - timedelta(days=r.CURRENT_DAYS)
    hull = iv.stated_hull([o for o in kept if _span(spans, o).end >= current])
    return _drop(kept, aside,
                 lambda o: _span(spans, o).end < current and not iv.agrees(o, hull),
                 "out-of-window",
                 lambda o: f"an earlier stock ({_span(spans, o).end}) outside the range of the "
                 f"newer figures ({latest}): superseded in time")


def _partial(candidates: list[Observation], spans: Mapping[str, r.Span | None],
             aside: list[Aside], series_start: date | None,
             release_sums: set[str]) -> list[Observation]:
    """A flow that starts more than PARTIAL_PERIOD_SLACK_DAYS after the series' first start
    (over every figure of the series, published or not yet) counts only part of the period.
    A release's sum of monthly rows is exempt: a donor's months before its first row had
    nothing recorded, so the sum is the total since the release's start."""
    if not candidates:
        return candidates
    earliest = series_start or min(_span(spans, o).start for o in candidates)
    slack = timedelta(days=r.PARTIAL_PERIOD_SLACK_DAYS)
    return _drop(candidates, aside,
                 lambda o: o.period_start is not None and o.id not in release_sums
                 and _span(spans, o).start > earliest + slack,
                 "partial-period",
                 lambda o: f"counts only {o.period_start} to {o.period_end or o.as_of}, not "
                 f"the whole period since {earliest}")


def _superseded(candidates: list[Observation], spans: Mapping[str, r.Span | None],
                sources: Mapping[str, Source], aside: list[Aside]) -> list[Observation]:
    """Per origin, only the latest report counts; a same-day repeat of a figure counts once."""
    def recency(obs: Observation) -> tuple[date, date]:
        # the date described, then the publication date: a later release revises an earlier one
        src = sources.get(obs.source_id)
        published = first_day(src.published) if src and src.published else date.min
        return _span(spans, obs).end, published

    latest: dict[str, Observation] = {}
    for obs in candidates:
        origin = r.origin_of(sources.get(obs.source_id))
        best = latest.get(origin)
        if origin and (best is None or recency(obs) > recency(best)):
            latest[origin] = obs
    seen: set[tuple[str, date, float, float]] = set()
    kept = []
    for obs in sorted(candidates, key=lambda o: -r.grading_weight(sources.get(o.source_id))):
        origin = r.origin_of(sources.get(obs.source_id))
        end = _span(spans, obs).end
        newer = latest.get(origin)
        if origin and newer is not None and recency(newer) > recency(obs):
            aside.append((obs, "superseded", f"superseded by a later report from the same "
                          f"origin: {describe(newer, sources, spans)}"))
            continue
        fingerprint = (origin, end, obs.quantity_low, obs.quantity_high)
        if origin and fingerprint in seen:
            aside.append((obs, "repeat", "repeats a figure already counted from the same "
                          "origin and date"))
            continue
        seen.add(fingerprint)
        kept.append(obs)
    return kept


def _floors(candidates: list[Observation], spans: Mapping[str, r.Span | None],
            basis: str | None, newest: date | None) -> set[str]:
    """Earlier two-sided running totals: the total now cannot be below them (a floor)."""
    if basis not in r.MONOTONE_BASES or newest is None:
        return set()
    current = newest - timedelta(days=r.CURRENT_DAYS)
    return {o.id for o in candidates if r.is_two_sided(o) and _span(spans, o).end < current}


def _stale_cap(obs: Observation, spans: Mapping[str, r.Span | None], basis: str | None,
               newest: date | None) -> bool:
    """An 'up to' a running total from before the current figures no longer caps it."""
    if basis not in r.MONOTONE_BASES or newest is None or obs.qualifier not in r.UPPER_BOUND:
        return False
    return _span(spans, obs).end < newest - timedelta(days=r.CURRENT_DAYS)


def _outliers(candidates: list[Observation], weights: dict[str, float], aside: list[Aside],
              floors: set[str]) -> list[Observation]:
    """Current two-sided figures more than OUTLIER_FACTOR from the weighted median of all of
    them; only ever a minority (when most figures disagree, none is an outlier)."""
    current = [o for o in candidates if r.is_two_sided(o) and o.id not in floors]
    if len(current) < r.OUTLIER_MIN_FIGURES:
        return candidates
    ref = r.weighted_median([r.midpoint(o) for o in current], [weights[o.id] for o in current])
    flagged = {o.id for o in current if ref > 0 and not
               ref / r.OUTLIER_FACTOR <= r.midpoint(o) <= ref * r.OUTLIER_FACTOR}
    if len(flagged) * 2 >= len(current):
        return candidates
    return _drop(candidates, aside, lambda o: o.id in flagged, "outlier",
                 lambda o: f"outlier: {fmt(r.midpoint(o))} is more than {r.OUTLIER_FACTOR:g} "
                 f"times away from the weighted median of the figures ({fmt(ref)})")
