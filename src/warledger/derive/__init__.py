"""Derive quantities with uncertainty: sourced assumptions, Monte Carlo chains, valuation."""

from warledger.derive.assumptions import Assumption, AssumptionError, Registry, load_assumptions
from warledger.derive.comparison import DerivedComparison, compare_derived
from warledger.derive.montecarlo import (
    CHAINS,
    Chain,
    Derived,
    derive_all,
    derive_chain,
    run_derivations,
)

__all__ = [
    "CHAINS",
    "Assumption",
    "AssumptionError",
    "Chain",
    "Derived",
    "DerivedComparison",
    "Registry",
    "compare_derived",
    "derive_all",
    "derive_chain",
    "load_assumptions",
    "run_derivations",
]
