"""The Spark engine equals the Polars engine (and so the reference) event for event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.maritime.conftest import areas_near, unpacked
from tests.maritime.reference import reference_frames
from tests.maritime.test_visits import REAL as VISIT_SAMPLES
from warledger.maritime.clean import clean
from warledger.maritime.engines.spark_engine import detect_spark
from warledger.maritime.ingest import ingest
from warledger.maritime.params import Params
from warledger.maritime.pipeline import detect
from warledger.maritime.schema import Rejects

pytestmark = pytest.mark.spark
# every real sample the Polars engine is held to (test_visits.REAL), not a subset
REAL = VISIT_SAMPLES


def _same(a: pl.DataFrame, b: pl.DataFrame) -> None:
    assert a.columns == b.columns
    assert a.sort(a.columns).equals(b.sort(b.columns))


def test_spark_equals_polars_on_scenario(spark: Any, scenario: dict[str, Any]) -> None:
    path = scenario["dir"] / "positions.parquet"
    params = Params()
    ours = detect(path, scenario["areas"], params)
    theirs = detect_spark(path, scenario["areas"], params, set(), spark)
    _same(theirs.events, ours.events)
    _same(theirs.visits, ours.visits)
    _same(theirs.gaps, ours.gaps)
    assert theirs.rejects.counts == ours.rejects.counts
    assert theirs.rows_clean == ours.rows_clean


@pytest.mark.parametrize("rel", REAL)
def test_spark_equals_reference_on_real_ais(spark: Any, data: Path, tmp_path: Path,
                                            rel: str) -> None:
    df = pl.read_parquet(ingest([unpacked(rel, tmp_path)], tmp_path).path)
    areas = areas_near(data, (df["lat"].min(), df["lat"].max()),  # type: ignore[arg-type]
                       (df["lon"].min(), df["lon"].max()), tmp_path)  # type: ignore[arg-type]
    params = Params()
    ref_events, ref_visits = reference_frames(clean(df, params, Rejects()), areas, params)
    got = detect_spark(df, areas, params, set(), spark)
    assert got.events.equals(ref_events)
    assert got.visits.select(ref_visits.columns).equals(ref_visits)
    _same(got.gaps, detect(df, areas, params).gaps)


def test_spark_equals_polars_on_the_dark_call_scenario(spark: Any, tmp_path: Path) -> None:
    """AIS off near Rajin: same events, visits and gaps, so the same inferred dark calls."""
    from warledger.maritime.analysis import dark_calls
    from warledger.maritime.areas import load_areas
    from warledger.maritime.simulate_dark import simulate_dark

    simulate_dark(tmp_path)
    path, areas, params = tmp_path / "positions.parquet", load_areas(), Params()
    ours = detect(path, areas, params)
    theirs = detect_spark(path, areas, params, set(), spark)
    _same(theirs.events, ours.events)
    _same(theirs.visits, ours.visits)
    _same(theirs.gaps, ours.gaps)
    df = pl.read_parquet(path)
    ref_events, ref_visits = reference_frames(clean(df, params, Rejects()), areas, params)
    assert theirs.events.equals(ref_events)
    dark_ours = dark_calls(path, ours, ours.visits, areas, params)
    dark_theirs = dark_calls(path, theirs, theirs.visits, areas, params)
    assert dark_ours.height >= 10 and dark_theirs.equals(dark_ours)
