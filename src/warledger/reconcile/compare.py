"""Side by side: support to one side vs the other, by provider (group) and category.

One row per (provider, category) that has evidence for any recipient; one cell per recipient
holding the estimate as of a date, or "no evidence". Group rows (WEST, EUROPE, EU) are shown as
reported, never summed from their members: EUROPE already contains DEU, FRA, ... and adding
them would count the same money twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from warledger.ledger.models import Observation
from warledger.reconcile.estimate import Estimate, estimate
from warledger.vocabulary import CATEGORIES, expand_group

NO_EVIDENCE = "no evidence"
#: group labels in the order rows are shown; a provider takes the first group it belongs to
GROUP_ORDER = ("WEST", "FOREIGN")
WEST_GROUPS = frozenset({"WEST", "EUROPE", "EU", "NATO", "G7"})


def provider_group(code: str) -> str:
    """'WEST' for Western states and groups, else the provider's own code (PRK, IRN, ...)."""
    if code in WEST_GROUPS or code in expand_group("WEST"):
        return "WEST"
    return code


@dataclass
class CompareRow:
    group: str
    provider: str
    category: str
    cells: dict[str, Estimate | None] = field(default_factory=dict)

    def cell_text(self, recipient: str) -> str:
        est = self.cells.get(recipient)
        return est.summary() if est is not None and est.has_evidence else NO_EVIDENCE


@dataclass
class Comparison:
    as_of: str | None
    recipients: tuple[str, ...]
    rows: list[CompareRow] = field(default_factory=list)
    omitted: int = 0  # (provider, category) pairs whose figures all describe other dates

    def to_dict(self) -> dict[str, Any]:
        def cell(row: CompareRow, recipient: str) -> dict[str, Any]:
            est = row.cells.get(recipient)
            if est is None or not est.has_evidence:
                return {"text": NO_EVIDENCE, "low": None, "central": None, "high": None}
            return {"text": est.summary(), "low": est.low, "central": est.central,
                    "high": est.high, "unit": est.unit, "basis": est.basis,
                    "kept": [o.id for o in est.kept], "reasons": est.reasons}

        return {"as_of": self.as_of, "recipients": list(self.recipients),
                "omitted_without_evidence_at_as_of": self.omitted,
                "rows": [{"group": r.group, "provider": r.provider, "category": r.category,
                          "cells": {x: cell(r, x) for x in self.recipients}}
                         for r in self.rows]}


def compare(ledger: Any, as_of: str | None = None,
            recipients: Sequence[str] = ("RUS", "UKR"),
            categories: Sequence[str] | None = None,
            include_derived: bool = False) -> Comparison:
    """Estimates for every provider and category with evidence, one column per recipient.

    Providers that are themselves one of the recipients (e.g. RUS launching drones at UKR) are
    left out: they are parties, not supporters.
    """
    wanted = set(categories) if categories else set(CATEGORIES)
    grouped: dict[tuple[str, str], dict[str, list[Observation]]] = defaultdict(
        lambda: defaultdict(list))
    all_obs = [o for o in ledger.observations() if o.recipient in recipients
               and o.provider not in recipients and o.category in wanted]
    for obs in all_obs:
        grouped[(obs.provider, obs.category)][obs.recipient].append(obs)
    sources = ledger.sources_for(all_obs)
    result = Comparison(as_of, tuple(recipients))
    for (provider, category), by_recipient in grouped.items():
        row = CompareRow(provider_group(provider), provider, category)
        for recipient in recipients:
            rows = by_recipient.get(recipient, [])
            if rows:
                used = {o.source_id: sources[o.source_id] for o in rows}
                row.cells[recipient] = estimate(rows, used, as_of=as_of,
                                                include_derived=include_derived)
            else:
                row.cells[recipient] = None
        if any(e is not None and e.has_evidence for e in row.cells.values()):
            result.rows.append(row)
        else:
            result.omitted += 1
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    result.rows.sort(key=lambda r: (order.get(r.group, -1), r.group, r.provider != r.group,
                                    r.provider, r.category))
    return result
