"""Importers that turn published datasets into sourced observations.

:mod:`warledger.importers.ust` reads a Kiel Ukraine Support Tracker release;
:mod:`warledger.importers.releases` lists the releases in a ledger and diffs two of them.
"""

from __future__ import annotations

from warledger.importers.releases import diff_releases, list_releases, monthly_totals
from warledger.importers.ust import import_ust, read_release

__all__ = ["diff_releases", "import_ust", "list_releases", "monthly_totals", "read_release"]
