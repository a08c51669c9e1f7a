"""The analysis commands: exit codes and the lines a reader relies on."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from warledger.cli import analysis
from warledger.cli.analysis import register
from warledger.ledger.store import open_ledger

runner = CliRunner()


@pytest.fixture(autouse=True)
def _only_test_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI opens ledgers with the bundled dataset; these tests pin rules on their own rows."""
    monkeypatch.setattr(analysis, "ledger_from", lambda db: open_ledger(db, bundled=False))


def app() -> typer.Typer:
    built = typer.Typer()
    register(built)
    return built


def run(ledger, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app(), [*args, "--db", str(ledger.path)], env={"COLUMNS": "200"})


def test_series_lists_counts_and_spans(troop_ledger):
    result = run(troop_ledger, "series", "--json")
    assert result.exit_code == 0, result.output
    rows = {(s["basis"]): s for s in json.loads(result.output)}
    assert rows["cumulative"]["count"] == 2 and rows["cumulative"]["last"] == "2025-04-30"
    assert rows["deployed"]["first"] == "2024-10-28"


def test_estimate_prints_the_answer_the_figures_and_the_reasons(troop_ledger):
    result = run(troop_ledger, "estimate", "--provider", "PRK", "--recipient", "RUS",
                 "--category", "troops", "--as-of", "2025-04")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("PRK -> RUS, troops, as of 2025-04: 14,000 (12,600-15,400) person, "
                        "cumulative")
    assert "Why the figures differ" in result.output


def test_estimate_errors_are_one_line_with_exit_code_1(troop_ledger):
    result = run(troop_ledger, "estimate", "--provider", "PRK", "--recipient", "RUS",
                 "--category", "troops", "--basis", "sent")
    assert result.exit_code == 1
    assert " ".join(result.output.split()).endswith(
        "unknown basis 'sent'; expected one of: pledged, committed, allocated, delivered, "
        "deployed, in_country, cumulative, used, estimated")


def test_compare_json_says_no_evidence(troop_ledger):
    result = run(troop_ledger, "compare", "--as-of", "2025-04", "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)["rows"]
    assert row["cells"]["UKR"]["text"] == "no evidence"
    assert row["cells"]["RUS"]["central"] == 14000


def test_timeline_writes_a_plot(troop_ledger, tmp_path):
    out = tmp_path / "troops.html"
    result = run(troop_ledger, "timeline", "--provider", "PRK", "--recipient", "RUS",
                 "--category", "troops", "--plot", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!doctype html>")
    assert f"wrote {out}" in " ".join(result.output.split())


def test_estimate_known_by_shows_what_was_known_then(troop_ledger):
    result = run(troop_ledger, "estimate", "--provider", "PRK", "--recipient", "RUS",
                 "--category", "troops", "--as-of", "2025-04", "--known-by", "2025-03-31")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    # only the NIS 11,000 of 2025-02-05 (in_country) and older figures were published by then
    assert first.startswith("PRK -> RUS, troops, as of 2025-04, known by 2025-03-31: 11,000")
    assert "in_country" in first
    bad = run(troop_ledger, "estimate", "--provider", "PRK", "--recipient", "RUS",
              "--category", "troops", "--known-by", "2025-13")
    assert bad.exit_code == 1 and "--known-by: '2025-13'" in " ".join(bad.output.split())
