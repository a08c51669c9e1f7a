"""Every command is documented: help text with an example invocation, and --help works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from warledger.cli import app


def _commands(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    subs = getattr(command, "commands", None)
    if subs:
        for name, sub in subs.items():
            yield from _commands(sub, [*path, name])
    else:
        yield path, command


COMMANDS = list(_commands(typer.main.get_command(app), []))


def test_the_whole_surface_is_registered() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    for expected in ("list", "import", "export", "estimate", "compare", "value", "check",
                     "claims extract", "import-ust", "releases diff", "serve", "ais voyages",
                     "ais simulate"):
        assert expected in names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    command = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    assert command.help, f"{' '.join(path)} has no help text"
    assert "example" in command.help.lower(), f"{' '.join(path)} help shows no example"
