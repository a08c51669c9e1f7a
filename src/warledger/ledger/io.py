"""Read sources and observations from CSV or JSON files, collecting located problems.

Nothing here touches the store: a file is parsed and validated in full first, so an
import can be all-or-nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from warledger.errors import InputError, Problem
from warledger.ledger.jsonio import MAX_JSON_DEPTH as MAX_JSON_DEPTH  # re-exported
from warledger.ledger.jsonio import load_json
from warledger.ledger.models import Observation, Source

SOURCE_FIELDS = tuple(Source.model_fields)
OBSERVATION_FIELDS = tuple(Observation.model_fields)
#: columns an observations CSV may carry to describe its source inline
INLINE_SOURCE_PREFIX = "source_"


class Located(NamedTuple):
    """Where a record came from, so later checks can still name file and line."""

    file: str
    line: int | None

    def problem(self, field_name: str | None, message: str, code: str) -> Problem:
        return Problem(self.file, self.line, field_name, message, code)


@dataclass
class Batch:
    """Everything read from one or more files, before it meets the store."""

    sources: list[tuple[Located, Source]] = field(default_factory=list)
    observations: list[tuple[Located, Observation]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def raise_if_problems(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return None if value == "" else value
    return value


def _validation_problems(err: ValidationError, where: Located) -> list[Problem]:
    problems = []
    for item in err.errors():
        loc = ".".join(str(p) for p in item["loc"]) or None
        msg = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "missing":
            msg = "is required but missing"
        elif item["type"] == "literal_error":
            msg = f"'{item.get('input')}' is not allowed; {msg.lower()}"
        elif item["type"] in ("float_parsing", "int_parsing"):
            msg = f"'{item.get('input')}' is not a number"
        elif item["type"] == "finite_number":
            msg = f"'{item.get('input')}' is not a finite number (inf and NaN are refused)"
        problems.append(where.problem(loc, msg, _code_for(item["type"], msg)))
    return problems


def _code_for(kind: str, msg: str) -> str:
    if kind == "missing":
        return "missing-value"
    for needle, code in (
        ("actor code", "unknown-actor"),
        ("category", "unknown-category"),
        ("greater than quantity_high", "low-above-high"),
        ("is not a date", "bad-date"),
        ("has month", "bad-date"),
        ("has day", "bad-date"),
        ("unit", "unit-mismatch"),
    ):
        if needle in msg:
            return code
    return "invalid-value"


def parse_source(raw: dict[str, Any], where: Located, batch: Batch) -> Source | None:
    data = {k: _clean(v) for k, v in raw.items() if _clean(v) is not None}
    try:
        return Source(**data)
    except ValidationError as err:
        batch.problems.extend(_validation_problems(err, where))
        return None


def parse_observation(raw: dict[str, Any], where: Located, batch: Batch) -> Observation | None:
    data: dict[str, Any] = {}
    inline: dict[str, Any] = {}
    for key, value in raw.items():
        if value.__class__ is str:  # the common case (CSV cells), inlined for speed
            value = value.strip()
            if not value:
                continue
        elif value is None:
            continue
        if key.startswith(INLINE_SOURCE_PREFIX) and key != "source_id":
            inline[key.removeprefix(INLINE_SOURCE_PREFIX)] = value
        else:
            data[key] = value
    if inline:
        source = parse_source(inline, where, batch)
        if source is None:
            return None
        batch.sources.append((where, source))
        if data.get("source_id") in (None, source.id):
            data["source_id"] = source.id
    derived = data.get("derived_from")
    if isinstance(derived, str):
        data["derived_from"] = [d for d in derived.replace(";", " ").split() if d]
    try:
        return Observation(**data)
    except ValidationError as err:
        batch.problems.extend(_validation_problems(err, where))
        return None


def add_record(batch: Batch, is_source: bool, raw: dict[str, Any], where: Located) -> None:
    """Parse one raw record into the batch, or record its problems there."""
    if is_source:
        source = parse_source(raw, where, batch)
        if source is not None:
            batch.sources.append((where, source))
    else:
        obs = parse_observation(raw, where, batch)
        if obs is not None:
            batch.observations.append((where, obs))


#: a CSV export writes a text cell beginning with one of these after an apostrophe so that
#: spreadsheets do not run it as a formula; import removes that one apostrophe again
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
#: at most this many problems are collected; past it the rest are counted, not kept
MAX_PROBLEMS = 1000

Record = Source | Observation
_SCRATCH = threading.local()  # a Batch per thread, reused by _parse (emptied after each)


def unneutralise(value: str) -> str:
    """Undo the export's formula guard: "'=x" -> "=x" (other text is unchanged)."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_LEADS:
        return value[1:]
    return value


