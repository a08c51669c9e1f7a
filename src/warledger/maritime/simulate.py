"""A deterministic DPRK-Russia shuttle scenario with ground truth, for tests and benchmarks.

Four ships shuttle Rajin <-> Vostochny/Dunai for 20 months with exactly ``calls_per_ship``
Rajin calls each, dark at sea, transmitting in port for some calls only; imagery sees every
ship in port at each revisit; background vessels supply the bulk of the rows; faults are
injected (duplicates, out-of-order rows, position jumps, a shared MMSI, default MMSIs,
sentinels). ``truth.json`` beside the data records what really happened.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from warledger.maritime.areas import PortArea, load_areas
from warledger.maritime.schema import POSITION_SCHEMA

SHIPS = [("ANGARA", 273_000_001), ("MARIA", 273_000_002), ("MAIA-1", 273_000_003),
         ("LADY R", 273_000_004)]
RAJIN, RUSSIA, BACKGROUND_PORTS = "KPRJN", ("RUVYP", "RUDUN"), ("RUVYP", "RUNJK")
VLADIVOSTOK = (43.08, 131.90)  # open water off Vladivostok: the impostor's base
KN_KMH = 1.852


@dataclass(frozen=True)
class Scenario:
    seed: int = 7
    start: datetime = datetime(2023, 9, 1, tzinfo=UTC)
    months: int = 20
    calls_per_ship: int = 16
    revisit_days: float = 1.0
    detect_prob: float = 1.0
    ais_in_port_rajin: float = 0.25
    ais_in_port_russia: float = 0.5
    in_port_interval_min: float = 10.0
    background_vessels: int = 20
    background_interval_min: float = 120.0
    faults: bool = True


def _pt(area: PortArea, rng: np.random.Generator, km: float = 1.0) -> tuple[float, float]:
    """A berth within ``km`` of the area's reference point."""
    lat, lon = float(area.points[0, 0]), float(area.points[0, 1])
    dy, dx = rng.uniform(-km, km, 2)
    return offset_km(lat, lon, float(dy), float(dx))


def offset_km(lat: float, lon: float, north_km: float, east_km: float) -> tuple[float, float]:
    """A point ``north_km``/``east_km`` away (flat-earth: the scenario's distances are short)."""
    return lat + north_km / 111.2, lon + east_km / (111.2 * np.cos(np.radians(lat)))


