"""Backtest: how often the estimate's interval held on the ledger's own history.

For every reported figure, the estimator is replayed as of the date the figure describes with
only what was published the day before it appeared (reconcile.backtest); the interval held when
the figure lies inside. Re-run after the dataset grows and copy the figures into docs/methods.md.

Run: python bench/backtest.py [--db PATH] [--misses] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from warledger.ledger.store import open_ledger
from warledger.reconcile.backtest import backtest_ledger
from warledger.reconcile.reasons import fmt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="ledger to replay (default: a fresh bundled ledger)")
    parser.add_argument("--misses", action="store_true", help="list the figures outside")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with open_ledger(args.db or Path(tmp) / "bundled.db") as ledger:
            start = time.perf_counter()
            result = backtest_ledger(ledger)
            seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return
    print(f"backtest: {result.summary()} ({seconds * 1000:.0f} ms)")
    for basis, (held, trials) in result.by_basis().items():
        print(f"  {basis:<12} held {held:>3} of {trials:>3}")
    if args.misses:
        for trial in result.trials:
            if not trial.held:
                print(f"  miss: {trial.series} {trial.described} (known by {trial.known_by}): "
                      f"{fmt(trial.figure)} outside {fmt(trial.low)}-{fmt(trial.high)}")


if __name__ == "__main__":
    main()
