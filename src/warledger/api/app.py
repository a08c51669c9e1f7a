"""The application factory: ``create_app()`` builds the API and the dashboard, nothing sooner.

Importing this module has no side effects; the ledger is opened on the first request.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi

import warledger
from warledger.api import errors
from warledger.api.deps import LedgerPool, require_writer, resolve_settings
from warledger.api.errors import MethodNotAllowed
from warledger.api.middleware import BodyLimit, ReadCache, SecurityHeaders, writer_gate
from warledger.api.routes import (
    claims,
    estimates,
    imports,
    maritime,
    meta,
    observations,
    series,
    sources,
)
from warledger.api.schemas import ErrorPublic, ObservationsCreate
from warledger.errors import NotFound

API_PREFIX = "/api"
REF_TEMPLATE = "#/components/schemas/{model}"
TAGS = [
    {"name": "meta", "description": "what this server holds and can do"},
    {"name": "observations", "description": "published figures, each tied to a source"},
    {"name": "sources", "description": "publications, graded A1-F6"},
    {"name": "series", "description": "every observation of one quantity, with its estimate"},
    {"name": "estimates", "description": "reconciled estimates, comparisons, timelines"},
    {"name": "claims", "description": "check the claims in a text against the ledger"},
    {"name": "maritime", "description": "voyage and port-call counts, port areas"},
    {"name": "imports", "description": "write endpoints (bearer token)"},
]


def _api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses={
        400: {"model": ErrorPublic}, 404: {"model": ErrorPublic},
        422: {"model": ErrorPublic}, 413: {"model": ErrorPublic}})
    for module in (meta, observations, sources, series, estimates, claims, maritime, imports):
        router.include_router(module.router)

    @router.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                      include_in_schema=False)
    def unknown(path: str, request: Request) -> None:
        """Anything unrouted: 404 to a read; a write is refused (401/403) first, else 405."""
        if request.method == "GET":
            raise NotFound(f"no API endpoint at /api/{path}; see /openapi.json")
        require_writer(request)
        raise MethodNotAllowed(f"the API has no {request.method} operation on /api/{path}")

    return router


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema plus the request bodies the write endpoints read themselves."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes,
                             tags=app.openapi_tags)
        extra = ObservationsCreate.model_json_schema(ref_template=REF_TEMPLATE)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(extra.pop("$defs", {}))
        components["ObservationsCreate"] = extra
        schema["components"]["securitySchemes"] = {"bearer": {"type": "http",
                                                              "scheme": "bearer"}}
        for item in schema["paths"].values():
            for method, operation in item.items():
                if method != "get" and "imports" in operation.get("tags", []):
                    operation["security"] = [{"bearer": []}]
        app.openapi_schema = schema
    return app.openapi_schema


#: answers the overview page needs, computed at start so the first visitor finds them cached
WARM_PATHS = ("/api/info", "/api/series", "/api/compare")
#: with the dashboard: the overview itself, which computes (or starts computing) its estimates
WARM_PAGES = ("/api/info", "/api/series", "/")


async def warm_cache(app: FastAPI, paths: tuple[str, ...] = WARM_PATHS,
                     base: str = "http://127.0.0.1:8000") -> None:
    """GET the overview's answers once through the whole stack (fills the read cache); pages
    are made for the address visitors use (``base``: their embed links are absolute)."""
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=base) as client:
        for path in paths:
            try:
                await client.get(path)
            except Exception:  # noqa: BLE001 - warming is best effort; requests still work
                return


def create_app(db_path: Path | str | None = None, token: str | None = None,
               max_body_bytes: int | None = None, *, dashboard: bool = True,
               warm: bool = False, public_url: str = "http://127.0.0.1:8000") -> FastAPI:
    """Build the warledger server: JSON API under /api, dashboard at /.

    ``token`` (else ``$WARLEDGER_TOKEN``) enables the write endpoints; without one the server
    is read-only. ``db_path`` defaults to ``$WARLEDGER_DB`` or the user data directory;
    ``max_body_bytes`` to ``$WARLEDGER_MAX_BODY_BYTES`` or 5 MiB. ``warm`` computes the
    overview's answers at start (``warledger serve`` does; with the dashboard the page is
    rendered before the first request is taken, and on a large ledger its estimates continue
    in the background), so the first visitor does not wait for them;
    ``public_url`` is the address visitors use (``serve`` passes its host and port).
    """
    settings = resolve_settings(db_path, token, max_body_bytes)
    pool = LedgerPool(settings.db_target)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        if warm and dashboard:
            # before the first request: the overview is then rendered (its templates compiled,
            # its estimates computed or, on a large ledger, started in the background)
            await warm_cache(app, WARM_PAGES, public_url)
        elif warm:  # /api/compare can take a minute on a large ledger: in the background
            task = asyncio.create_task(warm_cache(app, WARM_PATHS, public_url))
        yield
        if task is not None:
            task.cancel()
        if (estimates := getattr(app.state, "overview_estimates", None)) is not None:
            estimates.close()
        pool.close()

    app = FastAPI(
        title="warledger",
        version=warledger.__version__,
        description="A sourced, checkable evidence base of foreign military support in "
        "Russia's war on Ukraine. Every figure carries its source; estimates carry their "
        "assumptions. Errors share one shape: {ok, error, errors[], status, code}.",
        openapi_tags=TAGS,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the server never does
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=lambda route: f"{route.tags[0]}-{route.name}"
        if route.tags else route.name,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.include_router(_api_router())
    html = None
    if dashboard:
        from warledger.web import mount_dashboard

        html = mount_dashboard(app)
    errors.install_handlers(app, html)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    estimates = getattr(app.state, "overview_estimates", None)
    app.add_middleware(ReadCache, pool=pool, pages=dashboard,
                       extra=(lambda: estimates.version) if estimates is not None else None)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, settings=settings,
                       needs_token=writer_gate(_public_writes(app)))
    app.add_middleware(SecurityHeaders)
    return app


def _public_writes(app: FastAPI) -> Callable[[], list[tuple[Any, set[str]]]]:
    """Operations that take a body without a token (e.g. POST /api/claims/check): every
    documented write not tagged 'imports'. Read from the OpenAPI schema at first use."""
    found: list[list[tuple[Any, set[str]]]] = []

    def public() -> list[tuple[Any, set[str]]]:
        if not found:
            routes = []
            for path, item in app.openapi()["paths"].items():
                methods = {m.upper() for m, op in item.items()
                           if m != "get" and "imports" not in op.get("tags", [])}
                if methods:
                    pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+",
                                                      re.escape(path)) + "$")
                    routes.append((pattern, methods))
            found.append(routes)
        return found[0]

    return public
