"""The overview of a large ledger rendered without the read cache: first visits, while the
estimates are computed in the background, and after.

    python bench/overview_cold.py --db big.db     # a ledger bench/ledger_scale.py --keep made

Starts ``warledger serve`` on a free loopback port and asks for ``/?r=N`` (a new URL each
time, so every answer is rendered, never replayed from the read cache) until the estimates
are in, then a few more times. Prints each time in ms. Target (issue 15): ``/`` under 200 ms
on a 1,000,000-row ledger; ``bench/api.py`` measures the cached answers and the load test.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--after", type=int, default=5, help="renders once estimates are in")
    parser.add_argument("--limit", type=float, default=900, help="seconds to wait at most")
    parser.add_argument("--delay", type=float, default=0.0,
                        help="seconds between the server being up and the first visit")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "warledger", "serve", "--db", args.db,
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        while True:
            try:
                httpx.get(base + "/api/info", timeout=2, trust_env=False)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        print(f"server up after {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        time.sleep(args.delay)
        pending: list[float] = []
        done: list[float] = []
        with httpx.Client(base_url=base, timeout=600, trust_env=False) as client:
            n = 0
            while len(done) < args.after and time.perf_counter() - started < args.limit:
                n += 1
                t0 = time.perf_counter()
                page = client.get(f"/?r={n}")
                ms = (time.perf_counter() - t0) * 1000
                waiting = "being computed" in page.text
                (pending if waiting else done).append(ms)
                if waiting:
                    time.sleep(1.0)
        for name, values in (("estimates pending", pending), ("estimates in", done)):
            if values:
                print(f"  / rendered, {name:<18} n={len(values):<4} median "
                      f"{statistics.median(values):7.1f} ms  max {max(values):7.1f} ms")
                print("    in order (ms): " + " ".join(f"{v:.0f}" for v in values))
        print(f"estimates in after {time.perf_counter() - started:.0f} s"
              if done else "estimates not in within the limit")
        worst = max(pending + done)
        print(f"target (/ rendered under 200 ms): {'met' if worst < 200 else 'NOT met'} "
              f"(worst {worst:.0f} ms)")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
