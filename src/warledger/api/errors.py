"""One exception handler: every error family maps to one HTTP status and one JSON shape.

The shape is ``{"ok": false, "error": str, "errors": [...], "status": int, "code": slug}``
where each item of ``errors`` names the ``field`` it is about (``null`` when it is about the
request as a whole). ``tests/api/test_error_shape.py`` pins it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from warledger.errors import (
    InputError,
    LedgerReadOnly,
    LedgerReplaced,
    NotFound,
    Problem,
    StoreBusy,
    StoreError,
    WarledgerError,
)

log = logging.getLogger("warledger.api")


class ApiError(WarledgerError):
    """Errors the HTTP layer itself raises (auth, size, optional features)."""

    code = "api-error"
    status = 400
    headers: dict[str, str] | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Unauthorized(ApiError):
    code = "unauthorized"
    status = 401
    headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(ApiError):
    code = "forbidden"
    status = 403


class ReadOnly(Forbidden):
    code = "read-only"


class PayloadTooLarge(ApiError):
    code = "payload-too-large"
    status = 413


class UnsupportedMediaType(ApiError):
    code = "unsupported-media-type"
    status = 415


class MethodNotAllowed(ApiError):
    code = "method-not-allowed"
    status = 405


class NotAvailable(ApiError):
    """A capability (estimates, claim checking, maritime data) is not installed or loaded."""

    code = "not-available"
    status = 404


#: error family -> HTTP status, most specific first
STATUS_OF: tuple[tuple[type[WarledgerError], int], ...] = (
    (InputError, 422),
    (NotFound, 404),
    (LedgerReadOnly, 409),
    (StoreError, 503),
)
#: seconds a client should wait before retrying when the store is busy or being rebuilt
RETRY_AFTER_SECONDS = 2


def error_body(status: int, message: str, code: str,
               errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    items = errors if errors is not None else [{"field": None, "message": message, "code": code}]
    return {"ok": False, "error": message, "errors": items, "status": status, "code": code}


def _problem_item(problem: Problem) -> dict[str, Any]:
    return {"field": problem.field, "message": problem.message, "code": problem.code,
            "file": problem.file, "line": problem.line}


def _warledger_response(err: WarledgerError) -> JSONResponse:
    if isinstance(err, ApiError):
        item = {"field": err.field, "message": str(err), "code": err.code}
        return JSONResponse(error_body(err.status, str(err), err.code, [item]),
                            status_code=err.status, headers=err.headers)
    status = next((s for family, s in STATUS_OF if isinstance(err, family)), 400)
    if isinstance(err, InputError):
        message = f"{len(err.problems)} problem(s) in input; nothing was written"
        items = [_problem_item(p) for p in err.problems]
        return JSONResponse(error_body(status, message, err.code, items), status_code=status)
    headers = None
    if isinstance(err, StoreBusy | LedgerReplaced):
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    elif status >= 500:
        log.error("store error: %s", err)
    return JSONResponse(error_body(status, str(err), err.code), status_code=status,
                        headers=headers)


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    """('query', 'limit') -> 'limit'; ('body', 'items', 0, 'unit') -> 'items.0.unit'"""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header", "cookie") and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


def validation_items(errors: Any) -> list[dict[str, Any]]:
    items = []
    for item in errors:
        field = _field_of(item.get("loc", ()))
        message = str(item.get("msg", "invalid value")).removeprefix("Value error, ")
        code = "missing-value" if item.get("type") == "missing" else "invalid-value"
        items.append({"field": field or None, "message": message, "code": code})
    return items


def _validation_response(err: RequestValidationError) -> JSONResponse:
    items = validation_items(err.errors())
    named = ", ".join(sorted({i["field"] for i in items if i["field"]})) or "request"
    message = f"invalid {named}: " + "; ".join(i["message"] for i in items[:5])
    return JSONResponse(error_body(422, message, "invalid-request", items), status_code=422)


_HTTP_CODES = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large"}


def _http_response(err: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(err.status_code, "http-error")
    return JSONResponse(error_body(err.status_code, str(err.detail), code),
                        status_code=err.status_code, headers=getattr(err, "headers", None))


def _message_of(response: JSONResponse) -> str:
    return str(json.loads(bytes(response.body)).get("error", ""))


#: renders an error for a browser: (request, status, message) -> HTML response
HtmlRenderer = Callable[[Request, int, str], Response]


def install_handlers(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Register the single mapping from exceptions to the JSON error shape.

    Requests outside ``/api`` (the dashboard) get the same status rendered by ``html``.
    """

    def respond(request: Request, response: JSONResponse) -> Response:
        if html is None or request.url.path.startswith("/api"):
            return response
        return html(request, response.status_code, _message_of(response))

    async def on_warledger(request: Request, err: Exception) -> Response:
        assert isinstance(err, WarledgerError)
        return respond(request, _warledger_response(err))

    async def on_validation(request: Request, err: Exception) -> Response:
        assert isinstance(err, RequestValidationError)
        return respond(request, _validation_response(err))

    async def on_http(request: Request, err: Exception) -> Response:
        assert isinstance(err, StarletteHTTPException)
        return respond(request, _http_response(err))

    async def on_unexpected(request: Request, err: Exception) -> Response:
        if isinstance(err, RecursionError):  # a body nested too deeply for the parser
            return respond(request, JSONResponse(error_body(
                400, "the request is nested too deeply to read", "too-deep"), status_code=400))
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, JSONResponse(error_body(
            500, "internal error; see the server log", "internal-error"), status_code=500))

    app.add_exception_handler(WarledgerError, on_warledger)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
