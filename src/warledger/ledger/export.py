"""Export the ledger as CSV, JSON, Parquet or a Frictionless data package."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from warledger.errors import LedgerError
from warledger.ledger.io import FORMULA_LEADS
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger

FORMATS = ("csv", "json", "parquet", "datapackage")

_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _observation_record(obs: Observation) -> dict[str, Any]:
    record = obs.model_dump()
    record["derived_from"] = " ".join(obs.derived_from)
    return record


def _source_record(source: Source) -> dict[str, Any]:
    return source.model_dump()


def tables(ledger: Ledger) -> dict[str, list[dict[str, Any]]]:
    return {
        "sources": [_source_record(s) for s in ledger.sources()],
        "observations": [_observation_record(o) for o in ledger.observations()],
    }


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading
    apostrophe; so does text already starting with an apostrophe before one of those, so
    import (which removes one apostrophe) restores every value exactly."""
    if isinstance(value, str) and (value[:1] in FORMULA_LEADS
                                   or (value[:1] == "'" and value[1:2] in FORMULA_LEADS
                                       and value[1:2] != "")):
        return "'" + value
    return value


def _write_csv(path: Path, rows: list[dict[str, Any]], fields: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row[k] is None else neutralise(row[k]))
                             for k in fields})


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def export(ledger: Ledger, fmt: str, out: Path) -> list[Path]:
    """Write the ledger to ``out`` (a folder, or a file for json); return the files written."""
    if fmt not in FORMATS:
        raise LedgerError(f"unknown export format '{fmt}'; expected one of {', '.join(FORMATS)}")
    data = tables(ledger)
    for row in data["observations"]:
        row["quantity_low"] = _num(row["quantity_low"])
        row["quantity_high"] = _num(row["quantity_high"])
    if fmt == "json":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in data.items():
        fields = list(Source.model_fields if name == "sources" else Observation.model_fields)
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            target = out / f"{name}.parquet"
            columns = {f: [r[f] for r in rows] for f in fields}
            pq.write_table(pa.table(columns) if rows else pa.table({f: [] for f in fields}),
                           target)
        else:
            target = out / f"{name}.csv"
            _write_csv(target, rows, fields)
        written.append(target)
    if fmt == "datapackage":
        descriptor = out / "datapackage.json"
        descriptor.write_text(json.dumps(datapackage_descriptor(), indent=2), encoding="utf-8")
        written.append(descriptor)
    return written


def _field(name: str, kind: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "description": description, **extra}


def datapackage_descriptor() -> dict[str, Any]:
    """A Frictionless Data Package descriptor with table schemas and the source foreign key."""
    from warledger import vocabulary as vocab

    date = {"constraints": {"pattern": _DATE_PATTERN}}
    source_fields = [
        _field("id", "string", "stable source id", constraints={"required": True,
                                                                  "unique": True}),
        _field("publisher", "string", "who published the figure",
               constraints={"required": True}),
        _field("title", "string", "title of the publication"),
        _field("url", "string", "where the figure can be read"),
        _field("published", "string", "publication date, partial ISO 8601", **date),
        _field("attributed_to", "string", "who the publisher attributes the figure to"),
        _field("reliability", "string", "source reliability A-F (NATO/Admiralty)",
               constraints={"enum": list(vocab.RELIABILITY)}),
        _field("credibility", "string", "information credibility 1-6 (NATO/Admiralty)",
               constraints={"enum": list(vocab.CREDIBILITY)}),
        _field("note", "string", "remarks"),
    ]
    obs_fields = [
        _field("id", "string", "content-derived observation id",
               constraints={"required": True, "unique": True}),
        _field("provider", "string", "who sends (ISO alpha-3 or group code)"),
        _field("recipient", "string", "who receives"),
        _field("category", "string", "what is counted",
               constraints={"enum": list(vocab.CATEGORIES)}),
        _field("quantity_low", "number", "lower bound", constraints={"minimum": 0}),
        _field("quantity_high", "number", "upper bound", constraints={"minimum": 0}),
        _field("qualifier", "string", "exact/about/at_least/...",
               constraints={"enum": list(vocab.QUALIFIERS)}),
        _field("unit", "string", "unit of the quantity"),
        _field("basis", "string", "what the number counts",
               constraints={"enum": list(vocab.BASES)}),
        _field("period_start", "string", "start of the period covered", **date),
        _field("period_end", "string", "end of the period covered", **date),
        _field("as_of", "string", "date the figure describes", **date),
        _field("price_year", "integer", "price year of money values"),
        _field("source_id", "string", "the source (sources.id)",
               constraints={"required": True}),
        _field("note", "string", "paraphrase and caveats"),
        _field("derived_from", "string", "space-separated ids of inputs for computed rows"),
        _field("origin", "string", "the first statement the report relays (one origin = one "
               "piece of evidence)"),
        _field("quote", "string", "shortest verbatim fragment of the source carrying the figure"),
    ]
    return {
        "name": "warledger",
        "title": "warledger: sourced observations of foreign military support",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {"name": "sources", "path": "sources.csv", "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8",
             "schema": {"fields": source_fields, "primaryKey": ["id"], "missingValues": [""]}},
            {"name": "observations", "path": "observations.csv",
             "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
             "schema": {"fields": obs_fields, "primaryKey": ["id"], "missingValues": [""],
                        "foreignKeys": [{"fields": ["source_id"],
                                         "reference": {"resource": "sources",
                                                       "fields": ["id"]}}]}},
        ],
    }
