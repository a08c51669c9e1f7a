"""The maritime error family: every exception the maritime module raises on purpose."""

from __future__ import annotations

from warledger.errors import WarledgerError


class MaritimeError(WarledgerError):
    """Root of the maritime family."""

    code = "maritime-error"


class AISInputError(MaritimeError):
    """An input file cannot be read at all (missing, unknown format, wrong columns)."""

    code = "ais-input"


class AreaError(MaritimeError):
    """A port-area file or World Port Index lookup is invalid."""

    code = "port-area"


class SightingError(MaritimeError):
    """An imagery-sightings CSV is invalid; names the file, line and field."""

    code = "sighting-invalid"


class EngineError(MaritimeError):
    """An engine is unknown or its optional dependency is missing."""

    code = "engine"


def missing_extra(extra: str, exc: ImportError) -> MaritimeError:
    """The error raised when an optional dependency is absent."""
    return EngineError(f"{exc.name or 'a dependency'} is missing: install \"warledger[{extra}]\"")
