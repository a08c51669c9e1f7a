"""Ingest on the real NMEA, DMA and NOAA samples, and on corrupted input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyais import decode

from warledger.maritime.errors import AISInputError
from warledger.maritime.ingest import ingest
from warledger.maritime.ingest.nmea import nmea_checksum, read_nmea
from warledger.maritime.schema import Rejects

FIXTURE_OK = [HealthCheck.function_scoped_fixture]
PART1 = "!AIVDM,2,1,3,B,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0*3E"
POS = "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09"  # pyais_timestamped.ais, type 1


def _tagged(sentence: str, epoch: int) -> str:
    body = f"c:{epoch}"
    return f"\\{body}*{nmea_checksum(body):02X}\\{sentence}"


def test_gatehouse_time_and_fields_match_pyais(data: Path, tmp_path: Path) -> None:
    res = ingest([data / "ais-nmea" / "pyais_timestamped.ais"], tmp_path)
    df = pl.read_parquet(res.path)
    msg = decode(POS)
    assert df.height == 2  # two sentences carry a $PGHP time; two others have none
    assert res.rejects.counts == {"no-timestamp": 2}
    row = df.filter(pl.col("mmsi") == msg.mmsi).row(0, named=True)
    assert row["ts"] == datetime(2008, 5, 9, 0, 0, 0, 10_000, tzinfo=UTC)
    assert (row["mmsi"], row["lat"], row["lon"]) == (msg.mmsi, msg.lat, msg.lon)
    assert row["sog"] == pytest.approx(msg.speed)


def test_tag_block_time_and_checksum(tmp_path: Path) -> None:
    bad = POS[:-2] + "00"
    path = tmp_path / "log.nmea"
    path.write_text("\n".join([_tagged(POS, 1_700_000_000), _tagged(bad, 1_700_000_001),
                               POS, "garbage line"]) + "\n")
    rejects = Rejects()
    rows = list(read_nmea(path, rejects))
    assert [r["ts"] for r in rows] == [datetime.fromtimestamp(1_700_000_000, UTC)]
    assert rejects.counts == {"bad-checksum": 1, "no-timestamp": 1, "not-nmea": 1}
    assert rejects.first_seen["bad-checksum"] == "log.nmea:2"
    lenient = Rejects()
    assert len(list(read_nmea(path, lenient, check_checksum=False))) == 2


def test_multipart_reassembly_and_truncation(data: Path, tmp_path: Path) -> None:
    lines = (data / "ais-nmea" / "pyais_mixed.txt").read_text().splitlines()
    pairs = [(a, b) for a, b in zip(lines, lines[1:], strict=False)
             if a.startswith("!AIVDM,2,1") and b.startswith("!AIVDM,2,2")]
    assert pairs, "the sample holds two-part messages"
    a, b = pairs[0]
    path = tmp_path / "multi.nmea"
    path.write_text("\n".join([_tagged(a, 1_700_000_000), b, _tagged(a, 1_700_000_100)]) + "\n")
    rejects = Rejects()
    assert list(read_nmea(path, rejects)) == []  # type 5 is static: skipped, not rejected
    assert rejects.skipped["message type 5"] == 1
    assert rejects.counts == {"incomplete-multipart": 1}  # the dangling first part


def test_dma_drift_log_real(data: Path, tmp_path: Path) -> None:
    res = ingest([data / "ais-tracks" / "dma_212123000_drift_1.ais"], tmp_path)
    df = pl.read_parquet(res.path)
    assert set(df["mmsi"].unique()) == {212123000}
    assert df["ts"].min() >= datetime(2014, 10, 2, 16, 30, tzinfo=UTC)
    assert df["ts"].max() <= datetime(2014, 10, 3, 7, 1, tzinfo=UTC)
    assert df["lat"].is_between(55.5, 55.7).all() and df["lon"].is_between(15.2, 15.5).all()
    assert df.select(pl.struct("mmsi", "ts").is_sorted()).item()
    # the same report arrives from several stations: many exact repeats to de-duplicate
    assert df.unique(["ts", "lat", "lon"]).height < df.height


def test_dma_and_noaa_csv_real(data: Path, tmp_path: Path) -> None:
    res = ingest([data / "ais-dma" / "aisdk_header.csv",
                  data / "ais-noaa" / "test_data_noaa_20230101.csv"], tmp_path)
    df = pl.read_parquet(res.path)
    assert res.formats[str(data / "ais-dma" / "aisdk_header.csv")] == "dma"
    dma = df.filter(pl.col("source") == "aisdk_header")
    noaa = df.filter(pl.col("source") == "test_data_noaa_20230101")
    assert dma.height == 138 and noaa.height == 1000
    assert (dma["ts"] == datetime(2018, 6, 1, tzinfo=UTC)).all()
    assert (dma["lat"] == 91.0).sum() > 0  # no-position rows survive ingest; cleaning nulls them
    assert noaa["ts"].dt.date().cast(pl.String).unique().to_list() == ["2023-01-11"]


def test_malformed_csv_rows_named_and_counted(data: Path, tmp_path: Path) -> None:
    real = (data / "ais-tracks" / "dma_dipaal_ferry.csv").read_text().splitlines()
    broken = real[:6] + ["15/10/2022 11:17:00,Class A,219000734,not-a-lat" + ",x" * 22,
                         "32/13/2022 11:17:00" + real[6][19:], "too,few,fields"]
    path = tmp_path / "ferry.csv"
    path.write_text("\n".join(broken) + "\n")
    res = ingest([path], tmp_path / "out")
    assert res.rows == 5
    assert res.rejects.counts == {"bad-latitude": 1, "bad-timestamp": 1, "wrong-field-count": 1}
    assert res.rejects.first_seen["bad-latitude"] == "ferry.csv:7 field 'Latitude'"


def test_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(AISInputError, match="neither DMA nor NOAA"):
        ingest([path], tmp_path / "o")


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(st.one_of(
    st.binary(max_size=80),
    st.sampled_from([POS, PART1, "!AIVDM,2,2,3,B,1@0000000000000,2*55",
                     "!AIVDM,1,1,,B,,0*25"]).map(str.encode),
    st.tuples(st.sampled_from([POS]), st.integers(0, 40), st.characters()).map(
        lambda t: (t[0][: t[1]] + t[2] + t[0][t[1] + 1:]).encode("utf-8", "replace")),
), max_size=30))
def test_corrupt_nmea_never_crashes(tmp_path: Path, chunks: list[bytes]) -> None:
    path = tmp_path / "fuzz.nmea"
    path.write_bytes(b"\n".join(chunks))
    rejects = Rejects()
    rows = list(read_nmea(path, rejects))
    assert len(rows) + rejects.total <= max(len(chunks), 1) * 2
    for row in rows:
        assert row["mmsi"] >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(st.text(max_size=60), max_size=20))
def test_corrupt_csv_never_crashes(tmp_path: Path, lines: list[str]) -> None:
    header = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType," \
             "Status,Length,Width,Draft,Cargo,TransceiverClass"
    path = tmp_path / "noaa.csv"
    body = "\n".join(lines)
    path.write_text(header + "\n" + body, encoding="utf-8", errors="replace")
    res = ingest([path], tmp_path / "o")
    # every physical line is at most one row or one reject
    assert res.rows + res.rejects.total <= body.count("\n") + body.count("\r") + 1
