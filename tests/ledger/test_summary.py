"""The aggregates kept on write (issue 15): per-month flows apart from totals, sources per
series, the Python rule and its SQL twin, and the migration that adds them to old ledgers."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ledger.test_store_hardening import row, write_csv
from warledger.ledger.backends import connect_sqlite
from warledger.ledger.schema import MIGRATIONS, migrate
from warledger.ledger.store import open_ledger
from warledger.ledger.summary import MONTH_FLOW_SQL, is_month_flow

SOURCES = [{"id": "src-a", "publisher": "Reuters", "url": "https://www.reuters.com/a",
            "published": "2024-05"},
           {"id": "src-b", "publisher": "AP", "url": "https://apnews.com/b",
            "published": "2024-06"}]


def test_month_flow_rule_one_calendar_month_and_no_as_of() -> None:
    assert is_month_flow("2024-03", "2024-03", None)  # one month
    assert is_month_flow("2024-03-01", "2024-03-31", None)  # the same month, as days
    assert not is_month_flow("2024-03-01", "2024-04-01", None)  # just outside: two months
    assert not is_month_flow("2024-03", "2024-03", "2024-03")  # an as-of date: a total
    assert not is_month_flow(None, "2024-03", None)  # no start: a total up to a date
    assert not is_month_flow("2024-02", None, None)  # open period


DATES = st.one_of(st.none(), st.just(""), st.sampled_from(
    ["2024", "2024-03", "2024-03-01", "2024-03-31", "2024-04", "2024-04-02", "2025-03"]))


@settings(max_examples=300, deadline=None)
@given(DATES, DATES, DATES)
def test_the_sql_twin_gives_the_rule_s_answer(start: str | None, end: str | None,
                                              as_of: str | None) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE observations (period_start TEXT, period_end TEXT, as_of TEXT)")
    conn.execute("INSERT INTO observations VALUES (?, ?, ?)", (start, end, as_of))
    flagged = conn.execute(f"SELECT {MONTH_FLOW_SQL} FROM observations").fetchone()[0]
    assert bool(flagged) == is_month_flow(start, end, as_of)


def _imported(tmp_path: Path) -> Path:
    db = tmp_path / "l.db"
    rows = [row(i, source_id="src-ab"[:4] + ("a" if i % 3 else "b")) for i in range(12)]
    rows += [row(20, as_of="", period_start="2024-07", period_end="2024-07",
                 quantity_low="0", quantity_high="0"),
             row(21, as_of="", period_start="2024-08-01", period_end="2024-08-31",
                 quantity_low="99999", quantity_high="99999")]
    with open_ledger(db, bundled=False) as ledger:
        ledger.import_paths([write_csv(tmp_path / "s.csv", SOURCES),
                             write_csv(tmp_path / "o.csv", rows)])
    return db


def test_flows_are_counted_apart_from_the_totals_of_a_series(tmp_path: Path) -> None:
    with open_ledger(_imported(tmp_path), bundled=False) as ledger:
        (series,) = ledger.series_summary()
    # row(i) reads quantity 1000 + i as of 2024-(1 + i % 12); the two flows are 0 and 99,999
    assert (series["n"], series["monthly"]) == (14, 2)
    assert (series["low"], series["high"]) == (0, 99999)
    assert (series["totals_low"], series["totals_high"]) == (1000, 1011)
    assert series["totals_last"] == "2024-12"  # as written, the flows' August not counted


def test_sources_per_series_count_each_figure_once(tmp_path: Path) -> None:
    with open_ledger(_imported(tmp_path), bundled=False) as ledger:
        tally = {r["source_id"]: r["n"] for r in ledger.series_sources()}
        scan = Counter(o.source_id for o in ledger.observations())
        assert tally == dict(scan) == ledger.source_counts()
        assert ledger.source_counts(category="troops") == {}


def test_bundled_rebuild_and_imports_keep_the_tallies_equal_to_a_scan(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "b.db") as ledger:  # the bundled rows go through rebuild
        ledger.import_paths([write_csv(tmp_path / "s.csv", SOURCES),
                             write_csv(tmp_path / "o.csv", [row(i) for i in range(5)])])
        scan = Counter((o.provider, o.recipient, o.category, o.unit, o.source_id)
                       for o in ledger.observations())
        kept = {(r["provider"], r["recipient"], r["category"], r["unit"], r["source_id"]):
                r["n"] for r in ledger.series_sources()}
        assert kept == dict(scan)


def test_migration_0004_fills_the_new_tallies_of_an_old_ledger(tmp_path: Path) -> None:
    db = _imported(tmp_path)
    with open_ledger(db, bundled=False) as ledger:
        expected = ledger.series_summary()
        expected_sources = ledger.series_sources()
    old = tmp_path / "old.db"  # a ledger as the previous release left it: up to 0003
    conn = connect_sqlite(old)
    done = [name for name, _ in MIGRATIONS[:3]]
    for _name, sql in MIGRATIONS[:3]:
        conn.execute(conn.begin_sql)
        conn.script(sql.replace("{serial_key}", conn.serial_key))
        conn.execute("COMMIT")
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, "
                 "applied_at TEXT NOT NULL)")
    conn.executemany("INSERT INTO migrations VALUES (?, 'then')", [(n,) for n in done])
    conn.execute(f"ATTACH DATABASE '{db}' AS new")
    for table in ("imports", "sources", "observations"):
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})").fetchall()]
        names = ", ".join(columns)
        conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM new.{table}")
    conn.execute("DETACH DATABASE new")
    assert migrate(conn) == ["0004_series_flows_and_sources"]
    conn.close()
    with open_ledger(old, bundled=False) as ledger:
        assert ledger.series_summary() == expected
        assert ledger.series_sources() == expected_sources
