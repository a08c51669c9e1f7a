"""GET /api/estimates, /api/compare and /api/timeline: the reconcile capability over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from warledger.api.deps import LedgerDep, feature
from warledger.api.errors import ApiError
from warledger.api.schemas import EstimateQuery, TimelineQuery
from warledger.ledger.models import PartialDate
from warledger.ledger.store import Ledger

router = APIRouter(tags=["estimates"])
RECONCILE = "warledger.reconcile"


def _as_dict(result: Any) -> dict[str, Any]:
    data = result.to_dict() if hasattr(result, "to_dict") else result
    if not isinstance(data, dict):
        raise TypeError(f"reconcile returned {type(data).__name__}, expected a mapping")
    return data


def _computed(func: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Call into reconcile; a value it cannot work with is the caller's 400, not a 500."""
    try:
        return _as_dict(func(*args, **kwargs))
    except ValueError as err:
        raise ApiError(f"cannot compute: {err}") from err


def run_estimate(ledger: Ledger, provider: str, recipient: str, category: str,
                 as_of: str | None, basis: str | None,
                 known_by: str | None = None) -> dict[str, Any]:
    """The headline estimate at the top level, plus every basis (``by_basis``), the choice of
    headline, the checks between bases and the explanation (reconcile.estimate_series)."""
    estimate_series = feature(RECONCILE, "estimate_series", "estimation")
    return _computed(estimate_series, ledger, provider, recipient, category, as_of=as_of,
                     basis=basis, known_by=known_by)


@router.get("/estimates", response_model=dict[str, Any])
def get_estimate(ledger: LedgerDep,
                 query: Annotated[EstimateQuery, Query()]) -> dict[str, Any]:
    """The reconciled estimate of one quantity as of a date, with what was known by a date:
    the headline with its interval and reasons, and one estimate per basis."""
    return run_estimate(ledger, query.provider, query.recipient, query.category,
                        query.as_of, query.basis, query.known_by)


@router.get("/compare", response_model=dict[str, Any])
def get_compare(ledger: LedgerDep, as_of: Annotated[PartialDate, Query(
        description="YYYY[-MM[-DD]]; default: everything")] = None,
        known_by: Annotated[PartialDate, Query(
            description="YYYY[-MM[-DD]]: only sources published by then; default: today")] = None
        ) -> dict[str, Any]:
    """Support to Russia and to Ukraine side by side, by category: one basis per row, each
    cell a total to the as-of date or saying why not (``covers_as_of``, ``note``)."""
    compare = feature(RECONCILE, "compare", "comparison")
    return _computed(compare, ledger, as_of=as_of, known_by=known_by)


@router.get("/timeline", response_model=dict[str, Any])
def get_timeline(ledger: LedgerDep,
                 query: Annotated[TimelineQuery, Query()]) -> dict[str, Any]:
    """How the estimate of one quantity moved as figures were published; ``as_known_then``
    shows each month's estimate as it stood at the time."""
    timeline = feature(RECONCILE, "timeline", "timelines")
    return _computed(timeline, ledger, query.provider, query.recipient, query.category,
                     basis=query.basis, known_by=query.known_by,
                     as_known_then=query.as_known_then)


@router.get("/over-time", response_model=dict[str, Any])
def get_over_time(ledger: LedgerDep, providers: Annotated[str, Query(
        pattern=r"^[A-Z]{2,8}$", description="aid providers: a group (WEST, EUROPE) or a state"
        )] = "WEST") -> dict[str, Any]:
    """Military aid to Ukraine per month, one flow per tracker release, next to North Korean
    voyages and port calls to Russia per month, on one month axis."""
    over_time = feature(RECONCILE, "support_over_time", "support over time")
    return _computed(over_time, ledger, aid_providers=providers)
