"""Support over time: monthly flows per source, summed over the members of a provider group.

A Kiel tracker release gives one allocation per donor and month; the maritime module writes one
"at least N" voyage count per month. Set side by side on one month axis, they answer "Western aid
over time next to the North Korean shipments" without mixing sources: every flow is one source
(one release, one maritime run) and says so in its label.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger
from warledger.vocabulary import bundled_actors, expand_group

LOWER_BOUNDS = ("at_least", "more_than")


@dataclass
class MonthlyFlow:
    """One source's monthly figures for one quantity, summed over the providers it covers."""

    source_id: str
    label: str
    providers: str  # the group or code asked for, e.g. WEST or PRK
    recipient: str
    category: str
    basis: str
    unit: str
    months: dict[str, float] = field(default_factory=dict)
    lower_bound: bool = False  # every month is an "at least" count
    donors: int = 0  # how many distinct providers contributed

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id, "label": self.label, "providers": self.providers,
            "recipient": self.recipient, "category": self.category, "basis": self.basis,
            "unit": self.unit, "lower_bound": self.lower_bound, "donors": self.donors,
            "months": [{"month": m, "value": v} for m, v in sorted(self.months.items())],
        }


def source_label(source: Source) -> str:
    title = source.title or source.publisher
    return f"{title} (published {source.published})" if source.published else title


def _single_month(obs: Observation) -> str | None:
    start, end = obs.period_start, obs.period_end
    if start and start == end and len(start) == 7:
        return start
    return None


def _member_codes(group: str) -> set[str]:
    """The codes a group stands for, without nested aggregates (EUROPE inside WEST) whose own
    rows would count their members twice; a code with no members (a state, EU) is kept."""
    actors = bundled_actors()
    return {c for c in expand_group(group) if not (actors.get(c) and actors[c].members)} | (
        {group} if not (actors.get(group) and actors[group].members) else set())


def monthly_flows(ledger: Ledger, *, providers: str, recipient: str, category: str,
                  basis: str | None = None) -> list[MonthlyFlow]:
    """Monthly flows of ``category`` to ``recipient``, one per source, over ``providers``
    (a state or a group, expanded to its members), oldest source first."""
    members = _member_codes(providers)
    groups: dict[tuple[str, str, str], list[tuple[str, Observation]]] = defaultdict(list)
    for obs in ledger.observations(recipient=recipient, category=category, basis=basis):
        month = _single_month(obs)
        if month is not None and obs.provider in members:
            groups[(obs.source_id, obs.basis, obs.unit)].append((month, obs))
    flows = []
    for (source_id, obs_basis, unit), rows in groups.items():
        source = ledger.source(source_id)
        sums: dict[str, list[float]] = defaultdict(list)
        for month, obs in rows:
            sums[month].append(obs.quantity_low)
        flows.append(MonthlyFlow(
            source_id=source_id, label=source_label(source), providers=providers,
            recipient=recipient, category=category, basis=obs_basis, unit=unit,
            months={m: math.fsum(v) for m, v in sums.items()},
            lower_bound=all(o.qualifier in LOWER_BOUNDS for _, o in rows),
            donors=len({o.provider for _, o in rows})))
    return sorted(flows, key=lambda f: (ledger.source(f.source_id).published or "", f.label))


def support_over_time(ledger: Ledger, *, aid_providers: str = "WEST",
                      shipment_provider: str = "PRK") -> dict[str, Any]:
    """Western military aid to Ukraine per month next to North Korean shipments to Russia.

    The months list is the union of every flow's months, so charts can share one axis.
    """
    aid = monthly_flows(ledger, providers=aid_providers, recipient="UKR",
                        category="military_aid_value", basis="allocated")
    shipments = [flow for category in ("voyages", "port_calls")
                 for flow in monthly_flows(ledger, providers=shipment_provider,
                                           recipient="RUS", category=category)]
    months = sorted({m for flow in aid + shipments for m in flow.months})
    return {"months": months, "aid": [f.to_dict() for f in aid],
            "shipments": [f.to_dict() for f in shipments],
            "aid_providers": sorted(_member_codes(aid_providers))}
