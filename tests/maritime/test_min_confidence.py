"""`ais visits --min-confidence`: the documented filter, default 2 (GFW's usable visit)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.maritime.handmade import P_LAT, point_area, straight, track, write
from warledger.cli.ais import app

runner = CliRunner()
KNOT_KM_MIN = 1.852 / 60  # km per minute at one knot


def _visits(tmp_path: Path, frames: list, *extra: str) -> list[dict]:
    pos = write(frames, tmp_path / "p.parquet")
    area = point_area(tmp_path / "a.geojson")
    res = runner.invoke(app, ["visits", str(pos), "--areas", str(area), "--json", *extra])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)["visits"]


def _pass_by(tmp_path: Path) -> list:
    # 12 kn northward straight through P, a fix every 2 minutes: entry and exit, no stop
    start = P_LAT - 20 / 111.195
    return [track(straight(range(0, 400, 2), start, 12 * KNOT_KM_MIN, 12.0))]


def test_pass_by_at_12_knots_is_confidence_1_and_hidden_by_default(tmp_path: Path) -> None:
    assert _visits(tmp_path, _pass_by(tmp_path)) == []
    shown = _visits(tmp_path, _pass_by(tmp_path), "--min-confidence", "1")
    assert [v["confidence"] for v in shown] == [1]


def _call(tmp_path: Path) -> list:
    # in at 12 kn (20 km in 54 min), 3 h stopped at P (sog 0), out north again:
    # entry + stop + exit = confidence 4
    start = P_LAT - 20 / 111.195
    inbound = straight(range(0, 54, 2), start, 12 * KNOT_KM_MIN, 12.0)
    at_p = [(56 + m, P_LAT, 10.0, 0.0) for m in range(0, 180, 5)]
    outbound = straight(range(240, 340, 2), P_LAT, 12 * KNOT_KM_MIN, 12.0)
    return [track(inbound + at_p + outbound)]


def test_confidence_4_call_is_kept_at_min_confidence_4(tmp_path: Path) -> None:
    assert [v["confidence"] for v in _visits(tmp_path, _call(tmp_path))] == [4]
    assert [v["confidence"] for v in _visits(tmp_path, _call(tmp_path),
                                             "--min-confidence", "4")] == [4]


def test_stop_only_visit_is_confidence_2_kept_at_2_dropped_at_3(tmp_path: Path) -> None:
    """A track that starts stopped in port and ends there: no entry, no exit, a stop."""
    rows = [(m, P_LAT, 10.0, 0.0) for m in range(0, 300, 10)]
    assert [v["confidence"] for v in _visits(tmp_path, [track(rows)])] == [2]
    assert _visits(tmp_path, [track(rows)], "--min-confidence", "3") == []
