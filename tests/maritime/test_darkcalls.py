"""Possible dark calls: the scenario with AIS off near Rajin, and each documented threshold.

Thresholds (docs/maritime.md, "Dark calls"): under way = median SOG >= 2 kn in the hour
before the gap; closing on the port at >= 0.5 x cruise speed; route factor 1.3; a stay of
>= 8 h must fit. Values below are derived from those literals, not read from Params.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.maritime.handmade import P_LAT, point_area, track, write
from warledger.maritime.analysis import analyse
from warledger.maritime.areas import load_areas
from warledger.maritime.params import Params
from warledger.maritime.simulate_dark import simulate_dark

KM_PER_DEG = 111.195
KN_KMH = 1.852


@pytest.fixture(scope="module")
def dark(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("dark")
    truth = simulate_dark(out)
    res = analyse(out / "positions.parquet", load_areas(), Params())
    return {"dir": out, "truth": truth, "res": res}


def _matches(call: dict, inferred: pl.DataFrame) -> bool:
    arrive, depart = (datetime.fromisoformat(call[k]) for k in ("arrive", "depart"))
    hit = inferred.filter(
        (pl.col("vessel_key") == str(call["mmsi"])) & (pl.col("area_id") == call["area_id"])
        & (pl.col("off_ts") <= arrive) & (pl.col("on_ts") >= depart))
    return hit.height == 1


def test_at_least_90_percent_of_dark_calls_inferred(dark: dict[str, Any]) -> None:
    calls = dark["truth"]["dark_calls"]
    found = sum(_matches(c, dark["res"].dark_calls) for c in calls)
    assert len(calls) >= 10 and found / len(calls) >= 0.9


def test_no_call_for_pass_by_or_anchored_ships(dark: dict[str, Any]) -> None:
    inferred = dark["res"].dark_calls
    others = {str(m) for m in dark["truth"]["passers"] + dark["truth"]["anchored"]}
    gaps = dark["res"].detection.gaps
    # the negatives are real: both kinds have long gaps near Rajin
    assert set(gaps["vessel_key"].to_list()) >= others
    assert not set(inferred["vessel_key"].to_list()) & others
    calls = dark["truth"]["dark_calls"]
    assert all(any(_matches(c, row) for c in calls)
               for row in inferred.iter_slices(1))  # no call the truth does not have


def test_counts_at_least_observed_up_to_with_dark(dark: dict[str, Any]) -> None:
    """Each shuttle call at Rajin sits between two Vostochny stays: two legs per call."""
    truth = dark["truth"]
    ships, calls = truth["scenario"]["ships"], truth["scenario"]["rajin_calls"]
    months = dark["res"].monthly
    assert months.columns == ["from_place", "to_place", "month", "at_least", "at_most",
                              "up_to_with_dark"]
    assert months.select(pl.col("from_place", "to_place", "month").null_count()).sum_horizontal(
    ).item() == 0  # months with dark legs only keep their route and month
    assert months["at_least"].sum() == 2 * (ships * calls - len(truth["dark_calls"]))
    assert months["up_to_with_dark"].sum() == 2 * ships * calls


# --- boundaries, on one hand-made approach: P at 55 N 10 E (entry 3 km), 10 kn ----------

def _approach(tmp_path: Path, off_km: float, gap_h: float, last_hour_sog: float = 10.0,
              closing_kn: float = 10.0) -> pl.DataFrame:
    """A ship steams north towards P at 10 kn (sog 10), goes dark ``off_km`` south of P and
    reappears at the same spot ``gap_h`` later, then steams back south."""
    v = 10 * KN_KMH / 60  # km per minute
    rows = [(m, P_LAT - (off_km + d) / KM_PER_DEG, 10.0, last_hour_sog if m >= 60 else 10.0)
            for m, d in zip(range(0, 121, 10), _dists(v, closing_kn), strict=True)]
    t_on = 120 + gap_h * 60
    rows += [(t_on + m, P_LAT - (off_km + m * v) / KM_PER_DEG, 10.0, 10.0)
             for m in range(0, 121, 10)]
    return track(rows)


def _dists(v: float, closing_kn: float) -> list[float]:
    """Distance still to go to the dark point at minutes 0, 10, ..., 120."""
    c = closing_kn * KN_KMH / 60
    out = []
    for m in range(0, 121, 10):
        out.append(60 * c + (60 - m) * v if m < 60 else (120 - m) * c)
    return out


def _calls(tmp_path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    pos = write([frame], tmp_path / "p.parquet")
    areas = load_areas(point_area(tmp_path / "a.geojson"))
    return analyse(pos, areas, Params()).dark_calls


def _gap_for_dwell(off_km: float, dwell_h: float) -> float:
    # travel = 1.3 x 2 x (off_km - 3) / (10 kn x 1.852)
    return dwell_h + 1.3 * 2 * (off_km - 3) / (10 * KN_KMH)


def test_dwell_8h_just_fits_is_a_call(tmp_path: Path) -> None:
    assert _calls(tmp_path, _approach(tmp_path, 40.0, _gap_for_dwell(40.0, 8.05))).height == 1


def test_dwell_just_under_8h_is_no_call(tmp_path: Path) -> None:
    assert _calls(tmp_path, _approach(tmp_path, 40.0, _gap_for_dwell(40.0, 7.95))).is_empty()


def test_under_way_at_2_knots_before_the_gap_is_a_call(tmp_path: Path) -> None:
    frame = _approach(tmp_path, 40.0, 30.0, last_hour_sog=2.0)
    assert _calls(tmp_path, frame).height == 1


def test_under_1_9_knots_before_the_gap_is_no_call(tmp_path: Path) -> None:
    frame = _approach(tmp_path, 40.0, 30.0, last_hour_sog=1.9)
    assert _calls(tmp_path, frame).is_empty()


def test_closing_at_half_cruise_speed_is_a_call(tmp_path: Path) -> None:
    assert _calls(tmp_path, _approach(tmp_path, 40.0, 30.0, closing_kn=5.05)).height == 1


def test_closing_below_half_cruise_speed_is_no_call(tmp_path: Path) -> None:
    assert _calls(tmp_path, _approach(tmp_path, 40.0, 30.0, closing_kn=4.95)).is_empty()


def test_cli_prints_observed_and_upper_counts(dark: dict[str, Any]) -> None:
    import json

    from typer.testing import CliRunner

    from warledger.cli.ais import app

    pos = str(dark["dir"] / "positions.parquet")
    res = CliRunner().invoke(app, ["voyages", pos, "--json", "--by", "month"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    truth = dark["truth"]
    ships, calls = truth["scenario"]["ships"], truth["scenario"]["rajin_calls"]
    assert out["voyages"] == 2 * (ships * calls - len(truth["dark_calls"]))
    assert out["voyages_with_dark"] == 2 * ships * calls
    assert len(out["dark_calls"]) == len(truth["dark_calls"])
    text = CliRunner().invoke(app, ["voyages", pos]).output
    assert (f"at least {out['voyages']} observed voyage(s), up to "
            f"{out['voyages_with_dark']} with inferred dark calls") in " ".join(text.split())
