"""The compiled and the NumPy NMEA paths against pyais, field by field, on real and random input.

``read_nmea_pyais`` decodes every payload with pyais, line by line; it is the oracle. The fast
paths must give the same rows, the same reject counts and the same first-seen places.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyais import decode
from pyais.encode import encode_dict

from warledger.maritime.ingest import nmea
from warledger.maritime.ingest.nmea import nmea_checksum, read_nmea, read_nmea_pyais
from warledger.maritime.schema import Rejects, RowBuffer

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = [*sorted((DATA / "ais-nmea").iterdir()), DATA / "ais-tracks" / "dma_212123000_drift_1.ais"]


@pytest.fixture(params=["jit", "numpy"])
def path_kind(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "jit":
        pytest.importorskip("numba")
    old = nmea.USE_JIT
    nmea.USE_JIT = request.param == "jit"
    yield request.param
    nmea.USE_JIT = old


def _frame(rows: list[dict]) -> pl.DataFrame:
    buffer = RowBuffer()
    for row in rows:
        buffer.append(row)
    frame = pl.from_arrow(buffer.take())
    assert isinstance(frame, pl.DataFrame)
    return frame.sort(frame.columns)


def _same_as_pyais(path: Path, check: bool = True) -> int:
    ours, oracle = Rejects(), Rejects()
    got = _frame(list(read_nmea(path, ours, check_checksum=check)))
    want = _frame(list(read_nmea_pyais(path, oracle, check_checksum=check)))
    assert got.equals(want)
    assert ours.counts == oracle.counts
    assert ours.first_seen == oracle.first_seen
    assert ours.skipped == oracle.skipped
    return got.height


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_fast_paths_equal_pyais_on_real_logs(path_kind: str, path: Path) -> None:
    _same_as_pyais(path)


def test_every_real_sentence_with_a_tag_time(path_kind: str, tmp_path: Path) -> None:
    """The pyais sample (about 900 sentences of many types), each given a tag-block time."""
    lines = (DATA / "ais-nmea" / "pyais_nmea_data_sample.txt").read_text().splitlines()
    out = []
    for i, line in enumerate(lines):
        body = f"s:x,c:{1_600_000_000 + i}"
        out.append(f"\\{body}*{nmea_checksum(body):02X}\\{line}")
    path = tmp_path / "tagged.nmea"
    path.write_text("\n".join(out) + "\n")
    assert _same_as_pyais(path) > 500


def test_mixed_lines_keep_the_sequential_rules(path_kind: str, tmp_path: Path) -> None:
    """Fast lines between $PGHP times, multi-part messages, garbage and bad checksums."""
    pos = "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09"
    lines = (DATA / "ais-nmea" / "pyais_mixed.txt").read_text().splitlines()
    pghp = "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17"
    body = "c:1700000000000"  # milliseconds: above 1e11
    tagged = f"\\{body}*{nmea_checksum(body):02X}\\{pos}"
    text = [pghp, pos, pos, pghp, pos[:-2] + "00", pos, "garbage", pghp, "", tagged, pos,
            *lines, pghp, "\\c:12*00\\" + pos, "\\c:1.5*00\\" + pos, "\\c:1,c:2*00\\" + pos]
    path = tmp_path / "mixed.nmea"
    path.write_text("\r\n".join(text) + "\r\n")
    assert _same_as_pyais(path) >= 4
    assert _same_as_pyais(path, check=False) >= 5


@pytest.mark.parametrize(("c", "seconds"), [("100000000000", 100_000_000_000),
                                            ("100000000001", 100_000_000.001)])
def test_tag_time_milliseconds_above_1e11(path_kind: str, c: str, seconds: float,
                                          tmp_path: Path) -> None:
    """The tag-block rule: a 'c' value up to 1e11 is seconds, above it milliseconds."""
    pos = "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09"
    path = tmp_path / "t.nmea"
    path.write_text(f"\\c:{c}*00\\{pos}\n")
    rows = list(read_nmea(path, Rejects()))
    epoch = rows[0]["ts"].timestamp()
    assert epoch == pytest.approx(seconds, abs=1e-6)
    _same_as_pyais(path)


def _sentence(data: dict) -> str:
    return encode_dict(data, radio_channel="A", talker_id="AI")[0]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([1, 2, 3, 18]), st.integers(0, 2**30 - 1),
       st.integers(-(2**27), 2**27 - 1), st.integers(-(2**26), 2**26 - 1),
       st.integers(0, 1023), st.integers(0, 4095), st.integers(0, 511), st.integers(0, 15))
def test_random_position_fields_equal_pyais(mtype: int, mmsi: int, lon: int, lat: int,
                                             speed: int, course: int, heading: int,
                                             status: int) -> None:
    """Raw field values over their whole bit ranges, incl. sentinels (181, 91, 102.3, 360)."""
    data = {"type": mtype, "mmsi": mmsi, "lon": lon / 600000.0, "lat": lat / 600000.0,
            "speed": speed / 10.0, "course": course / 10.0, "heading": heading,
            "status": status}
    sentence = _sentence(data)
    msg = decode(sentence)
    line = f"\\c:1700000000*00\\{sentence}\n".encode()
    for use_jit in (True, False):
        nmea.USE_JIT = use_jit
        rows = [r for t in nmea.read_nmea_tables(_Bytes(line), Path("x.nmea"), Rejects())
                for r in t.to_pylist()]
        nmea.USE_JIT = True
        assert len(rows) == 1
        row = rows[0]
        assert (row["mmsi"], row["lat"], row["lon"]) == (msg.mmsi, msg.lat, msg.lon)
        assert row["sog"] == pytest.approx(msg.speed, abs=1e-5)
        assert row["cog"] == pytest.approx(msg.course, abs=1e-4)
        assert row["heading"] == msg.heading and row["msg_type"] == msg.msg_type
        assert row["nav_status"] == (None if mtype == 18 else int(msg.status))


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, n: int = -1) -> bytes:
        out, self.data = self.data, b""
        return out


def test_block_boundaries_do_not_change_results(tmp_path: Path) -> None:
    """Lines cut across reading blocks, and a $PGHP time carried over a block boundary."""
    rng = random.Random(3)
    pghp = "$PGHP,1,2008,5,9,0,0,{s},10,338,2,,1,09*17"
    pos = "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09"
    lines = []
    for i in range(300):
        lines.append(pghp.format(s=i % 60) if rng.random() < 0.5 else "junk")
        lines.append(pos)
    data = ("\n".join(lines) + "\n").encode()
    whole, small = Rejects(), Rejects()
    a = [r for t in nmea.read_nmea_tables(_Bytes(data), Path("x"), whole) for r in t.to_pylist()]
    b = [r for t in nmea.read_nmea_tables(_Chunks(data, 97), Path("x"), small,
                                          block_bytes=97) for r in t.to_pylist()]
    assert a == b and whole.as_dict() == small.as_dict()


class _Chunks:
    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read(self, n: int = -1) -> bytes:
        out, self.data = self.data[: self.size], self.data[self.size:]
        return out
