"""Imagery sightings as first-class visit evidence, fused with AIS visits.

CSV columns: ``vessel`` (MMSI, or a name when no MMSI is known), ``area`` (area id or name)
or ``lat``/``lon``, ``time`` (ISO 8601, UTC if no offset), ``source`` and ``confidence``
(high/medium/low); ``note`` optional. Sightings at one area chain into one visit while
consecutive evidence is <= ``sighting_merge_days`` apart with nothing placing the vessel
elsewhere in between; a sighting inside an AIS visit corroborates it.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from warledger.errors import Problem
from warledger.maritime.areas import PortArea, haversine_km, nearest_area
from warledger.maritime.detect.visits import VISIT_COLUMNS
from warledger.maritime.errors import SightingError
from warledger.maritime.params import Params

CONFIDENCES = ("high", "medium", "low")
SIGHTING_SCHEMA = {"sighting_id": pl.String, "vessel_key": pl.String, "area_id": pl.String,
                   "ts": pl.Datetime("us", "UTC"), "lat": pl.Float64, "lon": pl.Float64,
                   "source": pl.String, "confidence": pl.String}


def _parse_time(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _row(rec: dict[str, str], path: Path, line: int, areas: list[PortArea],
         problems: list[Problem]) -> dict[str, object] | None:
    by_key = {a.area_id.lower(): a for a in areas} | {a.name.lower(): a for a in areas}
    bad = len(problems)

    def fail(fld: str, msg: str) -> None:
        problems.append(Problem(str(path), line, fld, msg, "sighting-invalid"))

    vessel = (rec.get("vessel") or "").strip()
    if not vessel:
        fail("vessel", "empty; give an MMSI or a vessel name")
    try:
        ts = _parse_time(rec.get("time") or "")
    except ValueError:
        fail("time", f"'{rec.get('time')}' is not an ISO 8601 time")
    conf = (rec.get("confidence") or "medium").strip().lower()
    if conf not in CONFIDENCES:
        fail("confidence", f"'{conf}' is not one of {', '.join(CONFIDENCES)}")
    area_text = (rec.get("area") or "").strip()
    lat = lon = None
    area_id = None
    if area_text:
        if area_text.lower() not in by_key:
            fail("area", f"unknown area '{area_text}'")
        else:
            area = by_key[area_text.lower()]
            area_id, lat, lon = area.area_id, area.lat0, area.lon0
    else:
        try:
            lat, lon = float(rec.get("lat") or ""), float(rec.get("lon") or "")
        except ValueError:
            fail("area", "give an area, or numeric lat and lon")
        else:
            idx, dist = nearest_area(np.array([lat]), np.array([lon]), areas)
            if idx[0] >= 0 and dist[0] <= areas[idx[0]].entry_km:
                area_id = areas[idx[0]].area_id
    if len(problems) > bad:
        return None
    return {"sighting_id": f"{path.name}:{line}", "vessel_key": vessel, "area_id": area_id,
            "ts": ts, "lat": lat, "lon": lon, "source": (rec.get("source") or "").strip(),
            "confidence": conf}


def load_sightings(path: Path, areas: list[PortArea]) -> pl.DataFrame:
    """Sightings table; raises :class:`SightingError` naming every bad file/line/field."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise SightingError(f"{path}: cannot read sightings: {exc}") from exc
    rows, problems = [], []
    with handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "vessel" not in reader.fieldnames:
            raise SightingError(f"{path}: a sightings CSV needs a 'vessel' column")
        for rec in reader:
            row = _row(rec, path, reader.line_num, areas, problems)
            if row is not None:
                rows.append(row)
    if problems:
        raise SightingError("\n".join(str(p) for p in problems[:50]))
    return pl.DataFrame(rows, schema=SIGHTING_SCHEMA)


def conflicts(sightings: pl.DataFrame, positions: pl.DataFrame, params: Params) -> pl.DataFrame:
    """High-confidence sightings with an AIS position > ``conflict_km`` away within the window.

    ``positions`` needs vessel_key, ts, lat, lon. The nearest position before and after each
    sighting are tested: possible spoofing or a wrong identity.
    """
    high = sightings.filter((pl.col("confidence") == "high") & pl.col("lat").is_not_null())
    if high.is_empty() or positions.is_empty():
        return pl.DataFrame()
    pos = positions.select("vessel_key", "ts", ais_ts="ts", ais_lat="lat", ais_lon="lon").sort(
        "vessel_key", "ts")
    found = []
    for strategy in ("backward", "forward"):
        j = high.sort("vessel_key", "ts").join_asof(
            pos, on="ts", by="vessel_key", strategy=strategy,
            tolerance=timedelta(hours=params.conflict_window_h),
            check_sortedness=False).drop_nulls("ais_ts")
        found.append(j)
    joined = pl.concat(found)
    if joined.is_empty():
        return joined
    dist = haversine_km(joined["lat"].to_numpy(), joined["lon"].to_numpy(),
                        joined["ais_lat"].to_numpy(), joined["ais_lon"].to_numpy())
    return joined.with_columns(distance_km=pl.Series(dist)).filter(
        pl.col("distance_km") > params.conflict_km).unique(
        ["sighting_id", "ais_ts"]).sort("vessel_key", "ts")


def fuse(visits: pl.DataFrame, sightings: pl.DataFrame, away: pl.DataFrame,
         params: Params) -> pl.DataFrame:
    """Visits from AIS and sightings together (see module doc).

    ``away`` holds (vessel_key, ts, area_id) of AIS positions not in port at ``area_id``'s
    run (area_id null at sea): evidence that breaks a chain.
    """
    from warledger.maritime.detect.fusion import fuse_items

    return fuse_items(visits.select(VISIT_COLUMNS), sightings, away, params)
