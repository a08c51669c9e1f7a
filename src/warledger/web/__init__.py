"""The dashboard: server-rendered pages over the API, with bundled static assets only."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from warledger import vocabulary as vocab
from warledger.web.client import ApiClient
from warledger.web.estimates import OverviewEstimates
from warledger.web.exhibits import links
from warledger.web.format import human, month_label, unit_words
from warledger.web.highlight import FAMILIES


def mount_dashboard(app: FastAPI) -> Callable[[Request, int, str], Response]:
    """Add the pages and /static to ``app``; return the HTML error renderer for its handler."""
    from warledger.web import apidocs, checkpage, flows, pages, seriespage

    here = Path(str(files("warledger.web")))
    templates = Jinja2Templates(directory=here / "templates")
    templates.env.globals.update(actor_name=vocab.actor_name, families=FAMILIES,
                                 exhibit_links=links)
    templates.env.filters["num"] = lambda v: f"{v:,.0f}" if isinstance(v, int | float) else v
    templates.env.filters["human"] = human
    templates.env.filters["month"] = month_label
    templates.env.filters["units"] = unit_words
    app.state.templates = templates
    app.state.web_client = ApiClient(app)
    target = app.state.settings.db_target
    app.state.overview_estimates = OverviewEstimates(None if target == ":memory:" else target)
    apidocs.mount_swagger(app)  # before /static, so /static/swagger-ui is matched first
    app.mount("/static", StaticFiles(directory=here / "static"), name="static")
    for module in (pages, seriespage, checkpage, flows, apidocs):
        app.include_router(module.router)

    def render_error(request: Request, status: int, message: str) -> Response:
        return templates.TemplateResponse(request, "error.html",
                                          {"status": status, "message": message},
                                          status_code=status)

    return render_error
