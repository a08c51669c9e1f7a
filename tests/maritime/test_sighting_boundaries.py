"""Boundaries of the sighting rules: chains while evidence is <= 3 days apart; a conflict is a
high-confidence sighting > 20 km from an AIS position of the ship within +-2 h."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.maritime.handmade import MMSI, P_LON, T0, north_km, point_area, track
from warledger.maritime.analysis import analyse
from warledger.maritime.areas import load_areas
from warledger.maritime.params import Params

KM_PER_DEG = 111.195


def _run(tmp: Path, rows: list[tuple], lines: list[str]):  # type: ignore[no-untyped-def]
    path = tmp / "s.csv"
    path.write_text("\n".join(["vessel,area,lat,lon,time,source,confidence", *lines]) + "\n")
    areas = load_areas(point_area(tmp / "a.geojson"))
    return analyse(track(rows), areas, Params(), sightings_csv=path)


@pytest.mark.parametrize(("days", "visits"), [(3.0, 1), (3.001, 2)])
def test_sightings_chain_within_3_days(tmp_path: Path, days: float, visits: int) -> None:
    """Two images of the ship at P, ``days`` apart, and an AIS track far away at sea that
    ends before both (so nothing places the ship elsewhere in between)."""
    rows = [(m, north_km(-500), P_LON, 10.0) for m in range(0, 60, 10)]
    a, b = T0 + timedelta(days=1), T0 + timedelta(days=1 + days)
    res = _run(tmp_path, rows, [f"{MMSI},P,,,{a.isoformat()},img,high",
                                f"{MMSI},P,,,{b.isoformat()},img,high"])
    assert res.visits.filter(res.visits["area_id"] == "P").height == visits


@pytest.mark.parametrize(("km", "conflict"), [(19.9, False), (20.1, True)])
def test_conflict_beyond_20_km(tmp_path: Path, km: float, conflict: bool) -> None:
    rows = [(m, north_km(-300), P_LON, 10.0) for m in range(0, 120, 10)]
    seen = T0 + timedelta(minutes=55)  # between two AIS rows 5 minutes from each
    lat = north_km(-300 + km)
    res = _run(tmp_path, rows, [f"{MMSI},,{lat},{P_LON},{seen.isoformat()},img,high"])
    assert (res.conflicts.height > 0) == conflict


@pytest.mark.parametrize(("minutes", "conflict"), [(120, True), (121, False)])
def test_conflict_window_2_hours(tmp_path: Path, minutes: int, conflict: bool) -> None:
    """One AIS row ``minutes`` before the image, 100 km away; nothing after it."""
    rows = [(0, north_km(-300), P_LON, 10.0)]
    seen = T0 + timedelta(minutes=minutes)
    res = _run(tmp_path, rows,
               [f"{MMSI},,{north_km(-200)},{P_LON},{seen.isoformat()},img,high"])
    assert (res.conflicts.height > 0) == conflict
