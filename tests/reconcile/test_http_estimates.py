"""The two clocks and every basis over HTTP: GET /api/estimates and /api/compare with known_by,
on the bundled dataset (the server always loads it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api.app import create_app
from warledger.ledger.dates import last_day

QUERY = {"provider": "PRK", "recipient": "RUS", "category": "troops"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = Path(tmp_path_factory.mktemp("http")) / "ledger.db"
    with TestClient(create_app(path, token="", dashboard=False)) as test_client:
        yield test_client


def test_estimates_take_as_of_and_known_by_and_give_every_basis(client):
    response = client.get("/api/estimates", params=QUERY | {"as_of": "2024-11",
                                                            "known_by": "2024-11-30"})
    assert response.status_code == 200
    data = response.json()
    assert data["known_by"] == "2024-11-30" and "in_country" in data["by_basis"]
    assert data["explanation"][0] == data["choice"]
    kept = [o for est in (data, *data["by_basis"].values()) for o in est["kept"]]
    assert kept and all(last_day(o["source"]["published"]) <= last_day("2024-11-30")
                        for o in kept)
    assert "not-yet-published" in {o["code"] for o in data["set_aside"]}


def test_a_bad_known_by_is_a_422_naming_the_field(client):
    bad = client.get("/api/estimates", params=QUERY | {"known_by": "2025-02-30"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "known_by"


def test_compare_cells_are_totals_to_the_date_or_say_why_not(client):
    data = client.get("/api/compare", params={"as_of": "2025-03",
                                              "known_by": "2026-12-01"}).json()
    assert data["known_by"] == "2026-12-01"
    cells = [(row, cell) for row in data["rows"] for cell in row["cells"].values()
             if cell["text"] != "no evidence"]
    assert cells
    for row, cell in cells:
        if cell["covers_as_of"]:
            assert cell["described_until"] >= "2025-03-01", row
        else:
            assert cell["note"].startswith("no figure covers 2025-03: the newest describes"), row
    usa = next(c for r, c in cells if (r["provider"], r["category"]) == ("USA",
                                                                          "military_aid_value"))
    assert usa["covers_as_of"] and usa["described_until"] == "2025-03-31"


def test_timeline_takes_known_by_and_as_known_then(client):
    data = client.get("/api/timeline", params=QUERY | {"basis": "in_country",
                                                       "as_known_then": "true",
                                                       "known_by": "2025-06-30"}).json()
    assert data["as_known_then"] is True and data["known_by"] == "2025-06-30"
    everything = client.get("/api/timeline", params=QUERY | {"basis": "in_country"}).json()
    # the bundled data has in-country figures published in September 2025
    assert data["band"] and len(data["points"]) < len(everything["points"])
    bad = client.get("/api/timeline", params=QUERY | {"known_by": "soon"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "known_by"
