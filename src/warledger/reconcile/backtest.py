"""How often the interval held: the estimator replayed on the ledger's own history.

Targets: every reported two-sided figure T (exact, about or a range) that is not derived, not a
monthly flow, not a pledge (an announcement, not a level later sources measure again) and not a
flow over part of the series' period. For T describing date D and published on P, its series
(same provider, recipient, category, basis and unit) is estimated as of D with only what was
known the day before P (``known_by = P - 1 day``). When that estimate has a central value and
does not already rest on T's own origin, it is a trial: the interval **held** if T's middle lies
inside it. The hit rate is the share of trials that held; docs/methods.md reports it next to
the intended coverage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from warledger.ledger.dates import first_day
from warledger.ledger.models import Observation, Source
from warledger.reconcile import rules as r
from warledger.reconcile.estimate import estimate
from warledger.reconcile.evidence import origin_key, published_on
from warledger.reconcile.interval import INTENDED_COVERAGE


@dataclass(frozen=True)
class Trial:
    """One later figure checked against the interval known before it appeared."""

    observation_id: str
    series: str  # "PRK->RUS troops in_country person"
    described: str
    known_by: str
    figure: float
    low: float
    central: float
    high: float

    @property
    def held(self) -> bool:
        return self.low <= self.figure <= self.high

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__ | {"held": self.held}


@dataclass
class Backtest:
    trials: list[Trial] = field(default_factory=list)
    without_estimate: int = 0  # figures with nothing known before them for their date
    same_origin: int = 0  # figures whose origin the earlier estimate already used

    @property
    def held(self) -> int:
        return sum(t.held for t in self.trials)

    @property
    def hit_rate(self) -> float | None:
        return self.held / len(self.trials) if self.trials else None

    def by_basis(self) -> dict[str, tuple[int, int]]:
        """basis -> (held, trials)."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for trial in self.trials:
            counts = out[trial.series.split()[-2]]
            counts[0] += trial.held
            counts[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def summary(self) -> str:
        if self.hit_rate is None:
            return "no trials: no figure had an earlier estimate for its date"
        return (f"the interval held for {self.held} of {len(self.trials)} later figures "
                f"({self.hit_rate:.0%}; intended at least {INTENDED_COVERAGE:.0%}); "
                f"{self.without_estimate} figure(s) had no earlier estimate for their date, "
                f"{self.same_origin} relayed an origin already counted")

    def to_dict(self) -> dict[str, Any]:
        return {"held": self.held, "trials": len(self.trials), "hit_rate": self.hit_rate,
                "intended_coverage": INTENDED_COVERAGE,
                "without_estimate": self.without_estimate, "same_origin": self.same_origin,
                "by_basis": {k: {"held": h, "trials": n} for k, (h, n) in self.by_basis().items()},
                "summary": self.summary(), "items": [t.to_dict() for t in self.trials]}


#: bases whose figures are announcements, not levels later sources re-measure
NOT_TESTED = frozenset({"pledged"})


def _is_target(obs: Observation, rows: Sequence[Observation]) -> bool:
    if (not r.is_two_sided(obs) or obs.is_derived or r.is_monthly(obs)
            or obs.basis in NOT_TESTED):
        return False
    if obs.period_start is None:
        return True
    starts = [first_day(o.period_start) for o in rows
              if o.basis == obs.basis and o.unit == obs.unit and o.period_start]
    slack = timedelta(days=r.PARTIAL_PERIOD_SLACK_DAYS)
    return first_day(obs.period_start) <= min(starts) + slack


def backtest(observations: Sequence[Observation], sources: Mapping[str, Source]) -> Backtest:
    """Replay the estimator for every target figure (module docstring)."""
    groups: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[(obs.provider, obs.recipient, obs.category)].append(obs)
    result = Backtest()
    for (provider, recipient, category), rows in sorted(groups.items()):
        for target in rows:
            if not _is_target(target, rows):
                continue
            src = sources.get(target.source_id)
            span, published = r.reference_span(target, src), published_on(target, src)
            if span is None or published is None:
                continue
            known_by = published - timedelta(days=1)
            same = [o for o in rows if o.unit == target.unit]
            est = estimate(same, sources, as_of=span.end.isoformat(), basis=target.basis,
                           known_by=known_by)
            if est.central is None or est.low is None or est.high is None:
                result.without_estimate += 1
                continue
            if target.origin.strip() and origin_key(target) in {origin_key(o) for o in est.kept}:
                result.same_origin += 1
                continue
            result.trials.append(Trial(
                target.id, f"{provider}->{recipient} {category} {target.basis} {target.unit}",
                span.end.isoformat(), known_by.isoformat(), r.midpoint(target),
                est.low, est.central, est.high))
    return result


def backtest_ledger(ledger: Any) -> Backtest:
    """:func:`backtest` over every observation of a ledger."""
    rows = ledger.observations()
    return backtest(rows, ledger.sources_for(rows))
