"""``warledger serve``: the API and the dashboard in one uvicorn process."""

from __future__ import annotations

import os
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
    workers: Annotated[int, typer.Option(min=1, max=64, help="uvicorn worker processes")] = 1,
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
    app = create_app(db, token=token, max_body_bytes=int(max_body_mb * 1024 * 1024),
                     warm=True, public_url=f"http://{host}:{port}")
    app.state.pool.acquire_ready()  # sync the bundled data before the first visitor waits
    typer.echo(f"warledger: http://{host}:{port}/ ({'writes enabled' if token else 'read-only'})",
               err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # several processes: each builds its own app from the same settings via the environment
    os.environ.update({"WARLEDGER_DB": app.state.settings.db_target,
                       "WARLEDGER_MAX_BODY_BYTES": str(app.state.settings.max_body_bytes)})
    if token:
        os.environ["WARLEDGER_TOKEN"] = token
    uvicorn.run("warledger.api.app:create_app", factory=True, host=host, port=port,
                workers=workers, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)


def main() -> None:
    """``python -m warledger.cli.serve`` until the command is wired into the main CLI."""
    cli = typer.Typer(add_completion=False)
    register(cli)
    cli()


if __name__ == "__main__":
    main()
