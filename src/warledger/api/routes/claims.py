"""POST /api/claims/check: find the claims in a text and check each against the ledger."""

from __future__ import annotations

from fastapi import APIRouter

from warledger.api.deps import LedgerDep, feature
from warledger.api.errors import ApiError
from warledger.api.schemas import ClaimCheckCreate, ClaimCheckPublic

router = APIRouter(tags=["claims"])


@router.post("/claims/check", response_model=ClaimCheckPublic)
def check_claims(ledger: LedgerDep, body: ClaimCheckCreate) -> ClaimCheckPublic:
    """Claims found in ``text`` as character spans, each with verdict, citations and reasoning.

    A read-only operation: nothing is written, so no token is needed.
    """
    check_text = feature("warledger.claims.check", "check_text", "claim checking")
    try:
        report = check_text(body.text, ledger, date=body.as_of)
    except ValueError as err:
        raise ApiError(f"cannot check this text: {err}", field="text") from err
    return ClaimCheckPublic.model_validate(report.to_dict())
