"""Write endpoints (bearer token): POST /api/observations and POST /api/imports.

Both go through ``Ledger.import_paths`` exactly as ``warledger import`` does, so an import
over HTTP is all-or-nothing like the CLI: every problem is reported and nothing is written.
The token is checked from the headers (middleware) before the body is read.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.concurrency import run_in_threadpool

from warledger.api.deps import LedgerDep, LedgerPool, require_writer
from warledger.api.errors import UnsupportedMediaType
from warledger.api.schemas import ImportResultPublic
from warledger.errors import InputError, Problem
from warledger.ledger.io import load_json
from warledger.ledger.store import Ledger

router = APIRouter(tags=["imports"], dependencies=[Depends(require_writer)],
                   responses={401: {"description": "no bearer token"},
                              403: {"description": "wrong token, or a read-only server"}})
MEDIA = {"text/csv": "csv", "application/json": "json"}


def _import(request: Request, ledger: Ledger, body: bytes, suffix: str,
            origin: str) -> ImportResultPublic:
    """Write the body to a temporary file and import it; problems name the upload, not /tmp."""
    pool: LedgerPool = request.app.state.pool
    with tempfile.TemporaryDirectory(prefix="warledger-upload-") as tmp:
        path = Path(tmp) / f"upload.{suffix}"
        path.write_bytes(body)
        try:
            with pool.write_lock:
                result = ledger.import_paths([path], origin=origin)
        except InputError as err:
            raise InputError([_renamed(p, tmp) for p in err.problems]) from None
    return ImportResultPublic(**result.as_dict())


def _renamed(problem: Problem, tmp: str) -> Problem:
    return Problem(problem.file.replace(tmp + "/", ""), problem.line, problem.field,
                   problem.message, problem.code)


JSON_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/ObservationsCreate"}}}}}


@router.post("/observations", response_model=ImportResultPublic,
             status_code=status.HTTP_201_CREATED, openapi_extra=JSON_BODY)
async def add_observations(request: Request, ledger: LedgerDep) -> ImportResultPublic:
    """Add sources and observations given as JSON ``{sources: [...], observations: [...]}``."""
    body = await request.body()
    _require_json_object(body)
    return await run_in_threadpool(_import, request, ledger, body, "json", "api:observations")


@router.post("/imports", response_model=ImportResultPublic,
             status_code=status.HTTP_201_CREATED, openapi_extra={"requestBody": {
                 "required": True, "content": {
                     "text/csv": {"schema": {"type": "string"}},
                     "application/json": {"schema": {
                         "$ref": "#/components/schemas/ObservationsCreate"}}}}})
async def import_file(request: Request, ledger: LedgerDep,
                      fmt: Annotated[Literal["csv", "json"] | None, Query(
                          alias="format", description="default: from Content-Type")] = None,
                      ) -> ImportResultPublic:
    """Import one CSV (sources or observations) or JSON file sent as the request body."""
    kind = fmt or MEDIA.get(request.headers.get("content-type", "").split(";")[0].strip())
    if kind is None:
        raise UnsupportedMediaType("send text/csv or application/json, or give ?format=",
                                   field="Content-Type")
    body = await request.body()
    if kind == "json":
        _require_json_object(body)
    return await run_in_threadpool(_import, request, ledger, body, kind, "api:imports")


def _require_json_object(body: bytes) -> None:
    try:
        doc = load_json(body, "upload.json")
    except InputError as err:
        raise InputError([Problem(p.file, p.line, "body", p.message, p.code)
                          for p in err.problems]) from None
    if not isinstance(doc, dict | list):
        raise InputError([Problem("upload.json", None, "body", "expected an object with "
                                  "'sources' and 'observations'", "bad-json")])
