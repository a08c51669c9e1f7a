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
from warledger.derive.valuation import Valuation, value

__all__ = [
    "CHAINS",
    "Assumption",
    "AssumptionError",
    "Chain",
    "Derived",
    "DerivedComparison",
    "Registry",
    "Valuation",
    "compare_derived",
    "derive_all",
    "derive_chain",
    "load_assumptions",
    "run_derivations",
    "value",
]
