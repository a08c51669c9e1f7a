"""GET /api/series (one line per quantity) and GET /api/series/{provider}/{recipient}/{category}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from warledger.api.deps import LedgerDep
from warledger.api.errors import NotAvailable
from warledger.api.present import conflicts, summaries_of, with_sources
from warledger.api.routes.estimates import run_estimate
from warledger.api.schemas import SeriesListPublic, SeriesPublic
from warledger.errors import NotFound
from warledger.ledger.models import ActorCode, Category

router = APIRouter(tags=["series"])


@router.get("/series", response_model=SeriesListPublic)
def list_series(ledger: LedgerDep) -> SeriesListPublic:
    """Every (provider, recipient, category, unit) the ledger has figures for."""
    items = summaries_of(ledger.series_summary())
    return SeriesListPublic(items=items, total=len(items))


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
