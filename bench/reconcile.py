"""Benchmark: estimate every series, then 100,000 Monte Carlo draws per derived quantity,
vectorised (NumPy) side by side with a plain-Python loop doing the same computation.

Run: python bench/reconcile.py [--draws 100000] [--seed 20250416]
Target: vectorised >= 50x faster than the loop; estimates + vectorised draws < 1 s for the whole
bundled dataset.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from warledger.derive import CHAINS, load_assumptions
from warledger.derive.montecarlo import (
    DEFAULT_SEED,
    draw_chain,
    draw_chain_loop,
    draw_factors,
    draw_factors_loop,
    percentiles,
    percentiles_loop,
)
from warledger.ledger.store import open_ledger
from warledger.reconcile import estimate, series_estimate, series_of
from warledger.reconcile.backtest import backtest

T = TypeVar("T")


def best_of(func: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Best wall time of `repeat` runs after one untimed warm-up (as timeit recommends)."""
    result = func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def estimate_runs(observations: list[Any], sources: dict[str, Any], found: list[Any]
                  ) -> tuple[Callable[[], list[Any]], Callable[[], list[Any]], dict[Any, Any]]:
    """Every series on its basis; every question with every basis and a headline."""
    questions: dict[tuple[str, str, str], list[Any]] = {}
    for obs in observations:
        questions.setdefault((obs.provider, obs.recipient, obs.category), []).append(obs)

    def run_estimates() -> list[Any]:
        return [estimate(s.observations, sources, basis=s.basis) for s in found]

    def run_series_estimates() -> list[Any]:
        return [series_estimate(rows, sources) for rows in questions.values()]

    return run_estimates, run_series_estimates, questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ledger = open_ledger(Path(tmp) / "bench.db")
        observations = ledger.observations()
        sources = ledger.sources_for(observations)
        registry = load_assumptions()
        inputs = [(chain, obs) for chain in CHAINS
                  for obs in ledger.observations(category=chain.source_category, derived=False)]
        ledger.close()

    found = series_of(observations, sources)
    run_estimates, run_series_estimates, questions = estimate_runs(observations, sources, found)

    names = [s.assumption for chain, _ in inputs for s in chain.steps]

    def run_vectorised() -> list[tuple[float, float, float]]:
        factors = draw_factors(registry, names, args.draws, args.seed)
        return [percentiles(draw_chain(obs, chain, registry, args.draws, args.seed, factors),
                            inplace=True) for chain, obs in inputs]

    def run_loop() -> list[tuple[float, float, float]]:
        factors = draw_factors_loop(registry, names, args.draws, args.seed)
        return [percentiles_loop(draw_chain_loop(obs, chain, registry, args.draws, args.seed,
                                                 factors)) for chain, obs in inputs]

    t_estimate, estimates = best_of(run_estimates, args.repeat)
    t_series, _ = best_of(run_series_estimates, args.repeat)
    t_backtest, replay = best_of(lambda: backtest(observations, sources), args.repeat)
    t_vector, vectorised = best_of(run_vectorised, args.repeat)
    t_loop, looped = best_of(run_loop, args.repeat)

    worst = max(abs(v[1] - lp[1]) / v[1] for v, lp in zip(vectorised, looped, strict=True))
    print(f"bundled dataset: {len(observations)} observations, {len(found)} series, "
          f"{len(inputs)} derived quantities x {args.draws:,} draws")
    print(f"estimates (every series):        {t_estimate * 1000:8.1f} ms "
          f"({sum(e.has_evidence for e in estimates)} with evidence)")
    print(f"estimate_series (every question, every basis + headline): {t_series * 1000:8.1f} ms "
          f"({len(questions)} questions)")
    print(f"backtest ({len(replay.trials)} trials):            {t_backtest * 1000:8.1f} ms")
    print(f"Monte Carlo, vectorised (NumPy): {t_vector * 1000:8.1f} ms")
    print(f"Monte Carlo, plain-Python loop:  {t_loop * 1000:8.1f} ms")
    print(f"speed-up, loop / vectorised:     {t_loop / t_vector:8.1f} x   (target >= 50 x)")
    print(f"(best of {args.repeat} timed runs after a warm-up)")
    print(f"total, estimates + vectorised:   {(t_estimate + t_vector) * 1000:8.1f} ms "
          "(target < 1000 ms)")
    print(f"total, estimate_series + vectorised: {(t_series + t_vector) * 1000:8.1f} ms "
          "(target < 1000 ms)")
    print(f"largest median difference vectorised vs loop: {worst:.2%} (different random streams)")


if __name__ == "__main__":
    main()
