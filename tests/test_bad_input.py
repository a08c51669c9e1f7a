"""Every CLI command and every API endpoint with bad input (issue 15).

CLI rule: a failure is exactly one ``Error: ...`` line on stderr (continuation lines, if any,
are indented problem details), exit code 2 for a wrong command line and 1 for anything else,
never a traceback, never wrapped, never markup. API rule: a failure is the documented error
shape with a 4xx status, or 503 with Retry-After when the store is busy; never a 500.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.main import get_command
from typer.testing import CliRunner

from warledger.api.app import create_app
from warledger.cli import app

TOKEN = "walk-token-1"


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("bad")
    files = {
        "binary": folder / "binary.csv", "empty": folder / "empty.csv",
        "utf16": folder / "utf16.csv", "corrupt": folder / "corrupt.db",
        "deep": folder / "deep.json", "notutf8": folder / "latin1.txt",
        "unclosed": folder / "unclosed.csv", "emptyparquet": folder / "positions.parquet",
    }
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["empty"].write_bytes(b"")
    files["utf16"].write_bytes("provider,recipient\nPRK,RUS\n".encode("utf-16-le"))
    files["corrupt"].write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    files["deep"].write_text("[" * 50_000 + "]" * 50_000)
    files["notutf8"].write_bytes("Nordkorea lieferte 1.000 Granaten \xe4".encode("latin-1"))
    files["unclosed"].write_text('provider,recipient,note\nPRK,RUS,"never closed\n')
    files["emptyparquet"].write_bytes(b"")
    out = {k: str(v) for k, v in files.items()}
    out["missing"] = str(folder / "missing" / "nothing.csv")
    out["db"] = str(folder / "ledger.db")
    return out


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def assert_one_error_line(code: int, out: str, err: str, expected_code: int | None = None
                          ) -> str:
    assert "Traceback" not in out + err
    assert "[red]" not in err and "\x1b[" not in err  # no markup, no colour codes
    assert code in (1, 2), (code, out, err)
    if expected_code is not None:
        assert code == expected_code, err
    lines = err.rstrip("\n").split("\n")
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1, err
    assert lines[0] == errors[0] or not lines[0].strip(), err  # progress output may precede
    after = lines[lines.index(errors[0]) + 1:]
    assert all(line.startswith("  ") for line in after), err
    return errors[0]


#: (command line, expected exit code): 2 = the command line is wrong, 1 = anything else
CASES: list[tuple[list[str], int]] = [
    (["list", "--provider", "PRQ"], 2),
    (["list", "--provider", "prk"], 2),
    (["list", "--category", "troop"], 2),
    (["list", "--since", "2024-13"], 2),
    (["list", "--until", "yesterday"], 2),
    (["list", "--basis", "sent"], 2),
    (["list", "--db", "{corrupt}"], 1),
    (["import", "{binary}", "--db", "{db}"], 1),
    (["import", "{utf16}", "--db", "{db}"], 1),
    (["import", "{unclosed}", "--db", "{db}"], 1),
    (["import", "{deep}", "--db", "{db}"], 1),
    (["import", "{empty}", "--db", "{db}"], 1),
    (["import", "{missing}", "--db", "{db}"], 1),
    (["import", "{binary}", "--db", "{corrupt}"], 1),
    (["validate", "{deep}", "--db", "{db}"], 1),
    (["validate", "{binary}"], 1),
    (["show", "obs-nothing", "--db", "{db}"], 1),
    (["show", "x/../y", "--db", "{db}"], 1),
    (["export", "--format", "xlsx", "--db", "{db}"], 1),
    (["sources", "--db", "{corrupt}"], 1),
    (["init", "--db", "{binary}"], 1),
    (["estimate", "--provider", "PRK", "--recipient", "RUS", "--category", "tanks",
      "--db", "{db}"], 1),
    (["timeline", "--provider", "PRQ", "--recipient", "RUS", "--category", "troops",
      "--db", "{db}"], 1),
    (["check", "{missing}", "--db", "{db}"], 1),
    (["check", "{binary}", "--db", "{db}"], 1),
    (["claims", "extract", "{missing}"], 1),
    (["import-ust", "{missing}", "--db", "{db}"], 1),
    (["import-ust", "{binary}", "--db", "{db}"], 1),
    (["ais", "gaps", "{emptyparquet}"], 1),
    (["ais", "gaps", "{missing}"], 1),
    (["ais", "visits", "{binary}"], 1),
    (["ais", "ingest", "{binary}", "--out", "{missing}"], 1),
    (["releases", "diff", "{missing}", "{binary}"], 1),
    (["serve", "--port", "99999"], 2),
    (["list", "--limit", "5"], 2),
    (["frobnicate"], 2),
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_cli_bad_input_is_one_error_line(bad: dict[str, str], args: list[str],
                                         expected: int) -> None:
    filled = [a.format(**bad) for a in args]
    code, out, err = run(*filled)
    if expected == 1 and code == 2:  # a command may refuse the value as a usage error
        expected = 2
    assert_one_error_line(code, out, err, expected)


def leaf_commands() -> Iterator[list[str]]:
    def walk(cmd: Any, path: list[str]) -> Iterator[list[str]]:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path

    yield from walk(get_command(app), [])


@pytest.mark.parametrize("command", list(leaf_commands()), ids=" ".join)
def test_every_command_refuses_an_unknown_option_in_one_line(command: list[str]) -> None:
    code, out, err = run(*command, "--no-such-option")
    line = assert_one_error_line(code, out, err, 2)
    assert "--no-such-option" in line


@pytest.mark.parametrize("command", [c for c in leaf_commands() if c != ["serve"]],
                         ids=" ".join)
def test_every_command_on_a_corrupt_ledger_fails_in_one_line(bad: dict[str, str],
                                                             command: list[str]) -> None:
    """Every command, given junk for its required inputs and a corrupt ledger: either it
    does not need the ledger and still fails cleanly on the junk, or it says what is wrong."""
    args = list(command)
    cmd: Any = get_command(app)
    for name in command:
        cmd = cmd.commands[name]
    for param in cmd.params:
        if param.required and param.param_type_name == "argument":
            args += [bad["binary"]] * (2 if param.nargs != 1 else 1)
        elif param.required:
            args += [param.opts[0], bad["missing"] if "out" in param.opts[0] else "PRQ"]
    if any("--db" in p.opts for p in cmd.params if p.param_type_name == "option"):
        args += ["--db", bad["corrupt"]]
    code, out, err = run(*args)
    assert "Traceback" not in out + err
    if code != 0:
        assert_one_error_line(code, out, err)


def test_error_line_is_never_wrapped_whatever_the_width(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-long-folder-name-for-wrapping"] * 8)
    deep.mkdir(parents=True)
    target = deep / "figures.csv"
    target.write_bytes("provider,note\nPRK,caf\xe9\n".encode("latin-1"))
    code, out, err = run("validate", str(target), env={"COLUMNS": "40"})
    line = assert_one_error_line(code, out, err, 1)
    assert line.startswith(f"Error: {target}: not UTF-8 text")


# -- API -----------------------------------------------------------------------------------
JUNK = ["\x00", "'; DROP TABLE observations;--", "%00", "1e400", "-1", "NaN", "true", "[]",
        "ä" * 300, "../../etc/passwd", "PRQ", "2024-13", "9" * 400]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("walk") / "ledger.db"
    with TestClient(create_app(db, token=TOKEN, max_body_bytes=256 * 1024)) as client:
        yield client


def operations(api: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get("/openapi.json").json()
    return [(method.upper(), path, op) for path, item in schema["paths"].items()
            for method, op in item.items()]


def fill(path: str, value: str) -> str:
    import re
    from urllib.parse import quote

    return re.sub(r"\{[^}]+\}", quote(value, safe=""), path)


def assert_api_rule(response: Any) -> None:
    assert response.status_code < 500 or response.status_code == 503, response.text
    if response.status_code >= 400 and response.request.url.path.startswith("/api"):
        assert response.request.method == "HEAD" or response.headers["content-type"] == (
            "application/json"), (response.request.url, response.status_code, response.text)
        if response.request.method == "HEAD":
            return
        body = response.json()
        assert set(body) == {"ok", "error", "errors", "status", "code"}
        assert body["ok"] is False and body["status"] == response.status_code
        assert all("field" in e and "message" in e for e in body["errors"])
        if response.status_code == 503:
            assert response.headers["retry-after"]


def test_every_api_operation_with_junk_parameters(api: TestClient) -> None:
    for method, path, op in operations(api):
        names = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
        for junk in JUNK:
            url = fill(path, junk)
            params = dict.fromkeys(names, junk)
            headers = {"Authorization": f"Bearer {TOKEN}"}
            if method == "GET":
                assert_api_rule(api.get(url, params=params))
                assert_api_rule(api.head(url, params=params))
            else:
                for body in (junk.encode(), json.dumps({"x": junk}).encode(),
                             b"[" * 20_000 + b"]" * 20_000, bytes(range(256))):
                    for kind in ("application/json", "text/csv"):
                        assert_api_rule(api.request(method, url, params=params, content=body,
                                                    headers=headers | {"content-type": kind}))


@pytest.mark.parametrize("path", ["/", "/sources", "/series/PRQ/RUS/troops",
                                  "/series/PRK/RUS/tanks", "/sources/a%2500b", "/observations/x",
                                  "/check?example=maybe", "/over-time", "/maritime",
                                  "/static/../../etc/passwd"])
def test_dashboard_pages_with_junk_are_never_500(api: TestClient, path: str) -> None:
    response = api.get(path)
    assert response.status_code < 500 and "Traceback" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_rule_holds_for_a_missing_ledger_file(tmp_path: Path) -> None:
    db = tmp_path / "gone.db"
    with TestClient(create_app(db, token=TOKEN, dashboard=False)) as client:
        assert client.get("/api/info").status_code == 200
        os.unlink(db)
        for path in ("/api/info", "/api/observations", "/api/series"):
            response = client.get(path)
            assert response.status_code == 503
            assert_api_rule(response)


def test_cli_busy_ledger_is_one_error_line(bad: dict[str, str], tmp_path: Path) -> None:
    import sqlite3

    db = str(tmp_path / "busy.db")
    assert run("init", "--db", db)[0] == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run("import", bad["unclosed"], "--db", db,
                             env={"WARLEDGER_BUSY_TIMEOUT_MS": "50"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = assert_one_error_line(code, out, err, 1)
    assert "busy" in line
