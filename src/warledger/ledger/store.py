"""The embedded ledger store: one SQLite file in WAL mode, built from the bundled dataset.

Writes are all-or-nothing: a batch is parsed and checked against the store in full before a
single ``BEGIN IMMEDIATE`` transaction inserts it. Re-importing the same rows adds nothing
because observation ids are derived from their content.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from warledger.bundled import bundled_data_dir, bundled_release_files, bundled_releases
from warledger.errors import (
    InputError,
    LedgerReadOnly,
    LedgerReplaced,
    NotFound,
    Problem,
    StoreBusy,
    StoreError,
)
from warledger.ledger.backends import (
    Database,
    connect_postgres,
    connect_sqlite,
    database_errors,
    is_postgres_url,
)
from warledger.ledger.dates import first_day, last_day
from warledger.ledger.io import Batch, Located, Reading, iter_records, read_paths
from warledger.ledger.models import Observation, Source
from warledger.ledger.schema import migrate, pending
from warledger.ledger.writer import (
    INSERT_OBS,
    INSERT_SOURCE,
    StreamWriter,
    Tick,
    observation_row,
    rebuild_summary,
    source_row,
)

DB_ENV = "WARLEDGER_DB"
BUNDLED_ORIGIN = "bundled"
#: SQLite page cache during an import (negative: KiB), 64 MiB
IMPORT_CACHE_KIB = -65536

Progress = Callable[[int, int], None]


def default_db_path() -> Path:
    """``$WARLEDGER_DB`` if set, else ``ledger.db`` in the user data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("warledger")) / "ledger.db"


def files_digest(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for file in sorted(Path(f) for f in files):
        digest.update(file.name.encode())
        with file.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ImportResult:
    added_sources: int
    added_observations: int
    skipped_observations: int  # already in the store with the same content
    import_id: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "added_sources": self.added_sources,
            "added_observations": self.added_observations,
            "skipped_observations": self.skipped_observations,
            "import_id": self.import_id,
        }


