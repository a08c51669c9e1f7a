"""``warledger serve``: the API and the dashboard in one uvicorn process."""

from __future__ import annotations

from typing import Annotated

import typer

from warledger.cli._common import DbOption, handle_errors

TokenOption = Annotated[
    str | None,
    typer.Option("--token", envvar="WARLEDGER_TOKEN", show_envvar=True,
                 help="bearer token that enables the write endpoints; without one the "
                 "server is read-only"),
]


@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    token: TokenOption = None,
    db: DbOption = None,
    max_body_mb: Annotated[float, typer.Option(min=0.001, help="largest request body, MB")
                           ] = 5.0,
) -> None:
    """Serve the dashboard at / and the JSON API under /api (OpenAPI at /openapi.json).

    Example: warledger serve --port 8000, then open http://127.0.0.1:8000/
    """
    try:
        import uvicorn

        from warledger.api.app import create_app
    except ImportError as err:
        raise typer.BadParameter(f'serving needs the api extra: pip install "warledger[api]" '
                                 f"({err.name} is missing)") from err
    app = create_app(db, token=token, max_body_bytes=int(max_body_mb * 1024 * 1024))
    app.state.pool.acquire_ready()  # sync the bundled data before the first visitor waits
    typer.echo(f"warledger: http://{host}:{port}/ ({'writes enabled' if token else 'read-only'})",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)


def main() -> None:
    """``python -m warledger.cli.serve`` until the command is wired into the main CLI."""
    cli = typer.Typer(add_completion=False)
    register(cli)
    cli()


if __name__ == "__main__":
    main()
