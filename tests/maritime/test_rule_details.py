"""Maritime rules the larger tests pass through without pinning: the open-segment limit of
cleaning (docs/maritime.md: "the open segment (<= 10)"), the implied speed of a gap in knots,
events ordered within one instant, AIS-only visits uncorroborated, round trips and the
monthly upper counts."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import polars as pl
import pytest

from tests.maritime.test_clean import ping, track
from tests.maritime.test_gaps_sightings import RAJIN, SHIP, VOSTOCHNY, _dwell
from warledger.maritime.areas import load_areas
from warledger.maritime.clean import segment_kernel
from warledger.maritime.detect.voyages import round_trips, with_upper
from warledger.maritime.params import Params
from warledger.maritime.pipeline import detect


def test_params_cannot_change_once_made() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Params().port_gap_h = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(("jumps", "rejoins"), [(10, True), (11, False)])
def test_at_most_ten_segments_stay_open(jumps: int, rejoins: bool) -> None:
    # one point every second, each 10 degrees of longitude from the last: none can reach
    # another, so each opens a segment; then a point next to the first one
    lon = np.array([10.0 * k for k in range(jumps)] + [0.001])
    ts = np.arange(jumps + 1, dtype=float)
    seg = segment_kernel(np.zeros(jumps + 1), lon, ts, Params())
    assert seg[:-1].tolist() == list(range(jumps))
    # with ten open the first is still there to rejoin; an eleventh closed the oldest
    assert bool(seg[-1] == 0) is rejoins
    if not rejoins:
        assert seg[-1] == jumps


def test_a_gaps_implied_speed_is_its_distance_in_nautical_miles_per_hour() -> None:
    rows = _dwell(0, 20, RAJIN) + _dwell(50 * 60, 20, VOSTOCHNY)
    gap = detect(track(rows), load_areas(), Params()).gaps.row(0, named=True)
    assert gap["implied_speed_kn"] == pytest.approx(gap["distance_km"] / 1.852
                                                    / gap["duration_h"])
    assert 2 < gap["implied_speed_kn"] < 10  # about 225 km in 30 h


def test_an_in_port_silence_of_exactly_the_port_gap_begins_before_it_ends() -> None:
    before = [ping(SHIP, 10 * k, *RAJIN, sog=0.0) for k in range(13)]      # 0-120 min
    after = [ping(SHIP, 360 + 10 * k, *RAJIN, sog=0.0) for k in range(13)]  # 4 h later
    events = detect(track(before + after), load_areas(), Params()).events
    gap = events.filter(pl.col("event").is_in(["GAP_BEGIN", "GAP_END"]))
    assert gap["event"].to_list() == ["GAP_BEGIN", "GAP_END"]
    assert gap["ts"][0] == gap["ts"][1]


def test_visits_from_ais_alone_are_not_corroborated() -> None:
    rows = _dwell(0, 20, RAJIN) + _dwell(50 * 60, 20, VOSTOCHNY)
    visits = detect(track(rows), load_areas(), Params()).visits
    assert visits.height == 2 and visits["corroborated"].to_list() == [False, False]


def _legs(*legs: tuple[str, str, int]) -> pl.DataFrame:
    from datetime import datetime

    return pl.DataFrame({
        "vessel_key": ["V"] * len(legs), "from_place": [a for a, _, _ in legs],
        "to_place": [b for _, b, _ in legs],
        "depart": [datetime(2024, 3, d) for _, _, d in legs],
        "arrive": [datetime(2024, 3, d + 1) for _, _, d in legs]})


def test_a_round_trip_is_a_leg_and_the_very_next_leg_back() -> None:
    from datetime import datetime

    trips = round_trips(_legs(("A", "B", 1), ("B", "A", 5), ("A", "C", 9)))
    assert trips.select("from_place", "to_place").rows() == [("A", "B")]
    assert trips["back"].to_list() == [datetime(2024, 3, 6)]  # the arrival of the leg back
    assert round_trips(_legs(("A", "B", 1), ("B", "C", 5), ("C", "A", 9))).is_empty()


def test_a_month_only_the_dark_calls_reach_counts_zero_known_legs() -> None:
    months = pl.DataFrame({"from_place": ["A"], "to_place": ["B"], "month": ["2024-03"],
                           "at_least": [0], "at_most": [2]})  # March: uncertain legs only
    upper = _legs(("A", "B", 1)).with_columns(
        depart=pl.lit(date(2024, 4, 2)).cast(pl.Datetime("us")), depart_hi=pl.lit(None,
                                                                                pl.Datetime))
    both = with_upper(months, upper)
    april = both.filter(pl.col("month") == "2024-04").row(0, named=True)
    assert (april["at_least"], april["at_most"], april["up_to_with_dark"]) == (0, 0, 1)
    march = both.filter(pl.col("month") == "2024-03").row(0, named=True)
    assert (march["at_least"], march["at_most"], march["up_to_with_dark"]) == (0, 2, 0)
