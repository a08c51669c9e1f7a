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
from typing import Any, Literal

import numpy as np

from warledger.derive.assumptions import Registry
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


def obs_seed(seed: int, obs: Observation, chain: Chain) -> list[int]:
    """A per-(input, chain) seed: results do not depend on what else is in the ledger."""
    return [seed, zlib.crc32(f"{chain.id}:{obs.id}".encode())]


def draw_chain(obs: Observation, chain: Chain, registry: Registry, draws: int,
               seed: int) -> np.ndarray:
    """All draws of one chain, vectorised."""
    rng = np.random.default_rng(obs_seed(seed, obs, chain))
    low, high = input_range(obs)
    values = rng.uniform(low, high, draws) if high > low else np.full(draws, low)
    for step in chain.steps:
        factor = registry[step.assumption].draw(rng, draws)
        values = values * factor if step.op == "mul" else values / factor
    return values


def draw_chain_loop(obs: Observation, chain: Chain, registry: Registry, draws: int,
                    seed: int) -> list[float]:
    """The same computation one draw at a time in plain Python (benchmark baseline)."""
    rnd = random.Random(zlib.crc32(f"{seed}:{chain.id}:{obs.id}".encode()))
    low, high = input_range(obs)
    factors = [(registry[s.assumption], s.op) for s in chain.steps]
    out = []
    for _ in range(draws):
        value = rnd.uniform(low, high) if high > low else low
        for assumption, op in factors:
            factor = assumption.draw_one(rnd)
            value = value * factor if op == "mul" else value / factor
        out.append(value)
    return out


def percentiles_loop(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    n = len(ordered)
    return ordered[int(0.05 * (n - 1))], ordered[int(0.5 * (n - 1))], ordered[int(0.95 * (n - 1))]


def derive_chain(obs: Observation, chain: Chain, registry: Registry, *,
                 draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> Derived:
    """Run one chain on one input and wrap the result as a derived observation."""
    values = draw_chain(obs, chain, registry, draws, seed)
    p5, median, p95 = (float(v) for v in np.percentile(values, [5, 50, 95]))
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
    results = []
    for chain in chains:
        for obs in ledger.observations(category=chain.source_category, derived=False):
            results.append(derive_chain(obs, chain, registry, draws=draws, seed=seed))
    return results


def run_derivations(ledger: Any, assumptions: Registry, draws: int = DEFAULT_DRAWS,
                    seed: int = DEFAULT_SEED) -> list[Observation]:
    """The derived observations (not written: pass them with their sources to ledger.add)."""
    return [d.observation for d in derive_all(ledger, assumptions, draws=draws, seed=seed)
            if d.observation is not None]
