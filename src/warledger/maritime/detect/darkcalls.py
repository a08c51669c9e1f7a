"""Possible dark port calls: AIS gaps long enough for a ship to reach a port, stay, and return.

For each gap of at least ``gap_min_h`` whose two ends are both outside every port area:

1. The ship was *under way* when it went dark (median SOG over the hour before >= 2 kn,
   ``dark_underway_kn``) and *heading for* a port: its distance to that port's nearest
   anchorage point fell at >= half its cruise speed over that hour (``dark_closing_ratio``).
2. The port is *reachable with a call*: sailing from where AIS went off to the port's entry
   radius and from there to where it came back on, along great circles times a route factor
   (``dark_route_factor`` 1.3, sea routes approximated), at the ship's cruise speed (median
   SOG of its moving rows), leaves a stay of >= ``dark_call_min_dwell_h`` (8 h).

Of the ports that pass, the one the ship closed on fastest is the inferred call. Confidence:
1 if only that holds; 2 if the ship also reappeared moving away from the port (distance up
over the hour after). The stay lies in [arrive_lo, depart_hi]. An imagery sighting of the ship
at that port inside the gap promotes the call to ``observed``; an AIS or sighting visit there
is already counted. A ship passing a port keeps moving through its gap (no time left for a
stay); a ship anchored outside is not under way when it goes dark: neither gets a call.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from warledger.maritime.areas import PortArea, haversine_km
from warledger.maritime.params import Params

KN_KMH = 1.852
US_PER_H = 3_600_000_000
DARK_COLUMNS = ["vessel", "vessel_key", "area_id", "off_ts", "on_ts", "arrive_lo",
                "depart_hi", "dwell_h_max", "cruise_kn", "closing_kn", "confidence", "level"]


def _area_km(areas: list[PortArea], lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(n, areas) distance to each area's nearest anchorage point (polygons: centroid)."""
    out = np.empty((lat.size, len(areas)))
    for j, area in enumerate(areas):
        pts = area.points if len(area.points) else np.array([[area.lat0, area.lon0]])
        d = haversine_km(lat[:, None], lon[:, None], pts[None, :, 0], pts[None, :, 1])
        out[:, j] = d.min(axis=1)
    return out


def _at(ts: np.ndarray, vessel: np.ndarray, key: int, when: np.ndarray) -> np.ndarray:
    """Row index of the last row of ``key`` at or before each time in ``when``."""
    lo, hi = np.searchsorted(vessel, key, "left"), np.searchsorted(vessel, key, "right")
    idx = np.searchsorted(ts[lo:hi], when, "right") - 1
    return lo + np.clip(idx, 0, hi - lo - 1)


def _cruise_kn(rows: pl.DataFrame, params: Params) -> dict[int, float]:
    moving = rows.filter(pl.col("sog") >= params.dark_underway_kn)
    speeds = moving.group_by("vessel").agg(pl.col("sog").cast(pl.Float64).median())
    return {int(v): min(float(s), params.max_speed_kn) for v, s in speeds.iter_rows()}


def infer_dark_calls(gaps: pl.DataFrame, rows: pl.DataFrame, areas: list[PortArea],
                     params: Params) -> pl.DataFrame:
    """Possible dark calls from the gap table and the cleaned rows (vessel, ts, lat, lon,
    sog) of the vessels with gaps, sorted by (vessel, ts)."""
    empty = pl.DataFrame(schema=_schema())
    if gaps.is_empty() or rows.is_empty() or not areas:
        return empty
    cand = gaps.filter(pl.col("off_area").is_null() & pl.col("on_area").is_null())
    if cand.is_empty():
        return empty
    rows = rows.sort("vessel", "ts")
    vessel, ts = rows["vessel"].to_numpy(), rows["ts"].dt.epoch("us").to_numpy()
    lat, lon = rows["lat"].to_numpy(), rows["lon"].to_numpy()
    sog = rows["sog"].cast(pl.Float64).fill_null(0.0).to_numpy()
    cruise = _cruise_kn(rows, params)
    out = []
    for g in cand.iter_rows(named=True):
        key = int(g["vessel"])
        v = cruise.get(key)
        if v is None or v <= 0:
            continue
        call = _call(g, key, v, (vessel, ts, lat, lon, sog), areas, params)
        if call is not None:
            out.append(call)
    if not out:
        return empty
    from warledger.maritime.detect.visits import vessel_key_expr

    frame = pl.DataFrame(out).with_columns(
        arrive_lo=pl.from_epoch(pl.col("arrive_lo").cast(pl.Int64), "us").dt.replace_time_zone(
            "UTC"),
        depart_hi=pl.from_epoch(pl.col("depart_hi").cast(pl.Int64), "us").dt.replace_time_zone(
            "UTC"),
        vessel_key=vessel_key_expr(), confidence=pl.col("confidence").cast(pl.Int8))
    return frame.select(DARK_COLUMNS).cast(_schema()).sort("vessel", "off_ts")


