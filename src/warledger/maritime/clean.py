"""Cleaning: sentinels to null, MMSI classes, bad timestamps, duplicates, segmentation.

Segmentation separates ships sharing one MMSI: a point joins the open segment it can reach
at <= ``max_speed_kn`` (plus a noise allowance); otherwise it opens a new one. The vectorised
test finds the few MMSIs with any impossible jump; only their rows go through the
sequential kernel, which is O(rows x open segments).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import polars as pl

from warledger.maritime.areas import EARTH_KM, haversine_km
from warledger.maritime.params import Params
from warledger.maritime.schema import Rejects

SHIP, BASE, ATON, SAR, DEVICE, DEFAULT = "ship", "base_station", "aton", "sar", "device", "default"
NM_KM = 1.852
SEG_SLOTS = 100  # vessel id = mmsi * SEG_SLOTS + segment rank


def mmsi_class_expr(col: str = "mmsi") -> pl.Expr:
    """ITU-R M.585 MMSI patterns; crew-entered defaults (0, 123456789, 111111111...)."""
    m = pl.col(col)
    repeated = pl.any_horizontal([m == int(str(d) * 9) for d in range(1, 10)])
    return (
        pl.when((m <= 0) | (m == 123456789) | repeated).then(pl.lit(DEFAULT))
        .when(m.is_between(201_000_000, 775_999_999)).then(pl.lit(SHIP))
        .when(m.is_between(2_010_000, 7_759_999)).then(pl.lit(BASE))
        .when(m.is_between(992_010_000, 997_759_999)).then(pl.lit(ATON))
        .when(m.is_between(111_201_000, 111_775_999)).then(pl.lit(SAR))
        .when(m.is_between(970_000_000, 974_999_999)).then(pl.lit(DEVICE))
        .otherwise(pl.lit(DEFAULT))
    )


def null_sentinels(df: pl.DataFrame) -> pl.DataFrame:
    """'Not available' codes and out-of-range values become null (GFW/Spire/NOAA rules)."""
    sog, cog, hdg = pl.col("sog"), pl.col("cog"), pl.col("heading")
    # read at 0.001 kn: a float32 102.2 is 102.1999969 and would slip under the limit
    kn = sog.cast(pl.Float64).round(3)
    return df.with_columns(
        lat=pl.when(pl.col("lat").abs() <= 90).then(pl.col("lat")),
        lon=pl.when(pl.col("lon").abs() <= 180).then(pl.col("lon")),
        sog=pl.when((kn >= 0) & (kn < 102.2) & ~((pl.col("msg_type") == 27) & (kn == 63)))
        .then(sog),
        cog=pl.when((cog >= 0) & (cog < 360)).then(cog),
        heading=pl.when((hdg >= 0) & (hdg < 360)).then(hdg),
    )


def _count(rejects: Rejects, reason: str, before: int, after: int) -> None:
    if before > after:
        rejects.reject(reason, "cleaning", before - after)


def clean(df: pl.DataFrame, params: Params, rejects: Rejects) -> pl.DataFrame:
    """Cleaned ship positions sorted by (vessel, ts), with a ``vessel`` segment id."""
    max_ts = params.max_ts or datetime.now(UTC)
    df = null_sentinels(df).with_columns(mmsi_class=mmsi_class_expr())
    n = df.height
    df = df.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    _count(rejects, "no-position", n, n := df.height)
    df = df.filter(~((pl.col("lat") == 0) & (pl.col("lon") == 0)))
    _count(rejects, "null-island", n, n := df.height)
    df = df.filter(pl.col("ts").is_between(params.min_ts, max_ts))
    _count(rejects, "impossible-timestamp", n, n := df.height)
    for kind in (DEFAULT, BASE, ATON, SAR, DEVICE):
        k = df.filter(pl.col("mmsi_class") == kind).height
        if k:
            rejects.skip(f"mmsi class {kind}", k)
    df = df.filter(pl.col("mmsi_class") == SHIP)
    n = df.height
    if not df.select(pl.struct("mmsi", "ts").is_sorted()).item():
        df = df.sort(["mmsi", "ts"], maintain_order=True)
    # after the (mmsi, ts) sort, repeats of a report are adjacent: no hash table needed
    same = pl.all_horizontal([pl.col(c) == pl.col(c).shift(1) for c in ("mmsi", "ts", "lat",
                                                                         "lon")])
    df = df.filter(~same.fill_null(False))
    _count(rejects, "duplicate-exact", n, n := df.height)
    df = drop_same_second(df.with_columns(ts=pl.col("ts").dt.truncate("1s")), params)
    _count(rejects, "duplicate-same-second", n, n := df.height)
    return segment(df, params, rejects)


def drop_same_second(df: pl.DataFrame, params: Params) -> pl.DataFrame:
    """Drop a row in the same second as the previous one of its MMSI, unless it is far away.

    Receivers repeat a report with near-identical positions; two ships sharing an MMSI
    report far apart, and both rows must reach segmentation.
    """
    if df.height < 2:
        return df
    same = ((pl.col("mmsi") == pl.col("mmsi").shift(1))
            & (pl.col("ts") == pl.col("ts").shift(1))).fill_null(False)
    at = np.flatnonzero(df.select(same).to_series().to_numpy())
    if at.size == 0:
        return df
    lat, lon = df["lat"].to_numpy(), df["lon"].to_numpy()
    near = haversine_km(lat[at - 1], lon[at - 1], lat[at], lon[at]) <= params.noise_nm * NM_KM
    keep = np.ones(df.height, dtype=bool)
    keep[at[near]] = False
    return df.filter(pl.Series(keep))


def segment(df: pl.DataFrame, params: Params, rejects: Rejects) -> pl.DataFrame:
    """Add ``vessel``; drop short segments that overlap a longer one (position jumps)."""
    if df.height == 0:
        return df.with_columns(vessel=pl.col("mmsi") * SEG_SLOTS)
    lat, lon = df["lat"].to_numpy(), df["lon"].to_numpy()
    ts = df["ts"].dt.epoch("s").to_numpy()
    mmsi = df["mmsi"].to_numpy()
    d_nm = np.zeros(df.height)
    d_nm[1:] = haversine_km(lat[:-1], lon[:-1], lat[1:], lon[1:]) / NM_KM
    dt_h = np.zeros(df.height)
    dt_h[1:] = (ts[1:] - ts[:-1]) / 3600.0
    same = np.zeros(df.height, dtype=bool)
    same[1:] = mmsi[1:] == mmsi[:-1]
    # an impossible jump: farther than max speed allows, beyond the noise allowance
    jump = same & (d_nm > params.max_speed_kn * dt_h + params.noise_nm)
    seg = np.zeros(df.height, dtype=np.int64)
    for m in np.unique(mmsi[jump]):
        lo, hi = np.searchsorted(mmsi, m, "left"), np.searchsorted(mmsi, m, "right")
        seg[lo:hi] = segment_kernel(lat[lo:hi], lon[lo:hi], ts[lo:hi], params)
    df = df.with_columns(vessel=pl.col("mmsi") * SEG_SLOTS)
    split = np.unique(mmsi[seg > 0])
    if split.size == 0:
        return df
    # only MMSIs that really split go through ranking; the rest keep their order
    hit = pl.col("mmsi").is_in(pl.Series(split))
    ranked = rank_segments(df.filter(hit).drop("vessel").with_columns(
        seg=pl.Series(seg[np.isin(mmsi, split)])), params, rejects)
    return df.filter(~hit).merge_sorted(ranked.select(df.columns), key="vessel")


def _haversine_scalar_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same formula as areas.haversine_km on Python floats (numpy scalars are slow)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(math.sqrt(min(a, 1.0)))


def segment_kernel(lat: np.ndarray, lon: np.ndarray, ts: np.ndarray, params: Params) -> np.ndarray:
    """Multi-hypothesis assignment for one MMSI (rows sorted by time).

    Rows reachable from the row before them continue its segment (vectorised); only at a
    break does a Python step choose among the open segments: of those that can reach the
    point, the one with the most points wins (an established identity beats a burst of
    jumps), then the lowest implied speed. The loop runs once per break, not per row.
    """
    n = lat.size
    d_nm = np.zeros(n)
    d_nm[1:] = haversine_km(lat[:-1], lon[:-1], lat[1:], lon[1:]) / NM_KM
    dt_h = np.zeros(n)
    dt_h[1:] = (ts[1:] - ts[:-1]) / 3600.0
    breaks = np.flatnonzero(d_nm > params.max_speed_kn * dt_h + params.noise_nm)
    starts = np.concatenate([[0], breaks]).astype(np.int64)
    ends = np.concatenate([breaks, [n]]).astype(np.int64)
    out = np.empty(n, dtype=np.int64)
    open_segs: list[list[float]] = []  # [last_lat, last_lon, last_ts, seg_id, n_points]
    next_id = 0
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        plat, plon, pts = float(lat[a]), float(lon[a]), float(ts[a])
        best, best_score = -1, (-1.0, 0.0)
        for k, (slat, slon, sts, _, count) in enumerate(open_segs):
            dist_nm = _haversine_scalar_km(slat, slon, plat, plon) / NM_KM
            gap_h = (pts - sts) / 3600.0
            if dist_nm <= params.max_speed_kn * gap_h + params.noise_nm:
                score = (count, -dist_nm / max(gap_h, 1 / 3600))
                if score > best_score:
                    best, best_score = k, score
        if best < 0:
            if len(open_segs) >= params.max_open_segments:
                open_segs.pop(int(np.argmin([s[2] for s in open_segs])))
            open_segs.append([plat, plon, pts, next_id, 0])
            best, next_id = len(open_segs) - 1, next_id + 1
        seg = open_segs[best]
        seg[0], seg[1], seg[2] = float(lat[b - 1]), float(lon[b - 1]), float(ts[b - 1])
        seg[4] += b - a
        out[a:b] = int(seg[3])
    return out


def rank_segments(df: pl.DataFrame, params: Params, rejects: Rejects) -> pl.DataFrame:
    """Rank segments by size (0 = the MMSI's main track) and drop short overlapping ones."""
    spans = df.group_by(["mmsi", "seg"]).agg(
        n=pl.len(), t0=pl.col("ts").min(), t1=pl.col("ts").max())
    spans = spans.sort(["mmsi", "n", "t0"], descending=[False, True, False]).with_columns(
        rank=pl.int_range(pl.len()).over("mmsi"))
    longer = spans.join(spans, on="mmsi", suffix="_o").filter(
        (pl.col("n_o") > pl.col("n")) & (pl.col("t0_o") <= pl.col("t1"))
        & (pl.col("t1_o") >= pl.col("t0")))
    short = longer.filter(pl.col("n") < params.min_segment_points).select("mmsi", "seg").unique()
    out = df.join(spans.select("mmsi", "seg", "rank"), on=["mmsi", "seg"], how="left",
                  maintain_order="left")
    n = out.height
    out = out.join(short, on=["mmsi", "seg"], how="anti", maintain_order="left")
    _count(rejects, "short-overlapping-segment", n, out.height)
    vessel = pl.col("mmsi") * SEG_SLOTS + pl.col("rank").clip(upper_bound=SEG_SLOTS - 1)
    out = out.with_columns(vessel=vessel).drop("seg", "rank")
    return out.sort(["vessel", "ts"], maintain_order=True)


def vessel_key(vessel: int) -> str:
    mmsi, rank = divmod(int(vessel), SEG_SLOTS)
    return str(mmsi) if rank == 0 else f"{mmsi}-{rank}"
