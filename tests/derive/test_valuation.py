"""Valuation: editable unit costs drive the value; sensitivity ranks what moves it most."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.reconcile.conftest import obs, src
from warledger.derive import AssumptionError
from warledger.derive.valuation import value
from warledger.derive.valuation_file import default_valuation_path, load_valuation
from warledger.ledger.store import Ledger, open_ledger

SOURCES = [src("kbs", "relevant authorities", published="2025-04-16"),
           src("reuters", "Reuters and the Open Source Centre", published="2025-04-16"),
           src("kiel", "Ukraine Support Tracker", published="2025-04")]
ROWS = [obs(14000, source="kbs", as_of="2025-04"),
        obs((4_000_000, 6_000_000), source="reuters", category="artillery_shells",
            basis="estimated", period_start="2023-09", period_end="2025-03"),
        obs(43_100_000_000, source="kiel", provider="USA", recipient="UKR",
            category="military_aid_value", basis="allocated", qualifier="exact",
            period_start="2022-01-24", period_end="2024-02-29", unit="EUR")]


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    led = open_ledger(tmp_path / "v.db", bundled=False)
    led.add(SOURCES, ROWS)
    yield led
    led.close()


def edited(tmp_path: Path, change: dict) -> Path:  # type: ignore[type-arg]
    data = yaml.safe_load(default_valuation_path().read_text())
    for dotted, new in change.items():
        target = data
        *path, last = dotted.split(".")
        for key in path:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[last] = new
    out = tmp_path / "costs.yaml"
    out.write_text(yaml.safe_dump(data))
    return out


def test_value_is_quantity_times_costs_in_the_output_currency(ledger, tmp_path):
    file = edited(tmp_path, {"fx.usd_per_eur.low": 1.25, "fx.usd_per_eur.high": 1.25,
                             "in_kind.0.quantity": None})
    result = value(ledger, file, as_of="2025-04")
    troops = result.items[0]
    # from the ledger estimate: two "about 14,000" for April 2025, read as 14,000 +- 10 %
    assert troops.quantity == pytest.approx((12600, 14000, 15400))
    # 14,000 soldiers x USD 2,150 a month (middle) / 1.25 x 5 months (middle)
    assert troops.value[1] == pytest.approx(14000 * 2150 / 1.25 * 5)
    assert troops.value[0] == pytest.approx(12600 * 2000 / 1.25 * 3)
    assert troops.value[2] == pytest.approx(15400 * 2300 / 1.25 * 7)


def test_changing_one_cost_in_the_yaml_changes_the_value_accordingly(ledger, tmp_path):
    base = value(ledger, edited(tmp_path, {}), as_of="2025-04")
    doubled = value(ledger, edited(tmp_path, {"costs.soldier_month.low": 4000,
                                              "costs.soldier_month.high": 4600}), as_of="2025-04")
    assert doubled.items[0].value[1] == pytest.approx(2 * base.items[0].value[1])
    assert doubled.items[1].value == base.items[1].value  # shells untouched


def test_sensitivity_ranks_the_input_that_moves_the_total_most(ledger, tmp_path):
    result = value(ledger, edited(tmp_path, {}), as_of="2025-04")
    top = result.sensitivity[0]
    assert top["input"] == "cost:shell"  # USD 1,000 vs EUR 4,088 dwarfs everything else
    assert [r["swing"] for r in result.sensitivity] == sorted(
        (r["swing"] for r in result.sensitivity), reverse=True)
    narrowed = value(ledger, edited(tmp_path, {"costs.shell.low": {"value": 4000,
                                                                   "currency": "EUR"}}),
                     as_of="2025-04")
    assert narrowed.sensitivity[0]["input"] == "quantity:prk-shells"


def test_reported_values_are_shown_alongside(ledger, tmp_path):
    result = value(ledger, edited(tmp_path, {}), as_of="2025-04")
    us = next(r for r in result.reported if r.item.id == "usa-military-aid")
    # the only US figure is Kiel's total to 2024-02-29: for April 2025 it is a floor, not the
    # total (like with like), and the row says why
    assert us.value == (43_100_000_000, None, None)
    assert "no figure covers 2025-04: the newest describes 2024-02-29" in us.quantity_from
    europe = next(r for r in result.reported if r.item.id == "europe-military-aid")
    assert europe.value == (None, None, None)  # no EUROPE figure in this ledger: null, not NaN
    data = result.to_dict()
    assert data["in_kind_total"]["central"] == pytest.approx(
        sum(i["value"]["central"] for i in data["in_kind"]))


@pytest.mark.parametrize(("change", "message"), [
    ({"costs.shell.source_url": ""}, "field 'shell.source_url'"),
    ({"costs.soldier_month.low": "a lot"}, "field 'soldier_month.low'"),
    ({"in_kind.0.cost": ["nosuch"]}, "field 'cost': no cost 'nosuch'"),
    ({"currency": "GBP"}, "field 'currency'"),
])
def test_a_bad_valuation_file_names_line_and_field(tmp_path, change, message):
    with pytest.raises(AssumptionError, match=rf"costs.yaml, line \d+, {message}"):
        load_valuation(edited(tmp_path, change))


def test_cli_value_follows_the_file(ledger, tmp_path):
    import typer

    from warledger.cli.analysis import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    args = ["value", "--db", str(ledger.path), "--as-of", "2025-04", "--json"]
    cheap = runner.invoke(app, [*args, "--assumptions", str(edited(tmp_path, {}))])
    assert cheap.exit_code == 0, cheap.output
    bad = runner.invoke(app, [*args, "--assumptions", str(tmp_path / "missing.yaml")])
    assert bad.exit_code == 1
    assert "missing.yaml: file not found" in " ".join(bad.output.split())
