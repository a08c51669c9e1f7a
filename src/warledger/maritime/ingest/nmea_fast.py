"""Vectorised framing and decoding of the common NMEA lines, over a NumPy view of a byte block.

A line is *fast* when it is exactly ``[\\tag-block\\]!ccVDM,1,1,[seq],[chan],<payload>,0*HH``
with a 28-character payload of message type 1, 2, 3 or 18 (the position reports that make up
most of any AIS log), or a well-formed single-part sentence of a non-position type (only its
type is read, to count it as skipped). Every other line (Gatehouse ``$PGHP`` times, multi-part
messages, types 19 and 27, text around the sentence, binary noise) goes to the line-by-line
reader in :mod:`warledger.maritime.ingest.nmea`, which decodes with pyais. Both follow the
same rules; the tests hold this decoder to pyais field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from warledger.maritime.schema import POSITION_SCHEMA

FAST_TYPES = (1, 2, 3, 18)
PAYLOAD_CHARS = 28  # 168 bits
NO_TIME = np.iinfo(np.int64).min
POW10 = 10 ** np.arange(19, dtype=np.int64)
TAG_WIDTH = 48


@dataclass
class Framed:
    """Per-line results for one block; arrays are indexed by line number within the block."""

    fast: np.ndarray        # bool: handled here (position or skipped type)
    checksum_ok: np.ndarray  # bool (meaningful where fast)
    tag_us: np.ndarray      # int64 tag-block time in microseconds, NO_TIME where absent
    msg_type: np.ndarray    # int64 first payload character's type (where fast)
    position: np.ndarray    # bool: fast and one of FAST_TYPES
    pos_lines: np.ndarray   # line numbers of the position lines, ascending
    six: np.ndarray | None  # their 28 payload characters as 6-bit values, (28, lines)
    decoded: dict[str, np.ndarray] | None = None  # or their fields, decoded already


def _next_at(positions: np.ndarray, start: np.ndarray, k: int = 0) -> np.ndarray:
    """The k-th entry of sorted ``positions`` at or after each ``start`` (-1 if none)."""
    idx = np.searchsorted(positions, start) + k
    ok = idx < len(positions)
    out = np.full(start.shape, -1, dtype=np.int64)
    out[ok] = positions[idx[ok]]
    return out


def _byte(buf: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """buf[pos], with positions clipped into the block (the callers check shape anyway)."""
    return buf[np.clip(pos, 0, len(buf) - 1)]


def _windows(buf: np.ndarray, start: np.ndarray, width: int) -> np.ndarray:
    """Rows ``buf[start[i]:start[i] + width]`` (zero-padded past the end), shape (n, width)."""
    padded = np.concatenate((buf, np.zeros(width, dtype=np.uint8)))
    view = np.lib.stride_tricks.sliding_window_view(padded, width)
    return view[np.clip(start, 0, len(buf))]


def _is_upper(b: np.ndarray) -> np.ndarray:
    return (b >= 65) & (b <= 90)


def _is_digit(b: np.ndarray) -> np.ndarray:
    return (b >= 48) & (b <= 57)


def _hex_value(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Upper-case hex digits only (the sentence rule); returns (value, valid)."""
    digit, upper = _is_digit(b), (b >= 65) & (b <= 70)
    value = np.where(digit, b.astype(np.int64) - 48, b.astype(np.int64) - 55)
    return value, digit | upper


