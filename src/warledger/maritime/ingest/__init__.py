"""Ingest: NMEA, DMA CSV, NOAA CSV, GFW JSON lines and Parquet into one sorted Parquet file.

Every text format may be compressed (``.gz``, ``.bz2``, ``.zst``) or packed in a ``.zip``
(every member is read); all are read as streams (see :mod:`.streams`).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from warledger.maritime.errors import AISInputError
from warledger.maritime.ingest.csvformats import dma_row, noaa_row, read_csv, sniff_csv
from warledger.maritime.ingest.gfwjson import read_gfw_json
from warledger.maritime.ingest.nmea import read_nmea_tables
from warledger.maritime.ingest.streams import Input, expand, open_input, sniff_lines
from warledger.maritime.schema import COLUMNS, POSITION_SCHEMA, Rejects, RowBuffer

BATCH_ROWS = 250_000
SPILL_ROWS = 4_000_000  # rows held in memory before parts are written to disk
POSITIONS_FILE = "positions.parquet"
NMEA_SUFFIXES = {".nmea", ".ais", ".txt", ".nm4", ".log", ".rx"}


@dataclass
class IngestResult:
    path: Path
    rows: int
    rejects: Rejects
    formats: dict[str, str]


def detect_format(path: Path | Input) -> str:
    """The reader for one input: by suffix (inside any compression), then by the header."""
    item = path if isinstance(path, Input) else expand(path)[0]
    suffix = Path(item.inner).suffix.lower()
    if suffix == ".parquet":
        if item.compression or item.member:
            raise AISInputError(f"{item.label}: a compressed or zipped Parquet file; "
                                "Parquet compresses itself, pass it as it is")
        return "parquet"
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "gfw-json"
    if suffix == ".csv":
        kind = sniff_csv(sniff_lines(item, 1)[:1])
        if kind is None:
            raise AISInputError(f"{item.label}: a CSV header that is neither DMA nor "
                                "NOAA MarineCadastre")
        return kind
    if suffix in NMEA_SUFFIXES:
        return "nmea"
    raise AISInputError(f"{item.label}: unknown input format (suffix '{suffix}'); "
                        "expected .nmea/.ais/.txt/.nm4/.log, .csv, .json or .parquet, "
                        "optionally .gz/.bz2/.zst, or a .zip of those")


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


def _tables(item: Input, handle: BinaryIO, kind: str, rejects: Rejects,
            check: bool) -> Iterator[pa.Table]:
    source = Path(item.inner).stem
    if kind == "nmea":
        yield from read_nmea_tables(handle, item.label, rejects, check_checksum=check,
                                    source=source)
        return
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
    rows: Iterator[dict[str, Any]]
    if kind == "gfw-json":
        rows = read_gfw_json(text, item.label, rejects, source)
    else:
        rows = read_csv(text, item.label, rejects, dma_row if kind == "dma" else noaa_row,
                        source)
    buffer = RowBuffer()
    for row in rows:
        buffer.append(row)
        if len(buffer) >= BATCH_ROWS:
            yield buffer.take()
    yield buffer.take()


def _synthetic_marker(path: Path) -> dict[bytes, bytes]:
    from warledger.maritime.simulate import SYNTHETIC_KEY

    found = (pq.read_schema(path).metadata or {}).get(SYNTHETIC_KEY)
    return {SYNTHETIC_KEY: found} if found else {}


def _write_sorted(held: list[pa.Table], parts: list[Path], out: Path,
                  meta: dict[bytes, bytes]) -> None:
    """Sort by (mmsi, ts) in memory, or out of core when parts were spilled to disk;
    ``meta`` (the synthetic-data marker of a simulated input) goes into the output."""
    import polars as pl

    if not parts:
        table = pa.concat_tables(held) if held else POSITION_SCHEMA.empty_table()
        table = table.replace_schema_metadata(meta or None)
        ts = table["ts"].cast(pa.int64()).to_numpy(zero_copy_only=False)
        if table["ts"].null_count == 0 and bool(np.all(ts[1:] >= ts[:-1])):
            # a log in time order (the usual case): a stable sort by MMSI keeps it
            order = np.argsort(table["mmsi"].to_numpy(zero_copy_only=False), kind="stable")
            pq.write_table(table.select(COLUMNS).take(order), out, row_group_size=1_000_000,
                           use_dictionary=["source"], compression="zstd",
                           compression_level=1)
            return
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        pq.write_table(frame.select(COLUMNS).sort(["mmsi", "ts"]).to_arrow().cast(
            POSITION_SCHEMA).replace_schema_metadata(meta or None), out,
            row_group_size=1_000_000)
        return
    if held:
        part = parts[0].parent / f"part-{len(parts):05d}.parquet"
        pq.write_table(pa.concat_tables(held), part, compression="lz4")
        parts.append(part)
    # the streaming engine sorts out of core when the parts exceed memory
    lazy = pl.scan_parquet([str(p) for p in parts]).select(COLUMNS).sort(["mmsi", "ts"])
    lazy.sink_parquet(str(out), row_group_size=1_000_000)
    if meta:  # rewrite the footer with the marker, batch by batch
        marked = out.with_suffix(".marked.parquet")
        reader = pq.ParquetFile(out)
        schema = reader.schema_arrow.with_metadata(meta)
        with pq.ParquetWriter(marked, schema) as writer:
            for batch in reader.iter_batches(batch_size=1_000_000):
                writer.write_batch(batch)
        marked.replace(out)


def ingest(
    inputs: list[Path],
    out_dir: Path,
    *,
    check_checksum: bool = True,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """Read every input, write ``out_dir/positions.parquet`` sorted by (mmsi, ts).

    ``progress`` is called with the number of input bytes (compressed, over all inputs) read
    so far.
    """
    items = [item for path in inputs for item in expand(path)]
    kinds = [detect_format(item) for item in items]
    out_dir.mkdir(parents=True, exist_ok=True)
    rejects, formats = Rejects(), {}
    out = out_dir / POSITIONS_FILE
    meta: dict[bytes, bytes] = {}
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        held: list[pa.Table] = []
        parts: list[Path] = []

        def flush(table: pa.Table) -> None:
            held.append(table)
            if sum(t.num_rows for t in held) >= SPILL_ROWS:
                part = Path(tmp) / f"part-{len(parts):05d}.parquet"
                pq.write_table(pa.concat_tables(held), part, compression="lz4")
                parts.append(part)
                held.clear()

        done = 0
        for item, kind in zip(items, kinds, strict=True):
            formats[str(item.label if item.member else item.path)] = kind
            if kind == "parquet":
                flush(read_parquet_positions(item.path))
                meta.update(_synthetic_marker(item.path))
            else:
                with open_input(item) as (handle, counter):
                    for table in _tables(item, handle, kind, rejects, check_checksum):
                        if table.num_rows:
                            flush(table)
                        if progress and counter is not None:
                            progress(done + counter.count)
            done += item.size
            if progress:
                progress(done)
        _write_sorted(held, parts, out, meta)
    rows = pq.ParquetFile(out).metadata.num_rows
    return IngestResult(out, rows, rejects, formats)
