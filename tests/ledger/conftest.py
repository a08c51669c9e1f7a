from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from warledger.ledger.store import Ledger, open_ledger

FACTS = Path(__file__).parent / "data" / "facts"


@pytest.fixture
def facts_dir(tmp_path: Path) -> Path:
    """A writable copy of the real-figures fixture (sources.csv + observations.csv)."""
    target = tmp_path / "facts"
    shutil.copytree(FACTS, target)
    return target


@pytest.fixture
def empty_ledger(tmp_path: Path) -> Iterator[Ledger]:
    ledger = open_ledger(tmp_path / "empty.db", bundled=False)
    yield ledger
    ledger.close()
