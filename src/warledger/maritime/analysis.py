"""From detection to evidence: fuse sightings, build voyages, flag conflicts, count months."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from warledger.maritime.areas import PortArea
from warledger.maritime.detect.darkcalls import as_visits, infer_dark_calls, promote
from warledger.maritime.detect.voyages import (
    monthly,
    round_trips,
    same_area_returns,
    voyages,
    with_upper,
)
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
    dark_calls: pl.DataFrame | None = None  # possible dark calls (inferred or observed)
    voyages_with_dark: pl.DataFrame | None = None  # legs when inferred calls count too


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
    dark = None if positions is None else dark_calls(positions, det, visits, areas, params)
    upper = legs if dark is None or dark.is_empty() else voyages(
        pl.concat([visits, as_visits(dark, visits)]), areas, params, level)
    months = with_upper(monthly(legs, by), upper, by)
    return Analysis(det, visits, legs, round_trips(legs), months, conf,
                    same_area_returns(visits, params), sight, dark, upper)


def dark_calls(positions: Path | pl.DataFrame, det: Detection, visits: pl.DataFrame,
               areas: list[PortArea], params: Params) -> pl.DataFrame:
    """Possible dark calls: gaps of the detection, over the cleaned rows of the vessels
    that have a gap outside every port (read again, so every engine gets the same rows)."""
    from warledger.maritime.clean import SEG_SLOTS, clean
    from warledger.maritime.schema import COLUMNS, Rejects

    gaps = det.gaps
    if gaps.is_empty():
        return infer_dark_calls(gaps, pl.DataFrame(), areas, params)
    cand = gaps.filter(pl.col("off_area").is_null() & pl.col("on_area").is_null())
    mmsi = (cand["vessel"] // SEG_SLOTS).unique().to_list()
    src = positions.lazy() if isinstance(positions, pl.DataFrame) else pl.scan_parquet(
        positions)
    rows = src.select(COLUMNS).filter(pl.col("mmsi").is_in(mmsi)).collect()
    cleaned = clean(rows, params, Rejects())
    return promote(infer_dark_calls(gaps, cleaned, areas, params), visits)


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
