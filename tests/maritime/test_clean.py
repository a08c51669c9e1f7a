"""Cleaning on readable hand-built tracks: sentinels, MMSI classes, duplicates, segments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from warledger.maritime.clean import clean, mmsi_class_expr
from warledger.maritime.params import Params
from warledger.maritime.schema import Rejects, polars_schema

T0 = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)


def ping(mmsi: int, minutes: float, lat: float, lon: float, sog: float | None = 5.0,
         **extra: Any) -> dict[str, Any]:
    row = {"mmsi": mmsi, "ts": T0 + timedelta(minutes=minutes), "lat": lat, "lon": lon,
           "sog": sog, "cog": 90.0, "heading": 90, "nav_status": 0, "msg_type": 1,
           "source": "test"}
    return row | extra


def track(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=polars_schema())  # type: ignore[arg-type]


def test_mmsi_classes() -> None:
    df = pl.DataFrame({"mmsi": [273_000_001, 2_730_001, 992_731_234, 111_273_100, 970_123_456,
                                123_456_789, 0, 111_111_111, 999_000_000]})
    got = df.select(mmsi_class_expr()).to_series().to_list()
    assert got == ["ship", "base_station", "aton", "sar", "device", "default", "default",
                   "default", "default"]


def test_sentinels_duplicates_and_bad_times() -> None:
    rows = [ping(273_000_001, 0, 42.0, 130.0, sog=102.3, heading=511, cog=360.0),
            ping(273_000_001, 0, 42.0, 130.0),  # exact duplicate of the position
            ping(273_000_001, 0.004, 42.00001, 130.0),  # same second, a metre away
            ping(273_000_001, 10, 91.0, 181.0),  # no position
            ping(273_000_001, 20, 42.01, 130.0),
            ping(273_000_001, -60 * 24 * 365 * 30, 42.0, 130.0),  # 1994: impossible
            ping(123_456_789, 5, 42.0, 130.0)]
    rejects = Rejects()
    out = clean(track(rows), Params(max_ts=T0 + timedelta(days=1)), rejects)
    assert out.height == 2
    first = out.row(0, named=True)
    assert first["sog"] is None and first["heading"] is None and first["cog"] is None
    assert rejects.counts == {"duplicate-exact": 1, "duplicate-same-second": 1,
                              "no-position": 1, "impossible-timestamp": 1}
    assert rejects.skipped == {"mmsi class default": 1}


def test_two_ships_sharing_an_mmsi_are_separated() -> None:
    rows = []
    for k in range(40):  # ship A steams east off Rajin, ship B sits at Vladivostok
        rows.append(ping(273_000_009, 10 * k, 42.0, 130.5 + 0.02 * k, sog=10.0))
        rows.append(ping(273_000_009, 10 * k + 3, 43.1, 131.9, sog=0.0))
    rows.append(ping(273_000_009, 205, 45.0, 135.0))  # a single position jump mid-track
    rejects = Rejects()
    out = clean(track(rows), Params(), rejects)
    groups = out.group_by("vessel").agg(pl.len(), lat=pl.col("lat").mean()).sort("vessel")
    assert groups["len"].to_list() == [40, 40]
    assert sorted(round(x, 1) for x in groups["lat"].to_list()) == [42.0, 43.1]
    assert rejects.counts == {"short-overlapping-segment": 1}
    assert out.select(pl.struct("vessel", "ts").is_sorted()).item()
