"""Gaps and sighting fusion on small readable tracks at the bundled Rajin/Vostochny areas."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import polars as pl

from tests.maritime.test_clean import T0, ping, track
from warledger.maritime.analysis import analyse
from warledger.maritime.areas import load_areas
from warledger.maritime.params import Params
from warledger.maritime.pipeline import detect

RAJIN = (42.2333, 130.3)
VOSTOCHNY = (42.75, 133.0833)
SHIP = 273_000_042


def _dwell(start_min: float, hours: float, where: tuple[float, float]) -> list[dict]:
    return [ping(SHIP, start_min + 10 * k, where[0], where[1], sog=0.0)
            for k in range(int(hours * 6))]


def test_dark_leg_is_a_port_bracketing_long_gap() -> None:
    # 20 h moored at Rajin, dark for 30 h, then 20 h moored at Vostochny
    rows = _dwell(0, 20, RAJIN) + _dwell(50 * 60, 20, VOSTOCHNY)
    det = detect(track(rows), load_areas(), Params())
    assert det.gaps.height == 1
    gap = det.gaps.row(0, named=True)
    assert gap["off_area"] == "KPRJN" and gap["on_area"] == "RUVYP" and gap["port_bracketing"]
    assert gap["gap_class"] == "likely-disabling"  # >= 12 h and 72 positions in the 12 h before
    assert abs(gap["duration_h"] - (30 + 1 / 6)) < 1e-9
    assert det.visits["area_id"].to_list() == ["KPRJN", "RUVYP"]
    assert det.visits["confidence"].to_list() == [2, 2]  # stopped, never seen entering


def test_sightings_chain_and_bound_a_dark_call(tmp_path: Path) -> None:
    rows = _dwell(0, 20, RAJIN) + _dwell(20 * 24 * 60, 20, RAJIN)  # two AIS calls at Rajin
    sightings = tmp_path / "s.csv"
    day = timedelta(days=1)
    lines = ["vessel,area,time,source,confidence"]
    for k in (5, 6, 7):  # three daily images at Vostochny between the two Rajin calls
        lines.append(f"{SHIP},Vostochny,{(T0 + k * day).isoformat()},planet,high")
    lines.append(f"{SHIP},KPRJN,{(T0 + timedelta(hours=10)).isoformat()},planet,high")
    sightings.write_text("\n".join(lines) + "\n")
    res = analyse(track(rows), load_areas(), Params(), sightings_csv=sightings)
    v = res.visits.sort("start")
    assert v["area_id"].to_list() == ["KPRJN", "RUVYP", "KPRJN"]
    assert v["evidence"].to_list() == ["ais+sighting", "sighting", "ais"]
    assert v["corroborated"].to_list() == [True, False, False]
    mid = v.row(1, named=True)
    assert mid["n_sightings"] == 3
    assert mid["start_lo"] == T0 + timedelta(minutes=10 * 119)  # last AIS row at Rajin
    assert mid["end_hi"] == T0 + timedelta(days=20)  # first AIS row of the next call
    legs = res.voyages
    assert legs.select("from_area", "to_area").rows() == [("KPRJN", "RUVYP"), ("RUVYP", "KPRJN")]
    assert res.round_trips.height == 1
    assert res.conflicts.is_empty()


def test_sighting_far_from_ais_is_a_conflict(tmp_path: Path) -> None:
    rows = _dwell(0, 20, RAJIN)
    sightings = tmp_path / "s.csv"
    seen = (T0 + timedelta(hours=5, minutes=5)).isoformat()
    sightings.write_text(f"vessel,area,time,source,confidence\n{SHIP},RUVYP,{seen},maxar,high\n")
    res = analyse(track(rows), load_areas(), Params(), sightings_csv=sightings)
    assert res.conflicts.height == 2  # the AIS rows just before and after the image
    assert (res.conflicts["distance_km"] > 200).all()
    # the sighting still makes a visit: evidence is reported, not silently dropped
    assert pl.Series(["RUVYP"]).is_in(res.visits["area_id"]).all()
