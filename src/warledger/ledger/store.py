"""The embedded ledger store: one SQLite file in WAL mode, built from the bundled dataset.

Writes are all-or-nothing: records stream through one ``BEGIN IMMEDIATE`` transaction that
is rolled back if any problem is found (``writes.py``, ``writer.py``). Re-importing the same
rows adds nothing because observation ids are derived from their content. A file that cannot
be written opens read-only; a file replaced or removed while open is never written to.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import platformdirs

from warledger.bundled import bundled_data_dir, bundled_release_files, bundled_releases
from warledger.errors import (
    InputError,
    LedgerReadOnly,
    NotFound,
    Problem,
    StoreBusy,
    StoreError,
)
from warledger.ledger import summary
from warledger.ledger.backends import (
    Database,
    connect_postgres,
    connect_sqlite,
    database_errors,
    is_postgres_url,
)
from warledger.ledger.io import Batch, Located, read_paths
from warledger.ledger.models import Observation, Source
from warledger.ledger.rows import (
    Transaction,
    file_identity,
    files_digest,
    filters,
    row_to_observation,
    row_to_source,
    unique,
)
from warledger.ledger.schema import migrate, pending
from warledger.ledger.writes import ImportResult, LedgerWrites, Progress

__all__ = ["DB_ENV", "ImportResult", "Ledger", "Progress", "default_db_path", "file_identity",
           "files_digest", "open_ledger"]

DB_ENV = "WARLEDGER_DB"
BUNDLED_ORIGIN = "bundled"



def default_db_path() -> Path:
    """``$WARLEDGER_DB`` if set, else ``ledger.db`` in the user data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("warledger")) / "ledger.db"


