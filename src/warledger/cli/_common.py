"""What every CLI command shares: the --db option, JSON output, and error translation.

One rule for the whole CLI: a failure prints one line ``Error: ...`` on stderr, never a
traceback, never wrapped, never markup. Exit code 2 means the command line itself is wrong
(unknown option, an option value outside its vocabulary); exit code 1 means anything else
failed (bad input file, busy or read-only ledger, missing file). An input file with several
problems gets the one ``Error:`` line followed by one indented line per problem.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from typer.core import TyperGroup

try:  # recent typer vendors click; its exceptions are not the standalone click's
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

from warledger.errors import InputError, WarledgerError
from warledger.ledger import models
from warledger.ledger.dates import parse_partial
from warledger.ledger.io import Reading
from warledger.ledger.store import DB_ENV, Ledger, open_ledger

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
if not console.is_terminal:  # piped or captured: do not squeeze tables into 80 columns
    console = Console(width=160)
err_console = Console(stderr=True, soft_wrap=True, highlight=False)

# a string, not a Path: a Path would fold a postgresql:// URL into postgresql:/
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar=DB_ENV,
                 help="ledger: an SQLite file (default: user data dir) or a postgresql:// URL"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]


def _vetted(check: Callable[[str], object]) -> Callable[[str | None], str | None]:
    """A typer option callback: a value the ledger rule refuses is a usage error (exit 2)."""

    def callback(value: str | None) -> str | None:
        if value is None:
            return None
        try:
            check(value)
        except ValueError as err:
            raise typer.BadParameter(one_line(err)) from None
        return value

    return callback


def _basis(value: str) -> None:
    from warledger import vocabulary as vocab

    if value not in vocab.BASES:
        raise ValueError(f"unknown basis '{value}'; expected one of: " + ", ".join(vocab.BASES))


#: option callbacks that hold a filter to the same vocabulary as the API
check_actor = _vetted(models.check_actor)
check_category = _vetted(models.check_category)
check_date = _vetted(parse_partial)
check_basis = _vetted(_basis)


def ledger_from(db: str | Path | None) -> Ledger:
    return open_ledger(db)


@contextlib.contextmanager
def import_progress() -> Iterator[Callable[[Reading], None]]:
    """A rich progress bar on stderr: bytes read of the input, and rows checked so far."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(TextColumn("importing"), BarColumn(), DownloadColumn(),
                   TextColumn("{task.fields[rows]:,} rows"), TimeElapsedColumn(),
                   console=err_console, transient=False, disable=not err_console.is_terminal)
    task = bar.add_task("import", total=None, rows=0)

    def update(reading: Reading) -> None:
        bar.update(task, completed=reading.bytes_done, total=reading.bytes_total or None,
                   rows=reading.rows)

    with bar:
        yield update


def emit_json(data: Any) -> None:
    # allow_nan=False: never print Infinity or NaN, which no JSON parser takes
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str, allow_nan=False))


def one_line(text: object) -> str:
    """Collapse any text to a single line (no newline, no run of blanks)."""
    return " ".join(str(text).split())


def print_error(message: object, details: Sequence[object] = ()) -> None:
    """``Error: message`` on stderr as plain text (no rich wrapping, no markup)."""
    sys.stderr.write(f"Error: {one_line(message) or 'failed'}\n")
    for line in details:
        sys.stderr.write(f"  {one_line(line)}\n")
    sys.stderr.flush()


def describe(err: BaseException) -> str:
    """A user-facing one-line description of any failure, without a traceback."""
    if isinstance(err, InputError) and len(err.problems) == 1:
        return f"{err.problems[0]}; nothing was written"
    if isinstance(err, InputError):
        return f"{len(err.problems)} problems in input; nothing was written"
    if isinstance(err, WarledgerError):
        return str(err)
    if isinstance(err, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(err, MemoryError):
        return "not enough memory for this input"
    if isinstance(err, OSError) and err.filename is not None:
        return f"{err.filename}: {err.strerror or err}"
    if isinstance(err, sqlite3.Error):
        return f"the ledger database refused: {err}"
    if isinstance(err, UnicodeError):
        return f"cannot decode the input as text: {err}"
    return f"{type(err).__name__}: {err}"


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn any exception into one ``Error: ...`` line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, click_errors.ClickException):
            raise
        except InputError as err:
            print_error(describe(err), err.problems if len(err.problems) > 1 else ())
            raise typer.Exit(1) from err
        except Exception as err:  # noqa: BLE001 - the one place every failure is translated
            print_error(describe(err))
            raise typer.Exit(1) from err

    return wrapper


#: option name -> the check its values must pass, for every command that has the option
FILTER_CHECKS: dict[str, Callable[[str], object]] = {
    "provider": models.check_actor, "recipient": models.check_actor,
    "category": models.check_category, "basis": _basis, "since": parse_partial,
    "until": parse_partial, "as_of": parse_partial,
}


def _vet_all(group: Any) -> None:
    """Give every --provider/--recipient/--category/--basis/--since/--until/--as-of of every
    command the vocabulary check the API applies (a refused value is a usage error)."""
    for command in getattr(group, "commands", {}).values():
        _vet_all(command)
        for param in getattr(command, "params", []):
            check = FILTER_CHECKS.get(param.name or "")
            if check is None or param.callback is not None or param.param_type_name != "option":
                continue
            param.callback = _many(check)


def _many(check: Callable[[str], object]) -> Callable[..., Any]:
    one = _vetted(check)

    def callback(ctx: Any, param: Any, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for item in value:
                one(item)
            return value
        return one(value) if isinstance(value, str) else value

    return callback


class OneLineErrors(TyperGroup):
    """The top-level command group: usage errors and anything a command did not catch become
    one ``Error:`` line (exit 2 for usage errors, 1 otherwise), never a traceback or a panel."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        _vet_all(self)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  **extra)
        except click_errors.UsageError as err:
            if type(err).__name__ == "NoArgsIsHelpError":  # bare 'warledger': show the help
                err.show()
                return _finish(standalone_mode, 2, None)
            hint = f" (see '{err.ctx.command_path} --help')" if err.ctx is not None else ""
            return _finish(standalone_mode, 2, f"{err.format_message()}{hint}")
        except click_errors.ClickException as err:
            return _finish(standalone_mode, err.exit_code, err.format_message())
        except typer.Abort:
            return _finish(standalone_mode, 1, "aborted")
        except OSError as err:
            if err.errno == errno.EPIPE:  # output piped into head: not an error
                return _finish(standalone_mode, 1, None)
            return _finish(standalone_mode, 1, describe(err))
        except Exception as err:  # noqa: BLE001 - never a traceback
            return _finish(standalone_mode, 1, describe(err))
        code = result if isinstance(result, int) else 0
        return _finish(standalone_mode, code, None)


def _finish(standalone: bool, code: int, message: str | None) -> int:
    if message is not None:
        print_error(message)
    if standalone:
        sys.exit(code)
    return code
