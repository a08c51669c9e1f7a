"""GET /api/observations (filtered, paginated) and GET /api/observations/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from warledger.api.deps import LedgerDep
from warledger.api.present import observation_public, with_sources
from warledger.api.schemas import ObservationFilters, ObservationPublic, ObservationsPublic

router = APIRouter(tags=["observations"])


@router.get("/observations", response_model=ObservationsPublic)
def list_observations(ledger: LedgerDep,
                      filters: Annotated[ObservationFilters, Query()]) -> ObservationsPublic:
    """Observations matching every filter given, each with its source; ``total`` counts all."""
    where = filters.model_dump(exclude={"limit", "offset"})
    total = ledger.count_observations(**where)
    rows = ledger.observations(**where, limit=filters.limit, offset=filters.offset)
    return ObservationsPublic(items=with_sources(ledger, rows), total=total,
                              limit=filters.limit, offset=filters.offset)


@router.get("/observations/{obs_id}", response_model=ObservationPublic)
def get_observation(ledger: LedgerDep,
                    obs_id: Annotated[str, Path(min_length=4, max_length=200)]
                    ) -> ObservationPublic:
    """One observation by id (or a unique prefix of at least 4 characters), with its source."""
    obs = ledger.observation(obs_id)
    return observation_public(obs, ledger.source(obs.source_id))