class Ledger(LedgerWrites):
    """Read and write access to one ledger database."""

    def __init__(self, conn: Database, path: Path | None) -> None:
        self.conn = conn
        self.path = path  # the SQLite file, None for memory or PostgreSQL
        self.identity = file_identity(path) if path is not None else None

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------
    def observations(
        self,
        *,
        provider: str | None = None,
        recipient: str | None = None,
        category: str | None = None,
        basis: str | None = None,
        unit: str | None = None,
        source_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        derived: bool | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Observation]:
        """Observations matching every filter given (dates filter on as_of/period_end/published)."""
        where, args = filters(provider, recipient, category, basis, unit, source_id, since,
                              until, derived)
        sql = "SELECT * FROM observations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY provider, recipient, category, ref_date, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [row_to_observation(row) for row in self.conn.execute(sql, args)]

    def count_observations(self, *, provider: str | None = None, recipient: str | None = None,
                           category: str | None = None, basis: str | None = None,
                           unit: str | None = None, source_id: str | None = None,
                           since: str | None = None, until: str | None = None,
                           derived: bool | None = None) -> int:
        """How many observations match the filters (the same filters as observations())."""
        where, args = filters(provider, recipient, category, basis, unit, source_id, since,
                              until, derived)
        if not where:  # the maintained summary: no scan of a large table
            return int(self.conn.execute(
                "SELECT coalesce(sum(n), 0) FROM series_summary").fetchone()[0])
        sql = "SELECT count(*) FROM observations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self.conn.execute(sql, args).fetchone()[0])

    def observation(self, obs_id: str) -> Observation:
        """One observation by id or by a unique id prefix."""
        rows = self.conn.execute(
            "SELECT * FROM observations WHERE id = ? OR id LIKE ? LIMIT 3",
            (obs_id, obs_id.replace("%", "") + "%"),
        ).fetchall()
        exact = [r for r in rows if r["id"] == obs_id]
        if exact:
            return row_to_observation(exact[0])
        if len(rows) == 1:
            return row_to_observation(rows[0])
        if not rows:
            raise NotFound(f"no observation with id '{obs_id}'")
        raise NotFound(f"id prefix '{obs_id}' matches several observations; give more of it")

    def source(self, source_id: str) -> Source:
        row = self.conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFound(f"no source with id '{source_id}'")
        return row_to_source(row)

    def sources(self) -> list[Source]:
        rows = self.conn.execute("SELECT * FROM sources ORDER BY published DESC NULLS LAST, id")
        return [row_to_source(r) for r in rows]

    def source_counts(self, *, category: str | None = None) -> dict[str, int]:
        """Figures per source, in every series or those of one category (the kept tally)."""
        sql, args = "SELECT source_id, sum(n) FROM series_sources", []
        if category is not None:
            sql, args = sql + " WHERE category = ?", [category]
        rows = self.conn.execute(sql + " GROUP BY source_id", args)
        return {r[0]: int(r[1]) for r in rows}

    def series_sources(self, *, category: str | None = None) -> list[dict[str, Any]]:
        """(provider, recipient, category, unit, source_id, n) of every series, or of one
        category: which sources give a series its figures, and how many."""
        sql = "SELECT provider, recipient, category, unit, source_id, n FROM series_sources"
        args: list[Any] = []
        if category is not None:
            sql += " WHERE category = ?"
            args.append(category)
        rows = self.conn.execute(sql + " ORDER BY provider, recipient, category, unit, n DESC, "
                                 "source_id", args).fetchall()
        return [{k: row[k] for k in row.keys()} for row in rows]

    def sources_for(self, observations: Iterable[Observation]) -> dict[str, Source]:
        ids = sorted({o.source_id for o in observations})
        return {i: self.source(i) for i in ids}

    # -- writing ---------------------------------------------------------------------------
    def check_batch(self, batch: Batch) -> list[Problem]:
        """Problems a batch would cause against what is already stored."""
        problems: list[Problem] = []
        batch_sources = {s.id: s for _, s in batch.sources}
        stored_sources = self._existing("sources", batch_sources, row_to_source)
        for where, source in batch.sources:
            prior = stored_sources.get(source.id)
            if prior is not None and prior != source:
                problems.append(where.problem("id", f"source '{source.id}' is already stored "
                                              "with different content", "duplicate-id"))
        referenced = {o.source_id for _, o in batch.observations} - set(batch_sources)
        known = set(self._existing("sources", dict.fromkeys(referenced), row_to_source))
        stored_obs = self._existing("observations", {o.id: o for _, o in batch.observations},
                                    row_to_observation)
        for where, obs in batch.observations:
            if obs.source_id not in batch_sources and obs.source_id not in known:
                problems.append(where.problem("source_id", f"source '{obs.source_id}' is neither "
                                              "in this import nor in the ledger",
                                              "missing-source"))
            prior_obs = stored_obs.get(obs.id)
            if prior_obs is not None and prior_obs != obs:
                problems.append(where.problem("id", f"observation '{obs.id}' is already stored "
                                              "with different content", "duplicate-id"))
        return problems

    def check_writable(self) -> None:
        """Raise LedgerReadOnly (with the reason) when this ledger cannot be written."""
        reason = self.conn.read_only
        if reason:
            raise LedgerReadOnly(f"the ledger {self.conn.location} is read-only ({reason}); "
                                 "it can be browsed, but writing needs write access to the "
                                 "file and its folder")

    def replaced(self) -> bool:
        """True if the file this ledger was opened from was removed or replaced since."""
        return self.path is not None and file_identity(self.path) != self.identity

    def transaction(self) -> Transaction:
        return Transaction(self)

    def rebuild(self, data_dir: Path | None = None) -> None:
        """Empty the ledger and load the bundled dataset again, in one transaction: readers
        see the old ledger until the commit, then the new one (``init --rebuild``)."""
        self.check_writable()
        with self.transaction():
            for table in ("observations", "sources", "series_summary", "series_sources",
                          "imports"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("DELETE FROM meta WHERE key = 'bundled_digest'")
            self.conn.execute("INSERT INTO meta VALUES ('generation', ?) ON CONFLICT (key) "
                              "DO UPDATE SET value = excluded.value", (uuid.uuid4().hex,))
            self._sync_bundled(data_dir, in_transaction=True)

    def series_summary(self) -> list[dict[str, Any]]:
        """One row per (provider, recipient, category, unit): n, low, high, first, last, and
        apart the per-month figures (monthly) and the span of the others (totals_*)."""
        rows = self.conn.execute("SELECT * FROM series_summary ORDER BY provider, recipient, "
                                 "category, unit").fetchall()
        return [{k: row[k] for k in row.keys()} for row in rows]

    def count_sources_in_use(self) -> int:
        """Sources that at least one observation cites (one index probe per source)."""
        return int(self.conn.execute(
            "SELECT count(*) FROM sources s WHERE EXISTS (SELECT 1 FROM observations o "
            "WHERE o.source_id = s.id)").fetchone()[0])

    # -- bundled dataset -------------------------------------------------------------------
    def sync_bundled(self, data_dir: Path | None = None) -> bool:
        """Bring the bundled rows in line with the shipped dataset; True if anything changed.

        Rows a user imported are never touched; bundled rows are replaced as a whole, in one
        transaction, when the shipped files change (a corrected figure gets a new id). A
        read-only ledger is left as it is.
        """
        if self.conn.read_only:
            return False
        return self._sync_bundled(data_dir, in_transaction=False)

    def _sync_bundled(self, data_dir: Path | None, *, in_transaction: bool) -> bool:
        data_dir = data_dir or bundled_data_dir()
        files = [data_dir / "sources.csv", data_dir / "observations.csv",
                 *bundled_release_files(data_dir)]
        digest = files_digest(files)
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'bundled_digest'").fetchone()
        if row is not None and row[0] == digest:
            return False
        batch = read_paths([data_dir])
        try:
            for source, observations in bundled_releases(data_dir):
                where = Located(source.title, None)
                batch.sources.append((where, source))
                batch.observations += [(where, o) for o in observations]
        except InputError as err:
            batch.problems += err.problems
        if batch.problems:
            raise StoreError("the bundled dataset is invalid:\n" + str(InputError(batch.problems)))
        with contextlib.nullcontext() if in_transaction else self.transaction():
            self.conn.execute("DELETE FROM observations WHERE import_id IN "
                              "(SELECT id FROM imports WHERE origin = ?)", (BUNDLED_ORIGIN,))
            self.conn.execute("DELETE FROM sources WHERE import_id IN (SELECT id FROM imports "
                              "WHERE origin = ?) AND id NOT IN (SELECT source_id FROM "
                              "observations)", (BUNDLED_ORIGIN,))
            sources = [s for s in unique((s.id, s) for _, s in batch.sources)
                       if self._source_or_none(s.id) is None]
            observations = [o for o in unique((o.id, o) for _, o in batch.observations)
                            if not self._exists("observations", o.id)]
            self._insert(BUNDLED_ORIGIN, digest, sources, observations,
                         {s.id: s for _, s in batch.sources})
            summary.rebuild(self.conn)
            self.conn.execute("INSERT INTO meta VALUES ('bundled_digest', ?) ON CONFLICT (key) "
                              "DO UPDATE SET value = excluded.value", (digest,))
        return True

    # -- helpers ---------------------------------------------------------------------------
    def _exists(self, table: str, row_id: str) -> bool:
        sql = f"SELECT 1 FROM {table} WHERE id = ?"
        return self.conn.execute(sql, (row_id,)).fetchone() is not None

    def _source_or_none(self, source_id: str) -> Source | None:
        row = self.conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
        return row_to_source(row) if row else None

    def _existing(self, table: str, wanted: dict[str, Any], convert: Callable[[Any], Any]
                  ) -> dict[str, Any]:
        ids = list(wanted)
        found: dict[str, Any] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
                found[row["id"]] = convert(row)
        return found


def open_ledger(path: Path | str | None = None, *, bundled: bool = True,
                read_only: bool = False) -> Ledger:
    """Open (creating if needed) a ledger; by default it holds the bundled dataset.

    ``path`` is an SQLite file (default :func:`default_db_path`), ``":memory:"`` for a
    throwaway ledger, or a ``postgresql://`` URL for a ledger shared on a server. A file that
    cannot be written (or ``read_only=True``) opens read-only: it can be browsed, writes are
    refused with the reason.
    """
    target = str(path) if path is not None else str(default_db_path())
    try:
        if is_postgres_url(target):
            conn: Database = connect_postgres(target)
            file = None
        else:
            conn = connect_sqlite(target, read_only=read_only)
            file = None if target == ":memory:" else Path(target)
        if conn.read_only:
            _check_current(conn, target)
        else:
            migrate(conn)
    except database_errors() as err:
        if "locked" in str(err) or "busy" in str(err):
            raise StoreBusy(f"the ledger {target} is busy: another process is writing to it; "
                            "try again in a moment") from err
        raise StoreError(f"{target}: not a usable ledger database ({err})") from err
    except StoreError as err:
        if isinstance(err, LedgerReadOnly | StoreBusy):
            raise
        raise StoreError(f"{target}: not a usable ledger database ({err})") from err
    ledger = Ledger(conn, file)
    if bundled:
        ledger.sync_bundled()
    return ledger


def _check_current(conn: Database, target: str) -> None:
    """A read-only ledger cannot be migrated: it must already have every migration."""
    missing = pending(conn)
    if missing:
        conn.close()
        raise LedgerReadOnly(f"the ledger {target} is read-only and needs upgrading "
                             f"({', '.join(missing)}); open it once with write access")
