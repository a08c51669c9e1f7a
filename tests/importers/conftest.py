"""Fixtures for the tracker importer: the real Release 29 files and editable copies."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from warledger.ledger.store import Ledger, open_ledger

#: the Kiel Release 29 files shipped in the repository (data/kiel-ust, see data/THIRD_PARTY.md)
UST_DIR = Path(__file__).resolve().parents[2] / "data" / "kiel-ust"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    """A writable copy of Release 29, to edit into a 'next' release or a broken one."""
    target = tmp_path / "release"
    shutil.copytree(UST_DIR, target)
    return target


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    """An empty ledger (no bundled rows), so counts are the importer's alone."""
    led = open_ledger(tmp_path / "ust.db", bundled=False)
    yield led
    led.close()
