"""A scenario with AIS switched off near the port: dark calls, pass-by and anchored ships.

Shuttle ships sail Rajin <-> Vostochny with AIS on at sea. For a share of their Rajin calls
(``dark_share``) they switch AIS off ``dark_km`` (30-80 km) before Rajin and on again at the
same distance on the way out: a dark call. Pass-by ships steam past Rajin 20-35 km offshore
with AIS off for 6-20 h near it. Anchored ships wait 8-12 km outside Rajin with AIS gaps of
12-40 h while at anchor. ``truth.json`` lists every dark call. Positions are marked synthetic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from warledger.maritime.areas import load_areas
from warledger.maritime.schema import POSITION_SCHEMA
from warledger.maritime.simulate import (
    KN_KMH,
    SYNTHETIC_KEY,
    SYNTHETIC_NOTE,
    flat_km,
    offset_km,
)

H = 3600.0


@dataclass(frozen=True)
class DarkScenario:
    seed: int = 11
    start: datetime = datetime(2024, 1, 1, tzinfo=UTC)
    ships: int = 4
    rajin_calls: int = 6
    dark_share: float = 0.6
    passers: int = 2
    anchored: int = 2
    interval_min: float = 10.0


class _Track:
    """Piecewise-linear legs (t0, t1, from, to) in seconds, sampled every interval."""

    def __init__(self, t: float) -> None:
        self.t, self.legs, self.dark = t, [], []
        self.pos: tuple[float, float] = (0.0, 0.0)

    def stay(self, at: tuple[float, float], hours: float) -> None:
        self.legs.append((self.t, self.t + hours * H, at, at, False))
        self.t, self.pos = self.t + hours * H, at

    def sail(self, to: tuple[float, float], kn: float) -> None:
        hours = flat_km(self.pos, to) / (kn * KN_KMH)
        self.legs.append((self.t, self.t + hours * H, self.pos, to, True))
        self.t, self.pos = self.t + hours * H, to

    def sample(self, mmsi: int, step_s: float, kn: float,
               rng: np.random.Generator) -> dict[str, np.ndarray]:
        ts = np.arange(self.legs[0][0], self.t, step_s)
        cols: dict[str, list] = {"lat": [], "lon": [], "sog": []}
        starts = np.array([leg[0] for leg in self.legs])
        k = np.searchsorted(starts, ts, "right") - 1
        for i, t in zip(k, ts, strict=True):
            t0, t1, a, b, moving = self.legs[i]
            f = (t - t0) / max(t1 - t0, 1e-9)
            cols["lat"].append(a[0] + f * (b[0] - a[0]))
            cols["lon"].append(a[1] + f * (b[1] - a[1]))
            cols["sog"].append(kn + rng.normal(0, 0.3) if moving else rng.uniform(0, 0.1))
        keep = np.ones(ts.size, dtype=bool)
        for d0, d1 in self.dark:
            keep &= ~((ts >= d0) & (ts <= d1))
        n = int(keep.sum())
        return {"mmsi": np.full(n, mmsi), "ts": ts[keep],
                "lat": np.array(cols["lat"])[keep] + rng.normal(0, 0.0002, n),
                "lon": np.array(cols["lon"])[keep] + rng.normal(0, 0.0002, n),
                "sog": np.array(cols["sog"])[keep]}


def _shuttle(sc: DarkScenario, i: int, ports: dict[str, tuple[float, float]], t0: float,
             rng: np.random.Generator, truth: list[dict[str, Any]]) -> _Track:
    rajin, vost = ports["KPRJN"], ports["RUVYP"]
    kn = float(rng.uniform(10, 12))
    track = _Track(t0 + float(rng.uniform(0, 24)) * H)
    track.pos = vost
    track.stay(vost, float(rng.uniform(24, 60)))
    for _ in range(sc.rajin_calls):
        dark_km = float(rng.uniform(30, 80))
        frac = dark_km / flat_km(vost, rajin)
        turn = (rajin[0] + frac * (vost[0] - rajin[0]), rajin[1] + frac * (vost[1] - rajin[1]))
        track.sail(turn, kn)
        off = track.t
        track.sail(rajin, kn)
        arrive = track.t
        track.stay(rajin, float(rng.uniform(1.3, 2.8)) * 24)
        depart = track.t
        track.sail(turn, kn)
        if rng.random() < sc.dark_share:
            track.dark.append((off + 60, track.t - 60))
            truth.append({"mmsi": 273_100_000 + i, "area_id": "KPRJN", "arrive": arrive,
                          "depart": depart, "off_km": dark_km})
        track.sail(vost, kn)
        track.stay(vost, float(rng.uniform(48, 96)))
    return track


def _passer(t0: float, rajin: tuple[float, float], rng: np.random.Generator) -> _Track:
    east = float(rng.uniform(20, 35))
    south, north = offset_km(*rajin, -250, east), offset_km(*rajin, 250, east)
    kn = float(rng.uniform(10, 13))
    track = _Track(t0 + float(rng.uniform(0, 48)) * H)
    track.pos = south
    for leg in range(6):
        start = track.t
        track.sail(north if leg % 2 == 0 else south, kn)
        mid = (start + track.t) / 2  # closest approach to Rajin
        half = float(rng.uniform(3, 10)) * H
        track.dark.append((mid - half, mid + half))
        track.stay(track.pos, float(rng.uniform(12, 36)))
    return track


def _anchored(t0: float, rajin: tuple[float, float], rng: np.random.Generator) -> _Track:
    anchor = offset_km(*rajin, -float(rng.uniform(6, 9)), float(rng.uniform(5, 8)))
    away = offset_km(*rajin, -150, 60)
    kn = float(rng.uniform(9, 12))
    track = _Track(t0 + float(rng.uniform(0, 48)) * H)
    track.pos = away
    for _ in range(4):
        track.sail(anchor, kn)
        start = track.t
        track.stay(anchor, float(rng.uniform(72, 144)))
        gap0 = start + float(rng.uniform(2, 12)) * H
        track.dark.append((gap0, min(gap0 + float(rng.uniform(12, 40)) * H, track.t - H)))
        track.sail(away, kn)
        track.stay(away, 24)
    return track


def simulate_dark(out_dir: Path, sc: DarkScenario | None = None) -> dict[str, Any]:
    """Write positions.parquet and truth.json; return the truth."""
    sc = sc or DarkScenario()
    rng = np.random.default_rng(sc.seed)
    areas = {a.area_id: a for a in load_areas()}
    ports = {k: (float(areas[k].points[0, 0]), float(areas[k].points[0, 1]))
             for k in ("KPRJN", "RUVYP")}
    t0 = sc.start.timestamp()
    truth: list[dict[str, Any]] = []
    parts = []
    for i in range(sc.ships):
        parts.append(_shuttle(sc, i, ports, t0, rng, truth).sample(
            273_100_000 + i, sc.interval_min * 60, 11.0, rng))
    roles = {"passers": [], "anchored": []}
    for i in range(sc.passers):
        mmsi = 273_200_000 + i
        roles["passers"].append(mmsi)
        parts.append(_passer(t0, ports["KPRJN"], rng).sample(mmsi, sc.interval_min * 60,
                                                              11.5, rng))
    for i in range(sc.anchored):
        mmsi = 273_300_000 + i
        roles["anchored"].append(mmsi)
        parts.append(_anchored(t0, ports["KPRJN"], rng).sample(mmsi, sc.interval_min * 60,
                                                                10.5, rng))
    return _write(out_dir, sc, parts, truth, roles)


def _write(out_dir: Path, sc: DarkScenario, parts: list[dict], truth: list[dict],
           roles: dict[str, list[int]]) -> dict[str, Any]:
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    n = cols["mmsi"].size
    df = pl.DataFrame({
        "mmsi": cols["mmsi"].astype(np.int64),
        "ts": pl.Series((cols["ts"] * 1e6).astype(np.int64)).cast(pl.Datetime("us", "UTC")),
        "lat": cols["lat"], "lon": cols["lon"], "sog": cols["sog"].astype(np.float32),
        "cog": np.zeros(n, np.float32), "heading": np.full(n, 511, np.int16),
        "nav_status": np.zeros(n, np.int8), "msg_type": np.ones(n, np.int8),
        "source": ["sim-dark"] * n}).sort("mmsi", "ts")
    table = df.to_arrow().cast(POSITION_SCHEMA).replace_schema_metadata(
        {SYNTHETIC_KEY: SYNTHETIC_NOTE})
    out_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out_dir / "positions.parquet")

    def iso(t: float) -> str:
        return datetime.fromtimestamp(t, UTC).isoformat()

    doc = {"scenario": {k: (v.isoformat() if isinstance(v, datetime) else v)
                        for k, v in asdict(sc).items()},
           "dark_calls": [c | {"arrive": iso(c["arrive"]), "depart": iso(c["depart"])}
                          for c in truth],
           "passers": roles["passers"], "anchored": roles["anchored"], "rows": n}
    (out_dir / "truth.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return doc
