"""Ledger commands: init, import, validate, list, show, sources, export, audit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from warledger.cli._common import (
    DbOption,
    JsonOption,
    check_actor,
    check_basis,
    check_category,
    check_date,
    console,
    emit_json,
    err_console,
    handle_errors,
    import_progress,
    ledger_from,
    one_line,
)
from warledger.errors import InputError, LedgerReadOnly, StoreBusy, StoreError
from warledger.ledger import audit as auditor
from warledger.ledger import export as exporter
from warledger.ledger.backends import is_postgres_url
from warledger.ledger.io import read_paths
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import default_db_path, open_ledger
from warledger.vocabulary import actor_name


def observation_dict(obs: Observation, source: Source | None) -> dict[str, object]:
    data = obs.model_dump()
    if source is not None:
        data["source"] = source.model_dump() | {"grading": source.grading}
    return data


def rebuild_ledger(path: str) -> None:
    """Empty and reload the ledger in one transaction (a running server sees the old data
    until the commit, then the new); only a file that cannot be opened is deleted instead."""
    if path != ":memory:" and not is_postgres_url(path) and not Path(path).exists():
        return
    try:
        with open_ledger(path, bundled=False) as ledger:
            ledger.rebuild()
            return
    except (LedgerReadOnly, StoreBusy):
        raise
    except StoreError as err:
        if is_postgres_url(path):
            raise
        err_console.print(f"the ledger cannot be opened ({one_line(err)}); recreating it")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@handle_errors
def init(db: DbOption = None,
         rebuild: Annotated[bool, typer.Option(
             help="empty the ledger and reload the bundled data, in one transaction")] = False,
         json_out: JsonOption = False) -> None:
    """Create the ledger and load the bundled dataset.

    Example: warledger init --db ./ledger.db
    """
    path = db or default_db_path()
    if rebuild:
        rebuild_ledger(str(path))
    with open_ledger(path) as ledger:
        n = ledger.count_observations()
    if json_out:
        emit_json({"db": str(path), "observations": n})
    else:
        console.print(f"ledger at {path}: {n} observations")


@handle_errors
def import_(files: Annotated[list[Path], typer.Argument(help="CSV/JSON files or folders")],
            db: DbOption = None, json_out: JsonOption = False) -> None:
    """Import observations and sources (CSV or JSON), all or nothing.

    Example: warledger import my-figures.csv
    """
    with ledger_from(db) as ledger, import_progress() as progress:
        result = ledger.import_paths(files, progress=progress)
    if json_out:
        emit_json(result.as_dict())
    else:
        console.print(f"added {result.added_observations} observations and "
                      f"{result.added_sources} sources; {result.skipped_observations} "
                      "already present")


@handle_errors
def validate(files: Annotated[list[Path], typer.Argument(help="CSV/JSON files or folders")],
             db: DbOption = None, json_out: JsonOption = False) -> None:
    """Check files without writing anything; exit 1 if any problem is found.

    Example: warledger validate data/
    """
    batch = read_paths(files)
    problems = list(batch.problems)
    if not problems:
        with ledger_from(db) as ledger:
            problems = ledger.check_batch(batch)
    if json_out:
        emit_json({"valid": not problems, "observations": len(batch.observations),
                   "sources": len(batch.sources),
                   "problems": [p.__dict__ for p in problems]})
    if problems:
        raise InputError(problems)
    if not json_out:
        console.print(f"valid: {len(batch.observations)} observations, "
                      f"{len(batch.sources)} sources")


@handle_errors
def list_(
    provider: Annotated[str | None, typer.Option(help="e.g. PRK",
                                                 callback=check_actor)] = None,
    recipient: Annotated[str | None, typer.Option(help="e.g. RUS",
                                                  callback=check_actor)] = None,
    category: Annotated[str | None, typer.Option(help="e.g. troops",
                                                 callback=check_category)] = None,
    basis: Annotated[str | None, typer.Option(help="e.g. cumulative",
                                              callback=check_basis)] = None,
    source: Annotated[str | None, typer.Option(help="source id")] = None,
    since: Annotated[str | None, typer.Option(help="from this date (YYYY[-MM[-DD]])",
                                              callback=check_date)] = None,
    until: Annotated[str | None, typer.Option(help="up to this date",
                                              callback=check_date)] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List observations, conflicting figures side by side, each with its source.

    Example: warledger list --provider PRK --recipient RUS --category troops
    """
    with ledger_from(db) as ledger:
        rows = ledger.observations(provider=provider, recipient=recipient, category=category,
                                   basis=basis, source_id=source, since=since, until=until)
        sources = ledger.sources_for(rows)
    if json_out:
        emit_json([observation_dict(o, sources[o.source_id]) for o in rows])
        return
    table = Table(title=f"{len(rows)} observations", show_lines=False)
    table.add_column("id", no_wrap=True)
    for column in ("from -> to", "category", "quantity", "basis", "as of / period", "source",
                   "grade"):
        table.add_column(column)
    for obs in rows:
        src = sources[obs.source_id]
        when = obs.as_of or "-".join(p for p in (obs.period_start, obs.period_end) if p)
        table.add_row(obs.id, f"{obs.provider} -> {obs.recipient}", obs.category,
                      f"{obs.quantity_text()} {obs.unit}", obs.basis, when or "",
                      f"{src.publisher} ({src.published or 'n.d.'})", src.grading)
    console.print(table)


