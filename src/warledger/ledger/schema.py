"""The SQLite schema, as ordered, named migrations recorded in the database itself.

Plain tables and ISO text dates so any SQL tool (sqlite3, datasette) can read the ledger.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
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
            quantity_low REAL NOT NULL,
            quantity_high REAL NOT NULL CHECK (quantity_high >= quantity_low),
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
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        # executescript commits implicitly, so wrap it in an explicit transaction
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{sql}\n"
            f"INSERT INTO migrations VALUES ('{name}', datetime('now'));\nCOMMIT;"
        )
        applied.append(name)
    return applied


def pending(conn: sqlite3.Connection) -> list[str]:
    try:
        done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    except sqlite3.OperationalError:
        done = set()
    return [name for name, _ in MIGRATIONS if name not in done]
