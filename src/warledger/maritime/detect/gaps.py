"""AIS gaps: consecutive positions of one vessel >= ``gap_min_h`` apart (GFW naive gaps).

Classes: ``naive`` (>= 6 h), ``long`` (>= 12 h) and ``likely-disabling`` (>= 12 h and
>= 14 positions in the 12 h before, GFW's density rule; we have no shore-distance or
reception layer, so this is a subset of GFW's test). Gaps that leave one port area and
reach another are flagged ``port_bracketing``: dark voyages.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from warledger.maritime.areas import haversine_km
from warledger.maritime.detect.visits import vessel_key_expr
from warledger.maritime.errors import EngineError
from warledger.maritime.params import Params

US_PER_H = 3_600_000_000


def positions_before(vessel: np.ndarray, ts_us: np.ndarray, at: np.ndarray,
                     window_us: int) -> np.ndarray:
    """Rows of the same vessel in [ts - window, ts] for each row index in ``at`` (rows sorted
    by vessel, then time)."""
    _, rank = np.unique(vessel, return_inverse=True)
    rel = ts_us - ts_us.min() if ts_us.size else ts_us
    # one block of keys per vessel, further from the next block than the window reaches, so a
    # search never enters another vessel's rows (a fixed 2**52 overflowed past 2,048 vessels)
    block = (int(rel.max()) if rel.size else 0) + window_us + 1
    if (int(rank.max()) + 1 if rank.size else 0) * block >= 2**63:
        raise EngineError(f"{int(rank.max()) + 1} vessels over {int(rel.max()) // US_PER_H} h "
                          "are too many for one gap pass; split the input by time")
    key = rank.astype(np.int64) * block + rel
    lo = np.searchsorted(key, key[at] - window_us, side="left")
    return at - lo + 1


def gaps(states: pl.DataFrame, area_ids: list[str], params: Params) -> pl.DataFrame:
    """The gap table from row states (needs vessel, ts, lat, lon, in_port, area, dt_us)."""
    min_us = int(params.gap_min_h * US_PER_H)
    at = np.flatnonzero((states["dt_us"].fill_null(0) >= min_us).to_numpy())
    ts_us = states["ts"].dt.epoch("us").to_numpy()
    vessel = states["vessel"].to_numpy()
    lat, lon = states["lat"].to_numpy(), states["lon"].to_numpy()
    port = np.where(states["in_port"].to_numpy(), states["area"].to_numpy(), -1)
    off = at - 1
    before = positions_before(vessel, ts_us, off, int(params.gap_long_h * US_PER_H))
    raw = pl.DataFrame({
        "vessel": vessel[at], "off_ts": states["ts"].gather(off), "on_ts": states["ts"].gather(at),
        "off_lat": lat[off], "off_lon": lon[off], "on_lat": lat[at], "on_lon": lon[at],
        "positions_12h_before": before.astype(np.int64),
        "off_port": port[off].astype(np.int64), "on_port": port[at].astype(np.int64),
    }, schema_overrides={"vessel": pl.Int64})
    return finish_gaps(raw, area_ids, params)


def finish_gaps(raw: pl.DataFrame, area_ids: list[str], params: Params) -> pl.DataFrame:
    """Distances, speeds, area names and classes from the OFF/ON pairs (engine-neutral)."""
    names = area_ids + [None]  # index -1 (not in port) maps to None
    dur_h = (raw["on_ts"] - raw["off_ts"]).dt.total_microseconds().to_numpy() / US_PER_H
    dist = haversine_km(raw["off_lat"].to_numpy(), raw["off_lon"].to_numpy(),
                        raw["on_lat"].to_numpy(), raw["on_lon"].to_numpy())
    out = raw.select(
        "vessel", "off_ts", "on_ts", "off_lat", "off_lon", "on_lat", "on_lon",
        duration_h=pl.Series(dur_h, dtype=pl.Float64), distance_km=pl.Series(dist),
        implied_speed_kn=pl.Series(dist / 1.852 / np.maximum(dur_h, 1e-9)),
        positions_12h_before=pl.col("positions_12h_before").cast(pl.Int64),
        off_area=pl.Series([names[i] for i in raw["off_port"].to_list()], dtype=pl.String),
        on_area=pl.Series([names[i] for i in raw["on_port"].to_list()], dtype=pl.String),
    )
    return classify(out, params)


def classify(out: pl.DataFrame, params: Params) -> pl.DataFrame:
    long_ = pl.col("duration_h") >= params.gap_long_h
    dense = pl.col("positions_12h_before") >= params.gap_density_positions
    return out.with_columns(
        vessel_key=vessel_key_expr(),
        gap_class=pl.when(long_ & dense).then(pl.lit("likely-disabling"))
        .when(long_).then(pl.lit("long")).otherwise(pl.lit("naive")),
        port_bracketing=pl.col("off_area").is_not_null() & pl.col("on_area").is_not_null()
        & (pl.col("off_area") != pl.col("on_area")),
    ).sort(["vessel", "off_ts"])
