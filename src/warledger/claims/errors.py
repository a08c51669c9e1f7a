"""Errors of the claims package."""

from __future__ import annotations

from warledger.errors import WarledgerError


class ClaimsError(WarledgerError):
    """Input the claim extractor or checker cannot work with (binary, not UTF-8, too large)."""

    code = "claims-error"
