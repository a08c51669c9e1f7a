"""Aggregates kept up to date on write, so listings and the dashboard never scan observations.

``series_summary`` has one row per (provider, recipient, category, unit): how many figures,
the lowest and highest, the first and last date. Figures for one calendar month (flows, e.g.
port calls in March) are also counted apart, with the lowest, highest and last date of the
other figures (totals and stocks up to a date): the dashboard must not mix a monthly 0 into
the range of totals. ``series_sources`` counts the figures each source gives each series.

Both are updated inside the writing transaction (:func:`merge`) or recomputed by one query
(:func:`rebuild`) after rows were deleted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from warledger.ledger.backends import Database

SeriesKey = tuple[str, str, str, str]

#: the SQL twin of :func:`is_month_flow` (a test holds the two to the same answers)
MONTH_FLOW_SQL = ("(coalesce(period_start, '') <> '' AND coalesce(as_of, '') = '' AND "
                  "substr(period_start, 1, 7) = substr(coalesce(period_end, ''), 1, 7))")
_WHEN = "coalesce(as_of, period_end, period_start)"
SUMMARY_COLUMNS = ("provider, recipient, category, unit, n, low, high, first, last, monthly, "
                    "totals_low, totals_high, totals_last")
SUMMARY_SELECT = (
    f"SELECT provider, recipient, category, unit, count(*), min(quantity_low), "
    f"max(quantity_high), min({_WHEN}), max({_WHEN}), "
    f"sum(CASE WHEN {MONTH_FLOW_SQL} THEN 1 ELSE 0 END), "
    f"min(CASE WHEN {MONTH_FLOW_SQL} THEN NULL ELSE quantity_low END), "
    f"max(CASE WHEN {MONTH_FLOW_SQL} THEN NULL ELSE quantity_high END), "
    f"max(CASE WHEN {MONTH_FLOW_SQL} THEN NULL ELSE {_WHEN} END) "
    "FROM observations GROUP BY provider, recipient, category, unit")
SOURCES_SELECT = ("SELECT provider, recipient, category, unit, source_id, count(*) "
                  "FROM observations GROUP BY provider, recipient, category, unit, source_id")


def is_month_flow(period_start: str | None, period_end: str | None,
                  as_of: str | None) -> bool:
    """A figure for one calendar month (a flow), not a total up to a date: a period that starts
    and ends in the same month, and no as-of date."""
    start, end = period_start or "", period_end or ""
    return bool(start) and start[:7] == end[:7] and not as_of


class SeriesTally:
    """The aggregates of the rows one import inserts, merged into the tables at its end."""

    def __init__(self) -> None:
        # n, low, high, first, last, monthly, totals_low, totals_high, totals_last
        self.series: dict[SeriesKey, list[Any]] = {}
        self.sources: Counter[tuple[SeriesKey, str]] = Counter()

    def add(self, obs: Any) -> None:
        # called once per imported row: plain comparisons rather than min/max calls
        key = (obs.provider, obs.recipient, obs.category, obs.unit)
        low, high = obs.quantity_low, obs.quantity_high
        when = obs.as_of or obs.period_end or obs.period_start
        self.sources[(key, obs.source_id)] += 1
        flow = is_month_flow(obs.period_start, obs.period_end, obs.as_of)
        entry = self.series.get(key)
        if entry is None:
            entry = self.series[key] = [0, low, high, when, when, 0, None, None, None]
        entry[0] += 1
        if low < entry[1]:
            entry[1] = low
        if high > entry[2]:
            entry[2] = high
        if when is not None:
            if entry[3] is None or when < entry[3]:
                entry[3] = when
            if entry[4] is None or when > entry[4]:
                entry[4] = when
        if flow:
            entry[5] += 1
            return
        if entry[6] is None or low < entry[6]:
            entry[6] = low
        if entry[7] is None or high > entry[7]:
            entry[7] = high
        if when is not None and (entry[8] is None or when > entry[8]):
            entry[8] = when

    def __bool__(self) -> bool:
        return bool(self.series)


def merge(conn: Database, tally: SeriesTally) -> None:
    """Add the aggregates of newly inserted rows to ``series_summary`` and ``series_sources``."""
    lo, hi = ("LEAST", "GREATEST") if conn.dialect == "postgres" else ("min", "max")

    def pick(func: str, column: str) -> str:
        return (f"{column} = {func}(coalesce(series_summary.{column}, excluded.{column}), "
                f"coalesce(excluded.{column}, series_summary.{column}))")

    updates = ", ".join([
        "n = series_summary.n + excluded.n", "monthly = series_summary.monthly + excluded.monthly",
        pick(lo, "low"), pick(hi, "high"), pick(lo, "first"), pick(hi, "last"),
        pick(lo, "totals_low"), pick(hi, "totals_high"), pick(hi, "totals_last")])
    conn.executemany(
        f"INSERT INTO series_summary ({SUMMARY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
        f"ON CONFLICT (provider, recipient, category, unit) DO UPDATE SET {updates}",
        [(*key, *values) for key, values in tally.series.items()])
    conn.executemany(
        "INSERT INTO series_sources (provider, recipient, category, unit, source_id, n) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT (provider, recipient, category, unit, source_id) "
        "DO UPDATE SET n = series_sources.n + excluded.n",
        [(*key, source_id, n) for (key, source_id), n in tally.sources.items()])


def rebuild(conn: Database) -> None:
    """Recompute both tables from the observations (after rows were deleted)."""
    conn.execute("DELETE FROM series_summary")
    conn.execute(f"INSERT INTO series_summary ({SUMMARY_COLUMNS}) {SUMMARY_SELECT}")
    conn.execute("DELETE FROM series_sources")
    conn.execute("INSERT INTO series_sources (provider, recipient, category, unit, source_id, "
                 f"n) {SOURCES_SELECT}")
