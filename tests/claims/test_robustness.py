"""Malformed input never produces a traceback: a clear error or an empty result."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from warledger.claims import extract_claims
from warledger.claims.errors import ClaimsError
from warledger.claims.numbers import find_quantities
from warledger.claims.textio import MAX_BYTES, decode_text
from warledger.cli.claims import app as claims_app
from warledger.errors import WarledgerError


def _run(path: Path) -> tuple[int, str]:
    app = typer.Typer()
    app.add_typer(claims_app, name="claims")
    result = CliRunner().invoke(app, ["claims", "extract", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.mark.parametrize(("payload", "message"), [
    (b"\x00\x01\x02binary\xff", "binary"),
    ("Pyongyang sent 5 000 obús".encode("latin-1"), "not UTF-8"),
    (b"a" * (MAX_BYTES + 10), "limit"),
])
def test_bad_bytes_give_a_clear_error(tmp_path: Path, payload: bytes, message: str) -> None:
    with pytest.raises(ClaimsError, match=message):
        decode_text(payload)
    path = tmp_path / "bad.txt"
    path.write_bytes(payload)
    code, output = _run(path)
    assert code == 1 and message in output


def test_ten_megabytes_of_text_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"North Korea sent 10,000 troops. " * (10_000_000 // 32))
    code, output = _run(path)
    assert code == 1 and "limit" in output


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert _run(empty) == (0, "[]\n")
    code, output = _run(tmp_path / "missing.txt")
    assert code == 1 and "cannot read" in output
    assert issubclass(ClaimsError, WarledgerError)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_raises(text: str) -> None:
    for claim in extract_claims(text):
        assert 0 <= claim.start <= claim.end <= len(text)
        assert claim.quantity_low <= claim.quantity_high


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["North", "Korea", "sent", "14,000", "troops", "to", "Russia", "not", "any", "zero",
     "support", "the", "West", "millions", "of", "shells", "between", "and", "up", "to", "4",
     "6", "million", "Iran", "drones", ",", ".", "including", "EUR", "billion", "F-16", "no",
     "volunteers", "since", "September", "2023", "It", "has"]), max_size=40))
def test_domain_word_salad_never_raises(words: list[str]) -> None:
    text = " ".join(words)
    claims = extract_claims(text, date="2025-04")
    for claim in claims:
        assert text[claim.start: claim.end] == claim.text
        assert claim.provider not in ("RUS", "UKR")


@pytest.mark.parametrize(("text", "low", "high", "qualifier"), [
    ("17k", 17000, 17000, "exact"),
    ("1.6 million", 1.6e6, 1.6e6, "exact"),
    ("millions", 2e6, 2e6, "at_least"),
    ("a few thousand", 2000, 2000, "at_least"),
    ("four", 4, 4, "exact"),
    ("nearly 16,000", 16000, 16000, "about"),
    ("between 14,000 and 15,000", 14000, 15000, "range"),
    ("4 to 6 million", 4e6, 6e6, "range"),
    ("up to five thousand", 5000, 5000, "up_to"),
    ("more than 400", 400, 400, "more_than"),
])
def test_number_forms(text: str, low: float, high: float, qualifier: str) -> None:
    (q,) = find_quantities(text)
    assert (q.low, q.high, q.qualifier) == (low, high, qualifier)


def test_model_names_dates_and_measures_are_not_figures() -> None:
    assert find_quantities("F-16 KN-23 Shahed-136 152 mm 152-millimeter January 25, 2023") == []
