"""The warledger command line: thin adapters over the library."""

from __future__ import annotations

import typer

from warledger.cli import ais, analysis, claims, ledger, serve, ust
from warledger.cli._common import OneLineErrors

app = typer.Typer(
    name="warledger",
    help="A sourced, checkable evidence base of foreign military support in wartime.\n\n"
    "Pipelines: warledger list --provider PRK --category troops --json | jq '.[].quantity_low'",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,  # one 'Error:' line for any failure, never a traceback
)
ledger.register(app)
analysis.register(app)
app.add_typer(claims.app, name="claims")
app.add_typer(ais.app, name="ais")
app.command("check")(claims.check_command)
ust.register(app)
serve.register(app)
