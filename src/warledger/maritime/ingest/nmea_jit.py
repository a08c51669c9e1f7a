"""The fast NMEA lines, framed and decoded in one compiled pass over a byte block (Numba).

Same rules and the same result as :func:`warledger.maritime.ingest.nmea_fast.frame` plus
:func:`~warledger.maritime.ingest.nmea_fast.decode_positions` (the tests hold both to pyais),
about three times faster. Used when Numba is installed; the compiled code is cached on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from warledger.maritime.ingest.nmea_fast import NO_TIME, PAYLOAD_CHARS, SIX, Framed, degrees

_SKIP = (1, 2, 3, 18, 19, 27)


@njit(cache=True, nogil=True)
def _six(b: int) -> int:
    if 48 <= b <= 87:
        return b - 48
    if 96 <= b <= 119:
        return b - 56
    return 255


@njit(cache=True, nogil=True)
def _hex(b: int) -> int:
    if 48 <= b <= 57:
        return b - 48
    if 65 <= b <= 70:
        return b - 55
    return -1


@njit(cache=True, nogil=True)
def _tag(buf: np.ndarray, a: int, z: int) -> tuple[int, bool]:
    """(microseconds or NO_TIME, ok) for the tag content buf[a:z]."""
    found = -1
    for i in range(a, z - 1):
        if buf[i] == 99 and buf[i + 1] == 58:
            if found >= 0:
                return NO_TIME, False
            found = i
    if found < 0:
        return NO_TIME, True
    if found > a and buf[found - 1] != 44:
        return NO_TIME, False
    value, nd, i = 0, 0, found + 2
    while i < z and 48 <= buf[i] <= 57 and nd < 14:
        value = value * 10 + (buf[i] - 48)
        nd += 1
        i += 1
    after = buf[i] if i < len(buf) else 0
    if nd < 1 or nd > 13 or not (after == 44 or after == 42 or after == 92):
        return NO_TIME, False
    if value > 100_000_000_000:  # the rule: a 'c' above 1e11 is in milliseconds
        return value * 1000, True
    return value * 1_000_000, True


@njit(cache=True, nogil=True)
def _sentence(buf: np.ndarray, s: int, e: int) -> tuple[int, int]:
    """(payload start, payload length) of ``!ccVDx,1,1,[d],[c],<payload>,0*HH`` ending at e;
    (-1, 0) if the line has another shape."""
    if e - s < 18 or buf[s] != 33:
        return -1, 0
    for k in (1, 2):
        if not 65 <= buf[s + k] <= 90:
            return -1, 0
    if buf[s + 3] != 86 or buf[s + 4] != 68 or not (buf[s + 5] == 77 or buf[s + 5] == 79):
        return -1, 0
    if buf[s + 6] != 44 or buf[s + 7] != 49 or buf[s + 8] != 44 or buf[s + 9] != 49:
        return -1, 0
    if buf[s + 10] != 44:
        return -1, 0
    p = s + 11
    if 48 <= buf[p] <= 57 and buf[p + 1] == 44:
        p += 1
    elif buf[p] != 44:
        return -1, 0
    p += 1
    ch = buf[p]
    if (65 <= ch <= 90 or 48 <= ch <= 57) and buf[p + 1] == 44:
        p += 1
    elif ch != 44:
        return -1, 0
    start, c5 = p + 1, e - 5
    if buf[c5] != 44 or buf[c5 + 1] != 48 or buf[e - 3] != 42 or c5 - start < 1:
        return -1, 0
    return start, c5 - start


@njit(cache=True, nogil=True)
def _bits(six: np.ndarray, start: int, length: int, signed: bool) -> int:
    c0, c1 = start // 6, (start + length - 1) // 6
    acc = 0
    for k in range(c0, c1 + 1):
        acc = (acc << 6) | six[k]
    value = (acc >> ((c1 - c0 + 1) * 6 - (start - c0 * 6) - length)) & ((1 << length) - 1)
    if signed and value >= 1 << (length - 1):
        value -= 1 << length
    return value


@njit(cache=True, nogil=True)
def _tag_close(buf: np.ndarray, a: int, end: int) -> int:
    """The closing backslash of a tag block starting at a; -1 if none or binary noise
    (the sentence's every byte is checked by its shape; only a tag needs this check)."""
    for k in range(a + 1, end):
        b = buf[k]
        if b == 92:
            return k
        if b >= 128 or (b < 32 and b != 9 and b != 13):
            return -1
    return -1


@njit(cache=True, nogil=True)
def _line(buf: np.ndarray, a: int, end: int, six: np.ndarray) -> tuple[int, int, int, int]:
    """(kind, sentence start, tag time, type) of one line: kind 0 = not fast, 1 = a
    single-part sentence of a type only counted, 2 = a position (its 6-bit values in six)."""
    s, t = a, NO_TIME
    if buf[a] == 92:
        close = _tag_close(buf, a, end)
        if close < 0:
            return 0, 0, t, 0
        t, good = _tag(buf, a + 1, close)
        if not good:
            return 0, 0, t, 0
        s = close + 1
    p, plen = _sentence(buf, s, end)
    if p < 0:
        return 0, 0, t, 0
    first = _six(buf[p])
    is_pos = first == 1 or first == 2 or first == 3 or first == 18
    if first == 255 or (is_pos and plen != PAYLOAD_CHARS) or (not is_pos and first in _SKIP):
        return 0, 0, t, 0
    for k in range(plen):
        v = _six(buf[p + k])
        if v == 255:
            return 0, 0, t, 0
        if is_pos:
            six[k] = v
    if _hex(buf[end - 2]) < 0 or _hex(buf[end - 1]) < 0:
        return 0, 0, t, 0
    return (2 if is_pos else 1), s, t, first


@njit(cache=True, nogil=True)
def _decode(six: np.ndarray, first: int, vals: np.ndarray, i: int) -> None:
    o = -4 if first == 18 else 0  # type 18 has no status or turn: 4 bits earlier
    vals[0, i] = _bits(six, 8, 30, False)
    vals[1, i] = _bits(six, 38, 4, False)
    vals[2, i] = _bits(six, 50 + o, 10, False)
    vals[3, i] = _bits(six, 61 + o, 28, True)
    vals[4, i] = _bits(six, 89 + o, 27, True)
    vals[5, i] = _bits(six, 116 + o, 12, False)
    vals[6, i] = _bits(six, 128 + o, 9, False)


@njit(cache=True, nogil=True)
def _scan(buf: np.ndarray, n: int, check: bool) -> tuple:  # type: ignore[type-arg]
    fast = np.zeros(n, np.bool_)
    ok = np.zeros(n, np.bool_)
    tag_us = np.full(n, NO_TIME, np.int64)
    mtype = np.zeros(n, np.int64)
    position = np.zeros(n, np.bool_)
    vals = np.zeros((7, n), np.int64)  # mmsi, status, speed, lon, lat, course, heading
    six = np.zeros(PAYLOAD_CHARS, np.int64)
    starts = np.zeros(n, np.int64)
    ends = np.zeros(n, np.int64)
    line, start = 0, 0
    for pos in range(len(buf)):
        if buf[pos] != 10:
            continue
        end = pos - 1 if pos > start and buf[pos - 1] == 13 else pos
        i, a, start = line, start, pos + 1
        line += 1
        starts[i], ends[i] = a, end
        if end - a < 18:
            continue
        kind, s, t, first = _line(buf, a, end, six)
        if kind == 0:
            continue
        x = 0
        for k in range(s + 1, end - 3):
            x ^= buf[k]
        fast[i], tag_us[i], mtype[i], position[i] = True, t, first, kind == 2
        ok[i] = (not check) or x == _hex(buf[end - 2]) * 16 + _hex(buf[end - 1])
        if kind == 2:
            _decode(six, first, vals, i)
    return fast, ok, tag_us, mtype, position, vals, starts, ends


def frame(buf: np.ndarray, n_lines: int,
          check: bool) -> tuple[Framed, np.ndarray, np.ndarray]:
    """Framed lines of one block (``n_lines`` newline-terminated lines), with the start and
    end (without the line break) of every line."""
    fast, ok, tag_us, mtype, position, vals, starts, ends = _scan(buf, n_lines, check)
    pos_lines = np.flatnonzero(position)
    v = vals[:, pos_lines]
    decoded = {
        "mmsi": v[0], "msg_type": mtype[pos_lines], "class_b": mtype[pos_lines] == 18,
        "nav_status": v[1], "sog": v[2] / 10.0, "lon": degrees(v[3]), "lat": degrees(v[4]),
        "cog": v[5] / 10.0, "heading": v[6],
    }
    framed = Framed(fast, ok, tag_us, mtype, position, pos_lines, None, decoded)
    return framed, starts, ends


def warm() -> None:
    """Compile (or load from the cache) before timing starts."""
    line = b"\\c:1*00\\!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09\n"
    frame(np.frombuffer(line, dtype=np.uint8), 1, True)


_ = SIX  # the same armour table as the NumPy path
