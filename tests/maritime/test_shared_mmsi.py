"""Two ships on one MMSI: the segment with the most points keeps the MMSI as its key (ties:
the one seen first), the others become MMSI-1, MMSI-2 in that order, whatever the input
order; `ais visits --vessel MMSI` lists every segment."""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.maritime.handmade import MMSI, P_LAT, P_LON, north_km, point_area, track, write
from warledger.cli.ais import app
from warledger.maritime.clean import SEG_SLOTS, clean
from warledger.maritime.params import Params
from warledger.maritime.schema import Rejects


def _ship(first_min: int, n: int, km0: float, step: int = 10) -> list[tuple]:
    return [(first_min + i * step, north_km(km0 + i * 0.05), P_LON, 5.0) for i in range(n)]


def _keys(rows: list[tuple]) -> dict[float, str]:
    """Key of each ship, told apart by latitude band (0 km vs 400 km north of P)."""
    df = clean(track(rows), Params(), Rejects())
    out = {}
    for vessel, lat in df.group_by("vessel").agg(pl.col("lat").mean()).iter_rows():
        rank = vessel % SEG_SLOTS
        out[0.0 if lat < P_LAT + 1 else 400.0] = "main" if rank == 0 else f"-{rank}"
    return out


@pytest.mark.parametrize("smaller_first", [True, False])
@pytest.mark.parametrize(("big", "small"), [(60, 59), (200, 12)])
def test_most_points_keeps_the_mmsi(smaller_first: bool, big: int, small: int) -> None:
    a = _ship(0 if not smaller_first else 300, big, 0.0)
    b = _ship(0 if smaller_first else 300, small, 400.0, step=7)
    rows = a + b
    random.Random(big).shuffle(rows)  # input order does not matter
    assert _keys(sorted(rows, key=lambda r: r[0])) == {0.0: "main", 400.0: "-1"}
    assert _keys(rows) == {0.0: "main", 400.0: "-1"}


def test_tie_goes_to_the_ship_seen_first() -> None:
    first, second = _ship(0, 40, 400.0), _ship(3, 40, 0.0)
    assert _keys(first + second) == {400.0: "main", 0.0: "-1"}


def test_vessel_option_lists_every_segment(tmp_path: Path) -> None:
    """Both ships stop at P (one at P, the other 400 km north at a second area Q)."""
    a = [(m, P_LAT, P_LON, 0.0) for m in range(0, 600, 10)]
    b = [(m + 3, north_km(400), P_LON, 0.0) for m in range(0, 300, 10)]
    pos = write([track(a + b)], tmp_path / "p.parquet")
    area = point_area(tmp_path / "a.geojson", extra=[("Q", north_km(400), P_LON)])
    res = CliRunner().invoke(app, ["visits", str(pos), "--areas", str(area), "--json",
                                   "--vessel", str(MMSI)])
    assert res.exit_code == 0, res.output
    keys = sorted(v["vessel_key"] for v in json.loads(res.output)["visits"])
    assert keys == [str(MMSI), f"{MMSI}-1"]
