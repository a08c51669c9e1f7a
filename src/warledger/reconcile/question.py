"""One question, every basis: the library call behind the CLI, the API, the dashboard and claims.

:func:`estimate_series` answers "how many / how much did PROVIDER give RECIPIENT in CATEGORY,
as of AS_OF, with what was known by KNOWN_BY": one :class:`Estimate` per basis with evidence
(in_country stock, deployed, cumulative, pledged, ...) and a headline, with the relations
between bases checked and an explanation in plain words (the same in every front end).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warledger.ledger.models import Observation, Source
from warledger.reconcile import rules as r
from warledger.reconcile.estimate import Estimate, estimate
from warledger.reconcile.evidence import known_by_date
from warledger.reconcile.interpolate import interpolate_stock
from warledger.reconcile.reasons import fmt
from warledger.reconcile.series import releases_covered


@dataclass
class SeriesEstimate:
    """Per-basis estimates of one series and the headline chosen among them."""

    provider: str
    recipient: str
    category: str
    as_of: str | None
    known_by: str
    headline: Estimate
    by_basis: dict[str, Estimate] = field(default_factory=dict)
    choice: str = ""  # why the headline has its basis, in words
    checks: list[str] = field(default_factory=list)  # relations between bases

    @property
    def basis(self) -> str | None:
        return self.headline.basis

    def explanation(self) -> list[str]:
        """The headline's choice, each basis in one line, the checks, then the headline's
        reasons: the words the CLI, the API and the dashboard all show."""
        lines = [self.choice] if self.choice else []
        for basis, est in self.by_basis.items():
            lines.append(f"{basis}: {est.summary()}; {len(est.kept)} figure(s) kept from "
                         f"{est.origins} independent origin(s), {len(est.set_aside)} set aside.")
        return lines + self.checks + list(self.headline.reasons)

    def to_dict(self) -> dict[str, Any]:
        """The headline's fields at the top level (as a one-basis estimate has them), plus the
        choice, the checks, the explanation and every basis."""
        return self.headline.to_dict() | {
            "provider": self.provider, "recipient": self.recipient, "category": self.category,
            "as_of": self.as_of, "known_by": self.known_by, "basis": self.basis,
            "choice": self.choice, "checks": list(self.checks),
            "explanation": self.explanation(),
            "by_basis": {b: e.to_dict() for b, e in self.by_basis.items()},
        }


def estimate_series(ledger: Any, provider: str, recipient: str, category: str, *,
                    as_of: str | None = None, known_by: str | date | None = None,
                    basis: str | None = None, unit: str | None = None,
                    include_derived: bool = False) -> SeriesEstimate:
    """Every basis of one series as of ``as_of``, using sources published by ``known_by``
    (default: today); the headline is ``basis`` if given, else the richest basis.

    Examples (``ledger`` is a :class:`warledger.ledger.store.Ledger`)::

        estimate_series(ledger, "PRK", "RUS", "troops", as_of="2024-11",
                        known_by="2024-11-30").headline.summary()
    """
    rows = ledger.observations(provider=provider, recipient=recipient, category=category)
    result = series_estimate(rows, ledger.sources_for(rows), as_of=as_of, known_by=known_by,
                             basis=basis, unit=unit, include_derived=include_derived,
                             covered=releases_covered(ledger, rows, recipient, category))
    result.provider, result.recipient, result.category = provider, recipient, category
    if category == "troops" and {"cumulative", "in_country"} <= set(result.by_basis):
        result.checks += casualty_check(ledger, provider, recipient, as_of, known_by)
    for est in (result.headline, *result.by_basis.values()):
        est.provider, est.recipient, est.category = provider, recipient, category
    return result


def series_estimate(observations: Sequence[Observation], sources: Mapping[str, Source], *,
                    as_of: str | None = None, known_by: str | date | None = None,
                    basis: str | None = None, unit: str | None = None,
                    include_derived: bool = False,
                    covered: Mapping[str, date] | None = None) -> SeriesEstimate:
    """:func:`estimate_series` over observations already read (one provider, recipient and
    category)."""
    r.check_basis(basis)
    known = known_by_date(known_by)
    rows = [o for o in observations if unit is None or o.unit == unit]
    first = rows[0] if rows else None
    by_basis: dict[str, Estimate] = {}
    for name in sorted({o.basis for o in rows}, key=r.BASIS_PREFERENCE.index):
        est = estimate(rows, sources, as_of=as_of, basis=name, include_derived=include_derived,
                       known_by=known, covered=covered)
        if name in r.STOCK_BASES and as_of is not None:
            est = interpolate_stock(est, rows, sources, as_of=as_of, known_by=known)
        if est.has_evidence:
            by_basis[name] = est
    if basis is not None:
        headline = by_basis.get(basis) or estimate(rows, sources, as_of=as_of, basis=basis,
                                                   include_derived=include_derived,
                                                   known_by=known, covered=covered)
        choice = f"Headline basis {basis}: the basis asked for."
    else:
        headline, choice = _richest(by_basis, rows, sources, as_of, known, include_derived)
    return SeriesEstimate(
        provider=first.provider if first else "", recipient=first.recipient if first else "",
        category=first.category if first else "", as_of=as_of, known_by=known.isoformat(),
        headline=headline, by_basis=by_basis, choice=choice, checks=relation_checks(by_basis))


def _richest(by_basis: Mapping[str, Estimate], rows: Sequence[Observation],
             sources: Mapping[str, Source], as_of: str | None, known: date,
             include_derived: bool) -> tuple[Estimate, str]:
    """The basis with the most evidence as of the date: a count of what happened beats a plan
    (HEADLINE_LAST), a central value beats bounds only, then the larger sum of weights (grading
    x recency) of the figures kept -- one per independent origin --, then more origins, then
    BASIS_PREFERENCE order."""
    if not by_basis:
        return (estimate(rows, sources, as_of=as_of, include_derived=include_derived,
                         known_by=known), "No basis has a figure for this date.")

    def richness(item: tuple[str, Estimate]) -> tuple[bool, bool, float, int, int]:
        name, est = item
        return (name not in r.HEADLINE_LAST, est.central is not None, round(evidence(est), 9),
                est.origins, -r.BASIS_PREFERENCE.index(name))

    ranked = sorted(by_basis.items(), key=richness, reverse=True)
    name, best = ranked[0]
    others = ", ".join(f"{n} {e.origins} ({evidence(e):.2f})" for n, e in ranked[1:])
    when = f"as of {as_of}" if as_of else "on the newest figures"
    choice = (f"Headline basis {name} ({r.BASIS_MEANING[name]}): the richest {when}, "
              f"{best.origins} independent origin(s), weight {evidence(best):.2f}"
              + (f"; other bases, origins (weight): {others}." if others else "."))
    return best, choice


def casualty_check(ledger: Any, provider: str, recipient: str, as_of: str | None,
                   known_by: str | date | None) -> list[str]:
    """The casualties estimate for the same date, next to the cumulative-minus-stock gap."""
    rows = ledger.observations(provider=provider, recipient=recipient, category="casualties")
    if not rows:
        return []
    est = estimate(rows, ledger.sources_for(rows), as_of=as_of, known_by=known_by)
    if not est.has_evidence:
        return []
    return [f"Casualties reported as of the same date: {est.summary()}."]


def evidence(est: Estimate) -> float:
    """The weight an estimate rests on: the sum of the weights of its figures kept."""
    return sum(est.weights.values())


def relation_checks(by_basis: Mapping[str, Estimate]) -> list[str]:
    """A cumulative total is at least the stock at the same date; the difference is what
    casualties and rotations must explain."""
    total, stock = by_basis.get("cumulative"), by_basis.get("in_country")
    if total is None or stock is None or total.high is None or stock.low is None:
        return []
    if total.high < stock.low:
        return [f"Check failed: the cumulative total ({total.summary()}) is below the stock in "
                f"the country ({stock.summary()}) at the same date; the two cannot both be right "
                "as stated, or they count different people."]
    if total.central is not None and stock.central is not None:
        gap = total.central - stock.central
        return [f"Check: the cumulative total ({fmt(total.central)}) is at least the stock in "
                f"the country ({fmt(stock.central)}); the difference of {fmt(gap)} is what "
                "casualties and rotations home must account for."]
    return [f"Check: the cumulative total can reach {fmt(total.high)}, at least the stock "
            f"in the country ({fmt(stock.low)} or more)."]
