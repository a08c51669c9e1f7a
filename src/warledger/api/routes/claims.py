"""POST /api/claims/check: find the claims in a text and check each against the ledger."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from warledger.api.deps import LedgerDep, optional_module
from warledger.api.errors import ApiError, NotAvailable
from warledger.api.schemas import ClaimCheckCreate, ClaimCheckPublic

router = APIRouter(tags=["claims"])
CHECKERS = ("check_text", "check")


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return _plain(value.to_dict())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@router.post("/claims/check", response_model=ClaimCheckPublic)
def check_claims(ledger: LedgerDep, body: ClaimCheckCreate) -> ClaimCheckPublic:
    """Claims found in ``text`` as character spans, each with verdict, citations and reasoning.

    A read-only operation: nothing is written, so no token is needed.
    """
    claims = optional_module("warledger.claims", "claim checking")
    checker = next((getattr(claims, n) for n in CHECKERS if hasattr(claims, n)), None)
    if checker is None:
        raise NotAvailable("claim checking is not available in this installation "
                           "(warledger.claims has no check function yet)")
    try:
        result = _plain(checker(ledger, body.text, as_of=body.as_of))
    except ValueError as err:
        raise ApiError(f"cannot check this text: {err}", field="text") from err
    if isinstance(result, list):
        result = {"claims": result}
    return ClaimCheckPublic.model_validate({"text": body.text, **result})
