"""Verdicts against a small temporary ledger, internal consistency, and the CLI adapters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from warledger.claims import extract_claims
from warledger.claims.check import check_text
from warledger.cli.claims import app as claims_app
from warledger.cli.claims import check_command
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import open_ledger

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "warledger" / "web" / "examples" / (
    "article-north-korea-and-the-west.txt")


@pytest.fixture()
def ledger(tmp_path: Path):  # type: ignore[no-untyped-def]
    led = open_ledger(tmp_path / "l.db", bundled=False)
    src = Source(publisher="Test Wire", url="https://example.org/a", published="2025-04-16",
                 reliability="B", credibility="2")
    src2 = Source(publisher="Other Wire", url="https://example.org/b", published="2025-01-10")
    src = src.model_copy(update={"id": src.id or "s1"})
    rows = [
        Observation(provider="PRK", recipient="RUS", category="troops", quantity_low=10000,
                    quantity_high=12000, qualifier="range", unit="person", basis="deployed",
                    as_of="2025-01", source_id=src2.id or "s2"),
        Observation(provider="PRK", recipient="RUS", category="troops", quantity_low=14000,
                    quantity_high=14000, qualifier="about", unit="person", basis="cumulative",
                    as_of="2025-04", source_id=src.id),
        Observation(provider="USA", recipient="UKR", category="military_aid_value",
                    quantity_low=43.1e9, quantity_high=43.1e9, unit="EUR", basis="allocated",
                    as_of="2024-02-29", source_id=src.id),
    ]
    led.add([src, src2.model_copy(update={"id": src2.id or "s2"})], rows)
    yield led
    led.close()


def _by_text(report, needle: str):  # type: ignore[no-untyped-def]
    return next(v for v in report.verdicts if needle in v.claim.text)


def test_verdicts_follow_the_evidence(ledger) -> None:  # type: ignore[no-untyped-def]
    text = ("North Korea has sent about 14,000 troops to Russia. "
            "Pyongyang has deployed 500,000 soldiers. "
            "Iran has sent 300 drones to Russia.")
    report = check_text(text, ledger, date="2025-04-30")
    assert _by_text(report, "14,000").verdict == "consistent"
    assert _by_text(report, "500,000").verdict == "contradicted"
    assert _by_text(report, "300 drones").verdict == "unsupported"
    cited = _by_text(report, "14,000").citations
    assert cited and all(c["url"].startswith("https://example.org/") for c in cited)


def test_zero_support_is_contradicted_with_citations(ledger) -> None:  # type: ignore[no-untyped-def]
    report = check_text("The narrative that the West has offered zero support to Ukraine.", ledger)
    (verdict,) = report.verdicts
    assert verdict.claim.negated and verdict.claim.provider == "WEST"
    assert verdict.verdict == "contradicted"
    assert verdict.citations[0]["publisher"] == "Test Wire"
    assert "USA" in verdict.actor_members and "WEST" in verdict.reason


def test_no_western_troops_says_what_the_west_means(ledger) -> None:  # type: ignore[no-untyped-def]
    report = check_text("The West has not sent any troops to fight alongside Ukraine.", ledger)
    (verdict,) = report.verdicts
    assert verdict.claim.category == "troops" and verdict.claim.negated
    assert verdict.verdict == "unsupported"
    assert "members" in verdict.reason and "DEU" in verdict.actor_members


def test_example_article_acceptance(ledger) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8")
    claims = extract_claims(text)
    kinds = {(c.provider, c.category, c.negated) for c in claims}
    assert ("PRK", "troops", False) in kinds
    assert ("PRK", "artillery_shells", False) in kinds
    assert ("PRK", "voyages", False) in kinds
    assert ("WEST", "volunteers", True) in kinds
    assert ("WEST", "total_aid_value", True) in kinds
    report = check_text(text, ledger)
    figures = {(i.first.quantity_low, i.second.quantity_low) for i in report.inconsistencies}
    assert (14000, 17000) in figures
    zero = next(v for v in report.verdicts if v.claim.text == "zero support")
    assert zero.verdict == "contradicted" and zero.citations


def test_parts_and_agreeing_figures_are_not_inconsistent() -> None:
    from warledger.claims.consistency import find_inconsistencies

    claims = extract_claims("North Korea sent 14,000 troops, including 3,000 reinforcements. "
                            "Pyongyang's 14,000 soldiers fought in Kursk.")
    assert len(claims) == 3
    assert find_inconsistencies(claims) == []


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(claims_app, name="claims")
    app.command("check")(check_command)
    return app


def test_cli_extract_json_and_table(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("North Korea has sent 17k soldiers to Russia.", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(_cli(), ["claims", "extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.output)
    assert claim["quantity_low"] == 17000 and claim["provider"] == "PRK"
    table = runner.invoke(_cli(), ["claims", "extract", "-", "--format", "table"],
                          input="Iran sent 400 drones.")
    assert table.exit_code == 0 and "drones" in table.output


def test_cli_check_formats(tmp_path: Path, ledger) -> None:  # type: ignore[no-untyped-def]
    db = ledger.path if hasattr(ledger, "path") else None
    path = tmp_path / "a.txt"
    path.write_text("North Korea has sent about 14,000 troops.", encoding="utf-8")
    runner = CliRunner()
    args = ["check", str(path)] + (["--db", str(db)] if db else [])
    result = runner.invoke(_cli(), [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["claims"][0]["verdict"] in ("consistent", "disputed")
    html = runner.invoke(_cli(), [*args, "--format", "html"])
    assert html.exit_code == 0 and html.output.startswith("<!doctype html>")


def test_a_low_floor_does_not_side_with_a_higher_claim(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "floor.db", bundled=False)
    src = Source(publisher="Floor Wire", url="https://example.org/f", published="2024-10-18")
    blog = Source(publisher="A blog", url="https://example.org/blog", published="2025-04")
    base = dict(provider="PRK", recipient="RUS", category="troops", unit="person")
    led.add([src, blog], [
        Observation(**base, quantity_low=14000, quantity_high=14000, qualifier="about",
                    basis="cumulative", as_of="2025-04", source_id=src.id),
        Observation(**base, quantity_low=1500, quantity_high=1500, qualifier="more_than",
                    basis="deployed", as_of="2024-10-18", source_id=src.id),
    ])
    text = "North Korea has sent 17,000 combat troops to Russia."
    # judged on 30 April 2025, when the 14,000 estimate is current; only a bare floor far
    # below the claim: nothing backs it
    assert check_text(text, led, date="2025-04-30").verdicts[0].verdict == "contradicted"
    led.add([], [Observation(**base, quantity_low=17000, quantity_high=17000, basis="deployed",
                             as_of="2025-04", source_id=blog.id)])
    verdict = check_text(text, led, date="2025-04-30").verdicts[0]
    assert verdict.verdict == "disputed"
    assert "closest 17,000 (A blog, 2025-04)" in verdict.reason
    assert verdict.citations[0]["publisher"] == "A blog"
    led.close()
