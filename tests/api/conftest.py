"""In-process API clients over a fresh ledger file per test (bundled data loaded)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api.app import create_app

TOKEN = "test-token-7f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DATA = Path(__file__).parent / "data"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A read-only server: no token configured."""
    app = create_app(tmp_path / "ledger.db", token="", dashboard=False)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[TestClient]:
    """A server with writes enabled by :data:`TOKEN` and a small body limit (64 KiB)."""
    app = create_app(tmp_path / "ledger.db", token=TOKEN, max_body_bytes=64 * 1024,
                     dashboard=False)
    with TestClient(app) as test_client:
        yield test_client


def count(client: TestClient) -> int:
    return int(client.get("/api/info").json()["observations"])
