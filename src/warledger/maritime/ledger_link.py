"""Monthly voyage and port-call counts as derived ledger observations with lineage.

Each observation says "at least N" for one month; its ``derived_from`` names every input
file with its SHA-256 and every parameter, so the count can be recomputed and checked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from warledger.maritime.areas import PortArea
from warledger.maritime.params import Params


@dataclass(frozen=True)
class LedgerTarget:
    provider: str = "PRK"
    recipient: str = "RUS"
    kind: str = "voyages"  # or "port_calls"
    note: str = ""


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def lineage(inputs: list[Path], params: Params, extra: dict[str, str]) -> list[str]:
    out = [f"file:{p.resolve()}#sha256={file_digest(p)}" for p in inputs if p.is_file()]
    out += [f"param:{k}={v}" for k, v in sorted((params.as_lineage() | extra).items())]
    return out


def synthetic_inputs(positions: Path | None, sightings: Path | None) -> list[str]:
    """Inputs written by ``warledger ais simulate``: positions carry a Parquet metadata
    marker, simulated sightings the source ``synthetic-imagery``."""
    import csv

    import pyarrow.parquet as pq

    from warledger.maritime.simulate import SYNTHETIC_KEY, SYNTHETIC_SOURCE

    found = []
    if positions is not None and positions.suffix == ".parquet" and positions.is_file():
        meta = pq.read_schema(positions).metadata or {}
        if SYNTHETIC_KEY in meta:
            found.append(str(positions))
    if sightings is not None and sightings.is_file():
        with sightings.open(newline="", encoding="utf-8-sig") as handle:
            if any((r.get("source") or "").strip().startswith(SYNTHETIC_SOURCE.split("-")[0])
                   for r in csv.DictReader(handle)):
                found.append(str(sightings))
    return found


def monthly_port_calls(visits: pl.DataFrame, area_ids: set[str]) -> pl.DataFrame:
    """Calls at the given areas per month of first evidence (the ship was there then)."""
    sel = visits.filter(pl.col("area_id").is_in(list(area_ids)))
    return sel.group_by(month=pl.col("start").dt.strftime("%Y-%m")).agg(
        at_least=pl.len().cast(pl.Int64)).with_columns(at_most=pl.col("at_least")).sort("month")


def to_observations(counts: pl.DataFrame, target: LedgerTarget, inputs: list[Path],
                    params: Params, extra: dict[str, str],
                    synthetic: bool = False):  # type: ignore[no-untyped-def]
    """(Source, [Observation]) for the ledger: one observation per month with N > 0.

    ``synthetic``: the inputs are simulated; the source says so in its title and is graded
    F6 (reliability and credibility cannot be judged), so it never reads as real analysis."""
    from warledger.ledger.models import Observation, Source

    first = inputs[0].resolve() if inputs else Path("unknown")
    unit = "voyage" if target.kind == "voyages" else "port_call"
    what = "one-way voyages" if target.kind == "voyages" else "port calls"
    mark = "SYNTHETIC (simulated data, not observations): " if synthetic else ""
    source = Source(
        publisher="warledger maritime analysis",
        title=f"{mark}AIS and imagery analysis: {what} {target.provider} -> "
              f"{target.recipient}, parameters "
              f"{', '.join(f'{k}={v}' for k, v in sorted(extra.items()))}",
        url=f"file:{first}",
        reliability="F" if synthetic else "C", credibility="6" if synthetic else "3",
        note=(mark + "derived by warledger ais; counts are lower bounds (dark transits, "
              "unseen calls)"),
    )
    derived = lineage(inputs, params, extra)
    obs = []
    for row in counts.filter(pl.col("at_least") > 0).iter_rows(named=True):
        obs.append(Observation(
            provider=target.provider, recipient=target.recipient, category=target.kind,
            quantity_low=row["at_least"], quantity_high=row["at_least"], qualifier="at_least",
            unit=unit, basis="delivered", period_start=row["month"], period_end=row["month"],
            source_id=source.id, derived_from=derived,
            note=f"{mark}at least {row['at_least']}, at most {row['at_most']} observed "
                 f"{what} in {row['month']}{_dark_note(row)}. {target.note}".strip(),
        ))
    return source, obs


def _dark_note(row: dict) -> str:
    up = row.get("up_to_with_dark")
    if up is None or up <= row["at_least"]:
        return ""
    return f"; up to {up} with inferred dark calls (AIS gaps long enough for a call)"


def route_counts(monthly: pl.DataFrame, areas: list[PortArea], target: LedgerTarget,
                 level: str) -> pl.DataFrame:
    """Sum the monthly legs whose from/to places belong to provider/recipient groups."""
    group = {a.area_id: a.group for a in areas}
    def grp(col: str) -> pl.Expr:
        return pl.col(col) if level == "group" else pl.col(col).replace_strict(
            group, default=pl.col(col))
    sel = monthly.filter((grp("from_place") == target.provider)
                         & (grp("to_place") == target.recipient))
    extra = [pl.col("up_to_with_dark").sum()] if "up_to_with_dark" in sel.columns else []
    return sel.group_by("month").agg(pl.col("at_least").sum(), pl.col("at_most").sum(),
                                     *extra).sort("month")
