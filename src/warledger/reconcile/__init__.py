"""Reconcile conflicting figures: series, estimates with intervals, comparisons, timelines.

Pure functions over observations and sources; the ledger is only read.
"""

from warledger.reconcile.compare import Comparison, compare
from warledger.reconcile.estimate import Estimate, estimate, estimate_for
from warledger.reconcile.monthly import MonthlyFlow, monthly_flows, support_over_time
from warledger.reconcile.question import SeriesEstimate, estimate_series, series_estimate
from warledger.reconcile.rules import ReconcileError
from warledger.reconcile.series import Series, aggregate_monthly, series_of
from warledger.reconcile.timeline import Timeline, timeline

__all__ = [
    "Comparison",
    "Estimate",
    "MonthlyFlow",
    "ReconcileError",
    "Series",
    "SeriesEstimate",
    "Timeline",
    "aggregate_monthly",
    "compare",
    "estimate",
    "estimate_for",
    "estimate_series",
    "monthly_flows",
    "series_estimate",
    "series_of",
    "support_over_time",
    "timeline",
]
