"""Where the curated dataset shipped with warledger lives, and what it holds.

In a wheel the repository's ``data/`` folder is packaged as ``warledger/_bundled``; in an
editable install or a source checkout it is the ``data/`` folder at the repository root.
Besides the curated CSVs it holds tracker releases (``kiel-ust/``): they are loaded with the
curated rows on first use, so a fresh install shows aid over time with no extra step.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from warledger.errors import WarledgerError

if TYPE_CHECKING:
    from warledger.ledger.models import Observation, Source

#: folders of ``data/`` holding a Kiel Ukraine Support Tracker release (release_info.csv ...)
RELEASE_FOLDERS = ("kiel-ust",)


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


def bundled_release_dirs(data_dir: Path) -> list[Path]:
    """The tracker release folders shipped beside the curated CSVs."""
    return [data_dir / name for name in RELEASE_FOLDERS
            if (data_dir / name / "release_info.csv").is_file()]


def bundled_release_files(data_dir: Path) -> list[Path]:
    """Every file the bundled releases are read from (they count in the bundled digest)."""
    from warledger.importers.ust import release_files  # importers sit above the ledger

    files: list[Path] = []
    for folder in bundled_release_dirs(data_dir):
        info, data = release_files(folder)
        files += [info, *data]
    return files


def bundled_releases(data_dir: Path) -> list[tuple[Source, list[Observation]]]:
    """The source and observations of each bundled release, read and validated in full."""
    from warledger.importers.ust import read_release

    releases = []
    for folder in bundled_release_dirs(data_dir):
        release = read_release(folder)
        releases.append((release.source, release.observations))
    return releases
