"""Maritime benchmark: rows/s and peak memory per stage, side by side with MovingPandas.

    python bench/maritime.py --rows 10000000            # the issue's size
    python bench/maritime.py --rows 2000000 --mp-rows 200000   # a quick run
    python bench/maritime.py --ooc-rows 100000000       # out-of-core run (writes ~3 GB)
    python bench/maritime.py --rows 0 --nmea-messages 1000000   # only the NMEA ingest rows

Input is the synthetic DPRK-Russia scenario, written pre-sorted by (mmsi, ts). MovingPandas
runs ObservationGapSplitter + TrajectoryStopDetector + a spatial join of the stops to the
port areas on the first --mp-rows rows of the same file, in the same process.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from warledger.maritime.areas import load_areas
from warledger.maritime.params import Params
from warledger.maritime.pipeline import detect
from warledger.maritime.simulate import Scenario, simulate

SPAN_MIN = 30.4 * 20 * 24 * 60


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def peak_rss() -> Any:
    """Sample RSS every 10 ms while the block runs; yields a dict filled with the peak."""
    out = {"peak_mb": rss_mb()}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            out["peak_mb"] = max(out["peak_mb"], rss_mb())
            time.sleep(0.01)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield out
    finally:
        stop.set()
        thread.join()
        out["peak_mb"] = max(out["peak_mb"], rss_mb())


def timed(label: str, rows: int, fn: Callable[[], Any], table: list[tuple]) -> Any:
    with peak_rss() as mem:
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
    table.append((label, rows, dt, rows / dt if dt else float("inf"), mem["peak_mb"]))
    return result


def make_data(rows: int, out: Path) -> Path:
    vessels = max(rows // 100_000, 4)
    interval = vessels * SPAN_MIN / rows
    truth = simulate(out, Scenario(background_vessels=vessels, background_interval_min=interval))
    print(f"scenario: {truth['rows']:,} rows, {vessels} background vessels every "
          f"{interval:.1f} min, {truth['rajin_calls']} Rajin calls")
    return out / "positions.parquet"


def ours(path: Path, table: list[tuple], batch_rows: int) -> Any:
    areas = load_areas()
    n = pq.ParquetFile(path).metadata.num_rows
    det = timed("warledger end to end (read+clean+visits+gaps)", n,
                lambda: detect(path, areas, Params(), batch_rows=batch_rows), table)
    for stage, secs in det.timings.items():
        table.append((f"  stage: {stage}", n, secs, n / secs if secs else float("inf"), None))
    return det


def movingpandas(path: Path, rows: int, table: list[tuple]) -> float:
    """MovingPandas on the first ``rows`` rows: gap split, stop detection, join to areas."""
    import geopandas as gpd
    import movingpandas as mpd
    import shapely

    df = pl.read_parquet(path).head(rows).filter(
        pl.col("lat").abs() <= 90, pl.col("lon").abs() <= 180).unique(
        ["mmsi", "ts"], keep="first", maintain_order=True)
    pdf = df.select("mmsi", "ts", "lat", "lon").to_pandas()
    areas = load_areas()
    polys = gpd.GeoDataFrame(
        {"area_id": [a.area_id for a in areas]},
        geometry=[shapely.MultiPoint(a.points[:, ::-1]).buffer(a.entry_km / 111.0)
                  for a in areas], crs="EPSG:4326")

    def run() -> int:
        tc = mpd.TrajectoryCollection(pdf, traj_id_col="mmsi", t="ts", x="lon", y="lat",
                                      crs="EPSG:4326")
        split = mpd.ObservationGapSplitter(tc).split(gap=timedelta(hours=4))
        stops = mpd.TrajectoryStopDetector(split).get_stop_points(
            min_duration=timedelta(hours=2), max_diameter=1000)
        joined = gpd.sjoin(gpd.GeoDataFrame(stops, geometry="geometry", crs="EPSG:4326"),
                           polys, predicate="within")
        return len(joined)

    n = df.height
    before = len(table)
    found = timed("MovingPandas (gap split + stop detector + area join)", n, run, table)
    print(f"MovingPandas found {found} stop(s) in port areas")
    return table[before][3]


def out_of_core(rows: int, out: Path, batch_rows: int) -> None:
    """Write ``rows`` rows in vessel-complete chunks, then detect with bounded memory."""
    path = out / "big.parquet"
    chunk_vessels = 50
    per_vessel = 100_000
    writer = None
    written = 0
    seed = 0
    while written < rows:
        seed += 1
        part = out / f"chunk{seed}"
        interval = SPAN_MIN / per_vessel
        simulate(part, Scenario(seed=seed, background_vessels=chunk_vessels,
                                background_interval_min=interval, faults=False))
        tbl = pq.read_table(part / "positions.parquet")
        # each chunk gets its own MMSI range so the file stays sorted by (mmsi, ts)
        tbl = pl.from_arrow(tbl).with_columns(  # type: ignore[union-attr]
            mmsi=pl.col("mmsi") + seed * 1_000_000).sort("mmsi", "ts").to_arrow()
        writer = writer or pq.ParquetWriter(path, tbl.schema)
        writer.write_table(tbl, row_group_size=1_000_000)
        written += tbl.num_rows
        for f in part.iterdir():
            f.unlink()
        part.rmdir()
    assert writer is not None
    writer.close()
    print(f"out-of-core input: {written:,} rows, {path.stat().st_size / 1e9:.2f} GB")
    # a fresh process, so its peak RSS is the detection's alone, not the generator's
    cmd = [sys.executable, __file__, "--detect-only", str(path), "--batch-rows", str(batch_rows)]
    subprocess.run(cmd, check=True)


def detect_only(path: Path, batch_rows: int) -> None:
    table: list[tuple] = []
    ours(path, table, batch_rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(table)
    print(f"process peak RSS (ru_maxrss): {peak:,.0f} MB; target <= 4096 MB")


def report(table: list[tuple]) -> None:
    print(f"\n{'stage':58} {'rows':>12} {'seconds':>9} {'rows/s':>13} {'peak RSS MB':>12}")
    for label, rows, secs, rate, peak in table:
        peak_text = f"{peak:12.0f}" if peak is not None else " " * 12
        print(f"{label:58} {rows:12,d} {secs:9.2f} {rate:13,.0f} {peak_text}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--mp-rows", type=int, default=1_000_000, help="MovingPandas rows (0: skip)")
    ap.add_argument("--batch-rows", type=int, default=1_000_000)
    ap.add_argument("--ooc-rows", type=int, default=0, help="also run an out-of-core pass")
    ap.add_argument("--nmea-messages", type=int, default=500_000,
                    help="NMEA ingest against pyais and aiscat (0: skip)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--detect-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.detect_only:
        detect_only(args.detect_only, args.batch_rows)
        return
    print(f"cores available: {len(os.sched_getaffinity(0))}; polars threads: "
          f"{pl.thread_pool_size()}")
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    if args.nmea_messages:
        import maritime_nmea

        maritime_nmea.report(maritime_nmea.run(args.nmea_messages, args.workdir))
    if not args.rows:
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        table: list[tuple] = []
        path = make_data(args.rows, Path(tmp) / "scenario")
        ours(path, table, args.batch_rows)
        ours_rate = table[0][3]
        if args.mp_rows:
            mp_rate = movingpandas(path, args.mp_rows, table)
            report(table)
            print(f"\nwarledger end-to-end rows/s over MovingPandas rows/s: "
                  f"{ours_rate / mp_rate:,.0f}x (target >= 100x)")
        else:
            report(table)
        if args.ooc_rows:
            out_of_core(args.ooc_rows, Path(tmp), args.batch_rows)


if __name__ == "__main__":
    main()
