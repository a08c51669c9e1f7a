"""Compressed and zipped inputs are read as streams and give what the plain files give."""

from __future__ import annotations

import bz2
import zipfile
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from tests.maritime.conftest import DATA, gunzip
from warledger.cli.ais import app
from warledger.maritime.errors import AISInputError
from warledger.maritime.ingest import ingest

TRACK = "ais-tracks/gfw_regr_235018598.json"
DRIFT = DATA / "ais-tracks" / "dma_212123000_drift_1.ais"
FERRY = DATA / "ais-tracks" / "dma_dipaal_ferry.csv"


def _read(paths: list[Path], out: Path) -> tuple[pl.DataFrame, dict]:
    res = ingest(paths, out)
    return pl.read_parquet(res.path), res.rejects.as_dict()


def test_gz_track_equals_the_plain_file(tmp_path: Path) -> None:
    packed, r1 = _read([DATA / (TRACK + ".gz")], tmp_path / "a")
    plain, r2 = _read([gunzip(TRACK, tmp_path)], tmp_path / "b")
    assert packed.height == 523  # the fixes SOURCES lists for this vessel
    assert packed.equals(plain) and r1 == r2


def _zstd(src: Path, dst: Path) -> Path:
    with pa.output_stream(str(dst), compression="zstd") as out:
        out.write(src.read_bytes())
    return dst


@pytest.mark.parametrize("kind", ["bz2", "zst"])
def test_bz2_and_zst_nmea_log_equal_the_plain_log(kind: str, tmp_path: Path) -> None:
    target = tmp_path / f"{DRIFT.name}.{kind}"
    if kind == "bz2":
        target.write_bytes(bz2.compress(DRIFT.read_bytes()))
    else:
        _zstd(DRIFT, target)
    packed, r1 = _read([target], tmp_path / "a")
    plain, r2 = _read([DRIFT], tmp_path / "b")
    assert packed.height == plain.height > 2000
    assert packed.equals(plain)
    assert r1["rejected"] == r2["rejected"] and r1["skipped"] == r2["skipped"]
    assert {k: v.replace(f".{kind}", "") for k, v in r1["first_seen"].items()} == r2["first_seen"]


def test_zip_reads_every_member(tmp_path: Path) -> None:
    archive = tmp_path / "day.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(FERRY, "aisdk/ferry.csv")
        zf.write(DRIFT, "drift.ais")
        zf.write(DATA / "ais-dma" / "aisdk_header.csv", "aisdk_header.csv")
    res = ingest([archive], tmp_path / "z")
    parts = [ingest([p], tmp_path / p.name).rows
             for p in (FERRY, DRIFT, DATA / "ais-dma" / "aisdk_header.csv")]
    assert res.rows == sum(parts)
    assert set(res.formats) == {"day.zip:ferry.csv", "day.zip:drift.ais",
                                "day.zip:aisdk_header.csv"}
    assert set(res.formats.values()) == {"dma", "nmea"}


def test_unknown_and_broken_archives_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(AISInputError, match="x.zip: not a readable zip archive"):
        ingest([bad], tmp_path / "o")
    odd = tmp_path / "x.doc.gz"
    odd.write_bytes(b"")
    with pytest.raises(AISInputError, match=r"x.doc.gz: unknown input format \(suffix '.doc'\)"):
        ingest([odd], tmp_path / "o")
    broken = tmp_path / "log.nmea.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(AISInputError, match="log.nmea.gz: cannot decompress"):
        ingest([broken], tmp_path / "o")


def test_garbage_only_input_exits_non_zero_with_counts(tmp_path: Path) -> None:
    log = tmp_path / "noise.nmea.gz"
    import gzip

    log.write_bytes(gzip.compress(b"hello\n!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*00\n"))
    res = CliRunner().invoke(app, ["ingest", str(log), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert "not-nmea: 1 (first at noise.nmea.gz:1)" in res.output
    assert "bad-checksum: 1 (first at noise.nmea.gz:2)" in res.output
    assert "Error: no position was read" in res.output
