"""GET /api/over-time and the /over-time page, with a real tracker release imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import DATA
from warledger.api.app import create_app
from warledger.importers.ust import import_ust
from warledger.ledger.store import open_ledger
from warledger.reconcile.monthly import support_over_time

REPO = Path(__file__).resolve().parents[2]
UST = REPO / "data" / "kiel-ust"


@pytest.fixture
def with_release(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "ledger.db"
    with open_ledger(db) as ledger:
        import_ust(ledger, UST)
    with TestClient(create_app(db, token="tok")) as client:
        yield client


def test_release_months_next_to_shipments(with_release: TestClient) -> None:
    imported = with_release.post("/api/imports", content=(DATA / "voyages.csv").read_bytes(),
                                 headers={"Authorization": "Bearer tok",
                                          "content-type": "text/csv"})
    assert imported.status_code == 201
    data = with_release.get("/api/over-time").json()
    [flow] = data["aid"]
    assert flow["label"].startswith("Ukraine Support Tracker, Release 29")
    assert len(flow["months"]) >= 50 and flow["donors"] >= 30
    assert data["shipments"][0]["lower_bound"] is True
    assert {m["month"] for m in data["shipments"][0]["months"]} <= set(data["months"])
    page = with_release.get("/over-time")
    assert page.status_code == 200
    assert "Military aid value to Ukraine per month (allocated), Ukraine Support Tracker, " \
        "Release 29" in page.text
    assert "Voyages from North Korea to Russia per month" in page.text
    wide = page.text.split('<svg class="chart wide"')[1].split("</svg>")[0]  # the aid chart
    assert wide.count('class="bar to-ukr"') == len(flow["months"])


def test_bundled_release_fills_over_time_on_a_fresh_ledger(client: TestClient) -> None:
    """Release 29 ships in data/kiel-ust and loads on first use: no import step needed."""
    [flow] = client.get("/api/over-time").json()["aid"]
    assert flow["label"].startswith("Ukraine Support Tracker, Release 29")
    assert client.get("/api/over-time", params={"providers": "west;drop"}).status_code == 422


def test_over_time_without_monthly_data_says_so(tmp_path: Path) -> None:
    """A ledger of the curated CSVs alone (no tracker release) has no monthly aid to show."""
    with open_ledger(tmp_path / "plain.db", bundled=False) as ledger:
        ledger.import_paths([REPO / "data"])
        data = support_over_time(ledger)
    assert data["aid"] == [] and data["months"] == []
