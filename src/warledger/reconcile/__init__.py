"""Reconcile conflicting figures: series, estimates with intervals, comparisons, timelines.

Pure functions over observations and sources; the ledger is only read.
"""

from warledger.reconcile.compare import Comparison, compare
from warledger.reconcile.estimate import Estimate, estimate, estimate_for
from warledger.reconcile.monthly import MonthlyFlow, monthly_flows, support_over_time
from warledger.reconcile.rules import ReconcileError
from warledger.reconcile.series import Series, aggregate_monthly, series_of
from warledger.reconcile.timeline import Timeline, timeline

__all__ = [
    "Comparison",
    "Estimate",
    "MonthlyFlow",
    "ReconcileError",
    "Series",
    "Timeline",
    "aggregate_monthly",
    "compare",
    "estimate",
    "estimate_for",
    "monthly_flows",
    "series_of",
    "support_over_time",
    "timeline",
]
