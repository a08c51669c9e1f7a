"""Interactive API docs served offline: Swagger UI from the ``swagger-ui-bundle`` package,
started by a bundled script (no CDN, no inline script), and /favicon.ico."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

router = APIRouter(include_in_schema=False)
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js")


def swagger_dir() -> Path | None:
    """The folder of Swagger UI's files, or None when swagger-ui-bundle is not installed."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    folder = Path(swagger_ui_path)
    return folder if all((folder / a).is_file() for a in ASSETS) else None


def mount_swagger(app: FastAPI) -> None:
    folder = swagger_dir()
    if folder is not None:
        app.mount("/static/swagger-ui", StaticFiles(directory=folder), name="swagger-ui")


@router.get("/api-docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> Response:
    from warledger.web.pages import render

    return render(request, "api_docs.html", available=swagger_dir() is not None)


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    icon = Path(str(files("warledger.web"))) / "static" / "favicon.ico"
    return FileResponse(icon, media_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=86400"})
