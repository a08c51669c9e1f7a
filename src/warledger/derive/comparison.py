"""Derived ranges next to reported ones, e.g. PRK->RUS shells: computed vs published.

Nothing is merged: each reported figure and each derivation is one row, with its basis, date
and origin, plus the reconciled estimate of the reported figures for reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from warledger.derive.assumptions import Registry
from warledger.derive.montecarlo import CHAINS, DEFAULT_DRAWS, DEFAULT_SEED, Derived, derive_chain
from warledger.reconcile import Estimate, estimate
from warledger.reconcile.rules import reference_span


@dataclass
class Row:
    kind: str  # reported | derived
    label: str
    low: float | None
    middle: float | None
    high: float | None
    basis: str
    date: str | None
    origin: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DerivedComparison:
    provider: str
    recipient: str
    category: str
    rows: list[Row] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    reported_estimate: Estimate | None = None

    def to_dict(self) -> dict[str, Any]:
        est = self.reported_estimate
        return {
            "provider": self.provider, "recipient": self.recipient, "category": self.category,
            "rows": [r.to_dict() for r in self.rows],
            "derived": [d.to_dict() for d in self.derived],
            "reported_estimate": est.to_dict() if est else None,
        }


def compare_derived(ledger: Any, registry: Registry, provider: str = "PRK",
                    recipient: str = "RUS", category: str = "artillery_shells", *,
                    draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> DerivedComparison:
    """Reported figures of a category and every derivation into it, in date order."""
    reported = ledger.observations(provider=provider, recipient=recipient, category=category,
                                   derived=False)
    sources = ledger.sources_for(reported)
    result = DerivedComparison(provider, recipient, category)
    for obs in reported:
        src = sources.get(obs.source_id)
        span = reference_span(obs, src)
        low = obs.quantity_low if obs.qualifier not in ("up_to", "less_than") else None
        high = obs.quantity_high if obs.qualifier not in ("at_least", "more_than") else None
        result.rows.append(Row("reported", obs.quantity_text(), low,
                               (obs.quantity_low + obs.quantity_high) / 2, high, obs.basis,
                               span.end.isoformat() if span else None,
                               (src.attributed_to or src.publisher) if src else obs.source_id))
    for chain in (c for c in CHAINS if c.target_category == category):
        inputs = ledger.observations(provider=provider, recipient=recipient,
                                     category=chain.source_category, derived=False)
        input_sources = ledger.sources_for(inputs)
        for obs in inputs:
            item = derive_chain(obs, chain, registry, draws=draws, seed=seed)
            result.derived.append(item)
            src = input_sources.get(obs.source_id)
            span = reference_span(obs, src)
            result.rows.append(Row(
                "derived", f"{chain.id}: from {obs.quantity_text()} {obs.unit}", item.p5,
                item.median, item.p95, "estimated", span.end.isoformat() if span else None,
                (src.attributed_to or src.publisher) if src else obs.source_id))
    result.rows.sort(key=lambda r: (r.date or "", r.kind))
    result.reported_estimate = estimate(reported, sources)
    return result
