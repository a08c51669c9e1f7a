"""The schema, as ordered, named migrations recorded in the database itself.

Plain tables and ISO text dates so any SQL tool (sqlite3, datasette, psql) can read the
ledger. The same DDL serves SQLite and PostgreSQL; ``{serial_key}`` is the one word that differs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from warledger.ledger.backends import Database
from warledger.ledger.summary import SOURCES_SELECT, SUMMARY_COLUMNS, SUMMARY_SELECT

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE imports (
            id {serial_key},
            origin TEXT NOT NULL,          -- 'bundled' or a file list / API caller
            digest TEXT NOT NULL,          -- sha256 of the input files
            imported_at TEXT NOT NULL,
            n_sources INTEGER NOT NULL,
            n_observations INTEGER NOT NULL
        );
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            publisher TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT,
            attributed_to TEXT NOT NULL DEFAULT '',
            reliability TEXT NOT NULL CHECK (reliability IN ('A','B','C','D','E','F')),
            credibility TEXT NOT NULL CHECK (credibility IN ('1','2','3','4','5','6')),
            note TEXT NOT NULL DEFAULT '',
            import_id INTEGER REFERENCES imports(id)
        );
        CREATE TABLE observations (
            id TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            recipient TEXT NOT NULL,
            category TEXT NOT NULL,
            quantity_low DOUBLE PRECISION NOT NULL,
            quantity_high DOUBLE PRECISION NOT NULL CHECK (quantity_high >= quantity_low),
            qualifier TEXT NOT NULL,
            unit TEXT NOT NULL,
            basis TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT,
            as_of TEXT,
            price_year INTEGER,
            source_id TEXT NOT NULL REFERENCES sources(id),
            note TEXT NOT NULL DEFAULT '',
            derived_from TEXT NOT NULL DEFAULT '[]',   -- JSON list of ids
            ref_date TEXT,      -- first day of as_of / period_end / published: for date filters
            import_id INTEGER REFERENCES imports(id)
        );
        CREATE INDEX observations_series
            ON observations (provider, recipient, category, basis, unit);
        CREATE INDEX observations_source ON observations (source_id);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        "0002_origin_quote",
        """
        ALTER TABLE observations ADD COLUMN origin TEXT NOT NULL DEFAULT '';
        ALTER TABLE observations ADD COLUMN quote TEXT NOT NULL DEFAULT '';
        CREATE INDEX observations_origin ON observations (origin);
        """,
    ),
    (
        "0003_series_summary",
        """
        CREATE TABLE series_summary (
            provider TEXT NOT NULL,
            recipient TEXT NOT NULL,
            category TEXT NOT NULL,
            unit TEXT NOT NULL,
            n INTEGER NOT NULL,
            low DOUBLE PRECISION NOT NULL,
            high DOUBLE PRECISION NOT NULL,
            first TEXT,        -- earliest as_of / period_end / period_start (partial date)
            last TEXT,
            PRIMARY KEY (provider, recipient, category, unit)
        );
        INSERT INTO series_summary (provider, recipient, category, unit, n, low, high, first,
                                    last)
            SELECT provider, recipient, category, unit, count(*), min(quantity_low),
                   max(quantity_high), min(coalesce(as_of, period_end, period_start)),
                   max(coalesce(as_of, period_end, period_start))
            FROM observations GROUP BY provider, recipient, category, unit;
        DROP INDEX observations_series;
        CREATE INDEX observations_listing
            ON observations (provider, recipient, category, ref_date, id);
        CREATE INDEX observations_category ON observations (category, basis);
        """,
    ),
    (
        "0004_series_flows_and_sources",
        f"""
        ALTER TABLE series_summary ADD COLUMN monthly INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE series_summary ADD COLUMN totals_low DOUBLE PRECISION;
        ALTER TABLE series_summary ADD COLUMN totals_high DOUBLE PRECISION;
        ALTER TABLE series_summary ADD COLUMN totals_last TEXT;
        CREATE TABLE series_sources (
            provider TEXT NOT NULL,
            recipient TEXT NOT NULL,
            category TEXT NOT NULL,
            unit TEXT NOT NULL,
            source_id TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (provider, recipient, category, unit, source_id)
        );
        DELETE FROM series_summary;
        INSERT INTO series_summary ({SUMMARY_COLUMNS}) {SUMMARY_SELECT};
        INSERT INTO series_sources (provider, recipient, category, unit, source_id, n)
            {SOURCES_SELECT};
        """,
    ),
]


def migrate(db: Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations "
               "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations").fetchall()}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        db.execute(db.begin_sql)
        try:
            db.script(sql.replace("{serial_key}", db.serial_key))
            db.execute("INSERT INTO migrations VALUES (?, ?)",
                       (name, datetime.now(UTC).isoformat(timespec="seconds")))
        except Exception:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        applied.append(name)
    return applied


def pending(db: Database) -> list[str]:
    """Migrations not yet applied (read-only)."""
    try:
        done = {row[0] for row in db.execute("SELECT name FROM migrations").fetchall()}
    except Exception:  # no migrations table yet: everything is pending
        done = set()
    return [name for name, _ in MIGRATIONS if name not in done]