def _tag_times(buf: np.ndarray, starts: np.ndarray, close: np.ndarray,
               has_tag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Time of the one ``c:`` field in each tag block; (microseconds, parse_ok).

    Only the first TAG_WIDTH characters of a tag are searched; a longer tag without a time
    there is left to the line-by-line reader (parse_ok False)."""
    n = len(starts)
    t_us = np.full(n, NO_TIME, dtype=np.int64)
    ok = ~has_tag
    rows = np.flatnonzero(has_tag)
    if not len(rows):
        return t_us, ok
    length = close[rows] - starts[rows] - 1
    win = _windows(buf, starts[rows] + 1, TAG_WIDTH)
    pair = (win[:, :-1] == 99) & (win[:, 1:] == 58)  # "c:"
    pair &= np.arange(TAG_WIDTH - 1)[None, :] < length[:, None] - 1
    count = pair.sum(axis=1)
    col = np.argmax(pair, axis=1)
    lead = np.where(col > 0, win[rows * 0 + np.arange(len(rows)), np.maximum(col - 1, 0)], 44)
    ok_rows = (count == 0) & (length <= TAG_WIDTH)  # no time: it comes from elsewhere
    first = starts[rows] + 1 + col
    digits = _windows(buf, first + 2, 14) - np.uint8(48)
    isd = (digits <= 9) & ((first[:, None] + 2 + np.arange(14)) < close[rows, None])
    ndig = np.where(isd.all(axis=1), 14, np.argmin(isd, axis=1))
    after = buf[np.clip(first + 2 + ndig, 0, len(buf) - 1)]
    good = (count == 1) & (lead == 44) & (ndig >= 1) & (ndig <= 13)
    good &= (after == 44) | (after == 42) | (after == 92)
    value = np.zeros(len(rows), dtype=np.int64)
    for width in np.unique(ndig[good]).tolist():
        sel = good & (ndig == width)
        value[sel] = digits[sel, :width].astype(np.int64) @ POW10[width - 1 :: -1]
    ms = value > 100_000_000_000  # the rule: a 'c' above 1e11 is in milliseconds
    t_us[rows[good]] = np.where(ms[good], value[good] * 1000, value[good] * 1_000_000)
    ok[rows] = ok_rows | good
    return t_us, ok


def frame(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Framed:
    """Classify every line ``buf[starts[i]:ends[i]]`` (without the newline).

    The sentence is read from both ends: ``!ccVDx,1,1,`` after the tag block, and
    ``,0*HH`` before the line end; sequence id and channel are 0 or 1 character each."""
    n = len(starts)
    has_tag = _byte(buf, starts) == 92
    back = np.flatnonzero(buf == 92)
    close = np.where(has_tag, _next_at(back, starts + 1), starts)
    tag_closed = ~has_tag | ((close > starts) & (close < ends))
    s = np.where(has_tag, close + 1, starts)
    head = np.stack([_byte(buf, s + k) for k in range(11)])
    shape = tag_closed & (head[0] == 33) & _is_upper(head[1]) & _is_upper(head[2])
    shape &= (head[3] == 86) & (head[4] == 68) & ((head[5] == 77) | (head[5] == 79))
    shape &= (head[6] == 44) & (head[7] == 49) & (head[8] == 44) & (head[9] == 49)
    shape &= head[10] == 44
    # sequence id: "" or one digit, then a comma; channel: "" or one [A-Z0-9], then a comma
    b11, b12 = _byte(buf, s + 11), _byte(buf, s + 12)
    c3 = np.where(b11 == 44, s + 11, np.where(_is_digit(b11) & (b12 == 44), s + 12, -1))
    ch, ch_next = _byte(buf, c3 + 1), _byte(buf, c3 + 2)
    c4 = np.where(ch == 44, c3 + 1,
                  np.where((_is_upper(ch) | _is_digit(ch)) & (ch_next == 44), c3 + 2, -1))
    shape &= (c3 > 0) & (c4 > 0)
    c5 = ends - 5
    star = ends - 3
    shape &= (_byte(buf, c5) == 44) & (_byte(buf, c5 + 1) == 48) & (_byte(buf, star) == 42)
    hi, hi_ok = _hex_value(_byte(buf, star + 1))
    lo, lo_ok = _hex_value(_byte(buf, star + 2))
    pay_len = c5 - c4 - 1
    shape &= hi_ok & lo_ok & (pay_len >= 1)
    mtype = SIX[_byte(buf, c4 + 1)].astype(np.int64)
    position = shape & np.isin(mtype, FAST_TYPES) & (pay_len == PAYLOAD_CHARS)
    skip_type = shape & ~np.isin(mtype, (1, 2, 3, 18, 19, 27)) & (mtype < 64)
    pos_idx = np.flatnonzero(position)
    mat = SIX[_windows(buf, c4[pos_idx] + 1, PAYLOAD_CHARS)]  # (lines, 28) 6-bit values
    armour = mat.max(axis=1) != 255
    position[pos_idx[~armour]] = False
    fast = position | (skip_type & _armoured(buf, c4 + 1, pay_len, skip_type))
    tag_us, tag_ok = _tag_times(buf, starts, close, has_tag)
    fast &= tag_ok
    checksum = np.zeros(n, dtype=np.int64)
    idx = np.flatnonzero(fast)
    if len(idx):
        bounds = np.empty(2 * len(idx), dtype=np.int64)
        bounds[0::2], bounds[1::2] = s[idx] + 1, star[idx]
        checksum[idx] = np.bitwise_xor.reduceat(buf, bounds)[0::2]
    keep = fast[pos_idx] & armour
    return Framed(fast, checksum == hi * 16 + lo, tag_us, mtype, position & fast,
                  pos_idx[keep], mat[keep].T.copy())


# 6-bit armour: '0'-'W' -> 0-39, '`'-'w' -> 40-63; 255 marks a byte outside the armour
SIX = np.full(256, 255, dtype=np.uint8)
SIX[48:88] = np.arange(40)
SIX[96:120] = np.arange(40, 64)


def _armoured(buf: np.ndarray, start: np.ndarray, length: np.ndarray,
              mask: np.ndarray) -> np.ndarray:
    """True where every payload byte of a variable-length payload is armour (where mask)."""
    out = mask.copy()
    idx = np.flatnonzero(mask)
    if not len(idx):
        return out
    for k in range(int(length[idx].max())):
        inside = k < length[idx]
        out[idx[inside]] &= SIX[buf[start[idx[inside]] + k]] != 255
    return out


def _bits(six: list[np.ndarray], start: int, length: int, signed: bool = False) -> np.ndarray:
    """An unsigned (or two's-complement) field of the 168-bit payload, per row."""
    c0, c1 = start // 6, (start + length - 1) // 6
    acc = six[c0].astype(np.int64)
    for k in range(c0 + 1, c1 + 1):
        acc = (acc << 6) | six[k]
    shift = (c1 - c0 + 1) * 6 - (start - c0 * 6) - length
    value = (acc >> shift) & ((1 << length) - 1)
    if signed:
        value = np.where(value >= 1 << (length - 1), value - (1 << length), value)
    return value


def degrees(raw: np.ndarray) -> np.ndarray:
    """1/10000 minute to degrees, rounded to 6 decimals exactly as pyais does."""
    return np.floor_divide(10 * raw + 3, 6) / 1e6


# (start bit, length, signed) per field; type 18 has no status or turn, so its fields sit
# 4 bits earlier than those of types 1-3 (ITU-R M.1371-5 tables 46 and 72)
LAYOUT_A = {"speed": (50, 10, False), "lon": (61, 28, True), "lat": (89, 27, True),
            "course": (116, 12, False), "heading": (128, 9, False)}
LAYOUT_B = {k: (v[0] - 4, v[1], v[2]) for k, v in LAYOUT_A.items()}


def decode_positions(six8: np.ndarray) -> dict[str, np.ndarray]:
    """Fields of 28-character type 1/2/3/18 payloads, given as (28, n) 6-bit values."""
    six = list(six8.astype(np.int64))
    mtype = six[0]
    is_b = mtype == 18
    fields = {k: _bits(six, *v) for k, v in LAYOUT_A.items()}
    if is_b.any():
        sub = [c[is_b] for c in six]
        for k, v in LAYOUT_B.items():
            fields[k][is_b] = _bits(sub, *v)
    return {
        "mmsi": _bits(six, 8, 30), "msg_type": mtype, "class_b": is_b,
        "sog": fields["speed"] / 10.0, "cog": fields["course"] / 10.0,
        "lat": degrees(fields["lat"]), "lon": degrees(fields["lon"]),
        "heading": fields["heading"], "nav_status": _bits(six, 38, 4),
    }


def _count(reader: Any, reason: str, idx: np.ndarray, base: int) -> None:
    if len(idx):
        reader.reject(reason, base + int(idx.min()) + 1, len(idx))


def positions_table(reader: Any, framed: Framed, is_fast: np.ndarray,
                    ok: np.ndarray, ts: np.ndarray, base: int) -> pa.Table:
    """The position table of a block's fast lines; counts their rejects and skips on the
    line reader (reject/skip/source), with line numbers offset by ``base``."""
    _count(reader, "bad-checksum", np.flatnonzero(is_fast & ~ok), base)
    good = is_fast & ok
    for mtype, n in zip(*np.unique(framed.msg_type[good & ~framed.position],
                                   return_counts=True), strict=True):
        reader.rejects.skip(f"message type {int(mtype)}", int(n))
    pos = good & framed.position
    _count(reader, "no-timestamp", np.flatnonzero(pos & (ts == NO_TIME)), base)
    lines = framed.pos_lines
    timed = (ts[lines] != NO_TIME) & ok[lines] & is_fast[lines]
    idx = lines[timed]
    if framed.decoded is not None:
        f = {k: v[timed] for k, v in framed.decoded.items()}
    else:
        assert framed.six is not None
        f = decode_positions(framed.six[:, timed])
    n = len(idx)
    source = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)),
                                            pa.array([reader.source])).cast(pa.string())
    cols = {
        "mmsi": pa.array(f["mmsi"], pa.int64()),
        "ts": pa.array(ts[idx], pa.int64()).cast(pa.timestamp("us", tz="UTC")),
        "lat": pa.array(f["lat"], pa.float64()),
        "lon": pa.array(f["lon"], pa.float64()),
        "sog": pa.array(f["sog"].astype(np.float32)),
        "cog": pa.array(f["cog"].astype(np.float32)),
        "heading": pa.array(f["heading"].astype(np.int16)),
        "nav_status": pa.array(f["nav_status"].astype(np.int8), mask=f["class_b"]),
        "msg_type": pa.array(f["msg_type"].astype(np.int8)),
        "source": source,
    }
    return pa.table(cols, schema=POSITION_SCHEMA)
