"""Where the curated dataset shipped with warledger lives.

In a wheel the repository's ``data/`` folder is packaged as ``warledger/_bundled``; in an
editable install or a source checkout it is the ``data/`` folder at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from warledger.errors import WarledgerError


@cache
def bundled_data_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [here / "_bundled", here.parent.parent / "data"]
    for candidate in candidates:
        if (candidate / "observations.csv").is_file():
            return candidate
    raise WarledgerError(
        "the bundled dataset was not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall warledger"
    )
