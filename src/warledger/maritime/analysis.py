"""From detection to evidence: fuse sightings, build voyages, flag conflicts, count months."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from warledger.maritime.areas import PortArea
from warledger.maritime.detect.voyages import monthly, round_trips, same_area_returns, voyages
from warledger.maritime.params import Params
from warledger.maritime.pipeline import Detection, detect
from warledger.maritime.sightings import conflicts, fuse, load_sightings


@dataclass
class Analysis:
    detection: Detection
    visits: pl.DataFrame
    voyages: pl.DataFrame
    round_trips: pl.DataFrame
    monthly: pl.DataFrame
    conflicts: pl.DataFrame
    same_area_returns: int
    sightings: pl.DataFrame | None


def analyse(
    positions: Path | pl.DataFrame | None,
    areas: list[PortArea],
    params: Params | None = None,
    *,
    sightings_csv: Path | None = None,
    engine: str = "polars",
    level: str = "area",
    by: str = "depart",
) -> Analysis:
    """Run detection (if positions are given) and everything built on the visits."""
    params = params or Params()
    sight = load_sightings(sightings_csv, areas) if sightings_csv else None
    keep: set[int] = set()
    if sight is not None:
        keep = {int(k) for k in sight["vessel_key"].unique() if k.isdigit()}
    if positions is None:
        det = Detection(pl.DataFrame(), pl.DataFrame(), pl.DataFrame(), _empty_rejects())
        visits = _empty_visits()
    else:
        det = detect(positions, areas, params, engine=engine, keep_mmsi=keep)
        visits = det.visits if not det.visits.is_empty() else _empty_visits()
    conf = pl.DataFrame()
    if sight is not None:
        kept = det.kept if det.kept is not None else _empty_kept()
        visits = fuse(visits, sight, kept.select("vessel_key", "ts", "area_id"), params)
        by_mmsi = kept.with_columns(vessel_key=pl.col("mmsi").cast(pl.String))
        conf = conflicts(sight, by_mmsi, params)
    legs = voyages(visits, areas, params, level)
    return Analysis(det, visits, legs, round_trips(legs), monthly(legs, by), conf,
                    same_area_returns(visits, params), sight)


def _empty_rejects():  # type: ignore[no-untyped-def]
    from warledger.maritime.schema import Rejects

    return Rejects()


def _empty_visits() -> pl.DataFrame:
    from warledger.maritime.detect.visits import VISIT_COLUMNS

    types = {"vessel": pl.Int64, "start": pl.Datetime("us", "UTC"),
             "end": pl.Datetime("us", "UTC"), "start_lo": pl.Datetime("us", "UTC"),
             "end_hi": pl.Datetime("us", "UTC"), "confidence": pl.Int8,
             "n_positions": pl.Int64, "n_sightings": pl.Int64, "has_entry": pl.Boolean,
             "has_exit": pl.Boolean, "has_stop": pl.Boolean, "has_gap": pl.Boolean,
             "corroborated": pl.Boolean}
    return pl.DataFrame(schema={c: types.get(c, pl.String) for c in VISIT_COLUMNS})


def _empty_kept() -> pl.DataFrame:
    return pl.DataFrame(schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"),
                                "lat": pl.Float64, "lon": pl.Float64, "vessel_key": pl.String,
                                "area_id": pl.String})
