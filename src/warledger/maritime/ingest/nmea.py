"""NMEA 0183 AIVDM/AIVDO reader: tag blocks, Gatehouse $PGHP times, multi-part reassembly.

Input is read in blocks of lines. The common lines (single-part position reports, with or
without a tag-block time) are framed, checked and decoded for the whole block at once by
:mod:`warledger.maritime.ingest.nmea_fast`; every other line goes through :class:`_Reader`,
line by line, with the 6-bit payload decoded by pyais. The rules are the same on both paths:

- a tag-block ``c:`` time (seconds, or milliseconds above 1e11) dates its sentence;
- otherwise a ``$PGHP`` Gatehouse time dates the next sentence that passes its checksum;
- checksums are checked by default (pyais ignores them);
- multi-part messages are reassembled per (sequence id, channel); every failure is counted
  by reason with the first place it was seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa

from warledger.maritime.ingest import nmea_fast as fast
from warledger.maritime.schema import Rejects, RowBuffer, where

POSITION_TYPES = {1, 2, 3, 18, 19, 27}
_SENTENCE = re.compile(
    r"[!$][A-Z]{2}VD[MO],(\d),(\d),(\d?),([A-Z0-9]?),([^,]*),(\d)\*([0-9A-F]{2})"
)
_TAG = re.compile(r"^\\([^\\]*)\\")
_PGHP = re.compile(r"\$PGHP,1,(\d{4}),(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")
_MAX_PENDING = 64  # open multi-part slots kept before the oldest is dropped as truncated
BLOCK_BYTES = 8 << 20
_CONTROL = set(range(32)) - {9, 10, 13}
_NOISE = np.zeros(256, dtype=bool)
_NOISE[list(_CONTROL)] = True
_NOISE[128:] = True


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

    def __init__(self, path: Path, check_checksum: bool, rejects: Rejects,
                 source: str | None = None) -> None:
        from pyais import decode  # the optional dependency, imported where it is needed

        self.decode = decode
        self.path = path
        self.check = check_checksum
        self.rejects = rejects
        self.source = source or path.stem
        self.pending_time: datetime | None = None
        self.slots: dict[tuple[str, str], tuple[int, list[str], datetime | None, int]] = {}

    def reject(self, reason: str, lineno: int, n: int = 1) -> None:
        self.rejects.reject(reason, where(self.path, lineno), n, (str(self.path), lineno))

    def peek(self, text: str) -> tuple[str, int] | None:
        """What a line does to the pending Gatehouse time, without side effects:
        ("pghp", microseconds or NO_TIME), ("consume", 0) for a sentence that passes its
        checksum, or None."""
        text = text.strip()
        if not text or text.startswith("#") or _noise(text):
            return None
        tag = _TAG.match(text)
        if tag:
            text = text[tag.end():]
        pghp = _PGHP.search(text)
        if pghp:
            ts = _pghp_time(pghp)
            return ("pghp", fast.NO_TIME if ts is None else _micros(ts))
        match = _SENTENCE.search(text)
        if match is None:
            return None
        raw = match.group(0)
        if self.check and nmea_checksum(raw[1 : raw.index("*")]) != int(match.group(7), 16):
            return None
        return ("consume", 0)

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
            self.reject("not-nmea", lineno)
            return
        yield from self.sentence(lineno, match, tag_ts)

    def sentence(
        self, lineno: int, match: re.Match[str], tag_ts: datetime | None
    ) -> Iterator[dict[str, Any]]:
        raw = match.group(0)
        if self.check and nmea_checksum(raw[1 : raw.index("*")]) != int(match.group(7), 16):
            self.reject("bad-checksum", lineno)
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
                self.reject("incomplete-multipart", self.slots[key][3])
            self.slots[key] = (total, [raw], ts, lineno)
        elif (key not in self.slots or len(self.slots[key][1]) != num - 1
              or self.slots[key][0] != total):
            self.reject("incomplete-multipart", lineno)
            self.slots.pop(key, None)
            return
        else:
            self.slots[key][1].append(raw)
        if len(self.slots) > _MAX_PENDING:
            oldest = next(iter(self.slots))
            self.reject("incomplete-multipart", self.slots[oldest][3])
            del self.slots[oldest]
        if num == total and key in self.slots:
            _, parts, first_ts, first_line = self.slots.pop(key)
            yield from self.emit(parts, first_ts, first_line)

    def emit(self, parts: list[str], ts: datetime | None, lineno: int) -> Iterator[dict[str, Any]]:
        try:
            msg = self.decode(*parts, error_if_checksum_invalid=False)
        except Exception:  # pyais raises many types on corrupt payloads; all mean "undecodable"
            self.reject("undecodable", lineno)
            return
        if msg.msg_type not in POSITION_TYPES:
            self.rejects.skip(f"message type {msg.msg_type}")
            return
        if ts is None:
            self.reject("no-timestamp", lineno)
            return
        if getattr(msg, "lat", None) is None or getattr(msg, "lon", None) is None:
            self.reject("no-position", lineno)
            return
        yield _position_row(msg, ts, self.source)

    def finish(self) -> None:
        for _, _, _, first_line in self.slots.values():
            self.reject("incomplete-multipart", first_line)
        self.slots.clear()


def _noise(text: str) -> bool:
    return "\ufffd" in text or any(ord(c) in _CONTROL for c in text)


def _micros(ts: datetime) -> int:
    return (ts - datetime(1970, 1, 1, tzinfo=UTC)) // _US


_US = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)


def read_nmea_tables(
    handle: BinaryIO, label: Path, rejects: Rejects, *, check_checksum: bool = True,
    source: str | None = None, block_bytes: int = BLOCK_BYTES,
) -> Iterator[pa.Table]:
    """Position tables from one NMEA stream, block by block; count everything skipped."""
    reader = _Reader(label, check_checksum, rejects, source)
    base, carry = 0, b""
    while True:
        data = handle.read(block_bytes)
        chunk = carry + data
        if not chunk:
            break
        cut = chunk.rfind(b"\n") + 1 if data else len(chunk)
        if cut == 0:  # no line end yet: read on
            carry = chunk
            continue
        block, carry = chunk[:cut], chunk[cut:]
        if not block.endswith(b"\n"):
            block += b"\n"
        table, lines = _block(reader, block, base)
        base += lines
        if table.num_rows:
            yield table
    reader.finish()


USE_JIT = True  # tests switch this off to hold the NumPy path to pyais too


def _jit() -> Any:
    """The compiled framer (Numba), or None where Numba is missing or switched off."""
    if not USE_JIT:
        return None
    try:
        from warledger.maritime.ingest import nmea_jit
    except ImportError:
        return None
    return nmea_jit


def _lines(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ends = np.flatnonzero(buf == 10)
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    cr = (ends > starts) & (buf[np.maximum(ends - 1, 0)] == 13)
    return starts, ends - cr


def _pending(lines: np.ndarray, kind: np.ndarray, times: np.ndarray,
             carry_in: int) -> tuple[np.ndarray, int]:
    """Pending Gatehouse time before each event (sorted by line); and the time carried out.

    kind 1 = $PGHP (sets the time), 0 = a sentence that consumes it."""
    if len(lines) == 0:
        return np.empty(0, dtype=np.int64), carry_in
    order = np.argsort(lines, kind="stable")
    kind, times = kind[order], times[order]
    prev_kind = np.concatenate(([1], kind[:-1]))
    prev_time = np.concatenate(([carry_in], times[:-1]))
    before = np.where(prev_kind == 1, prev_time, fast.NO_TIME)
    out = np.empty_like(before)
    out[order] = before
    carry_out = int(times[-1]) if kind[-1] == 1 else fast.NO_TIME
    return out, carry_out


def _block(reader: _Reader, block: bytes, base: int) -> tuple[pa.Table, int]:
    buf = np.frombuffer(block, dtype=np.uint8)
    jit = _jit()
    if jit is not None:  # noisy lines are never fast there
        framed, starts, ends = jit.frame(buf, block.count(b"\n"), reader.check)
        is_fast = framed.fast
    else:
        starts, ends = _lines(buf)
        framed = fast.frame(buf, starts, ends)
        is_fast = framed.fast.copy()
        noisy = np.flatnonzero(_NOISE[buf])
        if len(noisy):
            is_fast[np.searchsorted(ends, noisy)] = False
    ok = framed.checksum_ok | (not reader.check)
    slow = np.flatnonzero(~is_fast)
    texts = [block[starts[i]:ends[i]].decode("ascii", errors="replace") for i in slow]
    peeks = [reader.peek(t) for t in texts]
    ev_slow = [(int(i), 1 if p[0] == "pghp" else 0, p[1])
               for i, p in zip(slow, peeks, strict=True) if p is not None]
    fast_ok = np.flatnonzero(is_fast & ok)
    lines = np.concatenate((fast_ok, np.array([e[0] for e in ev_slow], dtype=np.int64)))
    kinds = np.concatenate((np.zeros(len(fast_ok), np.int64),
                            np.array([e[1] for e in ev_slow], dtype=np.int64)))
    times = np.concatenate((np.zeros(len(fast_ok), np.int64),
                            np.array([e[2] for e in ev_slow], dtype=np.int64)))
    carry_in = fast.NO_TIME if reader.pending_time is None else _micros(reader.pending_time)
    before, carry_out = _pending(lines, kinds, times, carry_in)
    k = len(fast_ok)
    pending = dict(zip(lines[k:].tolist(), before[k:].tolist(), strict=True))
    buffer = RowBuffer()
    for i, text in zip(slow.tolist(), texts, strict=True):
        lineno = base + i + 1
        if _noise(text):
            reader.reject("binary-noise", lineno)
            continue
        got = pending.get(i, fast.NO_TIME)
        reader.pending_time = None if got == fast.NO_TIME else _from_micros(got)
        for row in reader.line(lineno, text):
            buffer.append(row)
    reader.pending_time = None if carry_out == fast.NO_TIME else _from_micros(carry_out)
    fast_ts = framed.tag_us.copy()
    fast_ts[fast_ok] = np.where(fast_ts[fast_ok] == fast.NO_TIME, before[: len(fast_ok)],
                                fast_ts[fast_ok])
    table = fast.positions_table(reader, framed, is_fast, ok, fast_ts, base)
    slow_table = buffer.take()
    return (pa.concat_tables([table, slow_table]) if slow_table.num_rows else table), len(starts)


def _from_micros(us: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + us * _US


def read_nmea(
    path: Path, rejects: Rejects, *, check_checksum: bool = True
) -> Iterator[dict[str, Any]]:
    """Position rows (dicts) from one plain NMEA file: the tables of read_nmea_tables."""
    with path.open("rb") as handle:
        for table in read_nmea_tables(handle, path, rejects, check_checksum=check_checksum):
            yield from table.to_pylist()


def read_nmea_pyais(
    path: Path, rejects: Rejects, *, check_checksum: bool = True
) -> Iterator[dict[str, Any]]:
    """The line-by-line reader alone (every payload decoded by pyais): the tests' oracle."""
    reader = _Reader(path, check_checksum, rejects)
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            text = raw.decode("ascii", errors="replace")
            if _noise(text.rstrip("\r\n")):
                reader.reject("binary-noise", lineno)
                continue
            yield from reader.line(lineno, text)
    reader.finish()