def flat_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from a to b on the same flat-earth approximation."""
    return float(np.hypot((b[0] - a[0]) * 111.2, (b[1] - a[1]) * 111.2 * np.cos(
        np.radians(a[0]))))


def _calls(sc: Scenario, areas: dict[str, PortArea], rng: np.random.Generator) -> list[dict]:
    end = sc.start + timedelta(days=30.4 * sc.months)
    span_days = (end - sc.start).total_seconds() / 86400
    cycle = span_days / sc.calls_per_ship
    calls: list[dict[str, Any]] = []
    for name, mmsi in SHIPS:
        t = sc.start + timedelta(days=float(rng.uniform(0, 0.1 * cycle)))
        for _ in range(sc.calls_per_ship):
            for port in (RAJIN, str(rng.choice(RUSSIA))):
                # the Russian stay takes up most of the cycle, so the calls spread over the
                # whole period; at most 0.8 cycle + a Rajin stay + two transits never overrun
                stay = rng.uniform(1.3, 2.8) if port == RAJIN else rng.uniform(
                    0.72 * cycle, 0.8 * cycle)
                p_ais = sc.ais_in_port_rajin if port == RAJIN else sc.ais_in_port_russia
                lat, lon = _pt(areas[port], rng)
                calls.append({"ship": name, "mmsi": mmsi, "area_id": port, "arrive": t,
                              "depart": t + timedelta(days=float(stay)), "lat": lat, "lon": lon,
                              "ais": bool(rng.random() < p_ais)})
                t = calls[-1]["depart"] + timedelta(hours=float(rng.uniform(14, 30)))
        if calls[-1]["depart"] > end:
            raise ValueError("scenario schedule overruns its period; lower calls_per_ship")
    return calls


def _in_port_rows(call: dict[str, Any], interval_min: float, rng: np.random.Generator) -> dict:
    step = np.timedelta64(int(interval_min * 60e6), "us")
    t0 = np.datetime64(call["arrive"].replace(tzinfo=None), "us")
    t1 = np.datetime64(call["depart"].replace(tzinfo=None), "us")
    ts = np.arange(t0, t1, step)
    n = ts.size
    return {"mmsi": np.full(n, call["mmsi"]), "ts": ts,
            "lat": call["lat"] + rng.normal(0, 0.0002, n),
            "lon": call["lon"] + rng.normal(0, 0.0002, n),
            "sog": rng.uniform(0, 0.15, n), "cog": rng.uniform(0, 359, n),
            "heading": rng.integers(0, 359, n), "nav_status": np.full(n, 5),
            "msg_type": np.full(n, 1)}


def _shuttle(mmsi: int, a: tuple[float, float], b: tuple[float, float], t0: np.datetime64,
             t1: np.datetime64, interval_min: float, speed_kn: float, dwell_h: float,
             rng: np.random.Generator) -> dict:
    """Back and forth between a and b, dwelling at each end: vectorised over time."""
    ts = np.arange(t0, t1, np.timedelta64(int(interval_min * 60e6), "us"))
    hours = (ts - t0) / np.timedelta64(3600, "s")
    dist_km = flat_km(a, b)
    leg_h = dist_km / (speed_kn * KN_KMH)
    period = 2 * (leg_h + dwell_h)
    ph = (hours + rng.uniform(0, period)) % period
    # fraction of the way from a to b at each phase: dwell at a, go, dwell at b, return
    frac = np.select([ph < dwell_h, ph < dwell_h + leg_h, ph < 2 * dwell_h + leg_h],
                     [0.0, (ph - dwell_h) / leg_h, 1.0], 1.0 - (ph - 2 * dwell_h - leg_h) / leg_h)
    moving = ((ph >= dwell_h) & (ph < dwell_h + leg_h)) | (ph >= 2 * dwell_h + leg_h)
    n = ts.size
    return {"mmsi": np.full(n, mmsi), "ts": ts,
            "lat": a[0] + frac * (b[0] - a[0]) + rng.normal(0, 0.0003, n),
            "lon": a[1] + frac * (b[1] - a[1]) + rng.normal(0, 0.0003, n),
            "sog": np.where(moving, speed_kn + rng.normal(0, 0.3, n), rng.uniform(0, 0.1, n)),
            "cog": rng.uniform(0, 359, n), "heading": rng.integers(0, 359, n),
            "nav_status": np.where(moving, 0, 5), "msg_type": np.full(n, 1)}


def _background(sc: Scenario, areas: dict[str, PortArea], rng: np.random.Generator) -> list:
    t0 = np.datetime64(sc.start.replace(tzinfo=None), "us")
    t1 = t0 + np.timedelta64(int(30.4 * sc.months * 86400), "s")
    parts = []
    for i in range(sc.background_vessels):
        a = (float(rng.uniform(36, 42)), float(rng.uniform(129.5, 138)))
        port = areas[str(rng.choice(BACKGROUND_PORTS))]
        b = _pt(port, rng) if rng.random() < 0.5 else (float(rng.uniform(36, 42)),
                                                         float(rng.uniform(129.5, 138)))
        parts.append(_shuttle(412_000_000 + i, a, b, t0, t1, sc.background_interval_min,
                              float(rng.uniform(9, 16)), float(rng.uniform(6, 30)), rng))
    return parts


def _impostor(calls: list[dict], areas: dict[str, PortArea], rng: np.random.Generator) -> dict:
    """A second ship using the MMSI of a ship that sits in Vostochny with AIS on."""
    host = next(c for c in calls if c["area_id"] == "RUVYP" and c["ais"]) if any(
        c["area_id"] == "RUVYP" and c["ais"] for c in calls) else calls[1]
    # it appears while the real ship is already being tracked in port: identity is then
    # decidable from positions alone (after a joint dark period it is not)
    t0 = np.datetime64(host["arrive"].replace(tzinfo=None), "us")
    t0 += np.timedelta64(12 * 3600 + 317, "s")
    nakhodka = _pt(areas["RUNJK"], rng, 0.5)
    rows = _shuttle(host["mmsi"], VLADIVOSTOK, nakhodka, t0, t0 + np.timedelta64(4, "D"),
                    10.0, 12.0, 6.0, rng)
    return rows | {"impostor_of": host["ship"]}


def _faults(df: pl.DataFrame, rng: np.random.Generator, stats: dict[str, int]) -> pl.DataFrame:
    n = df.height
    k = max(n // 1000, 5)
    dup = df.sample(k, seed=int(rng.integers(1 << 31)))
    near = df.sample(k, seed=int(rng.integers(1 << 31))).with_columns(lat=pl.col("lat") + 1e-5)
    idx = rng.choice(n, size=(6, k), replace=True)
    lat, lon = df["lat"].to_numpy().copy(), df["lon"].to_numpy().copy()
    sog, hdg = df["sog"].to_numpy().copy(), df["heading"].to_numpy().copy()
    mmsi = df["mmsi"].to_numpy().copy()
    lat[idx[0]], lon[idx[1]], sog[idx[2]], hdg[idx[3]] = 91.0, 181.0, 102.3, 511
    mmsi[idx[4]] = np.where(rng.random(k) < 0.5, 123_456_789, 0)
    jumps = idx[5][df["mmsi"].to_numpy()[idx[5]] < 273_000_010]  # jumps in the key ships
    angle = rng.uniform(0, 2 * np.pi, jumps.size)
    lat[jumps] += rng.uniform(1, 3, jumps.size) * np.sin(angle)
    lon[jumps] += rng.uniform(1, 3, jumps.size) * np.cos(angle)
    out = df.with_columns(lat=lat, lon=lon, sog=sog, heading=hdg, mmsi=mmsi)
    out = pl.concat([out, dup, near]).sort("mmsi", "ts")
    order = np.arange(out.height)
    swap = rng.choice(out.height - 1, size=k, replace=False)
    keys = out["mmsi"].to_numpy()
    swap = swap[keys[swap] == keys[swap + 1]]  # keep each MMSI's rows together
    order[swap], order[swap + 1] = order[swap + 1], order[swap]
    stats.update(exact_duplicates=k, same_second_duplicates=k, sentinel_rows=4 * k,
                 default_mmsi_rows=k, position_jumps=int(jumps.size),
                 out_of_order_swaps=int(swap.size))
    return out[order]


def _sightings(sc: Scenario, calls: list[dict], rng: np.random.Generator) -> list[dict]:
    """Every ship in port at each image time (02:00 UTC + k * revisit) is seen, with prob p."""
    rows = []
    first = sc.start.replace(hour=2, minute=0, second=0, microsecond=0)
    for call in calls:
        k = max(int(np.ceil((call["arrive"] - first).total_seconds()
                            / (sc.revisit_days * 86400))), 0)
        while (t := first + timedelta(days=k * sc.revisit_days)) <= call["depart"]:
            if rng.random() < sc.detect_prob:
                rows.append({"vessel": call["mmsi"], "area": call["area_id"],
                             "time": t.isoformat(), "source": SYNTHETIC_SOURCE,
                             "confidence": "high"})
            k += 1
    return sorted(rows, key=lambda r: (r["time"], r["vessel"]))


def _truth(sc: Scenario, calls: list[dict], stats: dict[str, int], rows: int) -> dict:
    legs = []
    for prev, nxt in zip(calls, calls[1:], strict=False):
        if prev["mmsi"] == nxt["mmsi"]:
            legs.append({"mmsi": prev["mmsi"], "from": prev["area_id"], "to": nxt["area_id"],
                         "depart": prev["depart"].isoformat(), "arrive": nxt["arrive"].isoformat()})
    return {
        "scenario": {k: (v.isoformat() if isinstance(v, datetime) else v)
                     for k, v in asdict(sc).items()},
        "ships": [{"name": n, "mmsi": m} for n, m in SHIPS],
        "rajin_calls": sum(c["area_id"] == RAJIN for c in calls),
        "calls": [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in c.items()}
                  for c in calls],
        "legs": legs,
        "faults": stats,
        "rows": rows,
    }


SYNTHETIC_KEY = b"warledger.synthetic"
SYNTHETIC_NOTE = b"simulated by warledger ais simulate: not observed data"
SYNTHETIC_SOURCE = "synthetic-imagery"


def simulate(out_dir: Path, sc: Scenario | None = None,
             areas_path: Path | None = None) -> dict[str, Any]:
    """Write positions.parquet, sightings.csv and truth.json; return the truth."""
    sc = sc or Scenario()
    rng = np.random.default_rng(sc.seed)
    areas = {a.area_id: a for a in load_areas(areas_path)}
    calls = _calls(sc, areas, rng)
    parts = [_in_port_rows(c, sc.in_port_interval_min, rng) for c in calls if c["ais"]]
    parts += _background(sc, areas, rng)
    stats: dict[str, int] = {}
    if sc.faults:
        imp = _impostor(calls, areas, rng)
        stats["impostor_rows"] = int(imp["ts"].size)
        stats["impostor_of_mmsi"] = int(imp["mmsi"][0])
        parts.append({k: v for k, v in imp.items() if k != "impostor_of"})
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    df = pl.DataFrame(cols).with_columns(
        ts=pl.col("ts").dt.replace_time_zone("UTC"), source=pl.lit("sim"))
    df = df.sort("mmsi", "ts")
    if sc.faults:
        df = _faults(df, rng, stats)
    table = df.select(POSITION_SCHEMA.names).to_arrow().cast(POSITION_SCHEMA)
    table = table.replace_schema_metadata({SYNTHETIC_KEY: SYNTHETIC_NOTE})
    out_dir.mkdir(parents=True, exist_ok=True)
    import pyarrow.parquet as pq

    pq.write_table(table, out_dir / "positions.parquet", row_group_size=1_000_000)
    with (out_dir / "sightings.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["vessel", "area", "time", "source", "confidence"])
        writer.writeheader()
        writer.writerows(_sightings(sc, calls, rng))
    truth = _truth(sc, calls, stats, table.num_rows)
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    return truth
