"""GET /api/info: what this server holds and which capabilities are installed."""

from __future__ import annotations

from fastapi import APIRouter

import warledger
from warledger.api.deps import LedgerDep, SettingsDep, has_feature
from warledger.api.present import maritime_months
from warledger.api.schemas import FeaturesPublic, InfoPublic

router = APIRouter(tags=["meta"])


@router.get("/info", response_model=InfoPublic)
def info(ledger: LedgerDep, settings: SettingsDep) -> InfoPublic:
    """Counts, whether writes are enabled, and which optional capabilities are present."""
    return InfoPublic(
        version=warledger.__version__,
        observations=ledger.count_observations(),
        sources=ledger.count_sources_in_use(),
        writable=settings.writable,
        max_body_bytes=settings.max_body_bytes,
        features=FeaturesPublic(
            estimates=has_feature("warledger.reconcile", "estimate_for"),
            compare=has_feature("warledger.reconcile", "compare"),
            timeline=has_feature("warledger.reconcile", "timeline"),
            claims=has_feature("warledger.claims.check", "check_text"),
            maritime=bool(maritime_months(ledger)),
        ),
    )
