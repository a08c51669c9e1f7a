"""NMEA 0183 AIVDM/AIVDO reader: tag blocks, Gatehouse $PGHP times, multi-part reassembly.

Framing, checksums and reassembly are done here so every failure can be counted by reason;
the 6-bit payload is decoded by pyais. Checksums are checked by default (pyais ignores them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warledger.maritime.schema import Rejects, where

POSITION_TYPES = {1, 2, 3, 18, 19, 27}
_SENTENCE = re.compile(
    r"[!$][A-Z]{2}VD[MO],(\d),(\d),(\d?),([A-Z0-9]?),([^,]*),(\d)\*([0-9A-F]{2})"
)
_TAG = re.compile(r"^\\([^\\]*)\\")
_PGHP = re.compile(r"\$PGHP,1,(\d{4}),(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")
_MAX_PENDING = 64  # open multi-part slots kept before the oldest is dropped as truncated


def nmea_checksum(body: str) -> int:
    value = 0
    for char in body:
        value ^= ord(char)
    return value


def _tag_fields(tag: str) -> dict[str, str]:
    body = tag.split("*", 1)[0]
    out: dict[str, str] = {}
    for part in body.split(","):
        if ":" in part:
            key, value = part.split(":", 1)
            out[key] = value
    return out


def _tag_time(fields: dict[str, str]) -> datetime | None:
    raw = fields.get("c")
    if raw is None:
        return None
    try:
        epoch = float(raw)
    except ValueError:
        return None
    if epoch > 1e11:  # milliseconds
        epoch /= 1000.0
    try:
        return datetime.fromtimestamp(epoch, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _pghp_time(match: re.Match[str]) -> datetime | None:
    y, mo, d, h, mi, s, ms = (int(g) for g in match.groups())
    try:
        return datetime(y, mo, d, h, mi, s, min(ms, 999) * 1000, tzinfo=UTC)
    except ValueError:
        return None


def _position_row(msg: Any, ts: datetime, source: str) -> dict[str, Any]:
    heading = getattr(msg, "heading", None)
    status = getattr(msg, "status", None)
    return {
        "mmsi": int(msg.mmsi),
        "ts": ts,
        "lat": float(msg.lat),
        "lon": float(msg.lon),
        "sog": None if getattr(msg, "speed", None) is None else float(msg.speed),
        "cog": None if getattr(msg, "course", None) is None else float(msg.course),
        "heading": None if heading is None else int(heading),
        "nav_status": None if status is None else int(status),
        "msg_type": int(msg.msg_type),
        "source": source,
    }


class _Reader:
    """State for one file: the pending time, open multi-part slots and the counts."""

    def __init__(self, path: Path, check_checksum: bool, rejects: Rejects) -> None:
        from pyais import decode  # the optional dependency, imported where it is needed

        self.decode = decode
        self.path = path
        self.check = check_checksum
        self.rejects = rejects
        self.source = path.stem
        self.pending_time: datetime | None = None
        self.slots: dict[tuple[str, str], tuple[int, list[str], datetime | None, int]] = {}

    def line(self, lineno: int, text: str) -> Iterator[dict[str, Any]]:
        text = text.strip()
        if not text or text.startswith("#"):
            return
        tag_ts: datetime | None = None
        tag = _TAG.match(text)
        if tag:
            tag_ts = _tag_time(_tag_fields(tag.group(1)))
            text = text[tag.end():]
            if not text:  # a tag-block line on its own
                return
        pghp = _PGHP.search(text)
        if pghp:
            self.pending_time = _pghp_time(pghp)
            return
        match = _SENTENCE.search(text)
        if match is None:
            self.rejects.reject("not-nmea", where(self.path, lineno))
            return
        yield from self.sentence(lineno, match, tag_ts)

    def sentence(
        self, lineno: int, match: re.Match[str], tag_ts: datetime | None
    ) -> Iterator[dict[str, Any]]:
        raw = match.group(0)
        if self.check and nmea_checksum(raw[1 : raw.index("*")]) != int(match.group(7), 16):
            self.rejects.reject("bad-checksum", where(self.path, lineno))
            return
        total, num = int(match.group(1)), int(match.group(2))
        seq, chan = match.group(3), match.group(4)
        # a $PGHP time belongs to the one sentence after it, not to the rest of the file
        ts, self.pending_time = tag_ts or self.pending_time, None
        if total == 1:
            yield from self.emit([raw], ts, lineno)
            return
        key = (seq, chan)
        if num == 1:
            if key in self.slots:
                self.rejects.reject("incomplete-multipart", where(self.path, self.slots[key][3]))
            self.slots[key] = (total, [raw], ts, lineno)
        elif (key not in self.slots or len(self.slots[key][1]) != num - 1
              or self.slots[key][0] != total):
            self.rejects.reject("incomplete-multipart", where(self.path, lineno))
            self.slots.pop(key, None)
            return
        else:
            self.slots[key][1].append(raw)
        if len(self.slots) > _MAX_PENDING:
            oldest = next(iter(self.slots))
            self.rejects.reject("incomplete-multipart", where(self.path, self.slots[oldest][3]))
            del self.slots[oldest]
        if num == total and key in self.slots:
            _, parts, first_ts, first_line = self.slots.pop(key)
            yield from self.emit(parts, first_ts, first_line)

    def emit(self, parts: list[str], ts: datetime | None, lineno: int) -> Iterator[dict[str, Any]]:
        try:
            msg = self.decode(*parts, error_if_checksum_invalid=False)
        except Exception:  # pyais raises many types on corrupt payloads; all mean "undecodable"
            self.rejects.reject("undecodable", where(self.path, lineno))
            return
        if msg.msg_type not in POSITION_TYPES:
            self.rejects.skip(f"message type {msg.msg_type}")
            return
        if ts is None:
            self.rejects.reject("no-timestamp", where(self.path, lineno))
            return
        if getattr(msg, "lat", None) is None or getattr(msg, "lon", None) is None:
            self.rejects.reject("no-position", where(self.path, lineno))
            return
        yield _position_row(msg, ts, self.source)

    def finish(self) -> None:
        for _, _, _, first_line in self.slots.values():
            self.rejects.reject("incomplete-multipart", where(self.path, first_line))
        self.slots.clear()


def read_nmea(
    path: Path, rejects: Rejects, *, check_checksum: bool = True
) -> Iterator[dict[str, Any]]:
    """Yield normalised position rows from one NMEA log; count everything skipped."""
    reader = _Reader(path, check_checksum, rejects)
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            text = raw.decode("ascii", errors="replace")
            if "\ufffd" in text or any(ord(c) < 32 and c not in "\r\n\t" for c in text):
                rejects.reject("binary-noise", where(path, lineno))
                continue
            yield from reader.line(lineno, text)
    reader.finish()
