"""What every CLI command shares: the --db option, JSON output, and error translation."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from warledger.errors import InputError, WarledgerError
from warledger.ledger.store import DB_ENV, Ledger, open_ledger

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
if not console.is_terminal:  # piped or captured: do not squeeze tables into 80 columns
    console = Console(width=160)
err_console = Console(stderr=True)

# a string, not a Path: a Path would fold a postgresql:// URL into postgresql:/
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar=DB_ENV,
                 help="ledger: an SQLite file (default: user data dir) or a postgresql:// URL"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]


def ledger_from(db: str | Path | None) -> Ledger:
    return open_ledger(db)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn WarledgerError into 'Error: ...' on stderr and exit code 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as err:
            err_console.print(f"[red]Error:[/red] {len(err.problems)} problem(s); "
                              "nothing was written.", highlight=False)
            for problem in err.problems:
                sys.stderr.write(f"  {problem}\n")
            raise typer.Exit(1) from err
        except WarledgerError as err:
            err_console.print(f"[red]Error:[/red] {err}", highlight=False, markup=False)
            raise typer.Exit(1) from err

    return wrapper
