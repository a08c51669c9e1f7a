"""GET /api/series (one line per quantity), /api/series/sources (who gives each its figures)
and GET /api/series/{provider}/{recipient}/{category}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from warledger.api.deps import LedgerDep
from warledger.api.errors import NotAvailable
from warledger.api.present import conflicts, source_public, summaries_of, with_sources
from warledger.api.routes.estimates import run_estimate
from warledger.api.schemas import (
    SeriesListPublic,
    SeriesPublic,
    SeriesSourcePublic,
    SeriesSourcesPublic,
)
from warledger.errors import NotFound
from warledger.ledger.models import ActorCode, Category

router = APIRouter(tags=["series"])


@router.get("/series", response_model=SeriesListPublic)
def list_series(ledger: LedgerDep) -> SeriesListPublic:
    """Every (provider, recipient, category, unit) the ledger has figures for."""
    items = summaries_of(ledger.series_summary())
    return SeriesListPublic(items=items, total=len(items))


@router.get("/series/sources", response_model=SeriesSourcesPublic)
def list_series_sources(ledger: LedgerDep, category: Annotated[
        Category | None, Query(description="only the series of this category")] = None
        ) -> SeriesSourcesPublic:
    """Which sources give each series its figures, and how many (a maintained tally)."""
    rows = ledger.series_sources(category=category)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["source_id"]] = counts.get(r["source_id"], 0) + r["n"]
    sources = [source_public(ledger.source(i), counts[i]) for i in sorted(counts)]
    items = [SeriesSourcePublic(provider=r["provider"], recipient=r["recipient"],
                                category=r["category"], unit=r["unit"],
                                source_id=r["source_id"], observations=r["n"]) for r in rows]
    return SeriesSourcesPublic(items=items, total=len(items), sources=sources)


@router.get("/series/{provider}/{recipient}/{category}", response_model=SeriesPublic)
def get_series(ledger: LedgerDep,
               provider: Annotated[ActorCode, Path(description="e.g. PRK")],
               recipient: Annotated[ActorCode, Path(description="e.g. RUS")],
               category: Annotated[Category, Path(description="e.g. troops")]) -> SeriesPublic:
    """Every observation of one quantity, with the reconciled estimate when available."""
    rows = ledger.observations(provider=provider, recipient=recipient, category=category)
    if not rows:
        raise NotFound(f"no observations of {category} from {provider} to {recipient}")
    estimate, note = None, None
    try:
        estimate = run_estimate(ledger, provider, recipient, category, None, None)
    except NotAvailable as err:
        note = str(err)
    return SeriesPublic(provider=provider, recipient=recipient, category=category,
                        observations=with_sources(ledger, rows), conflicts=conflicts(rows),
                        estimate=estimate,
                        estimate_note=note)
