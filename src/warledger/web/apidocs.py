"""Interactive API docs served offline: Swagger UI 5 as shipped inside the ``fastapi-offline``
package (its own startup is not used), started by a bundled script (no CDN, no inline
script), and /favicon.ico."""

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
    """The folder of Swagger UI's files, or None when fastapi-offline is not installed."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
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
