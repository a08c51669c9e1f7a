"""GFW anchorage tables as port areas: one area per (label, iso3), on GFW's real file."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import polars as pl
import pytest

from tests.maritime.conftest import DATA
from warledger.maritime.areas import load_areas
from warledger.maritime.errors import AreaError
from warledger.maritime.ingest import ingest
from warledger.maritime.params import Params
from warledger.maritime.pipeline import detect

TABLE = DATA / "gfw-anchorages" / "anchorage_overrides_near_tracks.csv"


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_points_grouped_by_port() -> None:
    rows = _rows()
    areas = {a.area_id: a for a in load_areas(TABLE)}
    ports = {(r["label"], r["iso3"]) for r in rows}
    assert set(areas) == {f"{iso}:{label}" for label, iso in ports}
    skagen = [r for r in rows if r["label"] == "SKAGEN"]
    assert len(areas["DNK:SKAGEN"].points) == len(skagen) == 214
    assert areas["DNK:SKAGEN"].group == "DNK"
    assert (areas["DNK:SKAGEN"].entry_km, areas["DNK:SKAGEN"].exit_km) == (3.0, 4.0)


@pytest.mark.parametrize("track", ["dma_dipaal_ferry.csv", "gfw_regr_229000611.json.gz"])
def test_real_track_visits_the_port_of_its_nearest_anchorage(track: str,
                                                             tmp_path: Path) -> None:
    """Both tracks start moored (ferry at Laeso, yacht in Gibraltar bay): the first visit is
    at the port owning the anchorage point nearest to the first fix, if within 3 km."""
    res = ingest([DATA / "ais-tracks" / track], tmp_path)
    first = pl.read_parquet(res.path).sort("ts").row(0, named=True)
    near = min(_rows(), key=lambda r: _km((first["lat"], first["lon"]),
                                          (float(r["latitude"]), float(r["longitude"]))))
    assert _km((first["lat"], first["lon"]),
               (float(near["latitude"]), float(near["longitude"]))) <= 3.0
    det = detect(res.path, load_areas(TABLE), Params())
    assert det.visits["area_id"][0] == f"{near['iso3']}:{near['label']}"


def test_geojson_points_sharing_a_name_are_one_port(tmp_path: Path) -> None:
    feats = [{"type": "Feature", "properties": {"name": "X", "group": "G"},
              "geometry": {"type": "Point", "coordinates": [10.0 + i / 100, 55.0]}}
             for i in range(3)]
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    (area,) = load_areas(path)
    assert len(area.points) == 3 and area.properties["n_anchorage_points"] == 3
    feats[2]["properties"]["group"] = "H"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    with pytest.raises(AreaError, match="duplicate area id 'X'"):
        load_areas(path)


def test_bad_anchorage_table_named(tmp_path: Path) -> None:
    bad = tmp_path / "anch.csv"
    bad.write_text("s2id,latitude,longitude,label,sublabel,iso3\nab,95.0,10,P,,DNK\n")
    with pytest.raises(AreaError, match=r"anch.csv, line 2: position 95.0, 10.0 is out"):
        load_areas(bad)
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(AreaError, match="not a GFW anchorage table"):
        load_areas(bad)
