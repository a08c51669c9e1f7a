from __future__ import annotations

import json
import shutil
from pathlib import Path

from frictionless import validate
from typer.testing import CliRunner

from warledger.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_troops_json_has_sources() -> None:
    code, out, _ = run("list", "--provider", "PRK", "--recipient", "RUS", "--category",
                       "troops", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 5
    assert len({r["quantity_high"] for r in rows}) >= 3  # conflicting figures kept side by side
    for row in rows:
        assert row["source"]["url"].startswith("http")
        assert row["source"]["published"]


def test_show_and_sources() -> None:
    _, out, _ = run("list", "--category", "port_calls", "--json")
    first = json.loads(out)[0]
    code, out, _ = run("show", first["id"], "--json")
    assert code == 0 and json.loads(out)["source"]["id"] == first["source_id"]
    code, out, _ = run("sources", "--json")
    assert code == 0 and any(s["id"] == first["source_id"] for s in json.loads(out))
    code, _, err = run("show", "obs-doesnotexist")
    assert code == 1 and "no observation with id 'obs-doesnotexist'" in err


def test_import_bad_row_exit_code_and_message(tmp_path: Path) -> None:
    facts = Path(__file__).parent / "data" / "facts"
    bad = tmp_path / "bad.csv"
    text = (facts / "observations.csv").read_text().replace("2025-04-16", "2025-04-31", 1)
    bad.write_text(text)
    shutil.copy(facts / "sources.csv", tmp_path / "sources.csv")
    code, _, _ = run("import", str(tmp_path / "sources.csv"))
    assert code == 0
    _, before, _ = run("list", "--json")
    code, _, err = run("import", str(bad))
    assert code == 1
    assert "nothing was written" in err
    assert f"{bad}, line" in err
    _, after, _ = run("list", "--json")
    assert before == after


def test_import_twice_adds_nothing_the_second_time() -> None:
    facts = Path(__file__).parent / "data" / "facts"
    code, out, _ = run("import", str(facts), "--json")
    assert code == 0
    code, out, _ = run("import", str(facts), "--json")
    assert json.loads(out)["added_observations"] == 0


def test_validate_reports_without_writing(tmp_path: Path) -> None:
    facts = Path(__file__).parent / "data" / "facts"
    code, out, _ = run("validate", str(facts), "--json")
    assert code == 0 and json.loads(out)["valid"] is True


def test_export_datapackage_passes_frictionless(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    code, _, err = run("export", "--format", "datapackage", "--out", str(out))
    assert code == 0, err
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_export_other_formats(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    for fmt in ("csv", "parquet"):
        code, _, _ = run("export", "--format", fmt, "--out", str(tmp_path / fmt))
        assert code == 0
    assert pq.read_table(tmp_path / "parquet" / "observations.parquet").num_rows >= 80
    code, _, _ = run("export", "--format", "json", "--out", str(tmp_path / "x.json"))
    assert len(json.loads((tmp_path / "x.json").read_text())["observations"]) >= 80
