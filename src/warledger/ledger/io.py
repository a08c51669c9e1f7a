"""Read sources and observations from CSV or JSON files, collecting located problems.

Nothing here touches the store: a file is parsed and validated in full first, so an
import can be all-or-nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from warledger.errors import InputError, Problem
from warledger.ledger.models import Observation, Source

SOURCE_FIELDS = tuple(Source.model_fields)
OBSERVATION_FIELDS = tuple(Observation.model_fields)
#: columns an observations CSV may carry to describe its source inline
INLINE_SOURCE_PREFIX = "source_"


@dataclass(frozen=True)
class Located:
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
    data = {k: _clean(v) for k, v in raw.items()}
    inline = {
        k.removeprefix(INLINE_SOURCE_PREFIX): v
        for k, v in data.items()
        if k.startswith(INLINE_SOURCE_PREFIX) and k != "source_id" and v is not None
    }
    data = {
        k: v
        for k, v in data.items()
        if not k.startswith(INLINE_SOURCE_PREFIX) or k == "source_id"
    }
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
    data = {k: v for k, v in data.items() if v is not None}
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


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            _ = reader.fieldnames  # reads the header, so line_num counts from it
            line = reader.line_num + 1
            for row in reader:
                yield line, row
                line = reader.line_num + 1
    except UnicodeDecodeError as err:
        raise InputError([Problem(str(path), None, None, f"not UTF-8 text ({err.reason})",
                                  "bad-encoding")]) from err
    except csv.Error as err:
        raise InputError([Problem(str(path), None, None, f"not a valid CSV file: {err}",
                                  "bad-csv")]) from err


def _check_columns(path: Path, header: Iterable[str], allowed: Iterable[str],
                   batch: Batch) -> bool:
    unknown = [h for h in header if h not in allowed and not h.startswith(INLINE_SOURCE_PREFIX)]
    for name in unknown:
        batch.problems.append(Problem(str(path), 1, name, "unknown column; expected one of: "
                                      + ", ".join(allowed), "unknown-column"))
    return not unknown


def read_csv(path: Path, batch: Batch) -> None:
    """Read a sources CSV (has 'publisher', no 'provider') or an observations CSV."""
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
        header = next(csv.reader(fh), [])
    header = [h.strip() for h in header]
    if not header:
        batch.problems.append(Problem(str(path), None, None, "the file is empty", "empty-file"))
        return
    is_sources = "publisher" in header and "provider" not in header
    allowed = SOURCE_FIELDS if is_sources else OBSERVATION_FIELDS
    if not _check_columns(path, header, allowed, batch):
        return
    for line, row in _csv_rows(path):
        if None in row:  # more cells than header columns
            batch.problems.append(Problem(str(path), line, None,
                                          f"{len(row[None]) if row[None] else 0} cell(s) more "  # type: ignore[index]
                                          "than the header has columns", "extra-cells"))
            continue
        add_record(batch, is_sources, row, Located(str(path), line))


def read_json(path: Path, batch: Batch) -> None:
    """Read {"sources": [...], "observations": [...]} or a bare list of observations."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        batch.problems.append(Problem(str(path), line, None, f"not valid JSON: {err}", "bad-json"))
        return
    if isinstance(doc, list):
        doc = {"observations": doc}
    if not isinstance(doc, dict):
        batch.problems.append(Problem(str(path), None, None,
                                      "expected an object with 'sources' and 'observations' "
                                      "or a list of observations", "bad-json"))
        return
    for kind in ("sources", "observations"):
        items = doc.get(kind, [])
        if not isinstance(items, list):
            batch.problems.append(Problem(str(path), None, kind, "expected a list", "bad-json"))
            continue
        for index, item in enumerate(items):
            where = Located(f"{path} {kind}[{index}]", None)
            if not isinstance(item, dict):
                batch.problems.append(where.problem(None, "expected an object", "bad-json"))
                continue
            add_record(batch, kind == "sources", item, where)


def read_paths(paths: Iterable[Path]) -> Batch:
    """Parse files or dataset folders (sources.csv + observations.csv) into one batch."""
    batch = Batch()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = [path / "sources.csv", path / "observations.csv"]
            missing = [f for f in files if not f.is_file()]
            if missing:
                batch.problems.append(Problem(str(path), None, None,
                                              "a dataset folder needs sources.csv and "
                                              "observations.csv", "missing-file"))
                continue
        elif path.is_file():
            files = [path]
        else:
            batch.problems.append(Problem(str(path), None, None, "no such file", "missing-file"))
            continue
        for file in files:
            batch.files.append(file)
            suffix = file.suffix.lower()
            try:
                if suffix == ".csv":
                    read_csv(file, batch)
                elif suffix == ".json":
                    read_json(file, batch)
                else:
                    batch.problems.append(Problem(str(file), None, None,
                                                  f"unsupported file type '{suffix}'; "
                                                  "expected .csv or .json", "bad-format"))
            except InputError as err:
                batch.problems.extend(err.problems)
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
