"""Ingest: NMEA, DMA CSV, NOAA CSV, GFW JSON lines and Parquet into one sorted Parquet file."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from warledger.maritime.errors import AISInputError
from warledger.maritime.ingest.csvformats import dma_row, noaa_row, read_csv, sniff_csv
from warledger.maritime.ingest.gfwjson import read_gfw_json
from warledger.maritime.ingest.nmea import read_nmea
from warledger.maritime.schema import COLUMNS, POSITION_SCHEMA, Rejects, RowBuffer

BATCH_ROWS = 250_000
POSITIONS_FILE = "positions.parquet"
NMEA_SUFFIXES = {".nmea", ".ais", ".txt", ".nm4", ".log", ".rx"}


@dataclass
class IngestResult:
    path: Path
    rows: int
    rejects: Rejects
    formats: dict[str, str]


def detect_format(path: Path) -> str:
    """The reader for one file: by suffix, then by sniffing the header."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "gfw-json"
    if suffix == ".csv":
        kind = sniff_csv(path)
        if kind is None:
            raise AISInputError(f"{path}: a CSV header that is neither DMA nor NOAA MarineCadastre")
        return kind
    if suffix in NMEA_SUFFIXES:
        return "nmea"
    raise AISInputError(f"{path}: unknown input format (suffix '{path.suffix}')")


def read_parquet_positions(path: Path) -> pa.Table:
    """A Parquet file already in (or castable to) the normalised layout."""
    table = pq.read_table(path)
    missing = [c for c in ("mmsi", "ts", "lat", "lon") if c not in table.column_names]
    if missing:
        raise AISInputError(f"{path}: Parquet file lacks column(s) {', '.join(missing)}")
    cols = {}
    for field in POSITION_SCHEMA:
        cols[field.name] = (table[field.name] if field.name in table.column_names
                            else pa.nulls(table.num_rows, field.type))
    try:
        return pa.table(cols).cast(POSITION_SCHEMA)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise AISInputError(f"{path}: columns do not cast to the position layout: {exc}") from exc


def _rows(path: Path, kind: str, rejects: Rejects, check: bool) -> Iterator[dict[str, Any]]:
    if kind == "nmea":
        return read_nmea(path, rejects, check_checksum=check)
    if kind == "gfw-json":
        return read_gfw_json(path, rejects)
    return read_csv(path, rejects, dma_row if kind == "dma" else noaa_row)


def ingest(
    inputs: list[Path],
    out_dir: Path,
    *,
    check_checksum: bool = True,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """Read every input, write ``out_dir/positions.parquet`` sorted by (mmsi, ts)."""
    import polars as pl

    for path in inputs:
        if not path.is_file():
            raise AISInputError(f"{path}: no such file")
    out_dir.mkdir(parents=True, exist_ok=True)
    rejects, formats = Rejects(), {}
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        parts: list[Path] = []

        def flush(table: pa.Table) -> None:
            part = Path(tmp) / f"part-{len(parts):05d}.parquet"
            pq.write_table(table, part)
            parts.append(part)
            if progress:
                progress(table.num_rows)

        for path in inputs:
            kind = formats[str(path)] = detect_format(path)
            if kind == "parquet":
                flush(read_parquet_positions(path))
                continue
            buffer = RowBuffer()
            for row in _rows(path, kind, rejects, check_checksum):
                buffer.append(row)
                if len(buffer) >= BATCH_ROWS:
                    flush(buffer.take())
            flush(buffer.take())
        out = out_dir / POSITIONS_FILE
        # the streaming engine sorts out of core when the parts exceed memory
        lazy = pl.scan_parquet([str(p) for p in parts]).select(COLUMNS).sort(["mmsi", "ts"])
        lazy.sink_parquet(str(out), row_group_size=1_000_000)
    rows = pq.ParquetFile(out).metadata.num_rows
    return IngestResult(out, rows, rejects, formats)
