"""Streaming writes: records are checked and inserted chunk by chunk inside one transaction.

Memory stays bounded whatever the size of the input: only the current chunk of observations,
the sources of the import (few) and the per-series aggregates are held. All or nothing still
holds because everything happens inside one ``BEGIN IMMEDIATE`` transaction that is rolled
back when any problem was found; once a problem is found nothing more is inserted, but the
rest of the input is still checked so every problem is reported at once.

The aggregates of :mod:`warledger.ledger.summary` (per series, and per series and source) are
updated in the same transaction, so the series list and the dashboard never scan the
observations.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from warledger.ledger.backends import Database
from warledger.ledger.dates import first_day
from warledger.ledger.io import Located, Reading, Record
from warledger.ledger.models import Observation, Source
from warledger.ledger.summary import SeriesTally, merge

CHUNK = 5000
#: named, because migrations append columns (origin, quote) after the original ones
OBS_COLUMNS = ("id, provider, recipient, category, quantity_low, quantity_high, qualifier, "
               "unit, basis, period_start, period_end, as_of, price_year, source_id, note, "
               "derived_from, ref_date, import_id, origin, quote")
INSERT_OBS = (f"INSERT INTO observations ({OBS_COLUMNS}) VALUES "
               "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
INSERT_SOURCE = "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?)"

Tick = Callable[[Reading], None]


def ref_date(obs: Observation, source: Source | None) -> str | None:
    """The date filters use: as_of, else period_end, else the source's publication date."""
    for value in (obs.as_of, obs.period_end, source.published if source else None):
        if value:
            return first_day(value).isoformat()
    return None


def observation_row(obs: Observation, source: Source | None, import_id: int) -> tuple[Any, ...]:
    return (obs.id, obs.provider, obs.recipient, obs.category, obs.quantity_low,
            obs.quantity_high, obs.qualifier, obs.unit, obs.basis, obs.period_start,
            obs.period_end, obs.as_of, obs.price_year, obs.source_id, obs.note,
            json.dumps(obs.derived_from) if obs.derived_from else "[]", ref_date(obs, source),
            import_id, obs.origin, obs.quote)


def source_row(source: Source, import_id: int) -> tuple[Any, ...]:
    s = source
    return (s.id, s.publisher, s.title, s.url, s.published, s.attributed_to, s.reliability,
            s.credibility, s.note, import_id)


class StreamWriter:
    """Check and insert records of one import; collect problems in ``reading``."""

    def __init__(self, conn: Database, import_id: int, reading: Reading,
                 load_observation: Callable[[Any], Observation],
                 load_source: Callable[[Any], Source], tick: Tick | None = None) -> None:
        self.conn = conn
        self.import_id = import_id
        self.reading = reading
        self.load_observation = load_observation
        self.load_source = load_source
        self.tick = tick
        self.sources: dict[str, Source] = {}  # sources of this import
        self.stored_sources: dict[str, Source | None] = {}
        self.chunk: list[tuple[Located, Observation]] = []
        self.waiting: list[tuple[Located, Observation]] = []  # their source may come later
        self.tally = SeriesTally()
        self.added_sources = 0
        self.added = 0
        self.skipped = 0

    @property
    def writing(self) -> bool:
        return not self.reading.problems

    def feed(self, records: Iterable[tuple[Located, Record]]) -> None:
        for where, record in records:
            if isinstance(record, Source):
                self._source(where, record)
            elif record.source_id in self.sources or self._stored_source(record.source_id):
                self.chunk.append((where, record))
                if len(self.chunk) >= CHUNK:
                    self.flush()
            else:
                self.waiting.append((where, record))
        self.finish()

    def finish(self) -> None:
        self.flush()
        for where, obs in self.waiting:
            if obs.source_id in self.sources or self._stored_source(obs.source_id):
                self.chunk.append((where, obs))
            else:
                self.reading.add([where.problem("source_id", f"source '{obs.source_id}' is "
                                                "neither in this import nor in the ledger",
                                                "missing-source")])
        self.waiting = []
        self.flush()
        if self.writing and self.tally:
            merge(self.conn, self.tally)

    def _stored_source(self, source_id: str) -> Source | None:
        if source_id not in self.stored_sources:
            row = self.conn.execute("SELECT * FROM sources WHERE id = ?",
                                    (source_id,)).fetchone()
            self.stored_sources[source_id] = self.load_source(row) if row else None
        return self.stored_sources[source_id]

    def _source(self, where: Located, source: Source) -> None:
        prior = self.sources.get(source.id)
        if prior is not None:
            if prior != source:
                self.reading.add([where.problem("id", f"source id '{source.id}' appears twice "
                                                "with different content", "duplicate-id")])
            return
        stored = self._stored_source(source.id)
        if stored is not None and stored != source:
            self.reading.add([where.problem("id", f"source '{source.id}' is already stored "
                                            "with different content", "duplicate-id")])
            return
        self.sources[source.id] = source
        if stored is None and self.writing:
            self.conn.execute(INSERT_SOURCE, source_row(source, self.import_id))
            self.stored_sources[source.id] = source
            self.added_sources += 1

    def flush(self) -> None:
        chunk: dict[str, tuple[Located, Observation]] = {}
        for where, obs in self.chunk:
            prior = chunk.setdefault(obs.id, (where, obs))[1]
            if prior != obs:
                self.reading.add([where.problem("id", f"observation id '{obs.id}' appears "
                                                "twice with different content", "duplicate-id")])
        self.chunk = []
        stored = self._stored_rows(list(chunk))
        new = [obs for where, obs in chunk.values() if self._is_new(where, obs,
                                                                      stored.get(obs.id))]
        if new and self.writing:
            self.conn.executemany(INSERT_OBS, [observation_row(
                o, self.sources.get(o.source_id) or self._stored_source(o.source_id),
                self.import_id) for o in new])
            self.added += len(new)
            for obs in new:
                self.tally.add(obs)
        if self.tick:
            self.tick(self.reading)

    def _stored_rows(self, ids: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            sql = f"SELECT * FROM observations WHERE id IN ({','.join('?' * len(part))})"
            for row in self.conn.execute(sql, part):
                found[row["id"]] = row
        return found

    def _is_new(self, where: Located, obs: Observation, row: Any) -> bool:
        if row is None:
            return True
        if self.load_observation(row) == obs:
            if row["import_id"] != self.import_id:
                self.skipped += 1
            return False
        again = row["import_id"] == self.import_id
        self.reading.add([where.problem("id", f"observation '{obs.id}' "
                                        + ("appears twice in this import" if again else
                                           "is already stored")
                                        + " with different content", "duplicate-id")])
        return False
