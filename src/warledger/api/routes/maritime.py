"""GET /api/maritime: monthly voyage and port-call counts from the ledger, and port areas."""

from __future__ import annotations

from fastapi import APIRouter

from warledger.api.deps import LedgerDep
from warledger.api.present import maritime_months, port_areas
from warledger.api.schemas import MaritimePublic

router = APIRouter(tags=["maritime"])


@router.get("/maritime", response_model=MaritimePublic)
def get_maritime(ledger: LedgerDep) -> MaritimePublic:
    """Voyages and port calls per month (``available: false`` when none are loaded)."""
    months = maritime_months(ledger)
    return MaritimePublic(available=bool(months), months=months, ports=port_areas())