def _encoding_of(path: Path) -> str:
    """UTF-8 (with or without BOM) or UTF-16/32 with a byte-order mark; else refuse clearly."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise InputError([Problem(str(path), None, None, "holds NUL bytes: a binary file, or "
                                  "UTF-16 without a byte-order mark; save it as UTF-8 CSV",
                                  "bad-encoding")])
    return "utf-8-sig"


@dataclass
class Reading:
    """Where a streaming read is: rows seen, bytes consumed, problems found."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    rows: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    dropped: int = 0  # problems past MAX_PROBLEMS

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(problem)
            else:
                self.dropped += 1

    def all_problems(self) -> list[Problem]:
        if not self.dropped:
            return list(self.problems)
        return [*self.problems, Problem("input", None, None, f"... and {self.dropped} more "
                                        "problems not listed", "too-many-problems")]


def _parse(raw: dict[str, Any], is_source: bool, where: Located,
           reading: Reading) -> list[Record]:
    """Parse one raw record: its inline source (if any) and the record; problems to reading."""
    batch = getattr(_SCRATCH, "batch", None)
    if batch is None:
        batch = _SCRATCH.batch = Batch()
    if is_source:
        source = parse_source(raw, where, batch)
        records: list[Record] = [source] if source is not None else []
    else:
        obs = parse_observation(raw, where, batch)
        records = [obs] if obs is not None else []
        if batch.sources:
            records[:0] = [s for _, s in batch.sources]
            batch.sources.clear()
    if batch.problems:
        reading.add(batch.problems)
        batch.problems.clear()
    return records


def _csv_records(path: Path, reading: Reading) -> Iterator[tuple[Located, Record]]:
    """Stream a sources CSV (has 'publisher', no 'provider') or an observations CSV."""
    encoding = _encoding_of(path)
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, strict=True)
        line = 1
        try:
            header = [h.strip() for h in next(reader, [])]
            if not header:
                reading.add([Problem(str(path), None, None, "the file is empty", "empty-file")])
                return
            is_sources = "publisher" in header and "provider" not in header
            allowed = SOURCE_FIELDS if is_sources else OBSERVATION_FIELDS
            if not _check_columns(path, header, allowed, reading):
                return
            line = reader.line_num + 1
            for cells in reader:
                where = Located(str(path), line)
                line = reader.line_num + 1
                reading.rows += 1
                if reading.rows % 4096 == 0:
                    reading.bytes_done = raw.tell()
                if not cells:
                    continue
                if len(cells) > len(header):
                    reading.add([where.problem(None, f"{len(cells) - len(header)} cell(s) more "
                                               "than the header has columns", "extra-cells")])
                    continue
                cells += [""] * (len(header) - len(cells))
                row = {h: unneutralise(c) if c[:1] == "'" else c
                       for h, c in zip(header, cells, strict=True)}
                for record in _parse(row, is_sources, where, reading):
                    yield where, record
        except UnicodeDecodeError as err:
            reading.add([Problem(str(path), None, None, f"not {_encoding_name(encoding)} text "
                                 f"({err.reason} at byte {err.start})", "bad-encoding")])
        except csv.Error as err:
            reading.add([Problem(str(path), line, None, _csv_message(err, line), "bad-csv")])
        reading.bytes_done = raw.tell()


def _encoding_name(encoding: str) -> str:
    return "UTF-8" if encoding == "utf-8-sig" else encoding.upper()


def _csv_message(err: csv.Error, line: int) -> str:
    text = str(err)
    if "unexpected end of data" in text:
        return (f"a quoted cell that starts on line {line} is never closed (a '\"' is missing)")
    if "field larger than field limit" in text:
        return f"a cell is larger than {csv.field_size_limit()} characters"
    return f"not a valid CSV file: {text}"


