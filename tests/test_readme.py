"""Every command in the README's usage runs, as written, against a temporary ledger.

The usage blocks are read from README.md itself, so a command that is renamed, loses an option or
needs a file no user has fails here. Files a user brings (their own figures, an article, a newer
tracker release) are stood in for by the fixtures named in :data:`USER_FILES`; everything else a
command names must exist in a fresh clone.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.importers.test_releases import make_release_30
from warledger.cli import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _blocks(markdown: str, lang: str = "") -> list[str]:
    usage = markdown[markdown.index("## Usage"):markdown.index("## Layout")]
    return re.findall(rf"```{lang}\n(.*?)```", usage, flags=re.S)


def usage_commands() -> list[str]:
    """Lines of the usage blocks that run warledger, without their trailing comments."""
    commands = []
    for block in _blocks(README):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if re.match(r"^([A-Z_]+=\S+ )*warledger ", line):
                commands.append(line)
    return commands


def _adding_figures_example() -> str:
    """The CSV the README shows under 'Adding figures': a user's own file."""
    [csv_block] = [b for b in _blocks(README) if b.startswith("provider,recipient,")]
    return csv_block


#: files the README's commands name that a user brings along: what stands in for each
USER_FILES = {
    "my-figures.csv": "the CSV example under 'Adding figures' in the README",
    "article.txt": "the example article shipped for the dashboard's claim checker",
    "new-release/": "Release 29 edited into a Release 30, as tests/importers build it",
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder like a user's clone (its data/ and tests/data/), plus the user files."""
    (tmp_path / "data").symlink_to(REPO / "data", target_is_directory=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "data").symlink_to(REPO / "tests" / "data", target_is_directory=True)
    (tmp_path / "my-figures.csv").write_text(_adding_figures_example(), encoding="utf-8")
    article = REPO / "src/warledger/web/examples/article-north-korea-and-the-west.txt"
    (tmp_path / "article.txt").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    release = tmp_path / "new-release"
    release.mkdir()
    for file in (REPO / "data" / "kiel-ust").iterdir():
        (release / file.name).write_bytes(file.read_bytes())
    make_release_30(release)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WARLEDGER_DB", str(tmp_path / "ledger.db"))
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def test_usage_names_only_files_a_clone_has_or_a_user_brings() -> None:
    commands = usage_commands()
    assert len(commands) >= 20, "the usage section lost its commands"
    assert not [c for c in commands if "shared/" in c], "a clone has no shared folder beside it"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(command: str, workspace: Path) -> None:
    """Start 'warledger serve' as written (on a free port), wait for /api/info, stop it."""
    words = shlex.split(command)
    env = dict(os.environ)
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = "readme-token" if value == "..." else value
    port = _free_port()
    if "--port" in words:
        words[words.index("--port") + 1] = str(port)
    else:
        words += ["--port", str(port)]
    proc = subprocess.Popen([sys.executable, "-m", "warledger", *words[1:]], cwd=workspace,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/info", timeout=2) as r:
                    assert r.status == 200
                    return
            except OSError:
                assert proc.poll() is None, f"{command} exited: {proc.stderr.read()!r}"  # type: ignore[union-attr]
                assert time.monotonic() < deadline, f"{command} did not answer in 60 s"
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_every_usage_command_runs(workspace: Path) -> None:
    runner = CliRunner()
    failures = []
    for command in usage_commands():
        if " serve" in command:
            _serve(command, workspace)
            continue
        result = runner.invoke(app, shlex.split(command)[1:])
        if result.exit_code != 0 or result.exception and not isinstance(result.exception,
                                                                        SystemExit):
            failures.append(f"{command}\n  exit {result.exit_code}: "
                            f"{(result.stderr or result.stdout)[-400:]}")
    assert not failures, "README commands that fail:\n" + "\n".join(failures)


def test_python_api_example_runs(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [example] = _blocks(README, "python")
    exec(compile(example, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    out = capsys.readouterr().out
    assert "http" in out and len(out.splitlines()) >= 10
