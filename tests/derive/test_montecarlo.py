"""Assumption registry and Monte Carlo chains: sourced factors, seeded draws, audit trail."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest

from tests.reconcile.conftest import obs, src
from warledger.derive import CHAINS, AssumptionError, derive_chain, load_assumptions
from warledger.derive.assumptions import Assumption, Registry
from warledger.derive.comparison import compare_derived
from warledger.derive.montecarlo import draw_chain, draw_chain_loop, input_range, run_derivations
from warledger.ledger.store import open_ledger

HEADER = "id,name,unit,distribution,low,mode,high,source_url,note\n"
CHAIN = {c.id: c for c in CHAINS}


def registry(**factors: tuple[float, float]) -> Registry:
    return Registry({k: Assumption(k, "x", "uniform", lo, hi, source_url="https://e.org")
                     for k, (lo, hi) in factors.items()})


def test_bundled_assumptions_are_sourced_ranges():
    reg = load_assumptions()
    assert {"shells_per_container", "containers_per_port_call", "tonnes_per_shell",
            "usd_per_eur"} <= set(reg)
    for item in reg.values():
        assert item.low <= item.mid <= item.high
        assert all(u.startswith("http") for u in item.source_url.split())


@pytest.mark.parametrize(("row", "where"), [
    ("a,,x,uniform,5,,3,https://e.org,", "line 2, field 'low'"),
    ("a,,x,gauss,1,,3,https://e.org,", "line 2, field 'distribution'"),
    ("a,,x,uniform,one,,3,https://e.org,", "line 2, field 'low'"),
    ("a,,x,uniform,1,,3,,", "line 2, field 'source_url'"),
    ("a,,x,triangular,1,9,3,https://e.org,", "line 2, field 'mode'"),
    ("a,,x,uniform,1,,3,https://e.org/a,b,extra", "line 2"),
])
def test_a_bad_assumptions_file_names_file_line_and_field(tmp_path: Path, row: str, where: str):
    file = tmp_path / "a.csv"
    file.write_text(HEADER + row + "\n")
    with pytest.raises(AssumptionError, match=f"a.csv, {where}"):
        load_assumptions(file)


def test_containers_to_shells_multiplies_the_input_by_the_factor_range():
    reg = registry(shells_per_container=(250, 462))
    containers = obs(16000, source="s", category="containers", basis="delivered",
                     as_of="2025-03", qualifier="exact")
    result = derive_chain(containers, CHAIN["containers-to-shells"], reg, draws=20_000, seed=1)
    assert 16000 * 250 <= result.p5 < result.median < result.p95 <= 16000 * 462
    assert result.median == pytest.approx(16000 * 356, rel=0.02)  # uniform: median = middle
    derived = result.observation
    assert derived is not None and derived.basis == "estimated"
    assert derived.category == "artillery_shells" and derived.unit == "round"
    assert derived.derived_from == [containers.id, "assumption:shells_per_container"]


def test_tonnes_to_shells_divides_and_port_calls_chain_two_factors():
    reg = registry(tonnes_per_shell=(0.04, 0.05), containers_per_port_call=(250, 250),
                   shells_per_container=(300, 300))
    tonnes = obs(74000, source="s", category="explosives", basis="delivered",
                 as_of="2024-01", qualifier="exact")
    shells = draw_chain(tonnes, CHAIN["tonnes-to-shells"], reg, 10_000, 3)
    assert shells.min() >= 74000 / 0.05 and shells.max() <= 74000 / 0.04
    calls = obs(64, source="s", category="port_calls", basis="delivered", qualifier="exact",
                as_of="2025-03")
    assert np.allclose(draw_chain(calls, CHAIN["port-calls-to-shells"], reg, 100, 3),
                       64 * 250 * 300)


def test_editing_an_assumption_moves_the_derived_range():
    reg = load_assumptions()
    containers = obs(16000, source="s", category="containers", basis="delivered",
                     as_of="2025-03", qualifier="exact")
    chain = CHAIN["containers-to-shells"]
    base = derive_chain(containers, chain, reg, draws=20_000, seed=5)
    fewer = derive_chain(containers, chain, reg.replace("shells_per_container", low=125.0,
                                                        high=231.0), draws=20_000, seed=5)
    assert fewer.median == pytest.approx(base.median / 2, rel=0.001)  # same draws, half scale


def test_qualifiers_widen_the_input_as_documented():
    assert input_range(obs(100, source="s", qualifier="about")) == pytest.approx((90, 110))
    assert input_range(obs(100, source="s", qualifier="more_than")) == pytest.approx((100, 120))
    assert input_range(obs(100, source="s", qualifier="up_to")) == pytest.approx((80, 100))
    assert input_range(obs((4, 6), source="s")) == (4, 6)


def test_draws_are_seeded_and_the_loop_twin_agrees_in_distribution():
    reg = load_assumptions()
    containers = obs(16000, source="s", category="containers", basis="delivered",
                     as_of="2025-03")
    chain = CHAIN["containers-to-shells"]
    first = draw_chain(containers, chain, reg, 50_000, seed=7)
    assert np.array_equal(first, draw_chain(containers, chain, reg, 50_000, seed=7))
    assert not np.array_equal(first, draw_chain(containers, chain, reg, 50_000, seed=8))
    loop = sorted(draw_chain_loop(containers, chain, reg, 50_000, seed=7))
    assert np.median(first) == pytest.approx(loop[len(loop) // 2], rel=0.01)


def test_triangular_and_lognormal_draws_match_their_parameters():
    rng = np.random.default_rng(0)
    tri = Assumption("t", "x", "triangular", 200, 300, mode=250, source_url="https://e.org")
    assert np.mean(tri.draw(rng, 200_000)) == pytest.approx(250, rel=0.005)
    logn = Assumption("l", "x", "lognormal", 100, 400, source_url="https://e.org")
    draws = logn.draw(rng, 200_000)
    assert np.percentile(draws, [5, 95]) == pytest.approx([100, 400], rel=0.02)
    assert logn.mid == pytest.approx(200)
    assert 200 <= tri.draw_one(random.Random(1)) <= 300 and math.isfinite(
        logn.draw_one(random.Random(1)))


def test_run_derivations_and_the_reported_comparison(tmp_path: Path):
    ledger = open_ledger(tmp_path / "d.db", bundled=False)
    sources = [src("reuters", "Reuters and the Open Source Centre", published="2025-04-16")]
    rows = [obs(16000, source="reuters", category="containers", basis="delivered",
                period_start="2023-09", period_end="2025-03"),
            obs(64, source="reuters", category="port_calls", basis="delivered",
                qualifier="exact", period_start="2023-09", period_end="2025-03"),
            obs((4_000_000, 6_000_000), source="reuters", category="artillery_shells",
                basis="estimated", period_start="2023-09", period_end="2025-03")]
    ledger.add(sources, rows)
    derived = run_derivations(ledger, load_assumptions(), draws=10_000, seed=1)
    assert sorted(d.derived_from[0] for d in derived) == sorted([rows[0].id, rows[1].id])
    table = compare_derived(ledger, load_assumptions(), draws=10_000, seed=1)
    kinds = sorted(r.kind for r in table.rows)
    assert kinds == ["derived", "derived", "reported"]
    assert table.reported_estimate is not None and table.reported_estimate.central == 5_000_000
    ledger.close()


def test_cli_derive_shows_reported_and_derived_and_can_save(tmp_path: Path, monkeypatch):
    import json

    import typer
    from typer.testing import CliRunner

    from warledger.cli import analysis

    monkeypatch.setattr(analysis, "ledger_from", lambda db: open_ledger(db, bundled=False))
    db = tmp_path / "cli.db"
    with open_ledger(db, bundled=False) as ledger:
        ledger.add([src("reuters", "Reuters and the Open Source Centre", published="2025-04")],
                   [obs(16000, source="reuters", category="containers", basis="delivered",
                        period_start="2023-09", period_end="2025-03"),
                    obs((4_000_000, 6_000_000), source="reuters", category="artillery_shells",
                        basis="estimated", period_start="2023-09", period_end="2025-03")])
    app = typer.Typer()
    analysis.register(app)
    args = ["derive", "--db", str(db), "--draws", "5000", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert [r["kind"] for r in rows] == ["derived", "reported"]
    assert rows[0]["low"] < 4_000_000 * 1.1 and rows[0]["high"] > 6_000_000
    assert CliRunner().invoke(app, [*args, "--save"]).exit_code == 0
    with open_ledger(db, bundled=False) as ledger:
        [saved] = ledger.observations(derived=True)
    assert saved.source_id == "warledger-derive-containers-to-shells"
