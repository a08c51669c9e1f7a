"""Side by side: support to one side vs the other, by provider (group) and category.

One row per (provider, category) that has evidence for any recipient; one cell per recipient
holding the estimate as of a date, or "no evidence". Group rows (WEST, EUROPE, EU) are shown as
reported, never summed from their members: EUROPE already contains DEU, FRA, ... and adding
them would count the same money twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warledger.ledger.dates import first_day
from warledger.ledger.models import Observation
from warledger.reconcile import rules as r
from warledger.reconcile.estimate import Estimate, estimate
from warledger.reconcile.series import release_ends
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
    notes: dict[str, str] = field(default_factory=dict)  # why a cell is not a total to the date

    def cell_text(self, recipient: str) -> str:
        est = self.cells.get(recipient)
        if est is None or not est.has_evidence:
            return NO_EVIDENCE
        note = self.notes.get(recipient)
        return f"{est.summary()}; {note}" if note else est.summary()


@dataclass
class Comparison:
    as_of: str | None
    recipients: tuple[str, ...]
    rows: list[CompareRow] = field(default_factory=list)
    omitted: int = 0  # (provider, category) pairs whose figures all describe other dates
    known_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        def cell(row: CompareRow, recipient: str) -> dict[str, Any]:
            est = row.cells.get(recipient)
            if est is None or not est.has_evidence:
                return {"text": NO_EVIDENCE, "low": None, "central": None, "high": None,
                        "covers_as_of": False, "note": None}
            return {"text": row.cell_text(recipient), "low": est.low, "central": est.central,
                    "high": est.high, "unit": est.unit, "basis": est.basis,
                    "described_until": (est.described_until.isoformat()
                                        if est.described_until else None),
                    "covers_as_of": recipient not in row.notes,
                    "note": row.notes.get(recipient), "origins": est.origins,
                    "kept": [o.id for o in est.kept], "reasons": est.reasons}

        return {"as_of": self.as_of, "known_by": self.known_by,
                "recipients": list(self.recipients),
                "omitted_without_evidence_at_as_of": self.omitted,
                "rows": [{"group": r.group, "provider": r.provider, "category": r.category,
                          "cells": {x: cell(r, x) for x in self.recipients}}
                         for r in self.rows]}


def compare(ledger: Any, as_of: str | None = None,
            recipients: Sequence[str] = ("RUS", "UKR"),
            categories: Sequence[str] | None = None,
            include_derived: bool = False, known_by: str | None = None) -> Comparison:
    """Estimates for every provider and category with evidence, one column per recipient, on
    one basis per row (a running total where there is one) and the same date in every cell.

    Providers that are themselves one of the recipients (e.g. RUS launching drones at UKR) are
    left out: they are parties, not supporters. A cell whose newest figure describes a date
    before the as-of period says so (:func:`coverage_note`): a running total is then a floor.
    """
    wanted = set(categories) if categories else set(CATEGORIES)
    grouped: dict[tuple[str, str], dict[str, list[Observation]]] = defaultdict(
        lambda: defaultdict(list))
    all_obs = [o for o in ledger.observations() if o.recipient in recipients
               and o.provider not in recipients and o.category in wanted]
    for obs in all_obs:
        grouped[(obs.provider, obs.category)][obs.recipient].append(obs)
    sources = ledger.sources_for(all_obs)
    covered = release_ends(all_obs)
    result = Comparison(as_of, tuple(recipients), known_by=known_by)
    for (provider, category), by_recipient in grouped.items():
        row = CompareRow(provider_group(provider), provider, category)
        basis = _row_basis(by_recipient, sources, as_of, known_by, include_derived, covered)
        for recipient in recipients:
            rows = by_recipient.get(recipient, [])
            est = None
            if rows:
                used = {o.source_id: sources[o.source_id] for o in rows}
                est = estimate(rows, used, as_of=as_of, basis=basis,
                               include_derived=include_derived, known_by=known_by,
                               covered=covered)
                note = coverage_note(est, as_of)
                if note and est.has_evidence:
                    row.notes[recipient] = note
            row.cells[recipient] = est
        if any(e is not None and e.has_evidence for e in row.cells.values()):
            result.rows.append(row)
        else:
            result.omitted += 1
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    result.rows.sort(key=lambda r: (order.get(r.group, -1), r.group, r.provider != r.group,
                                    r.provider, r.category))
    return result


def _row_basis(by_recipient: Mapping[str, list[Observation]], sources: Mapping[str, Any],
               as_of: str | None, known_by: str | None, include_derived: bool,
               covered: Mapping[str, date]) -> str | None:
    """One basis for every cell of a row: the first running total (BASIS_PREFERENCE order)
    with evidence in any cell, else each cell's own default (None)."""
    present = {o.basis for rows in by_recipient.values() for o in rows}
    for basis in r.BASIS_PREFERENCE:
        if basis not in r.MONOTONE_BASES or basis not in present:
            continue
        for rows in by_recipient.values():
            used = {o.source_id: sources[o.source_id] for o in rows}
            if any(o.basis == basis for o in rows) and estimate(
                    rows, used, as_of=as_of, basis=basis, include_derived=include_derived,
                    known_by=known_by, covered=covered).has_evidence:
                return basis
    return None


def coverage_note(est: Estimate, as_of: str | None) -> str | None:
    """None when the estimate describes the as-of period, else why it is not a figure for it."""
    if as_of is None or est.described_until is None:
        return None
    start = first_day(as_of)
    if est.described_until >= start:
        return None
    kind = ("a floor for the total" if est.basis in r.MONOTONE_BASES
            else "a stock at that date, not at the as-of date")
    return (f"no figure covers {as_of}: the newest describes {est.described_until}; "
            f"{kind}")
