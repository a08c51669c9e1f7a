"""Tracker releases stored side by side: list them, diff two, and read a monthly series.

Every release is its own source ("Ukraine Support Tracker, Release N"), so a revision in a
later release never overwrites the earlier figure; :func:`diff_releases` lines the two up
cell by cell (donor, category, basis, month) and reports each figure that changed, appeared
or disappeared, plus per-category totals of both releases.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from warledger.errors import NotFound
from warledger.importers.tracker import PUBLISHER, TITLE_PREFIX, CellKey, cell_key
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger

_RELEASE_REF = re.compile(r"^(?:release|r)?\s*(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Release:
    """A tracker release as stored: its number, source and how many observations it has."""

    number: int
    source: Source
    observations: int

    @property
    def label(self) -> str:
        return f"Release {self.number} ({self.source.published})"


@dataclass(frozen=True)
class CellChange:
    provider: str
    category: str
    basis: str
    period: str  # YYYY-MM, or 'cumulative' for whole-war rows (heavy weapons)
    unit: str
    a: float | None  # None: not in release A
    b: float | None

    @property
    def kind(self) -> str:
        if self.a is None:
            return "added"
        return "removed" if self.b is None else "changed"

    @property
    def delta(self) -> float:
        return round((self.b or 0.0) - (self.a or 0.0), 2)


@dataclass(frozen=True)
class CategoryTotal:
    """Sum over every cell of one category and basis, in each release."""

    category: str
    basis: str
    scope: str  # 'monthly' or 'cumulative': never add the two
    unit: str
    total_a: float
    total_b: float
    changed: int

    @property
    def delta(self) -> float:
        return round(self.total_b - self.total_a, 2)


@dataclass(frozen=True)
class ReleaseDiff:
    a: Release
    b: Release
    changes: list[CellChange]
    totals: list[CategoryTotal]

    def as_dict(self) -> dict[str, Any]:
        def release(r: Release) -> dict[str, Any]:
            return {"number": r.number, "source_id": r.source.id, "title": r.source.title,
                    "published": r.source.published, "observations": r.observations}

        return {
            "a": release(self.a),
            "b": release(self.b),
            "changes": [asdict(c) | {"kind": c.kind, "delta": c.delta} for c in self.changes],
            "totals": [asdict(t) | {"delta": t.delta} for t in self.totals],
        }


def release_number(source: Source) -> int | None:
    """The release number of a tracker source, None for any other source."""
    if source.publisher != PUBLISHER or not source.title.startswith(TITLE_PREFIX):
        return None
    rest = source.title.removeprefix(TITLE_PREFIX)
    return int(rest) if rest.isdigit() else None


def list_releases(ledger: Ledger) -> list[Release]:
    """Every tracker release in the ledger, oldest release first."""
    counts = ledger.source_counts()
    found = []
    for source in ledger.sources():
        number = release_number(source)
        if number is not None:
            found.append(Release(number, source, counts.get(source.id, 0)))
    return sorted(found, key=lambda r: (r.number, r.source.published or "", r.source.id))


def resolve_release(ledger: Ledger, ref: str) -> Release:
    """A release by number ('29', 'Release 29', 'R29') or by source id (or unique prefix)."""
    releases = list_releases(ledger)
    match = _RELEASE_REF.match(ref.strip())
    if match:
        hits = [r for r in releases if r.number == int(match[1])]
    else:
        hits = [r for r in releases if r.source.id == ref] or [
            r for r in releases if r.source.id.startswith(ref)]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(f"{r.number} ({r.source.id})" for r in releases) or "none imported yet"
    if not hits:
        raise NotFound(f"no tracker release '{ref}' in the ledger; releases: {known}")
    raise NotFound(f"'{ref}' matches several sources ({', '.join(r.source.id for r in hits)}); "
                   "give the source id")


def _cells(observations: Iterable[Observation]) -> dict[CellKey, Observation]:
    return {cell_key(o): o for o in observations}


def _differs(a: float, b: float) -> bool:
    # figures are stored to the cent, so anything under half a cent is float noise
    return abs(a - b) >= 0.005


def diff_releases(ledger: Ledger, a: str, b: str) -> ReleaseDiff:
    """Every cell whose figure differs between releases ``a`` and ``b``, and the totals."""
    rel_a, rel_b = resolve_release(ledger, a), resolve_release(ledger, b)
    cells_a = _cells(ledger.observations(source_id=rel_a.source.id))
    cells_b = _cells(ledger.observations(source_id=rel_b.source.id))
    changes = []
    for key in sorted(cells_a.keys() | cells_b.keys(), key=lambda k: (k[1], k[2], k[0], k[3])):
        old, new = cells_a.get(key), cells_b.get(key)
        value_a = old.quantity_high if old else None
        value_b = new.quantity_high if new else None
        if value_a is not None and value_b is not None and not _differs(value_a, value_b):
            continue
        present = new or old
        assert present is not None  # the key came from one side or the other
        changes.append(CellChange(*key, unit=present.unit, a=value_a, b=value_b))
    return ReleaseDiff(rel_a, rel_b, changes, _totals(cells_a, cells_b, changes))


def _totals(cells_a: dict[CellKey, Observation], cells_b: dict[CellKey, Observation],
            changes: list[CellChange]) -> list[CategoryTotal]:
    groups: dict[tuple[str, str, str, str], list[list[float]]] = {}
    for side, cells in enumerate((cells_a, cells_b)):
        for (_, category, basis, period), obs in cells.items():
            scope = "cumulative" if period == "cumulative" else "monthly"
            sums = groups.setdefault((category, basis, scope, obs.unit), [[], []])
            sums[side].append(obs.quantity_high)
    changed: dict[tuple[str, str, str], int] = {}
    for c in changes:
        scope = "cumulative" if c.period == "cumulative" else "monthly"
        changed[c.category, c.basis, scope] = changed.get((c.category, c.basis, scope), 0) + 1
    return [CategoryTotal(category, basis, scope, unit, round(math.fsum(sa), 2),
                          round(math.fsum(sb), 2), changed.get((category, basis, scope), 0))
            for (category, basis, scope, unit), (sa, sb) in sorted(groups.items())]


def monthly_totals(ledger: Ledger, release: str, category: str, basis: str = "allocated",
                   providers: Iterable[str] | None = None) -> dict[str, float]:
    """Month (YYYY-MM) -> the release's figure summed over donors (or the donors given).

    Only single-month rows count, so a whole-war figure filed under the same category (by
    this importer or by hand) can never be added into a month.
    """
    source_id = resolve_release(ledger, release).source.id
    wanted = set(providers) if providers is not None else None
    sums: dict[str, list[float]] = {}
    for obs in ledger.observations(source_id=source_id, category=category, basis=basis):
        if obs.period_start != obs.period_end or obs.period_start is None:
            continue
        if wanted is None or obs.provider in wanted:
            sums.setdefault(obs.period_start, []).append(obs.quantity_high)
    return {month: round(math.fsum(values), 2) for month, values in sorted(sums.items())}
