"""Reconcile conflicting figures: series, estimates with intervals, comparisons, timelines.

Pure functions over observations and sources; the ledger is only read.
"""

from warledger.reconcile.estimate import Estimate, estimate, estimate_for
from warledger.reconcile.rules import ReconcileError
from warledger.reconcile.series import Series, aggregate_monthly, series_of

__all__ = [
    "Estimate",
    "ReconcileError",
    "Series",
    "aggregate_monthly",
    "estimate",
    "estimate_for",
    "series_of",
]
