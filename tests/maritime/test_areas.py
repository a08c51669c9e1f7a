"""Port areas: World Port Index builder, bundled file, hysteresis distances."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from warledger.maritime.areas import haversine_km, load_areas, nearest_area
from warledger.maritime.errors import AreaError
from warledger.maritime.wpi import areas_from_wpi, reference_offset_km, write_areas

LOCODES = {"KP RJN": "Najin", "RU VYP": "Vostochnyy", "RU NJK": "Nakhodka"}


def _wpi_coords(data: Path) -> dict[str, tuple[float, float]]:
    """Coordinates read straight from the bundled WPI rows (the KP and RU ports of Pub. 150)."""
    with (data.parents[1] / "data" / "ports" / "wpi_pub150_kp_ru.csv").open(
            encoding="utf-8-sig") as handle:
        return {r["UN/LOCODE"]: (float(r["Latitude"]), float(r["Longitude"]))
                for r in csv.DictReader(handle) if r["UN/LOCODE"] in LOCODES}


def test_from_wpi_within_2km_of_index(data: Path, tmp_path: Path) -> None:
    coords = _wpi_coords(data)
    fc = areas_from_wpi(["KPRJN", "RU VYP", "runjk"])
    write_areas(fc, tmp_path / "a.geojson")
    areas = load_areas(tmp_path / "a.geojson")
    for feat, area, (code, name) in zip(fc["features"], areas, LOCODES.items(), strict=True):
        lat, lon = coords[code]
        assert feat["properties"]["name"] == name
        assert haversine_km(lat, lon, feat["properties"]["ref_lat"],
                            feat["properties"]["ref_lon"]) <= 2.0
        assert reference_offset_km(feat, lat, lon) <= 2.0
        idx, dist = nearest_area(np.array([lat]), np.array([lon]), areas)
        assert areas[idx[0]] is area and dist[0] <= 2.0
        assert "World Port Index" in feat["properties"]["source"]
    # GFW anchorage points are added where GFW has the port (not for Rajin)
    assert fc["features"][0]["properties"]["n_anchorage_points"] == 1
    assert fc["features"][1]["properties"]["n_anchorage_points"] > 10


def test_dunai_from_cited_extra_entry() -> None:
    feat = areas_from_wpi(["RUDUN"])["features"][0]
    assert feat["properties"]["name"] == "Dunai"
    assert "wikipedia.org/wiki/Dunay" in feat["properties"]["source"]


def test_unknown_locode_is_an_error() -> None:
    with pytest.raises(AreaError, match="XXZZZ"):
        areas_from_wpi(["XXZZZ"])


def test_bundled_areas_match_the_index(data: Path) -> None:
    areas = {a.area_id: a for a in load_areas()}
    assert set(areas) == {"KPRJN", "RUVYP", "RUNJK", "RUDUN"}
    coords = _wpi_coords(data)
    for code in LOCODES:
        lat, lon = coords[code]
        area = areas[code.replace(" ", "")]
        assert area.properties["ref_lat"] == pytest.approx(lat)
        assert area.properties["ref_lon"] == pytest.approx(lon)
    assert {a.group for a in areas.values()} == {"PRK", "RUS"}


def test_point_and_polygon_distances(tmp_path: Path) -> None:
    poly = [[[10.0, 55.0], [10.1, 55.0], [10.1, 55.1], [10.0, 55.1], [10.0, 55.0]]]
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "box", "exit_km": 1.5},
         "geometry": {"type": "Polygon", "coordinates": poly}},
        {"type": "Feature", "properties": {"name": "pt", "group": "G"},
         "geometry": {"type": "Point", "coordinates": [12.0, 56.0]}}]}
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(fc))
    areas = load_areas(path)
    lat = np.array([55.05, 55.05, 56.0 + 2.0 / 111.195, 30.0])
    lon = np.array([10.05, 10.1 + 1.0 / (111.195 * np.cos(np.radians(55.05))), 12.0, 0.0])
    idx, dist = nearest_area(lat, lon, areas)
    assert idx.tolist() == [0, 0, 1, -1]
    assert dist[0] == 0.0
    assert dist[1] == pytest.approx(1.0, abs=0.01)
    assert dist[2] == pytest.approx(2.0, abs=0.01)
    assert np.isinf(dist[3])
    assert areas[0].exit_km == 1.5 and areas[0].entry_km == 0.0


def test_bad_area_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                            "coordinates": [0, 0]}}]}))
    with pytest.raises(AreaError, match="feature 0: a feature without a 'name'"):
        load_areas(path)


def test_from_wpi_radius_for_a_small_harbour(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from warledger.cli.ais import app

    out = tmp_path / "a.geojson"
    res = CliRunner().invoke(app, ["areas", "from-wpi", "RUNJK", "RUVYP", "--out", str(out),
                                   "--radius", "RUNJK=1,1.5"])
    assert res.exit_code == 0, res.output
    nakhodka, vostochny = load_areas(out)
    assert (nakhodka.entry_km, nakhodka.exit_km) == (1.0, 1.5)
    assert (vostochny.entry_km, vostochny.exit_km) == (3.0, 4.0)
    bad = CliRunner().invoke(app, ["areas", "from-wpi", "RUNJK", "--out", str(out),
                                   "--radius", "RUNJK=2,1"])
    assert bad.exit_code == 1 and "smaller than the entry radius" in bad.output
