"""Analysis commands: series, estimate, compare, timeline, derive, value (thin adapters)."""

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
    handle_errors,
    ledger_from,
)
from warledger.derive.assumptions import load_assumptions
from warledger.derive.comparison import compare_derived
from warledger.derive.montecarlo import DEFAULT_DRAWS, DEFAULT_SEED, derive_all
from warledger.derive.valuation import Valuation
from warledger.derive.valuation import value as value_of
from warledger.reconcile import Estimate, SeriesEstimate, estimate_series, series_of
from warledger.reconcile.compare import compare as compare_of
from warledger.reconcile.plot import write_plot
from warledger.reconcile.reasons import fmt
from warledger.reconcile.timeline import timeline as timeline_of

Provider = Annotated[str, typer.Option(help="provider code, e.g. PRK")]
Recipient = Annotated[str, typer.Option(help="recipient code, e.g. RUS")]
Category = Annotated[str, typer.Option(help="category, e.g. troops")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="date to estimate for: YYYY[-MM[-DD]]")]
KnownBy = Annotated[str | None, typer.Option(
    "--known-by", help="use only sources published on or before this date: YYYY[-MM[-DD]] "
    "(default: today)")]
Basis = Annotated[str | None, typer.Option(help="basis, e.g. cumulative (default: chosen)")]
Assumptions = Annotated[Path | None, typer.Option("--assumptions",
                                                  help="assumptions CSV (default: bundled)")]


@handle_errors
def series(provider: Annotated[str | None, typer.Option(help="e.g. PRK")] = None,
           recipient: Annotated[str | None, typer.Option(help="e.g. RUS")] = None,
           category: Annotated[str | None, typer.Option(help="e.g. troops")] = None,
           db: DbOption = None, json_out: JsonOption = False) -> None:
    """List series (same provider, recipient, category, basis, unit) with counts and dates.

    Example: warledger series --provider PRK
    """
    with ledger_from(db) as ledger:
        rows = ledger.observations(provider=provider, recipient=recipient, category=category)
        found = series_of(rows, ledger.sources_for(rows))
    if json_out:
        emit_json([s.to_dict() for s in found])
        return
    table = Table(title=f"{len(found)} series")
    for column in ("from -> to", "category", "basis", "unit", "count", "first", "last", "kind"):
        table.add_column(column)
    for s in found:
        table.add_row(f"{s.provider} -> {s.recipient}", s.category, s.basis, s.unit,
                      str(s.count), str(s.first or ""), str(s.last or ""),
                      "monthly flows" if s.monthly else "")
    console.print(table)


def _print_estimate(result: SeriesEstimate, known_by: str | None) -> None:
    est = result.headline
    known = f", known by {result.known_by}" if known_by else ""
    console.print(f"[bold]{result.provider} -> {result.recipient}, {result.category}"
                  f"{', as of ' + est.as_of if est.as_of else ''}{known}:[/bold] {est.summary()}",
                  highlight=False)
    for line in result.explanation()[:1 + len(result.by_basis) + len(result.checks)]:
        console.print(f"  {line}", highlight=False, markup=False)
    _print_figures(est)


def _print_figures(est: Estimate) -> None:
    for title, rows in (("kept", [(o, f"weight {est.weights.get(o.id, 0):.2f}")
                                  for o in est.kept]), ("set aside", est.set_aside)):
        table = Table(title=f"{len(rows)} {title}", title_justify="left")
        for column in ("figure", "basis", "date", "source", "why"):
            table.add_column(column, overflow="fold")
        for obs, why in rows:
            src = est.sources.get(obs.source_id)
            table.add_row(f"{obs.quantity_text()} {obs.unit}", obs.basis,
                          obs.as_of or obs.period_end or "",
                          f"{src.publisher} ({src.grading})" if src else obs.source_id, why)
        console.print(table)
    console.print("[bold]Why the figures differ[/bold]")
    for reason in est.reasons:
        console.print(f"- {reason}", highlight=False, markup=False)