@handle_errors
def show(obs_id: Annotated[str, typer.Argument(help="observation id or unique prefix")],
         db: DbOption = None, json_out: JsonOption = False) -> None:
    """Show one observation with its source.

    Example: warledger show obs-1a2b
    """
    with ledger_from(db) as ledger:
        obs = ledger.observation(obs_id)
        src = ledger.source(obs.source_id)
    if json_out:
        emit_json(observation_dict(obs, src))
        return
    console.print(f"[bold]{obs.id}[/bold]: {actor_name(obs.provider)} -> "
                  f"{actor_name(obs.recipient)}, {obs.category}: "
                  f"{obs.quantity_text()} {obs.unit} ({obs.basis})", highlight=False)
    for label, value in (("period", f"{obs.period_start or '?'} to {obs.period_end or '?'}"),
                         ("as of", obs.as_of), ("note", obs.note),
                         ("derived from", ", ".join(obs.derived_from)),
                         ("source", f"{src.publisher}: {src.title}"), ("url", src.url),
                         ("published", src.published), ("attributed to", src.attributed_to),
                         ("grading", src.grading)):
        if value:
            console.print(f"  {label}: {value}", highlight=False, markup=False)


@handle_errors
def sources(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List sources with how many observations each supports.

    Example: warledger sources --json
    """
    with ledger_from(db) as ledger:
        rows = ledger.sources()
        counts = ledger.source_counts()
    if json_out:
        emit_json([s.model_dump() | {"observations": counts.get(s.id, 0)} for s in rows])
        return
    table = Table(title=f"{len(rows)} sources")
    for column in ("id", "publisher", "published", "attributed to", "grade", "obs", "url"):
        table.add_column(column, overflow="fold")
    for s in rows:
        table.add_row(s.id, s.publisher, s.published or "", s.attributed_to, s.grading,
                      str(counts.get(s.id, 0)), s.url)
    console.print(table)


@handle_errors
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv, json, parquet or datapackage")],
    out: Annotated[Path, typer.Option("--out", help="output folder (file for json)")] = Path(
        "warledger-export"),
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Export the ledger; datapackage writes a Frictionless package with table schemas.

    Example: warledger export --format datapackage --out pkg/
    """
    if fmt == "json" and out.suffix != ".json":
        out = out / "warledger.json"
    with ledger_from(db) as ledger:
        files = exporter.export(ledger, fmt, out)
    if json_out:
        emit_json({"files": [str(f) for f in files]})
    else:
        for file in files:
            console.print(f"wrote {file}")


@handle_errors
def audit(
    sample: Annotated[int, typer.Option(help="how many observations to print for review")] = 20,
    all_: Annotated[bool, typer.Option("--all", help="print every observation")] = False,
    seed: Annotated[int, typer.Option(help="random seed of the sample")] = 0,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Print observations with their quote and source, and check every row mechanically.

    The checks (quote states the figure, dates, URL, one date and one grade per origin) run on
    all rows; exit 1 if any fails. Example: warledger audit --all
    """
    with ledger_from(db) as ledger:
        rows = ledger.observations()
        sources = {s.id: s for s in ledger.sources()}
    report = auditor.audit(rows, sources)
    shown = rows if all_ else auditor.sample(rows, sample, seed)
    if json_out:
        emit_json({"checked": report.checked, "passed": report.passed,
                   "problems": [p.__dict__ for p in report.problems],
                   "shown": [observation_dict(o, sources.get(o.source_id)) for o in shown]})
    else:
        for obs in shown:
            src = sources[obs.source_id]
            console.print(f"[bold]{obs.id}[/bold] {obs.provider} -> {obs.recipient} "
                          f"{obs.category}: {obs.quantity_text()} {obs.unit} ({obs.basis}, "
                          f"as of {obs.as_of or 'n.d.'})", highlight=False)
            for label, value in (("quote", obs.quote or "(none)"), ("origin", obs.origin),
                                 ("source", f"{src.publisher}, {src.published or 'n.d.'}, "
                                            f"{src.grading}"), ("url", src.url)):
                if value:
                    console.print(f"  {label}: {value}", highlight=False, markup=False)
        for problem in report.problems:
            err_console.print(f"{problem.rule}: {problem.observation_id}: {problem.message}",
                              highlight=False, markup=False)
        verdict = "passed" if report.passed else f"{len(report.problems)} problems"
        console.print(f"audit of {report.checked} observations: {verdict}")
    if not report.passed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command("import")(import_)
    app.command()(validate)
    app.command("list")(list_)
    app.command()(show)
    app.command()(sources)
    app.command()(export)
    app.command()(audit)
