"""The write half of the ledger: streaming imports and model additions, all or nothing."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warledger.errors import InputError
from warledger.ledger.backends import Database
from warledger.ledger.io import Located, Reading, iter_records
from warledger.ledger.models import Observation, Source
from warledger.ledger.rows import (
    NothingNew,
    Transaction,
    files_digest,
    row_to_observation,
    row_to_source,
)
from warledger.ledger.writer import (
    INSERT_OBS,
    INSERT_SOURCE,
    StreamWriter,
    Tick,
    observation_row,
    source_row,
)

#: SQLite page cache during an import (negative: KiB), 64 MiB
IMPORT_CACHE_KIB = -65536

Progress = Callable[[int, int], None]


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


class LedgerWrites:
    """Mixed into :class:`warledger.ledger.store.Ledger`."""

    conn: Database

    def check_writable(self) -> None:
        raise NotImplementedError

    def transaction(self) -> Transaction:
        raise NotImplementedError

    def _source_or_none(self, source_id: str) -> Source | None:
        raise NotImplementedError

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
                writer = StreamWriter(self.conn, import_id, reading, row_to_observation,
                                      row_to_source, tick)
                writer.feed(records)
                if reading.problems:
                    raise InputError(reading.all_problems())
                if not writer.added and not writer.added_sources:
                    raise NothingNew(writer.skipped)
                self.conn.execute("UPDATE imports SET digest = ?, n_sources = ?, "
                                  "n_observations = ? WHERE id = ?",
                                  (digest(), writer.added_sources, writer.added, import_id))
        except NothingNew as nothing:
            return ImportResult(0, 0, nothing.skipped, None)
        return ImportResult(writer.added_sources, writer.added, writer.skipped, import_id)

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
