from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warledger.ledger.io import OBSERVATION_FIELDS, read_paths

GOOD = {"provider": "PRK", "recipient": "RUS", "category": "artillery_shells",
        "quantity_low": "4000000", "quantity_high": "6000000", "qualifier": "range",
        "unit": "round", "basis": "estimated", "period_start": "2023-09", "period_end": "2025-03",
        "source_id": "reuters"}


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    fields = sorted({k for r in rows for k in r})
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_every_problem_is_located(tmp_path: Path) -> None:
    rows = [GOOD, GOOD | {"quantity_low": "7000000"}, GOOD | {"period_end": "2025-02-30"},
            GOOD | {"category": "shellz", "basis": "sent"}]
    path = write_csv(tmp_path / "obs.csv", rows)
    problems = read_paths([path]).problems
    found = {(p.line, p.field, p.code) for p in problems}
    assert (3, None, "low-above-high") in found
    assert (4, "period_end", "bad-date") in found
    assert (5, "category", "unknown-category") in found
    assert (5, "basis", "invalid-value") in found
    assert all(p.file == str(path) for p in problems)
    assert "2025-02 has 28 days" in str(next(p for p in problems if p.line == 4))


def test_unknown_column_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "obs.csv", [GOOD | {"qty": "1"}])
    [problem] = read_paths([path]).problems
    assert (problem.line, problem.field, problem.code) == (1, "qty", "unknown-column")


def test_inline_source_columns_create_a_source(tmp_path: Path) -> None:
    row = {k: v for k, v in GOOD.items() if k != "source_id"} | {
        "source_publisher": "Reuters", "source_url": "https://www.reuters.com/x",
        "source_published": "2025-04-16"}
    batch = read_paths([write_csv(tmp_path / "obs.csv", [row])])
    assert not batch.problems
    [(_, source)] = batch.sources
    [(_, obs)] = batch.observations
    assert obs.source_id == source.id and source.published == "2025-04-16"


def test_json_documents(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"sources": [{"id": "reuters", "publisher": "Reuters",
                                             "url": "https://www.reuters.com/x"}],
                                "observations": [GOOD, GOOD | {"unit": "person"}]}))
    batch = read_paths([path])
    assert len(batch.observations) == 1
    [problem] = batch.problems
    assert problem.file == f"{path} observations[1]" and problem.field is None
    assert "unit 'person' does not fit category 'artillery_shells'" in problem.message


def test_unreadable_files_are_problems_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "bin.csv").write_bytes(b"provider,recipient\n\xff\xfe\x00garbage\n")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "empty.csv").write_text("")
    batch = read_paths([tmp_path / "bin.csv", tmp_path / "bad.json", tmp_path / "empty.csv",
                        tmp_path / "missing.csv", tmp_path / "x.xlsx"])
    codes = [p.code for p in batch.problems]
    assert "bad-encoding" in codes and "bad-json" in codes and "empty-file" in codes
    assert "missing-file" in codes
    assert not batch.observations


cells = st.one_of(st.text(max_size=15), st.sampled_from(["PRK", "RUS", "troops", "2024-10",
                                                          "14000", "about", "person", ""]))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({f: cells for f in OBSERVATION_FIELDS[:10]}),
                min_size=1, max_size=5))
def test_random_rows_never_crash_the_parser(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "fuzz.csv"
    path.write_text(buffer.getvalue())
    batch = read_paths([path])
    # every row is either parsed or reported with its line
    lines = {p.line for p in batch.problems}
    assert len(batch.observations) + len(lines) >= len(rows) or batch.problems
    assert all(p.file == str(path) for p in batch.problems)
