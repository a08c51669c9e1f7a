"""Values the ledger refuses (issue 15): non-finite numbers, booleans, unsafe ids, control
characters, and files it must read or refuse clearly (UTF-16, unclosed quotes, deep JSON)."""

from __future__ import annotations

import codecs
import csv
import json
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from warledger.errors import InputError
from warledger.ledger import export as exporter
from warledger.ledger.io import FORMULA_LEADS, MAX_JSON_DEPTH, load_json, read_paths
from warledger.ledger.models import ID_PATTERN, Observation
from warledger.ledger.store import Ledger

SOURCE = {"id": "src-a", "publisher": "Reuters", "url": "https://www.reuters.com/a"}
ROW = {"provider": "PRK", "recipient": "RUS", "category": "troops", "quantity_low": "100",
       "quantity_high": "100", "qualifier": "exact", "unit": "person", "basis": "deployed",
       "as_of": "2024-11", "source_id": "src-a", "note": "n"}


def obs(**overrides: object) -> Observation:
    return Observation(**(ROW | overrides))  # type: ignore[arg-type]


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def problems_of(path: Path) -> list[tuple[int | None, str | None, str]]:
    return [(p.line, p.field, p.message) for p in read_paths([path]).problems]


# -- finite numbers only -------------------------------------------------------------------
@pytest.mark.parametrize("text", ["inf", "-inf", "Infinity", "nan", "NaN", "1e400"])
def test_csv_quantity_must_be_finite(tmp_path: Path, text: str) -> None:
    path = write_csv(tmp_path / "o.csv", [ROW, ROW | {"quantity_low": text,
                                                      "quantity_high": "100"}])
    found = problems_of(path)
    assert found and all(line == 3 for line, _, _ in found)
    assert any(field == "quantity_low" for _, field, _ in found)


def test_largest_finite_double_is_accepted_just_inside_the_rule() -> None:
    big = sys.float_info.max  # 1.7976931348623157e308: finite
    assert obs(quantity_low=big, quantity_high=big).quantity_high == big
    with pytest.raises(ValidationError, match="finite"):
        obs(quantity_low="1.8e308", quantity_high="1.8e308")  # just past: inf


def test_json_infinity_and_booleans_are_not_numbers(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    rows = [ROW | {"quantity_low": 5, "quantity_high": 5},
            ROW | {"quantity_low": True, "quantity_high": True},
            ROW | {"price_year": True, "category": "military_aid_value", "unit": "USD"}]
    path.write_text(json.dumps({"sources": [SOURCE], "observations": rows})
                    .replace('"quantity_low": 5,', '"quantity_low": Infinity,'))
    found = [(p.file, p.field, p.message) for p in read_paths([path]).problems]
    assert (f"{path} observations[0]", "quantity_low",
            "'inf' is not a finite number (inf and NaN are refused)") in found
    assert (f"{path} observations[1]", "quantity_low", "true is not a number") in found
    assert (f"{path} observations[2]", "price_year", "true is not a number") in found
    assert obs(quantity_low=1, quantity_high=1).quantity_low == 1.0  # a real 1 is fine


# -- ids and text --------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["a/b", "a?b", "a#b", "a b", "-lead", ".lead", "é", "a%2F"])
def test_ids_outside_the_safe_alphabet_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="may only hold letters, digits"):
        obs(source_id=bad)


def test_id_length_boundary_200_inside_201_outside() -> None:
    assert obs(source_id="a" * 200).source_id == "a" * 200
    with pytest.raises(ValidationError, match="at most 200"):
        obs(source_id="a" * 201)
    assert ID_PATTERN.fullmatch("kbs-2024.10_18:x")


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u202a",
                                  "\u2066", "\u2069"])
def test_control_characters_and_bidi_overrides_are_refused(tmp_path: Path, char: str) -> None:
    path = write_csv(tmp_path / "o.csv", [ROW | {"note": f"before{char}after"}])
    [(line, field, message)] = problems_of(path)
    assert (line, field) == (2, "note")
    assert f"U+{ord(char):04X}" in message and "position 7" in message


def test_nul_in_json_text_is_refused_with_its_field(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"sources": [SOURCE], "observations": [ROW | {"note": "a\x00"}]}))
    [problem] = read_paths([path]).problems
    assert (problem.file, problem.field) == (f"{path} observations[0]", "note")
    assert "U+0000" in problem.message


def test_nul_bytes_in_a_csv_refuse_the_file_as_binary(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "o.csv", [ROW | {"note": "a\x00b"}])
    [(line, field, message)] = problems_of(path)
    assert "NUL bytes" in message


def test_tabs_and_line_breaks_stay_allowed_in_text() -> None:
    assert obs(note="line one\nline two\tcolumn").note == "line one\nline two\tcolumn"


# -- encodings and broken CSV --------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_csv_with_a_byte_order_mark_reads_like_utf8(tmp_path: Path, encoding: str) -> None:
    plain = read_paths([write_csv(tmp_path / "a.csv", [ROW])]).observations
    marked = read_paths([write_csv(tmp_path / "b.csv", [ROW], encoding)])
    assert not marked.problems
    assert [o for _, o in marked.observations] == [o for _, o in plain]


def test_utf16_without_a_byte_order_mark_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes("provider,recipient\nPRK,RUS\n".encode("utf-16-le"))
    [(line, field, message)] = problems_of(path)
    assert "UTF-16 without a byte-order mark" in message and line is None
    assert codecs.BOM_UTF16_LE not in path.read_bytes()[:2]


def test_unclosed_quote_names_the_line_where_the_cell_starts(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "o.csv", [ROW, ROW])
    text = path.read_text().rstrip("\n") + "\n" + ",".join(ROW.values()).replace(
        ",n", ',"never closed') + "\nmore\n"
    path.write_text(text)
    found = problems_of(path)
    assert (4, None, "a quoted cell that starts on line 4 is never closed "
            "(a '\"' is missing)") in found
    assert not any("url" in message for _, _, message in found)


# -- nesting -------------------------------------------------------------------------------
def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nesting_limit_inside_and_outside() -> None:
    assert load_json(nested(MAX_JSON_DEPTH), "x.json") is not None
    with pytest.raises(InputError, match=f"deeper than {MAX_JSON_DEPTH} levels"):
        load_json(nested(MAX_JSON_DEPTH + 1), "x.json")


def test_json_nested_past_the_interpreter_limit_is_a_problem_not_recursion(
        tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(nested(200_000))
    [problem] = read_paths([path]).problems
    assert problem.code == "bad-json" and "nested deeper" in problem.message


# -- formula injection ---------------------------------------------------------------------
@pytest.mark.parametrize("lead", list(FORMULA_LEADS[:4]))
def test_export_neutralises_formula_cells_and_import_restores_them(
        tmp_path: Path, empty_ledger: Ledger, lead: str) -> None:
    note = f"{lead}HYPERLINK(\"http://x\")"
    source = write_csv(tmp_path / "s.csv", [SOURCE])
    rows = write_csv(tmp_path / "o.csv", [ROW | {"note": note}, ROW | {"note": "plain"}])
    empty_ledger.import_paths([source, rows])
    out = tmp_path / "out"
    exporter.export(empty_ledger, "csv", out)
    cells = {r["note"] for r in csv.DictReader((out / "observations.csv").open())}
    assert cells == {"'" + note, "plain"}  # a spreadsheet shows the text, runs nothing
    again = read_paths([out / "sources.csv", out / "observations.csv"])
    assert {o.note for _, o in again.observations} == {note, "plain"}
    assert {o.id for _, o in again.observations} == {o.id for o in
                                                      empty_ledger.observations()}
