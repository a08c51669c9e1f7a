"""`warledger claims extract` and `warledger check`: thin adapters over warledger.claims."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from warledger.claims import extract_claims
from warledger.claims.errors import ClaimsError
from warledger.claims.render import check_html, check_table, claims_json, claims_table
from warledger.claims.textio import language_warning, read_document, read_text
from warledger.cli._common import print_error
from warledger.errors import WarledgerError

app = typer.Typer(help="Find claims of military support in English text (offline, instant).",
                  no_args_is_help=True)


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


class CheckFormat(StrEnum):
    json = "json"
    table = "table"
    html = "html"
    claimreview = "claimreview"


SourceArg = Annotated[str, typer.Argument(
    help="a text, HTML or PDF file, - for standard input, or an http(s) URL")]
DateOption = Annotated[str | None, typer.Option(
    "--date", help="the article's date (YYYY, YYYY-MM or YYYY-MM-DD) for relative times")]


def _fail(err: WarledgerError) -> typer.Exit:
    print_error(err)  # the CLI's one 'Error:' line: never wrapped, never markup
    return typer.Exit(1)


def _check_date(date: str | None) -> None:
    if date is not None:
        from warledger.ledger.dates import parse_partial

        try:
            parse_partial(date)
        except (ValueError, WarledgerError) as err:
            raise ClaimsError(f"--date {date!r}: expected YYYY, YYYY-MM or YYYY-MM-DD") from err


@app.command("extract")
def extract(
    source: SourceArg,
    fmt: Annotated[ExtractFormat, typer.Option("--format", help="json or table")] = (
        ExtractFormat.json),
    as_json: Annotated[bool, typer.Option("--json", help="same as --format json")] = False,
    date: DateOption = None,
) -> None:
    """Print every claim of military support in SOURCE.

    Example: echo "North Korea sent about 14,000 troops to Russia." | warledger claims extract -
    """
    try:
        _check_date(date)
        text = read_text(source)
        claims = extract_claims(text, date=date)
    except WarledgerError as err:
        raise _fail(err) from err
    warning = language_warning(text)
    if warning:
        _warn(warning)
    if as_json or fmt is ExtractFormat.json:
        typer.echo(claims_json(claims))
    else:
        Console(width=160).print(claims_table(claims))


def _warn(message: str) -> None:
    Console(stderr=True).print(f"Warning: {message}", highlight=False, markup=False)


def check_command(
    source: SourceArg,
    fmt: Annotated[CheckFormat, typer.Option(
        "--format", help="json, table, html or claimreview (schema.org JSON-LD)")] = (
        CheckFormat.table),
    as_json: Annotated[bool, typer.Option("--json", help="same as --format json")] = False,
    date: DateOption = None,
    db: Annotated[Path | None, typer.Option(
        "--db", envvar="WARLEDGER_DB", help="ledger database (default: bundled dataset)")] = None,
    url: Annotated[str | None, typer.Option(
        "--url", help="the article's address: its own source is left out of the evidence")
    ] = None,
) -> None:
    """Check every claim in SOURCE against the ledger: verdict, citations, reasoning.

    Example: warledger check article.txt --date 2025-04-16 --format html > report.html
    """
    from warledger.claims.check import check_text
    from warledger.ledger.store import open_ledger

    try:
        _check_date(date)
        doc = read_document(source)
        ledger = open_ledger(db)
        try:
            report = check_text(doc.text, ledger, date=date, source_url=url or doc.url)
        finally:
            ledger.close()
    except WarledgerError as err:
        raise _fail(err) from err
    warning = language_warning(doc.text)
    if warning:
        report.warnings.append(warning)
        _warn(warning)
    if fmt is CheckFormat.claimreview:
        from warledger.claims.claimreview import claim_reviews

        reviews = claim_reviews(report, url or doc.url)
        typer.echo(json.dumps(reviews, indent=2, ensure_ascii=False, default=str))
    elif as_json or fmt is CheckFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
    elif fmt is CheckFormat.html:
        typer.echo(check_html(report), nl=False)
    else:
        console = Console(width=200)
        for table in check_table(report):
            console.print(table)