def _check_columns(path: Path, header: Iterable[str], allowed: Iterable[str],
                   reading: Reading) -> bool:
    allowed = tuple(allowed)
    unknown = [h for h in header if h not in allowed and not h.startswith(INLINE_SOURCE_PREFIX)]
    reading.add(Problem(str(path), 1, name, "unknown column; expected one of: "
                        + ", ".join(allowed), "unknown-column") for name in unknown)
    return not unknown


def _json_records(path: Path, reading: Reading) -> Iterator[tuple[Located, Record]]:
    """Read {"sources": [...], "observations": [...]} or a bare list of observations."""
    try:
        doc = load_json(path.read_bytes(), str(path))
    except InputError as err:
        reading.add(err.problems)
        return
    reading.bytes_done += path.stat().st_size
    if isinstance(doc, list):
        doc = {"observations": doc}
    if not isinstance(doc, dict):
        reading.add([Problem(str(path), None, None, "expected an object with 'sources' and "
                             "'observations' or a list of observations", "bad-json")])
        return
    for kind in ("sources", "observations"):
        items = doc.get(kind, [])
        if not isinstance(items, list):
            reading.add([Problem(str(path), None, kind, "expected a list", "bad-json")])
            continue
        for index, item in enumerate(items):
            where = Located(f"{path} {kind}[{index}]", None)
            reading.rows += 1
            if not isinstance(item, dict):
                reading.add([where.problem(None, "expected an object", "bad-json")])
                continue
            for record in _parse(item, kind == "sources", where, reading):
                yield where, record


def input_files(paths: Iterable[Path], reading: Reading) -> list[Path]:
    """The files named: a dataset folder stands for its sources.csv and observations.csv."""
    found: list[Path] = []
    for path in (Path(p) for p in paths):
        if path.is_dir():
            files = [path / "sources.csv", path / "observations.csv"]
            if not all(f.is_file() for f in files):
                reading.add([Problem(str(path), None, None, "a dataset folder needs "
                                     "sources.csv and observations.csv", "missing-file")])
                continue
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            reading.add([Problem(str(path), None, None, "no such file", "missing-file")])
    return found


def iter_records(paths: Iterable[Path], reading: Reading) -> Iterator[tuple[Located, Record]]:
    """Stream every record of the files; problems go to ``reading`` (memory stays bounded)."""
    files = input_files(paths, reading)
    reading.files.extend(files)
    reading.bytes_total = sum(f.stat().st_size for f in files)
    for file in files:
        suffix = file.suffix.lower()
        done = reading.bytes_done
        try:
            if suffix == ".csv":
                yield from _csv_records(file, reading)
            elif suffix == ".json":
                yield from _json_records(file, reading)
            else:
                reading.add([Problem(str(file), None, None, f"unsupported file type '{suffix}'; "
                                     "expected .csv or .json", "bad-format")])
        except InputError as err:
            reading.add(err.problems)
        except OSError as err:
            reading.add([Problem(str(file), None, None, f"cannot read: {err.strerror or err}",
                                 "unreadable")])
        reading.bytes_done = done + file.stat().st_size if file.exists() else done


def read_paths(paths: Iterable[Path]) -> Batch:
    """Parse files or dataset folders (sources.csv + observations.csv) into one batch."""
    reading = Reading()
    batch = Batch()
    for where, record in iter_records(paths, reading):
        if isinstance(record, Source):
            batch.sources.append((where, record))
        else:
            batch.observations.append((where, record))
    batch.problems.extend(reading.all_problems())
    batch.files.extend(reading.files)
    check_internal(batch)
    return batch


def check_internal(batch: Batch) -> None:
    """Ids that appear twice in one batch with different content (sources or observations)."""
    _flag_conflicting_ids(batch, batch.sources, "source id")
    _flag_conflicting_ids(batch, batch.observations, "observation id")


def _flag_conflicting_ids(batch: Batch, records: list[tuple[Located, Any]], label: str) -> None:
    seen: dict[str, Any] = {}
    for where, record in records:
        prior = seen.setdefault(record.id, record)
        if prior != record:
            batch.problems.append(where.problem("id", f"{label} '{record.id}' appears twice "
                                                "with different content", "duplicate-id"))
