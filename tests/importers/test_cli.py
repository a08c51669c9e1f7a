"""The import-ust and releases commands, run through a Typer app built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from warledger.cli import ust

from .conftest import UST_DIR, read_csv, write_csv
from .test_releases import make_release_30

runner = CliRunner()


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """warledger (test app)"""

    ust.register(app)
    return app


APP = make_app()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(APP, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bundled_release_then_import_adds_nothing(tmp_path: Path) -> None:
    """Release 29 ships in data/kiel-ust and loads with the ledger; importing it adds nothing."""
    db = str(tmp_path / "cli.db")
    code, out, _ = run("import-ust", str(UST_DIR), "--db", db, "--json")
    assert code == 0
    first = json.loads(out)
    rows = read_csv(UST_DIR / "data_explorer.csv")
    assert first["release"] == "29" and first["added_sources"] == 0
    assert first["observations"]["military_aid_value/allocated"] == len(rows)
    assert first["observations"]["total_aid_value/committed"] == len(rows)
    assert first["added_observations"] == 0
    assert first["skipped_observations"] == sum(first["observations"].values())
    code, out, _ = run("releases", "list", "--db", db, "--json")
    [release] = json.loads(out)
    assert (release["number"], release["source_id"]) == (29, first["source_id"])
    assert release["observations"] == first["skipped_observations"]


def test_diff_lists_the_edited_cells(tmp_path: Path, release_copy: Path) -> None:
    db = str(tmp_path / "cli.db")
    expected = make_release_30(release_copy)
    for folder in (UST_DIR, release_copy):
        assert run("import-ust", str(folder), "--db", db)[0] == 0
    code, out, _ = run("releases", "diff", "29", "30", "--db", db, "--json")
    assert code == 0
    changes = json.loads(out)["changes"]
    got = {(c["provider"], c["category"], c["basis"], c["period"]): c["delta"]
           for c in changes}
    assert got == pytest.approx(expected)
    code, out, _ = run("releases", "diff", "29", "30", "--db", db)
    assert code == 0
    assert f"{len(expected)} changed figures" in out
    assert "totals over all donors and months" in out


def test_unknown_donor_fails_with_file_line_field(tmp_path: Path, release_copy: Path) -> None:
    rows = read_csv(release_copy / "data_explorer.csv")
    rows[0]["country"] = "Atlantis"
    write_csv(release_copy / "data_explorer.csv", rows)
    code, _, err = run("import-ust", str(release_copy), "--db", str(tmp_path / "cli.db"))
    assert code == 1
    assert "nothing was written" in err
    assert f"{release_copy / 'data_explorer.csv'}, line 2, field 'country': unknown donor " \
           "'Atlantis'" in err


def test_unknown_release_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("releases", "diff", "29", "30", "--db", str(tmp_path / "cli.db"))
    assert code == 1
    assert "no tracker release '30' in the ledger" in err
