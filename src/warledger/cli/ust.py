"""Ukraine Support Tracker commands: import-ust, releases list, releases diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from warledger.cli._common import (
    DbOption,
    JsonOption,
    console,
    emit_json,
    err_console,
    handle_errors,
    ledger_from,
)
from warledger.importers.releases import CellChange, ReleaseDiff, diff_releases, list_releases
from warledger.importers.ust import import_ust as import_release


def _amount(value: float | None, unit: str, sign: bool = False) -> str:
    if value is None:
        return "-"
    plus = "+" if sign and value > 0 else ""
    return f"{plus}{value:,.0f} {unit}" if unit != "EUR" else f"{plus}EUR {value:,.2f}"


@handle_errors
def import_ust(
    path: Annotated[Path, typer.Argument(help="release folder, or one of its CSV files")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Import a Kiel Ukraine Support Tracker release as its own source, all or nothing.

    Reads data_explorer.csv (aid by donor and month, EUR billion), weapons.csv and
    release_info.csv. Re-importing the same release adds nothing.

    Example: warledger import-ust data/kiel-ust/
    """
    with ledger_from(db) as ledger:
        def progress(done: int, total: int) -> None:
            err_console.print(f"writing: {done} of {total} observations", highlight=False)

        outcome = import_release(ledger, path, progress=progress)
    release, result = outcome.release, outcome.result
    if json_out:
        emit_json({"release": release.info.number, "label": release.info.label,
                   "source_id": release.source.id, "published": release.info.published,
                   "observations": release.counts(), "seconds": round(outcome.seconds, 3)}
                  | result.as_dict())
        return
    console.print(f"{release.info.label} (published {release.info.published}), source "
                  f"{release.source.id}: added {result.added_observations} observations, "
                  f"{result.skipped_observations} already present "
                  f"({outcome.seconds:.1f} s)", highlight=False)
    for key, n in release.counts().items():
        console.print(f"  {key}: {n}", highlight=False)


@handle_errors
def list_(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List the tracker releases in the ledger, oldest first.

    Example: warledger releases list --json
    """
    with ledger_from(db) as ledger:
        releases = list_releases(ledger)
    if json_out:
        emit_json([{"number": r.number, "source_id": r.source.id, "title": r.source.title,
                    "published": r.source.published, "observations": r.observations}
                   for r in releases])
        return
    table = Table(title=f"{len(releases)} tracker releases")
    for column in ("release", "published", "source id", "observations"):
        table.add_column(column)
    for r in releases:
        table.add_row(str(r.number), r.source.published or "", r.source.id, str(r.observations))
    console.print(table)


def _changes_table(changes: list[CellChange], diff: ReleaseDiff) -> Table:
    table = Table(title=f"{len(changes)} changed figures, {diff.a.label} -> {diff.b.label}")
    for column in ("donor", "category", "basis", "period", "A", "B", "change"):
        table.add_column(column, justify="right" if column in ("A", "B", "change") else "left")
    for c in changes:
        table.add_row(c.provider, c.category, c.basis, c.period, _amount(c.a, c.unit),
                      _amount(c.b, c.unit),
                      _amount(c.delta, c.unit, sign=True) if c.kind == "changed" else c.kind)
    return table


@handle_errors
def diff(
    a: Annotated[str, typer.Argument(help="older release: number (29) or source id")],
    b: Annotated[str, typer.Argument(help="newer release: number or source id")],
    limit: Annotated[int | None, typer.Option(help="show at most this many changes")] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Every donor/category/month whose figure changed between two releases, and the totals.

    Example: warledger releases diff 29 30
    """
    with ledger_from(db) as ledger:
        result = diff_releases(ledger, a, b)
    if json_out:
        emit_json(result.as_dict())
        return
    shown = result.changes if limit is None else result.changes[:limit]
    if result.changes:
        console.print(_changes_table(shown, result))
    else:
        console.print(f"no figure changed between {result.a.label} and {result.b.label}")
    if len(shown) < len(result.changes):
        console.print(f"... and {len(result.changes) - len(shown)} more (--limit)")
    totals = Table(title="totals over all donors and months")
    for column in ("category", "basis", "scope", "A", "B", "change", "cells changed"):
        totals.add_column(column)
    for t in result.totals:
        totals.add_row(t.category, t.basis, t.scope, _amount(t.total_a, t.unit),
                       _amount(t.total_b, t.unit), _amount(t.delta, t.unit, sign=True),
                       str(t.changed))
    console.print(totals)


def register(app: typer.Typer) -> None:
    app.command("import-ust")(import_ust)
    releases = typer.Typer(name="releases", no_args_is_help=True,
                           help="Kiel Ukraine Support Tracker releases: list them, diff two.")
    releases.command("list")(list_)
    releases.command()(diff)
    app.add_typer(releases)
