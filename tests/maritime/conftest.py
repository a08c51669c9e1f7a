"""Fixtures: the real AIS samples in tests/data, scenario runs, one Spark session."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from warledger.maritime.areas import PortArea, load_areas

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def data() -> Path:
    """The third-party fixtures kept in the repository (see tests/data/README.md)."""
    return DATA


def unpacked(rel: str, out: Path | None = None) -> Path:
    """A fixture path under tests/data; tracks are stored as ``.gz``, which ingest reads as
    it is (``out`` is kept for callers that once unpacked them)."""
    path = DATA / rel
    return path if path.is_file() else DATA / (rel + ".gz")


def gunzip(rel: str, out: Path) -> Path:
    """The stored ``.gz`` fixture unpacked into ``out`` (to compare with reading it packed)."""
    target = out / Path(rel).name
    with gzip.open(DATA / (rel + ".gz"), "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def areas_near(data_dir: Path, lat: tuple[float, float], lon: tuple[float, float],
               out: Path) -> list[PortArea]:
    """Point areas for every WPI port (GFW's simplified list) inside a box around a track."""
    feats = []
    with (data_dir / "gfw-anchorages" / "WPI_ports.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            plat, plon = float(row["latitude"]), float(row["longitude"])
            if lat[0] - 0.3 <= plat <= lat[1] + 0.3 and lon[0] - 0.3 <= plon <= lon[1] + 0.3:
                name = f"{row['label']}/{row['sublabel']}".rstrip("/")
                feats.append({"type": "Feature", "properties": {"name": name},
                              "geometry": {"type": "Point", "coordinates": [plon, plat]}})
    path = out / "areas.geojson"
    seen: set[str] = set()
    unique = [f for f in feats if not (f["properties"]["name"] in seen
                                       or seen.add(f["properties"]["name"]))]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": unique}))
    return load_areas(path)


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The full 20-month scenario with daily imagery, small background traffic."""
    from warledger.maritime.simulate import Scenario, simulate

    out = tmp_path_factory.mktemp("scenario")
    truth = simulate(out, Scenario(background_vessels=8, background_interval_min=180.0))
    return {"dir": out, "truth": truth, "areas": load_areas()}


@pytest.fixture(scope="module")
def spark() -> Any:
    pytest.importorskip("pyspark")
    from warledger.maritime.engines.spark_engine import spark_session

    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
