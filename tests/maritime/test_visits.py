"""The vectorised engine equals the sequential reference, on the scenario and on real AIS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.maritime.conftest import areas_near, unpacked
from tests.maritime.reference import reference_frames
from warledger.maritime.areas import PortArea
from warledger.maritime.clean import clean
from warledger.maritime.detect.voyages import voyages
from warledger.maritime.ingest import ingest
from warledger.maritime.params import Params
from warledger.maritime.pipeline import detect
from warledger.maritime.schema import Rejects

VISIT_CORE = ["vessel", "area_id", "start", "end", "start_lo", "end_hi", "confidence",
              "n_positions"]
REAL = ["ais-tracks/gfw_regr_247391700.json", "ais-tracks/gfw_regr_209515000.json",
        "ais-tracks/gfw_regr_235018598.json", "ais-tracks/gfw_regr_725000929.json",
        "ais-tracks/gfw_regr_538071200.json", "ais-tracks/gfw_regr_477293900.json",
        "ais-tracks/gfw_regr_229000611.json", "ais-tracks/gfw_regr_567000000.json",
        "ais-tracks/gfw_regr_257092640.json", "ais-tracks/gfw_regr_755355148.json",
        "ais-tracks/dma_dipaal_ferry.csv", "ais-tracks/dma_212123000_drift_1.ais"]


def assert_equal_to_reference(positions: pl.DataFrame, areas: list[PortArea],
                              params: Params) -> Any:
    cleaned = clean(positions, params, Rejects())
    ref_events, ref_visits = reference_frames(cleaned, areas, params)
    det = detect(positions, areas, params)
    assert det.events.equals(ref_events)
    assert det.visits.select(VISIT_CORE).equals(ref_visits)
    return det


@pytest.fixture(scope="module")
def real_tracks(data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = {}
    for rel in REAL:
        tmp = tmp_path_factory.mktemp(Path(rel).stem)
        res = ingest([unpacked(rel, tmp)], tmp)
        df = pl.read_parquet(res.path)
        lat = (df["lat"].min(), df["lat"].max())
        lon = (df["lon"].min(), df["lon"].max())
        out[rel] = (df, areas_near(data, lat, lon, tmp))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("rel", REAL)
def test_engine_equals_reference_on_real_ais(real_tracks: dict[str, Any], rel: str) -> None:
    df, areas = real_tracks[rel]
    assert_equal_to_reference(df, areas, Params())


def test_ferry_af_claudia_six_stays_five_legs(real_tracks: dict[str, Any]) -> None:
    df, areas = real_tracks["ais-tracks/gfw_regr_247391700.json"]
    det = detect(df, areas, Params())
    ports = [a.split("/")[0] for a in det.visits["area_id"].to_list()]
    assert ports == ["DURRES", "ANCONA"] * 3
    legs = voyages(det.visits, areas, Params())
    assert legs.height == 5
    assert (legs["depart"] <= legs["arrive"]).all()


def test_yacht_moored_all_week_makes_no_voyage(real_tracks: dict[str, Any]) -> None:
    df, areas = real_tracks["ais-tracks/gfw_regr_229000611.json"]
    det = detect(df, areas, Params())
    assert det.visits.height == 1 and det.visits["confidence"][0] == 2
    assert voyages(det.visits, areas, Params()).is_empty()


def test_engine_equals_reference_on_scenario(scenario: dict[str, Any]) -> None:
    df = pl.read_parquet(scenario["dir"] / "positions.parquet")
    det = assert_equal_to_reference(df, scenario["areas"], Params())
    assert det.events.height > 1000


def test_batches_do_not_change_results(scenario: dict[str, Any]) -> None:
    path = scenario["dir"] / "positions.parquet"
    whole = detect(path, scenario["areas"], Params())
    batched = detect(path, scenario["areas"], Params(), batch_rows=5_000)
    assert batched.events.equals(whole.events)
    assert batched.visits.equals(whole.visits)
    assert batched.gaps.equals(whole.gaps)
    assert batched.rejects.counts == whole.rejects.counts
