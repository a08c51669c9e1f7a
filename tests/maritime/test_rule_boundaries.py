"""Boundary tests for the documented constants of voyages, gaps and segmentation.

Each value is derived from docs/maritime.md as written: voyages use visits of confidence >= 2;
gaps are >= 6 h, long at >= 12 h, likely disabling with >= 14 positions in the 12 h before;
a row its predecessor cannot reach at <= 30 kn plus 1 nm is a break; segments of < 10 points
overlapping a longer one are dropped.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from tests.maritime.handmade import P_LON, north_km, track
from warledger.maritime.areas import load_areas
from warledger.maritime.detect.voyages import voyages
from warledger.maritime.params import Params
from warledger.maritime.pipeline import detect

NM_KM = 1.852


def _areas(tmp: Path, places: dict[str, float]) -> list:
    feats = [{"type": "Feature", "properties": {"name": name},
              "geometry": {"type": "Point", "coordinates": [P_LON, north_km(km)]}}
             for name, km in places.items()]
    path = tmp / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return load_areas(path)


def _stay(km: float, m0: int, m1: int) -> list[tuple]:
    return [(m, north_km(km), P_LON, 0.0) for m in range(m0, m1, 10)]


def _sail(a: float, b: float, m0: int, m1: int, sog: float = 10.0) -> list[tuple]:
    n = (m1 - m0) // 10
    return [(m0 + 10 * i, north_km(a + (b - a) * i / n), P_LON, sog) for i in range(1, n)]


@pytest.mark.parametrize(("b_rows", "legs"), [("stop", 2), ("pass", 1)])
def test_voyages_use_confidence_2_and_up(tmp_path: Path, b_rows: str, legs: int) -> None:
    """A at 0 km, B at 100 km, C at 200 km. The ship calls at A and C; at B it either stops
    without entering or leaving (no: it enters, stops, leaves = 4) or passes at 10 kn (= 1).
    A pass-by B (confidence 1) is not a call: A -> C is one leg; a call there makes two."""
    areas = _areas(tmp_path, {"A": 0.0, "B": 100.0, "C": 200.0})
    rows = _stay(0, 0, 300) + _sail(0, 100, 300, 624)
    if b_rows == "stop":
        rows += _stay(100, 630, 900) + _sail(100, 200, 900, 1224)
    else:  # through B's centre at 10 kn: entry and exit, nothing else
        rows += [(624, north_km(100), P_LON, 10.0)] + _sail(100, 200, 624, 948)
    rows += _stay(200, 1230, 1500)
    det = detect(track(rows), areas, Params())
    b = det.visits.filter(pl.col("area_id") == "B")["confidence"].to_list()
    assert b == ([4] if b_rows == "stop" else [1])
    assert voyages(det.visits, areas, Params()).height == legs


def _gap_track(gap_h: float, before: int) -> pl.DataFrame:
    """``before`` positions in the 12 h before a silence of ``gap_h`` hours, at sea."""
    step = 12 * 60 / before
    rows = [(i * step, north_km(50 + i * 0.01), P_LON, 0.0)
            for i in range(before)]
    last = rows[-1][0]
    rows.append((last + gap_h * 60, north_km(50), P_LON, 0.0))
    return track(rows)


@pytest.mark.parametrize(("gap_h", "n"), [(6.0, 1), (5.99, 0)])
def test_gap_from_6_hours(tmp_path: Path, gap_h: float, n: int) -> None:
    det = detect(_gap_track(gap_h, 20), _areas(tmp_path, {"A": 0.0}), Params())
    assert det.gaps.height == n


@pytest.mark.parametrize(("gap_h", "cls"), [(12.0, "likely-disabling"), (11.99, "naive")])
def test_long_gap_from_12_hours(tmp_path: Path, gap_h: float, cls: str) -> None:
    det = detect(_gap_track(gap_h, 20), _areas(tmp_path, {"A": 0.0}), Params())
    assert det.gaps["gap_class"].to_list() == [cls]


@pytest.mark.parametrize(("before", "cls"), [(14, "likely-disabling"), (13, "long")])
def test_likely_disabling_needs_14_positions_in_12_hours(tmp_path: Path, before: int,
                                                         cls: str) -> None:
    det = detect(_gap_track(13.0, before), _areas(tmp_path, {"A": 0.0}), Params())
    assert det.gaps["positions_12h_before"].to_list() == [before]
    assert det.gaps["gap_class"].to_list() == [cls]


@pytest.mark.parametrize(("extra_nm", "split"), [(-0.01, False), (0.01, True)])
def test_break_beyond_30_knots_plus_1_nm(tmp_path: Path, extra_nm: float, split: bool) -> None:
    """60 fixes 1 h apart, and in the middle one hop of 30 kn x 1 h + 1 nm (+- 0.01 nm):
    reachable, one segment; beyond it the row starts a new segment (counted as a key)."""
    hop_km = (30 * 1 + 1 + extra_nm) * NM_KM
    rows, pos = [], 0.0
    for i in range(60):
        pos += hop_km if i == 30 else 0.5
        rows.append((i * 60, north_km(pos), P_LON, 5.0))
    det = detect(track(rows), _areas(tmp_path, {"A": -500.0}), Params())
    gaps_or_none = det.events  # no port: only segmentation decides the vessel keys
    assert gaps_or_none.is_empty()
    from warledger.maritime.clean import clean
    from warledger.maritime.schema import Rejects

    keys = clean(track(rows), Params(), Rejects())["vessel"].unique().to_list()
    assert (len(keys) > 1) == split


@pytest.mark.parametrize(("n_short", "dropped"), [(9, 9), (10, 0)])
def test_short_overlapping_segment_under_10_points(n_short: int, dropped: int) -> None:
    """A main track of 40 fixes and, overlapping it in time, ``n_short`` fixes 500 km away."""
    from warledger.maritime.clean import clean
    from warledger.maritime.schema import Rejects

    main = [(i * 10, north_km(i * 0.1), P_LON, 5.0) for i in range(40)]
    far = [(5 + i * 10, north_km(500 + i * 0.1), P_LON, 5.0) for i in range(n_short)]
    rejects = Rejects()
    clean(track(sorted(main + far)), Params(), rejects)
    assert rejects.counts.get("short-overlapping-segment", 0) == dropped


def test_same_area_returns_count_consecutive_visits_at_one_area(tmp_path: Path) -> None:
    """Calls A, A, B, B: two pairs of consecutive visits at one area (legs may hide there)."""
    from warledger.maritime.detect.voyages import same_area_returns

    areas = _areas(tmp_path, {"A": 0.0, "B": 100.0})
    rows = (_stay(0, 0, 200) + _sail(0, 30, 200, 300) + _sail(30, 0, 300, 400)
            + _stay(0, 400, 600) + _sail(0, 100, 600, 924) + _stay(100, 930, 1100)
            + _sail(100, 130, 1100, 1200) + _sail(130, 100, 1200, 1300)
            + _stay(100, 1300, 1500))
    det = detect(track(rows), areas, Params())
    assert det.visits["area_id"].to_list() == ["A", "A", "B", "B"]
    assert same_area_returns(det.visits, Params()) == 2