def _call(g: dict, key: int, v: float, cols: tuple[np.ndarray, ...], areas: list[PortArea],
          params: Params) -> dict | None:
    """The inferred call for one gap of vessel ``key`` at cruise speed ``v`` kn, or None."""
    vessel, ts, lat, lon, sog = cols
    hour = US_PER_H
    off, on = g["off_ts"].timestamp() * 1e6, g["on_ts"].timestamp() * 1e6
    i_off, i_pre, i_on, i_post = (int(_at(ts, vessel, key, np.array([t]))[0])
                                  for t in (off, off - hour, on, on + hour))
    if i_pre >= i_off or float(np.median(sog[i_pre:i_off + 1])) < params.dark_underway_kn:
        return None
    idx = np.array([i_pre, i_off, i_on, i_post])
    dist = _area_km(areas, lat[idx], lon[idx])
    closing = (dist[0] - dist[1]) / KN_KMH / max((ts[i_off] - ts[i_pre]) / hour, 1e-9)
    entry = np.array([a.entry_km for a in areas])
    legs_h = params.dark_route_factor * np.maximum(dist[1:3] - entry, 0) / (v * KN_KMH)
    dwell = (on - off) / hour - legs_h.sum(axis=0)
    ok = (closing >= params.dark_closing_ratio * v) & (dwell >= params.dark_call_min_dwell_h)
    if not ok.any():
        return None
    j = int(np.argmax(np.where(ok, closing, -np.inf)))
    receding = i_post > i_on and dist[3, j] > dist[2, j]
    return {"vessel": key, "area_id": areas[j].area_id, "off_ts": g["off_ts"],
            "on_ts": g["on_ts"], "arrive_lo": off + legs_h[0, j] * hour,
            "depart_hi": on - legs_h[1, j] * hour, "dwell_h_max": float(dwell[j]),
            "cruise_kn": v, "closing_kn": float(closing[j]),
            "confidence": 2 if receding else 1, "level": "inferred"}


def _schema() -> dict[str, pl.DataType]:
    t = pl.Datetime("us", "UTC")
    return {"vessel": pl.Int64(), "vessel_key": pl.String(), "area_id": pl.String(),
            "off_ts": t, "on_ts": t, "arrive_lo": t, "depart_hi": t,
            "dwell_h_max": pl.Float64(), "cruise_kn": pl.Float64(),
            "closing_kn": pl.Float64(), "confidence": pl.Int8(), "level": pl.String()}


def promote(dark: pl.DataFrame, visits: pl.DataFrame) -> pl.DataFrame:
    """``observed`` where a visit of the same vessel at the same area (AIS or sighting)
    falls inside the gap; those calls are already counted as visits."""
    if dark.is_empty() or visits.is_empty():
        return dark
    seen = dark.join(visits.select("vessel_key", "area_id", v_start="start", v_end="end"),
                     on=["vessel_key", "area_id"], how="inner").filter(
        (pl.col("v_end") >= pl.col("off_ts")) & (pl.col("v_start") <= pl.col("on_ts"))
    ).select("vessel_key", "off_ts").unique()
    hit = dark.join(seen.with_columns(_hit=pl.lit(True)), on=["vessel_key", "off_ts"],
                    how="left")
    return hit.with_columns(level=pl.when(pl.col("_hit")).then(pl.lit("observed"))
                            .otherwise(pl.col("level"))).drop("_hit")


def as_visits(dark: pl.DataFrame, template: pl.DataFrame) -> pl.DataFrame:
    """Inferred calls shaped like visit rows (evidence ``inferred-dark``), for upper counts."""
    inferred = dark.filter(pl.col("level") == "inferred")
    rows = inferred.select(
        "vessel", "vessel_key", "area_id", start="arrive_lo", end="depart_hi",
        start_lo="off_ts", end_hi="on_ts").with_columns(
        visit_id=pl.concat_str([pl.col("vessel_key"), pl.col("area_id"),
                                pl.col("start").dt.strftime("%Y%m%dT%H%M%S"),
                                pl.lit("dark")], separator="/"),
        confidence=pl.lit(None, pl.Int8), evidence=pl.lit("inferred-dark"),
        n_positions=pl.lit(0, pl.Int64), n_sightings=pl.lit(0, pl.Int64),
        has_entry=pl.lit(False), has_exit=pl.lit(False), has_stop=pl.lit(False),
        has_gap=pl.lit(True), corroborated=pl.lit(False))
    return rows.select(template.columns).cast(dict(template.schema))
