"""Hand-made tracks and areas for the rule tests: every value is written out here.

Geometry: one point area "P" at 55.0 N, 10.0 E. A degree of latitude is 111.195 km
(6371.0088 km mean Earth radius), so ``north_km(d)`` puts a position d km north of P.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from warledger.maritime.schema import POSITION_SCHEMA

P_LAT, P_LON = 55.0, 10.0
KM_PER_DEG = 111.195
T0 = datetime(2024, 3, 1, tzinfo=UTC)
MMSI = 273_000_111


def north_km(d: float) -> float:
    return P_LAT + d / KM_PER_DEG


def point_area(path: Path, *, entry_km: float = 3.0, exit_km: float = 4.0,
               extra: list[tuple[str, float, float]] | None = None) -> Path:
    feats = [{"type": "Feature", "properties": {"name": "P", "entry_km": entry_km,
                                                "exit_km": exit_km},
              "geometry": {"type": "Point", "coordinates": [P_LON, P_LAT]}}]
    for name, lat, lon in extra or []:
        feats.append({"type": "Feature", "properties": {"name": name},
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return path


def track(rows: list[tuple[float, float, float, float]], mmsi: int = MMSI) -> pl.DataFrame:
    """Rows (minutes after T0, lat, lon, sog knots) as a positions frame."""
    table = pa.table({
        "mmsi": [mmsi] * len(rows),
        "ts": [T0 + timedelta(minutes=m) for m, _, _, _ in rows],
        "lat": [r[1] for r in rows], "lon": [r[2] for r in rows],
        "sog": [r[3] for r in rows], "cog": [0.0] * len(rows), "heading": [0] * len(rows),
        "nav_status": [0] * len(rows), "msg_type": [1] * len(rows),
        "source": ["hand"] * len(rows)}).cast(POSITION_SCHEMA)
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def write(frames: list[pl.DataFrame], path: Path) -> Path:
    pq.write_table(pl.concat(frames).sort("mmsi", "ts").to_arrow().cast(POSITION_SCHEMA), path)
    return path


def straight(minutes: range, lat0: float, km_per_min: float, sog: float) -> list[tuple]:
    """A northward run at constant speed through (or past) the area's longitude."""
    return [(m, lat0 + km_per_min * (m - minutes.start) / KM_PER_DEG, P_LON, sog)
            for m in minutes]
