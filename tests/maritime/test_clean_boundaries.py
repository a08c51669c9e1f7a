"""Boundaries of the cleaning rules in docs/maritime.md: SOG >= 102.2 kn, COG >= 360,
heading >= 360 are 'not available'; |lat| > 90, |lon| > 180 are no position; times before
2000-01-01 are impossible; ships are MMSIs 201000000-775999999."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from tests.maritime.handmade import track
from warledger.maritime.clean import clean, null_sentinels
from warledger.maritime.params import Params
from warledger.maritime.schema import Rejects


def _one(**cols: object) -> dict:
    frame = track([(0, 55.0, 10.0, 5.0)]).with_columns(
        **{k: pl.lit(v).cast(track([(0, 55.0, 10.0, 5.0)]).schema[k]) for k, v in cols.items()})
    return null_sentinels(frame).row(0, named=True)


@pytest.mark.parametrize(("sog", "kept"), [(102.1, True), (102.2, False)])
def test_sog_from_102_2_is_not_available(sog: float, kept: bool) -> None:
    assert (_one(sog=sog)["sog"] is not None) == kept


@pytest.mark.parametrize(("cog", "kept"), [(359.9, True), (360.0, False)])
def test_cog_from_360_is_not_available(cog: float, kept: bool) -> None:
    assert (_one(cog=cog)["cog"] is not None) == kept


@pytest.mark.parametrize(("hdg", "kept"), [(359, True), (360, False)])
def test_heading_from_360_is_not_available(hdg: int, kept: bool) -> None:
    assert (_one(heading=hdg)["heading"] is not None) == kept


@pytest.mark.parametrize(("lat", "lon", "kept"), [(90.0, 180.0, True), (90.000001, 10.0, False),
                                                   (10.0, -180.000001, False)])
def test_position_range(lat: float, lon: float, kept: bool) -> None:
    row = _one(lat=lat, lon=lon)
    assert (row["lat"] is not None and row["lon"] is not None) == kept


@pytest.mark.parametrize(("ts", "kept"), [(datetime(2000, 1, 1, tzinfo=UTC), 1),
                                          (datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC), 0)])
def test_times_before_2000_are_impossible(ts: datetime, kept: int) -> None:
    frame = track([(0, 55.0, 10.0, 5.0)]).with_columns(ts=pl.lit(ts).cast(pl.Datetime("us", "UTC")))
    rejects = Rejects()
    assert clean(frame, Params(), rejects).height == kept
    assert rejects.counts.get("impossible-timestamp", 0) == 1 - kept


@pytest.mark.parametrize(("mmsi", "ship"), [(201_000_000, True), (200_999_999, False),
                                            (775_999_999, True), (776_000_000, False)])
def test_ship_mmsi_range(mmsi: int, ship: bool) -> None:
    frame = track([(0, 55.0, 10.0, 5.0)], mmsi=mmsi)
    assert (clean(frame, Params(), Rejects()).height == 1) == ship