class Ledger:
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
        where, args = _filters(provider, recipient, category, basis, unit, source_id, since,
                               until, derived)
        sql = "SELECT * FROM observations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY provider, recipient, category, ref_date, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [_row_to_observation(row) for row in self.conn.execute(sql, args)]

    def count_observations(self, *, provider: str | None = None, recipient: str | None = None,
                           category: str | None = None, basis: str | None = None,
                           unit: str | None = None, source_id: str | None = None,
                           since: str | None = None, until: str | None = None,
                           derived: bool | None = None) -> int:
        """How many observations match the filters (the same filters as observations())."""
        where, args = _filters(provider, recipient, category, basis, unit, source_id, since,
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
            return _row_to_observation(exact[0])
        if len(rows) == 1:
            return _row_to_observation(rows[0])
        if not rows:
            raise NotFound(f"no observation with id '{obs_id}'")
        raise NotFound(f"id prefix '{obs_id}' matches several observations; give more of it")

    def source(self, source_id: str) -> Source:
        row = self.conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFound(f"no source with id '{source_id}'")
        return _row_to_source(row)

    def sources(self) -> list[Source]:
        rows = self.conn.execute("SELECT * FROM sources ORDER BY published DESC NULLS LAST, id")
        return [_row_to_source(r) for r in rows]

    def source_counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT source_id, count(*) FROM observations GROUP BY 1")
        return {r[0]: r[1] for r in rows}

    def sources_for(self, observations: Iterable[Observation]) -> dict[str, Source]:
        ids = sorted({o.source_id for o in observations})
        return {i: self.source(i) for i in ids}

    # -- writing ---------------------------------------------------------------------------
    def import_paths(self, paths: Sequence[Path], *, origin: str | None = None,
                     progress: Tick | None = None) -> ImportResult:
        """Import CSV/JSON files or dataset folders, all or nothing, streaming.

        ``progress`` is called after every chunk with the :class:`Reading` (rows and bytes).
        """
        reading = Reading()
        label = origin or " ".join(str(p) for p in paths)
        return self._write(iter_records(paths, reading), reading, label,
                           lambda: files_digest(reading.files), progress)

    def add(self, sources: Sequence[Source], observations: Sequence[Observation], *,
            origin: str = "api", progress: Progress | None = None) -> ImportResult:
        """Add model objects (from code or the API), all or nothing."""
        where = Located(origin, None)
        records: list[tuple[Located, Source | Observation]] = [(where, s) for s in sources]
        records += [(where, o) for o in observations]
        digest = hashlib.sha256(
            json.dumps([o.id for o in observations] + [s.id for s in sources]).encode()
        ).hexdigest()

        def tick(reading: Reading) -> None:
            if progress:
                progress(min(reading.rows, len(observations)), len(observations))

        reading = Reading()

        def counted() -> Iterable[tuple[Located, Source | Observation]]:
            for item in records:
                reading.rows += isinstance(item[1], Observation)
                yield item

        return self._write(counted(), reading, origin, lambda: digest, tick)

    def _write(self, records: Iterable[tuple[Located, Source | Observation]], reading: Reading,
               origin: str, digest: Callable[[], str], tick: Tick | None) -> ImportResult:
        self.check_writable()
        with self._big_cache():
            return self._write_all(records, reading, origin, digest, tick)

    @contextlib.contextmanager
    def _big_cache(self) -> Iterator[None]:
        """A 64 MiB page cache while importing: index inserts of random ids stay in memory."""
        if self.conn.dialect != "sqlite":
            yield
            return
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    def _write_all(self, records: Iterable[tuple[Located, Source | Observation]],
                   reading: Reading, origin: str, digest: Callable[[], str],
                   tick: Tick | None) -> ImportResult:
        try:
            with self.transaction():
                import_id = int(self.conn.execute(
                    "INSERT INTO imports (origin, digest, imported_at, n_sources, "
                    "n_observations) VALUES (?, '', ?, 0, 0) RETURNING id",
                    (origin, datetime.now(UTC).isoformat(timespec="seconds"))).fetchone()[0])
                writer = StreamWriter(self.conn, import_id, reading, _row_to_observation,
                                      _row_to_source, tick)
                writer.feed(records)
                if reading.problems:
                    raise InputError(reading.all_problems())
                if not writer.added and not writer.added_sources:
                    raise _NothingNew(writer.skipped)
                self.conn.execute("UPDATE imports SET digest = ?, n_sources = ?, "
                                  "n_observations = ? WHERE id = ?",
                                  (digest(), writer.added_sources, writer.added, import_id))
        except _NothingNew as nothing:
            return ImportResult(0, 0, nothing.skipped, None)
        return ImportResult(writer.added_sources, writer.added, writer.skipped, import_id)

    def check_batch(self, batch: Batch) -> list[Problem]:
        """Problems a batch would cause against what is already stored."""
        problems: list[Problem] = []
        batch_sources = {s.id: s for _, s in batch.sources}
        stored_sources = self._existing("sources", batch_sources, _row_to_source)
        for where, source in batch.sources:
            prior = stored_sources.get(source.id)
            if prior is not None and prior != source:
                problems.append(where.problem("id", f"source '{source.id}' is already stored "
                                              "with different content", "duplicate-id"))
        referenced = {o.source_id for _, o in batch.observations} - set(batch_sources)
        known = set(self._existing("sources", dict.fromkeys(referenced), _row_to_source))
        stored_obs = self._existing("observations", {o.id: o for _, o in batch.observations},
                                    _row_to_observation)
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

    def _insert(self, origin: str, digest: str, sources: list[Source],
                observations: list[Observation], source_of: dict[str, Source]) -> int:
        import_id = int(self.conn.execute(
            "INSERT INTO imports (origin, digest, imported_at, n_sources, n_observations) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (origin, digest, datetime.now(UTC).isoformat(timespec="seconds"), len(sources),
             len(observations)),
        ).fetchone()[0])
        self.conn.executemany(INSERT_SOURCE, [source_row(s, import_id) for s in sources])
        self.conn.executemany(INSERT_OBS, [observation_row(
            o, source_of.get(o.source_id) or self._source_or_none(o.source_id), import_id)
            for o in observations])
        return import_id

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

    def transaction(self) -> _Transaction:
        return _Transaction(self)

    def rebuild(self, data_dir: Path | None = None) -> None:
        """Empty the ledger and load the bundled dataset again, in one transaction: readers
        see the old ledger until the commit, then the new one (``init --rebuild``)."""
        self.check_writable()
        with self.transaction():
            for table in ("observations", "sources", "series_summary", "imports"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("DELETE FROM meta WHERE key = 'bundled_digest'")
            self.conn.execute("INSERT INTO meta VALUES ('generation', ?) ON CONFLICT (key) "
                              "DO UPDATE SET value = excluded.value", (uuid.uuid4().hex,))
            self._sync_bundled(data_dir, in_transaction=True)

    def series_summary(self) -> list[dict[str, Any]]:
        """One row per (provider, recipient, category, unit): n, low, high, first, last."""
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
            sources = [s for s in _unique((s.id, s) for _, s in batch.sources)
                       if self._source_or_none(s.id) is None]
            observations = [o for o in _unique((o.id, o) for _, o in batch.observations)
                            if not self._exists("observations", o.id)]
            self._insert(BUNDLED_ORIGIN, digest, sources, observations,
                         {s.id: s for _, s in batch.sources})
            rebuild_summary(self.conn)
            self.conn.execute("INSERT INTO meta VALUES ('bundled_digest', ?) ON CONFLICT (key) "
                              "DO UPDATE SET value = excluded.value", (digest,))
        return True

    # -- helpers ---------------------------------------------------------------------------
    def _exists(self, table: str, row_id: str) -> bool:
        sql = f"SELECT 1 FROM {table} WHERE id = ?"
        return self.conn.execute(sql, (row_id,)).fetchone() is not None

    def _source_or_none(self, source_id: str) -> Source | None:
        row = self.conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
        return _row_to_source(row) if row else None

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


def _filters(provider: str | None, recipient: str | None, category: str | None,
             basis: str | None, unit: str | None, source_id: str | None, since: str | None,
             until: str | None, derived: bool | None) -> tuple[list[str], list[Any]]:
    """WHERE clauses and arguments shared by observations() and count_observations()."""
    where: list[str] = []
    args: list[Any] = []
    for column, value in (("provider", provider), ("recipient", recipient),
                          ("category", category), ("basis", basis), ("unit", unit),
                          ("source_id", source_id)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if since:
        where.append("ref_date >= ?")
        args.append(first_day(since).isoformat())
    if until:
        where.append("ref_date <= ?")
        args.append(last_day(until).isoformat())
    if derived is not None:
        where.append("derived_from " + ("!=" if derived else "=") + " '[]'")
    return where, args


class _NothingNew(Exception):  # noqa: N818 - control flow: roll back an import adding nothing
    def __init__(self, skipped: int) -> None:
        self.skipped = skipped


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a file, None if it is gone: a rebuilt or replaced file differs."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

    After taking the write lock it checks that the file is still the one opened, so a write
    never goes into a ledger file that was removed or replaced meanwhile.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.conn = ledger.conn

    def __enter__(self) -> Database:
        self.ledger.check_writable()
        self.conn.execute(self.conn.begin_sql)
        if self.ledger.replaced():
            self.conn.execute("ROLLBACK")
            raise LedgerReplaced(f"the ledger file {self.ledger.path} was removed or replaced "
                                 "while open (init --rebuild?); nothing was written: open it "
                                 "again")
        return self.conn

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def _unique(pairs: Iterable[tuple[str, Any]]) -> list[Any]:
    return list(dict(pairs).values())


_OBS_FIELDS = frozenset(Observation.model_fields)
_SOURCE_FIELDS = frozenset(Source.model_fields)


def _row_to_observation(row: Any) -> Observation:
    data = {k: v for k, v in zip(row.keys(), row, strict=True)
            if v is not None and k in _OBS_FIELDS}
    derived = data.get("derived_from")
    data["derived_from"] = json.loads(derived) if derived and derived != "[]" else []
    return Observation.model_validate(data)


def _row_to_source(row: Any) -> Source:
    return Source.model_validate({k: v for k, v in zip(row.keys(), row, strict=True)
                                  if v is not None and k in _SOURCE_FIELDS})


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
