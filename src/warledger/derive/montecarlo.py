"""Conversions with uncertainty: port calls -> containers -> shells, tonnes -> shells.

Each chain multiplies (or divides) an input figure by sourced assumptions, drawing every factor
and the input itself from its range in one vectorised NumPy pass. The result is a derived
observation (basis ``estimated``, 5th-95th percentile as its range) whose ``derived_from`` lists
the input observation and every assumption used, so a reader can audit and rerun it.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from warledger.derive.assumptions import DTYPE, Registry, load_assumptions
from warledger.ledger.models import Observation, Source
from warledger.vocabulary import default_unit

#: how an input's qualifier turns into a range to draw from (a methods choice, see methods.md)
QUALIFIER_SPREAD: dict[str, tuple[float, float]] = {
    "exact": (1.0, 1.0), "about": (0.9, 1.1), "at_least": (1.0, 1.2), "more_than": (1.0, 1.2),
    "up_to": (0.8, 1.0), "less_than": (0.8, 1.0), "range": (1.0, 1.0),
}
DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 20250416


@dataclass(frozen=True)
class Step:
    assumption: str
    op: Literal["mul", "div"] = "mul"


@dataclass(frozen=True)
class Chain:
    """A conversion from one category to another through named assumptions."""

    id: str
    source_category: str
    target_category: str
    steps: tuple[Step, ...]
    description: str


CHAINS: tuple[Chain, ...] = (
    Chain("port-calls-to-shells", "port_calls", "artillery_shells",
          (Step("containers_per_port_call"), Step("shells_per_container")),
          "port calls x containers per call x rounds per container"),
    Chain("containers-to-shells", "containers", "artillery_shells",
          (Step("shells_per_container"),), "containers x rounds per container"),
    Chain("tonnes-to-shells", "explosives", "artillery_shells",
          (Step("tonnes_per_shell", "div"),), "tonnes of munitions / tonnes per round"),
)


@dataclass
class Derived:
    """One chain run on one input observation, with its percentiles."""

    chain: Chain
    source_obs: Observation
    p5: float
    median: float
    p95: float
    draws: int
    seed: int
    observation: Observation | None = None
    source: Source | None = None
    assumptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "chain": self.chain.id, "description": self.chain.description,
            "input": self.source_obs.id, "input_quantity": self.source_obs.quantity_text(),
            "input_unit": self.source_obs.unit, "p5": self.p5, "median": self.median,
            "p95": self.p95, "draws": self.draws, "seed": self.seed,
            "assumptions": self.assumptions,
            "observation": self.observation.model_dump() if self.observation else None,
        }


def input_range(obs: Observation) -> tuple[float, float]:
    """The range an input figure is drawn from, after its qualifier's spread."""
    lo_f, hi_f = QUALIFIER_SPREAD[obs.qualifier]
    return obs.quantity_low * lo_f, obs.quantity_high * hi_f


def obs_seed(seed: int, key: str) -> list[int]:
    """A seed per input or assumption: results do not depend on what else is in the ledger."""
    return [seed, zlib.crc32(key.encode())]


Factors = dict[str, np.ndarray]


def draw_factors(registry: Registry, names: Sequence[str], draws: int, seed: int) -> Factors:
    """One array of draws per assumption, shared by every input that uses it.

    An assumption is one unknown (rounds per container is the same for every report), so all
    inputs share its draws; seeding by name keeps each array the same whatever else is drawn.
    """
    return {name: registry[name].draw(np.random.default_rng(obs_seed(seed, name)), draws)
            for name in dict.fromkeys(names)}


def draw_chain(obs: Observation, chain: Chain, registry: Registry, draws: int, seed: int,
               factors: Factors | None = None) -> np.ndarray:
    """All draws of one chain, vectorised."""
    names = [s.assumption for s in chain.steps]
    factors = factors if factors is not None else draw_factors(registry, names, draws, seed)
    low, high = input_range(obs)
    values: np.ndarray | None = None
    if high > low:
        values = np.random.default_rng(obs_seed(seed, obs.id)).random(draws, dtype=DTYPE)
        values *= DTYPE(high - low)
        values += DTYPE(low)
    for step in chain.steps:
        factor = factors[step.assumption]
        if values is None:  # an exact input: scale the factor draws directly, no copy of ones
            values = factor * DTYPE(low) if step.op == "mul" else DTYPE(low) / factor
        elif step.op == "mul":
            values *= factor
        else:
            values /= factor
    return values if values is not None else np.full(draws, low, dtype=DTYPE)


def draw_factors_loop(registry: Registry, names: Sequence[str], draws: int,
                      seed: int) -> dict[str, list[float]]:
    """The plain-Python twin of :func:`draw_factors`."""
    out = {}
    for name in dict.fromkeys(names):
        rnd = random.Random(zlib.crc32(f"{seed}:{name}".encode()))
        assumption = registry[name]
        out[name] = [assumption.draw_one(rnd) for _ in range(draws)]
    return out


