"""Pieces the store is built from: row conversion, filters, file identity, transactions."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from warledger.errors import LedgerReplaced
from warledger.ledger.backends import Database
from warledger.ledger.dates import first_day, last_day
from warledger.ledger.models import Observation, Source


class Writable(Protocol):
    conn: Database
    path: Path | None

    def check_writable(self) -> None: ...
    def replaced(self) -> bool: ...


def files_digest(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for file in sorted(Path(f) for f in files):
        digest.update(file.name.encode())
        with file.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()



def filters(provider: str | None, recipient: str | None, category: str | None,
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


class NothingNew(Exception):  # noqa: N818 - control flow: roll back an import adding nothing
    def __init__(self, skipped: int) -> None:
        self.skipped = skipped


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a file, None if it is gone: a rebuilt or replaced file differs."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

    After taking the write lock it checks that the file is still the one opened, so a write
    never goes into a ledger file that was removed or replaced meanwhile.
    """

    def __init__(self, ledger: Writable) -> None:
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


def unique(pairs: Iterable[tuple[str, Any]]) -> list[Any]:
    return list(dict(pairs).values())


_OBS_FIELDS = frozenset(Observation.model_fields)
_SOURCE_FIELDS = frozenset(Source.model_fields)


def row_to_observation(row: Any) -> Observation:
    data = {k: v for k, v in zip(row.keys(), row, strict=True)
            if v is not None and k in _OBS_FIELDS}
    derived = data.get("derived_from")
    data["derived_from"] = json.loads(derived) if derived and derived != "[]" else []
    return Observation.model_validate(data)


def row_to_source(row: Any) -> Source:
    return Source.model_validate({k: v for k, v in zip(row.keys(), row, strict=True)
                                  if v is not None and k in _SOURCE_FIELDS})
