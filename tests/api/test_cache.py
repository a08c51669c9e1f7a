"""The read cache never serves a response made before the ledger changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import DATA
from warledger.api.app import create_app
from warledger.api.middleware import ReadCache
from warledger.ledger.store import open_ledger


def test_a_write_by_another_process_is_seen_at_once(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    app = create_app(db, dashboard=False)
    with TestClient(app) as client:
        before = client.get("/api/observations?category=voyages").json()["total"]
        assert client.get("/api/observations?category=voyages").json()["total"] == before
        with open_ledger(db, bundled=False) as ledger:  # as `warledger import` would
            ledger.import_paths([DATA / "voyages.csv"])
        assert client.get("/api/observations?category=voyages").json()["total"] == before + 3
        assert client.get("/api/maritime").json()["available"] is True


def _read_cache(app: Any) -> ReadCache:
    layer = app.middleware_stack
    while not isinstance(layer, ReadCache):
        layer = layer.app
    return layer


def test_repeated_reads_are_served_from_the_cache(tmp_path: Path) -> None:
    app = create_app(tmp_path / "ledger.db", dashboard=False)
    with TestClient(app) as client:
        first = client.get("/api/series")
        cache = _read_cache(app)
        second = client.get("/api/series")
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert (cache.hits, cache.misses) == (1, 1)
        assert client.get("/api/sources/nope").status_code == 404
        assert client.get("/api/sources/nope").json()["code"] == "not-found"
        assert (cache.hits, cache.misses) == (1, 3)  # errors are never kept


def test_a_page_kept_for_one_host_is_not_served_to_another(tmp_path: Path) -> None:
    app = create_app(tmp_path / "ledger.db")
    with TestClient(app) as client:
        here = client.get("/?side=UKR", headers={"Host": "127.0.0.1:8000"}).text
        there = client.get("/?side=UKR", headers={"Host": "news.example:9000"}).text
        again = client.get("/?side=UKR", headers={"Host": "127.0.0.1:8000"}).text
    assert "http://127.0.0.1:8000/?side=UKR&amp;download=" in here
    assert "http://news.example:9000/?side=UKR&amp;download=" in there
    assert "127.0.0.1:8000" not in there and again == here
