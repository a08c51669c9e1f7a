"""GET /api/sources (paginated, with counts) and GET /api/sources/{id} with its observations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from warledger.api.deps import LedgerDep
from warledger.api.present import source_public, with_sources
from warledger.api.schemas import MAX_PAGE, SourceDetailPublic, SourcesPublic

router = APIRouter(tags=["sources"])


@router.get("/sources", response_model=SourcesPublic)
def list_sources(ledger: LedgerDep,
                 limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> SourcesPublic:
    """Sources, newest first, each with how many observations cite it."""
    rows = ledger.sources()
    counts = ledger.source_counts()
    page = rows[offset:offset + limit]
    return SourcesPublic(items=[source_public(s, counts.get(s.id, 0)) for s in page],
                         total=len(rows), limit=limit, offset=offset)


@router.get("/sources/{source_id}", response_model=SourceDetailPublic)
def get_source(ledger: LedgerDep,
               source_id: Annotated[str, Path(min_length=1, max_length=200)]
               ) -> SourceDetailPublic:
    """One source and every observation read from it."""
    source = ledger.source(source_id)
    rows = ledger.observations(source_id=source_id)
    return SourceDetailPublic(source=source_public(source, len(rows)),
                              observations=with_sources(ledger, rows))
