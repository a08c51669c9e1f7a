"""Danish Maritime Authority and NOAA MarineCadastre CSV readers.

Both are read with the csv module row by row so a malformed row can be counted and named
(file, line, field) without losing the rest of the file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from warledger.maritime.schema import Rejects, where

# DMA writes navigational status as text; AIS codes per ITU-R M.1371 table 7
NAV_STATUS = {
    "under way using engine": 0, "at anchor": 1, "not under command": 2,
    "restricted manoeuverability": 3, "restricted maneuverability": 3,
    "constrained by her draught": 4, "moored": 5, "aground": 6, "engaged in fishing": 7,
    "under way sailing": 8, "ais-sart": 14, "unknown value": 15, "unknown": 15,
}
CLASS_MSG_TYPE = {"class a": 1, "class b": 18, "base station": 4, "aton": 21}


class FieldError(ValueError):
    def __init__(self, column: str) -> None:
        super().__init__(column)
        self.column = column


def _num(value: str, column: str, optional: bool = True) -> float | None:
    text = value.strip()
    if text in ("", "Unknown", "nan", "NaN", "None"):
        if optional:
            return None
        raise FieldError(column)
    try:
        return float(text.replace(",", "."))  # DMA documents decimal commas
    except ValueError:
        raise FieldError(column) from None


def _dma_time(value: str) -> datetime:
    try:
        return datetime.strptime(value.strip(), "%d/%m/%Y %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise FieldError("Timestamp") from None


def _iso_time(value: str, column: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise FieldError(column) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _mmsi(value: str, column: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise FieldError(column) from None


def _int_or_none(value: float | None) -> int | None:
    return None if value is None else int(value)


def dma_row(rec: dict[str, str], source: str) -> dict[str, Any]:
    status = NAV_STATUS.get(rec.get("Navigational status", "").strip().lower())
    kind = rec.get("Type of mobile", "").strip().lower()
    return {
        "mmsi": _mmsi(rec["MMSI"], "MMSI"),
        "ts": _dma_time(rec["Timestamp"]),
        "lat": _num(rec["Latitude"], "Latitude", optional=False),
        "lon": _num(rec["Longitude"], "Longitude", optional=False),
        "sog": _num(rec.get("SOG", ""), "SOG"),
        "cog": _num(rec.get("COG", ""), "COG"),
        "heading": _int_or_none(_num(rec.get("Heading", ""), "Heading")),
        "nav_status": status,
        "msg_type": CLASS_MSG_TYPE.get(kind, 1),
        "source": source,
    }


# NOAA changed its column names in 2024; both spellings map to one record
_NOAA_NAMES = {
    "mmsi": "mmsi", "basedatetime": "ts", "base_date_time": "ts", "lat": "lat",
    "latitude": "lat", "lon": "lon", "longitude": "lon", "sog": "sog", "cog": "cog",
    "heading": "heading", "status": "status", "transceiverclass": "cls", "transceiver": "cls",
}


def noaa_row(rec: dict[str, str], source: str) -> dict[str, Any]:
    get = {_NOAA_NAMES[k.strip().lower()]: (k, v) for k, v in rec.items()
           if k and k.strip().lower() in _NOAA_NAMES}
    for need in ("mmsi", "ts", "lat", "lon"):
        if need not in get:
            raise FieldError(need)
    status = _num(get.get("status", ("Status", ""))[1], "Status")
    cls = get.get("cls", ("", "A"))[1].strip().upper()
    return {
        "mmsi": _mmsi(get["mmsi"][1], get["mmsi"][0]),
        "ts": _iso_time(get["ts"][1], get["ts"][0]),
        "lat": _num(get["lat"][1], get["lat"][0], optional=False),
        "lon": _num(get["lon"][1], get["lon"][0], optional=False),
        "sog": _num(get.get("sog", ("SOG", ""))[1], "SOG"),
        "cog": _num(get.get("cog", ("COG", ""))[1], "COG"),
        "heading": _int_or_none(_num(get.get("heading", ("Heading", ""))[1], "Heading")),
        "nav_status": _int_or_none(status) if status is not None and status < 16 else None,
        "msg_type": 18 if cls == "B" else 1,
        "source": source,
    }


def read_csv(
    handle: TextIO, path: Path, rejects: Rejects,
    convert: Callable[[dict[str, str], str], dict[str, Any]], source: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield rows converted by ``convert``; reject wrong field counts and bad fields.

    ``handle`` is an open text stream (newline=""); ``path`` names it in messages."""
    source = source or path.stem
    reader = csv.reader(handle)
    header = next(reader, None)
    if not header:
        return
    header = [h.lstrip("# ").strip() for h in header]
    for row in reader:
        lineno = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(header):
            rejects.reject("wrong-field-count", where(path, lineno))
            continue
        try:
            yield convert(dict(zip(header, row, strict=True)), source)
        except FieldError as exc:
            rejects.reject(f"bad-{exc.column.lower().replace(' ', '-')}",
                           where(path, lineno, exc.column))
        except (KeyError, OverflowError):
            rejects.reject("missing-field", where(path, lineno))


def sniff_csv(first_lines: list[str]) -> str | None:
    """'dma' or 'noaa' from the header line, or None."""
    header = (first_lines[0] if first_lines else "").lower()
    if "type of mobile" in header and "timestamp" in header:
        return "dma"
    if "mmsi" in header and ("basedatetime" in header or "base_date_time" in header):
        return "noaa"
    return None
