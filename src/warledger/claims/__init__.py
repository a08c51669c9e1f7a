"""Claim extraction and checking: figures of military support in text, checked against the ledger.

``extract_claims(text, date=None)`` finds the claims; ``find_inconsistencies(claims)`` pairs
figures that one text gives differently; ``check_text`` (in :mod:`warledger.claims.check`)
gives each claim a verdict with citations.
"""

from __future__ import annotations

from warledger.claims.errors import ClaimsError
from warledger.claims.extract import extract_claims
from warledger.claims.model import CLAIM_KEYS, Claim

__all__ = ["CLAIM_KEYS", "Claim", "ClaimsError", "extract_claims"]
