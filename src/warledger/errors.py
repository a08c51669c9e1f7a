"""One root exception for the whole package, with a family per subpackage.

Exceptions mean "cannot continue"; problems found in input data are collected as
:class:`Problem` records and raised together so the user sees every bad field at once.
"""

from __future__ import annotations

from dataclasses import dataclass


class WarledgerError(Exception):
    """Root of every error warledger raises on purpose."""

    code = "warledger-error"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one row of one input file."""

    file: str
    line: int | None
    field: str | None
    message: str
    code: str = "invalid-value"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class LedgerError(WarledgerError):
    code = "ledger-error"


class InputError(LedgerError):
    """Input data failed validation; carries every problem found."""

    code = "invalid-input"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in input:\n{shown}{more}")


class NotFound(LedgerError):
    code = "not-found"


class StoreError(LedgerError):
    code = "store-error"


class StoreBusy(StoreError):
    """Another writer holds the ledger for longer than the busy timeout: try again later."""

    code = "store-busy"


class LedgerReadOnly(StoreError):
    """The ledger is open read-only (read-only file, folder or medium): reads work, writes not."""

    code = "ledger-read-only"


class LedgerReplaced(StoreError):
    """The ledger file was removed or replaced (``init --rebuild``) while it was open."""

    code = "ledger-replaced"