def draw_chain_loop(obs: Observation, chain: Chain, registry: Registry, draws: int,
                    seed: int, factors: dict[str, list[float]] | None = None) -> list[float]:
    """The same computation one draw at a time in plain Python (benchmark baseline)."""
    names = [s.assumption for s in chain.steps]
    factors = factors if factors is not None else draw_factors_loop(registry, names, draws, seed)
    rnd = random.Random(zlib.crc32(f"{seed}:{obs.id}".encode()))
    low, high = input_range(obs)
    steps = [(factors[s.assumption], s.op) for s in chain.steps]
    out = []
    for i in range(draws):
        value = low + (high - low) * rnd.random() if high > low else low
        for draws_of, op in steps:
            value = value * draws_of[i] if op == "mul" else value / draws_of[i]
        out.append(value)
    return out


def _ranks(n: int) -> tuple[int, int, int]:
    """Indexes of the 5th, 50th and 95th percentile in a sorted sample (lower value)."""
    return int(0.05 * (n - 1)), int(0.5 * (n - 1)), int(0.95 * (n - 1))


def percentiles(values: np.ndarray, *, inplace: bool = False) -> tuple[float, float, float]:
    """5th, 50th, 95th percentile by three selections (no full sort).

    The median is selected first; the 5th and 95th are then selected within each half, so the
    work is about two passes over the data. ``inplace`` reorders ``values`` instead of copying.
    """
    k5, k50, k95 = _ranks(len(values))
    work = values if inplace else values.copy()
    work.partition(k50)
    lower, upper = work[:k50], work[k50 + 1:]
    if k5 < k50:
        lower.partition(k5)
    if k95 > k50:
        upper.partition(k95 - k50 - 1)
    return float(work[k5]), float(work[k50]), float(work[k95])


def percentiles_loop(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    lo, mid, hi = _ranks(len(ordered))
    return ordered[lo], ordered[mid], ordered[hi]


def derive_chain(obs: Observation, chain: Chain, registry: Registry, *,
                 draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                 factors: Factors | None = None) -> Derived:
    """Run one chain on one input and wrap the result as a derived observation."""
    values = draw_chain(obs, chain, registry, draws, seed, factors)
    p5, median, p95 = percentiles(values, inplace=True)
    used = [s.assumption for s in chain.steps]
    source = derivation_source(chain)
    derived = Observation(
        provider=obs.provider, recipient=obs.recipient, category=chain.target_category,
        quantity_low=_round3(p5), quantity_high=_round3(p95), qualifier="range",
        unit=default_unit(chain.target_category), basis="estimated",
        period_start=obs.period_start, period_end=obs.period_end, as_of=obs.as_of,
        source_id=source.id,
        note=(f"{chain.description}: median {_round3(median):,.0f}, 90% interval "
              f"{_round3(p5):,.0f}-{_round3(p95):,.0f} from {obs.quantity_text()} {obs.unit} "
              f"({obs.source_id}); assumptions {', '.join(used)}; {draws:,} draws, seed {seed}"),
        derived_from=[obs.id] + [f"assumption:{a}" for a in used],
    )
    return Derived(chain, obs, p5, median, p95, draws, seed, derived, source, used)


def derivation_source(chain: Chain) -> Source:
    return Source(
        id=f"warledger-derive-{chain.id}", publisher="warledger (computed)",
        title=f"Monte Carlo derivation: {chain.description}",
        url=f"urn:warledger:derive:{chain.id}",
        attributed_to="computed by warledger from ledger figures and data/assumptions.csv",
        note="Derived, not reported: see derived_from and docs/methods.md.",
    )


def _round3(value: float) -> float:
    """Three significant figures: the inputs carry no more precision than that."""
    if value == 0:
        return 0.0
    return float(f"{value:.3g}")


def derive_all(ledger: Any, registry: Registry, *, draws: int = DEFAULT_DRAWS,
               seed: int = DEFAULT_SEED, chains: Sequence[Chain] = CHAINS) -> list[Derived]:
    """Every chain on every reported (not derived) input in the ledger."""
    names = [s.assumption for chain in chains for s in chain.steps]
    factors = draw_factors(registry, names, draws, seed)
    results = []
    for chain in chains:
        for obs in ledger.observations(category=chain.source_category, derived=False):
            results.append(derive_chain(obs, chain, registry, draws=draws, seed=seed,
                                        factors=factors))
    return results


def run_derivations(ledger: Any, assumptions: Registry | Path | str | None = None,
                    draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> list[Observation]:
    """The derived observations (not written: pass them with their sources to ledger.add).

    ``assumptions`` is a loaded registry or the path of an assumptions CSV (default: bundled).
    """
    registry = assumptions if isinstance(assumptions, Registry) else load_assumptions(
        assumptions)
    return [d.observation for d in derive_all(ledger, registry, draws=draws, seed=seed)
            if d.observation is not None]
