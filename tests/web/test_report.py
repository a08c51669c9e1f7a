"""`warledger check --format html`: a standalone styled report in words, not codes."""

from __future__ import annotations

from pathlib import Path

from warledger.claims.check import check_text
from warledger.claims.render import check_html
from warledger.ledger.store import open_ledger


def test_html_report_is_standalone_styled_and_in_words(tmp_path: Path) -> None:
    ledger = open_ledger(tmp_path / "l.db")
    text = "North Korea has sent more than 10,000 troops to Russia. Iran sent 400 drones."
    page = check_html(check_text(text, ledger))
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert "<link" not in page and "<script" not in page  # nothing to fetch: attachable
    assert "more than 10,000 person" in page
    assert "at_least" not in page and "more_than" not in page and "exact " not in page
    assert "Consistent with the ledger" in page or "Disputed" in page
    assert "Evidence cited" in page and 'href="https://' in page


def test_html_report_shows_direction_warnings_and_grades_when_given(tmp_path: Path) -> None:
    ledger = open_ledger(tmp_path / "l.db")
    report = check_text("North Korea has sent 90,000 troops to Russia.", ledger)
    verdict = report.verdicts[0]
    object.__setattr__(verdict, "direction", "overstates")
    object.__setattr__(report, "warnings", ["figures in USD were converted to EUR"])
    for cite in verdict.citations:
        cite["grade"], cite["quote"] = "B2", "a quoted <fragment>"
    page = check_html(report)
    assert "the text overstates the evidence" in page
    assert '<p class="warning" role="note">figures in USD were converted to EUR</p>' in page
    assert '<span class="grade">grade B2</span>' in page
    assert "<q>a quoted &lt;fragment&gt;</q>" in page
