"""warledger: a sourced, checkable evidence base of foreign military support in wartime."""

from warledger.errors import InputError, LedgerError, Problem, WarledgerError
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger, open_ledger

__all__ = [
    "InputError",
    "Ledger",
    "LedgerError",
    "Observation",
    "Problem",
    "Source",
    "WarledgerError",
    "open_ledger",
]
__version__ = "0.1.0"
