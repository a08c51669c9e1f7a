"""Import at scale: a generated N-row observations CSV through ``warledger import``.

    python bench/ledger_scale.py [--rows 1000000] [--keep DIR]

Generates a valid synthetic CSV (``sources.csv`` with 1,000 sources, ``observations.csv``
with N distinct rows over 40 series), then imports it with the real CLI in a child process
and reports wall time and peak memory (max RSS of the child). Side by side, the floor: the
same rows loaded with plain ``csv`` + ``sqlite3.executemany`` into a bare table (no
validation, no ids, no indexes beyond the key), in the same run on the same machine.
Target (issue 15): 1,000,000 rows in under 60 s at under 500 MB peak.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERIES = [(p, r, c, u) for p in ("PRK", "IRN", "CHN", "BLR", "USA", "DEU", "GBR", "FRA")
          for r, c, u in (("RUS", "artillery_shells", "round"), ("RUS", "troops", "person"),
                          ("UKR", "artillery_shells", "round"), ("UKR", "drones", "drone"),
                          ("RUS", "ballistic_missiles", "missile"))]
HEADER = ["provider", "recipient", "category", "quantity_low", "quantity_high", "qualifier",
          "unit", "basis", "as_of", "source_id", "note"]


def generate(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write sources.csv and observations.csv with ``rows`` distinct observations."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = folder / "sources.csv"
    with sources.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "publisher", "url", "published", "reliability", "credibility"])
        for i in range(1000):
            out.writerow([f"bench-src-{i}", f"Publisher {i % 37}",
                          f"https://example.org/report/{i}", f"{2022 + i % 4}-{1 + i % 12:02d}",
                          "ABCDEF"[i % 6], str(1 + i % 6)])
    observations = folder / "observations.csv"
    with observations.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            provider, recipient, category, unit = SERIES[i % len(SERIES)]
            low = 100 + (i * 7919) % 100_000
            high = low + (i % 3) * 50
            out.writerow([provider, recipient, category, low, high,
                          "exact" if low == high else "range", unit,
                          ("delivered", "pledged", "estimated")[i % 3],
                          f"{2022 + i % 4}-{1 + (i // 7) % 12:02d}-{1 + (i // 3) % 28:02d}",
                          f"bench-src-{i % 1000}", f"synthetic row {i}"])
    return sources, observations


def run_import(db: Path, files: list[Path]) -> tuple[float, float, str]:
    """Wall seconds, peak MB of the child, and its last output line (also prints the CPU
    seconds the child used: on a shared machine that is the figure the load does not change)."""
    env = dict(os.environ, COLUMNS="120")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "warledger", "import", "--db", str(db),
                           *map(str, files)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    print(f"  import child: {wall:.1f} s wall, {cpu:.1f} s CPU ({cpu / wall:.0%} of one core)")
    if done.returncode != 0:
        raise SystemExit(f"import failed:\n{done.stderr[-2000:]}")
    if peak <= before:
        print("  (peak RSS of this child not above an earlier child's; figure is a bound)")
    return wall, max(peak, before) / 1024, done.stdout.strip().splitlines()[-1]


def floor(csv_path: Path, db: Path) -> float:
    """Plain csv + executemany into a bare table: what any loader needs at least."""
    t0 = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, " + ", ".join(HEADER) + ")")
    with csv_path.open(newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        conn.executemany(f"INSERT INTO t ({', '.join(HEADER)}) VALUES "
                         f"({','.join('?' * len(HEADER))})", reader)
    conn.commit()
    conn.close()
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the ledger here (bench/api.py --db uses it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warledger-scale-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        sources, observations = generate(folder / "input", args.rows)
        size = observations.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size:.0f} MB) in {time.perf_counter() - t0:.1f} s;"
              f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        db = args.keep or folder / "ledger.db"
        wall, peak, said = run_import(db, [sources, observations])
        base = floor(observations, folder / "floor.db")
        print(f"  {'loader':<44} {'seconds':>8} {'rows/s':>10} {'peak MB':>8}")
        print(f"  {'warledger import (validated, indexed)':<44} {wall:8.1f} "
              f"{args.rows / wall:10,.0f} {peak:8.0f}")
        print(f"  {'floor: csv + sqlite3.executemany, no checks':<44} {base:8.1f} "
              f"{args.rows / base:10,.0f} {'-':>8}")
        print(f"  warledger said: {said}")
    met = wall < 60 and peak < 500
    print(f"target (1,000,000 rows < 60 s, < 500 MB): {'met' if met else 'NOT met'}"
          + ("" if args.rows == 1_000_000 else f" (ran {args.rows:,} rows)"))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
