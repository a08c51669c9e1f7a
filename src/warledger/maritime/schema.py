"""The one normalised position layout every reader produces, and rejected-row accounting.

Columns (units in the names where they matter): ``mmsi`` int64, ``ts`` UTC microseconds,
``lat``/``lon`` degrees, ``sog`` knots, ``cog``/``heading`` degrees, ``nav_status``,
``msg_type``, ``source`` (file stem or receiver). Files are sorted by (mmsi, ts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

POSITION_SCHEMA = pa.schema(
    [
        ("mmsi", pa.int64()),
        ("ts", pa.timestamp("us", tz="UTC")),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("sog", pa.float32()),
        ("cog", pa.float32()),
        ("heading", pa.int16()),
        ("nav_status", pa.int8()),
        ("msg_type", pa.int8()),
        ("source", pa.string()),
    ]
)
COLUMNS = POSITION_SCHEMA.names


@dataclass
class Rejects:
    """Rejected-row counts per reason, with the first place each reason was seen."""

    counts: Counter[str] = field(default_factory=Counter)
    first_seen: dict[str, str] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    first_line: dict[str, tuple[str, int]] = field(default_factory=dict)

    def reject(self, reason: str, where: str, n: int = 1,
               at: tuple[str, int] | None = None) -> None:
        """Count ``n`` rejects; ``at`` = (file, line) lets an earlier line of the same file,
        counted later (the NMEA reader counts vectorised lines per block), become first_seen."""
        self.counts[reason] += n
        known = self.first_line.get(reason)
        if reason not in self.first_seen or (
                at is not None and known is not None and at[0] == known[0] and at[1] < known[1]):
            self.first_seen[reason] = where
            if at is not None:
                self.first_line[reason] = at

    def skip(self, reason: str, n: int = 1) -> None:
        """Rows that are valid but not positions (static data, comments): not errors."""
        self.skipped[reason] += n

    def merge(self, other: Rejects) -> None:
        self.counts.update(other.counts)
        self.skipped.update(other.skipped)
        for key, where in other.first_seen.items():
            self.first_seen.setdefault(key, where)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "rejected": dict(sorted(self.counts.items())),
            "first_seen": dict(sorted(self.first_seen.items())),
            "skipped": dict(sorted(self.skipped.items())),
        }

    def summary_lines(self) -> list[str]:
        lines = [f"rejected {self.total} row(s)"]
        for reason, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {reason}: {n} (first at {self.first_seen[reason]})")
        for reason, n in sorted(self.skipped.items()):
            lines.append(f"  skipped, {reason}: {n}")
        return lines


class RowBuffer:
    """Collects normalised rows column-wise and hands them out as Arrow tables."""

    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {name: [] for name in COLUMNS}

    def append(self, row: dict[str, Any]) -> None:
        for name in COLUMNS:
            self.cols[name].append(row.get(name))

    def __len__(self) -> int:
        return len(self.cols["mmsi"])

    def take(self) -> pa.Table:
        table = pa.Table.from_pydict(self.cols, schema=POSITION_SCHEMA)
        self.cols = {name: [] for name in COLUMNS}
        return table


def empty_table() -> pa.Table:
    return POSITION_SCHEMA.empty_table()


def concat(tables: Iterable[pa.Table]) -> pa.Table:
    parts = [t.cast(POSITION_SCHEMA) for t in tables]
    return pa.concat_tables(parts) if parts else empty_table()


def where(path: Path, line: int, column: str | None = None) -> str:
    """A location string naming file, line and field for error messages."""
    text = f"{path.name}:{line}"
    return f"{text} field '{column}'" if column else text


def polars_schema() -> dict[str, object]:
    """The layout as Polars dtypes (for casting frames built elsewhere)."""
    import polars as pl

    frame = pl.from_arrow(empty_table())
    assert isinstance(frame, pl.DataFrame)
    return dict(frame.schema)