@handle_errors
def estimate(provider: Provider, recipient: Recipient, category: Category, as_of: AsOf = None,
             known_by: KnownBy = None, basis: Basis = None,
             include_derived: Annotated[bool, typer.Option(
                 help="count derived figures as evidence")] = False,
             db: DbOption = None, json_out: JsonOption = False) -> None:
    """Estimates per basis and a headline with its interval, the figures kept and set aside, and
    why they differ; --known-by shows what was known at a date.

    Example: warledger estimate --provider PRK --recipient RUS --category troops --as-of 2024-11
    --known-by 2024-11-30
    """
    with ledger_from(db) as ledger:
        result = estimate_series(ledger, provider, recipient, category, as_of=as_of,
                                 known_by=known_by, basis=basis,
                                 include_derived=include_derived)
    if json_out:
        emit_json(result.to_dict())
    else:
        _print_estimate(result, known_by)


@handle_errors
def compare(as_of: AsOf = None, known_by: KnownBy = None,
            recipient: Annotated[list[str] | None, typer.Option(
                help="recipients (columns); default RUS and UKR")] = None,
            category: Annotated[list[str] | None, typer.Option(help="limit to categories")] = None,
            db: DbOption = None, json_out: JsonOption = False) -> None:
    """Support to RUS vs support to UKR by provider (group) and category, as of a date: one
    basis per row, each cell a total to that date or saying why not.

    Example: warledger compare --as-of 2025-03
    """
    with ledger_from(db) as ledger:
        table_data = compare_of(ledger, as_of=as_of, recipients=tuple(recipient or ("RUS", "UKR")),
                                categories=category, known_by=known_by)
    if json_out:
        emit_json(table_data.to_dict())
        return
    table = Table(title=f"support as of {as_of or 'the latest figures'}")
    for column in ("group", "provider", "category",
                   *(f"to {r}" for r in table_data.recipients)):
        table.add_column(column, overflow="fold")
    for row in table_data.rows:
        table.add_row(row.group, row.provider, row.category,
                      *(row.cell_text(r) for r in table_data.recipients))
    console.print(table)
    if table_data.omitted:
        console.print(f"{table_data.omitted} provider/category pairs have figures only for "
                      "other dates and are not shown.", highlight=False)


@handle_errors
def timeline(provider: Provider, recipient: Recipient, category: Category, basis: Basis = None,
             plot: Annotated[Path | None, typer.Option(
                 help="write a chart: FILE.html or FILE.svg (no dependency), FILE.png "
                      "(needs matplotlib)")] = None,
             with_derived: Annotated[bool, typer.Option(
                 "--with-derived", help="add Monte Carlo derivations into this category as "
                 "hollow points (not saved)")] = False,
             assumptions: Assumptions = None, known_by: KnownBy = None,
             as_known_then: Annotated[bool, typer.Option(
                 "--as-known-then", help="estimate each month of the band with what was "
                 "published by that month's end")] = False,
             db: DbOption = None, json_out: JsonOption = False) -> None:
    """A series over time (as_of) with the monthly estimate band; --as-known-then shows the
    estimate as it stood each month.

    Example: warledger timeline --provider PRK --recipient RUS --category artillery_shells
    --with-derived --plot shells.html
    """
    with ledger_from(db) as ledger:
        extra = []
        if with_derived:
            made = derive_all(ledger, load_assumptions(assumptions))
            extra = [(d.observation, d.source) for d in made if d.observation and d.source]
        tl = timeline_of(ledger, provider, recipient, category, basis=basis, derived=extra,
                         known_by=known_by, as_known_then=as_known_then)
    if plot is not None:
        write_plot(tl, plot)
    if json_out:
        emit_json(tl.to_dict() | ({"plot": str(plot)} if plot else {}))
        return
    table = Table(title=f"{provider} -> {recipient}, {category} (band basis: {tl.basis})")
    for column in ("date", "figure", "basis", "origin", "kind"):
        table.add_column(column, overflow="fold")
    for p in tl.points:
        table.add_row(p.date.isoformat(), p.text, p.basis, p.origin,
                      "derived" if p.derived else "reported")
    console.print(table)
    for step in tl.band:
        console.print(f"  {step.as_of}: {step.text()}", highlight=False)
    if plot is not None:
        console.print(f"wrote {plot}")


@handle_errors
def derive(provider: Annotated[str, typer.Option(help="provider code")] = "PRK",
           recipient: Annotated[str, typer.Option(help="recipient code")] = "RUS",
           category: Annotated[str, typer.Option(help="target category")] = "artillery_shells",
           assumptions: Assumptions = None,
           draws: Annotated[int, typer.Option(min=100, help="Monte Carlo draws")] = DEFAULT_DRAWS,
           seed: Annotated[int, typer.Option(help="random seed")] = DEFAULT_SEED,
           save: Annotated[bool, typer.Option(help="add every derived observation to the "
                                                   "ledger")] = False,
           db: DbOption = None, json_out: JsonOption = False) -> None:
    """Derived ranges (Monte Carlo over sourced assumptions) next to the reported ones.

    Example: warledger derive --provider PRK --recipient RUS --category artillery_shells
    """
    registry = load_assumptions(assumptions)
    with ledger_from(db) as ledger:
        result = compare_derived(ledger, registry, provider, recipient, category, draws=draws,
                                 seed=seed)
        if save:
            made = derive_all(ledger, registry, draws=draws, seed=seed)
            ledger.add([d.source for d in made if d.source],
                       [d.observation for d in made if d.observation], origin="derive")
    if json_out:
        emit_json(result.to_dict())
        return
    table = Table(title=f"{provider} -> {recipient}, {category}: reported and derived")
    for column in ("date", "kind", "figure", "low (p5)", "middle", "high (p95)", "basis",
                   "origin"):
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(row.date or "", row.kind, row.label, fmt(row.low), fmt(row.middle),
                      fmt(row.high), row.basis, row.origin)
    console.print(table)
    if result.reported_estimate is not None:
        console.print(f"estimate from reported figures: {result.reported_estimate.summary()}",
                      highlight=False)


@handle_errors
def value(assumptions: Annotated[Path | None, typer.Option(
              "--assumptions", help="valuation YAML of unit costs (default: bundled)")] = None,
          as_of: AsOf = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Money value of in-kind support under editable unit costs, with a sensitivity table.

    Example: warledger value --assumptions my-costs.yaml --as-of 2025-04
    """
    with ledger_from(db) as ledger:
        result = value_of(ledger, assumptions, as_of=as_of)
    if json_out:
        emit_json(result.to_dict())
    else:
        _print_value(result)


def _print_value(result: Valuation) -> None:
    cur = result.currency
    table = Table(title=f"value in {cur}, as of {result.as_of or 'latest'}")
    for column in ("item", "quantity", "low", "central", "high", "quantity from"):
        table.add_column(column, overflow="fold")
    for iv in [*result.items, *result.reported]:
        quantity = f"{fmt(iv.quantity[1])}" if iv in result.items else "(reported value)"
        missing = "no evidence" if all(v is None for v in iv.value) else "-"
        table.add_row(iv.item.label, quantity,
                      *(fmt(v) if v is not None else missing for v in iv.value),
                      iv.quantity_from)
    table.add_row("in-kind total", "", *(fmt(v) for v in result.total), "")
    console.print(table)
    sens = Table(title="sensitivity: in-kind total with one input at its low / high")
    for column in ("input", "low", "high", f"total at low ({cur})", f"total at high ({cur})",
                   "swing"):
        sens.add_column(column, overflow="fold")
    for row in result.sensitivity:
        sens.add_row(row["input"], str(row["low"]), str(row["high"]), fmt(row["total_at_low"]),
                     fmt(row["total_at_high"]), fmt(row["swing"]))
    console.print(sens)


def register(app: typer.Typer) -> None:
    app.command()(series)
    app.command()(estimate)
    app.command()(compare)
    app.command()(timeline)
    app.command()(derive)
    app.command()(value)
