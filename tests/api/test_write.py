"""Write endpoints: refused without the token (nothing written), all-or-nothing with it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AUTH, DATA, count

SOURCE = {"publisher": "warledger tests", "title": "synthetic", "url": "urn:warledger:test:w",
          "published": "2024-06"}


def observation(quantity: float, unit: str = "drone") -> dict[str, object]:
    return {"provider": "IRN", "recipient": "RUS", "category": "drones", "quantity_low":
            quantity, "quantity_high": quantity, "unit": unit, "basis": "delivered",
            "as_of": "2024-05", "source_id": "test-src"}


def payload(*quantities: float) -> dict[str, object]:
    return {"sources": [SOURCE | {"id": "test-src"}],
            "observations": [observation(q) for q in quantities]}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/observations", "/api/imports", "/api/sources/x"])
def test_read_only_server_refuses_every_write(client: TestClient, method: str,
                                              path: str) -> None:
    before = count(client)
    for headers in ({}, AUTH):
        response = client.request(method, path, json=payload(7), headers=headers)
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "read-only"
    assert count(client) == before


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401), ({"Authorization": "Bearer nope"}, 403), ({"Authorization": "Basic abc"}, 401),
    ({"Authorization": "Bearer "}, 401)])
def test_writes_need_the_right_token(writer: TestClient, headers: dict[str, str],
                                     status: int) -> None:
    before = count(writer)
    for method in ("POST", "PUT", "DELETE"):
        assert writer.request(method, "/api/observations", json=payload(7),
                              headers=headers).status_code == status
    assert writer.post("/api/observations", content=b"{not json",
                       headers=headers).status_code == status  # auth before parsing
    assert count(writer) == before


def test_add_observations_then_again_adds_nothing(writer: TestClient) -> None:
    before = count(writer)
    first = writer.post("/api/observations", json=payload(7, 8), headers=AUTH)
    assert first.status_code == 201
    assert first.json() | {"import_id": None} == {
        "ok": True, "added_sources": 1, "added_observations": 2, "skipped_observations": 0,
        "import_id": None}
    assert count(writer) == before + 2
    again = writer.post("/api/observations", json=payload(7, 8), headers=AUTH).json()
    assert (again["added_observations"], again["skipped_observations"]) == (0, 2)
    listed = writer.get("/api/observations", params={"source_id": "test-src"}).json()
    assert sorted(o["quantity_low"] for o in listed["items"]) == [7, 8]


def test_one_bad_observation_writes_nothing(writer: TestClient) -> None:
    before = count(writer)
    body = payload(7)
    body["observations"].append(observation(9, unit="tonne"))  # type: ignore[attr-defined]
    response = writer.post("/api/observations", json=body, headers=AUTH)
    assert response.status_code == 422
    problem = response.json()["errors"][0]
    assert problem["file"] == "upload.json observations[1]"
    assert "unit 'tonne'" in problem["message"]
    assert count(writer) == before


def test_missing_source_is_reported(writer: TestClient) -> None:
    response = writer.post("/api/observations", json={"observations": [observation(3)]},
                           headers=AUTH)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "missing-source"


def test_unknown_fields_are_named(writer: TestClient) -> None:
    body = payload(7)
    body["observations"][0]["colour"] = "red"  # type: ignore[index]
    errors = writer.post("/api/observations", json=body, headers=AUTH).json()["errors"]
    assert [e["field"] for e in errors] == ["colour"]


def test_import_csv_all_or_nothing(writer: TestClient) -> None:
    before = count(writer)
    bad = writer.post("/api/imports", content=(DATA / "bad-row.csv").read_bytes(),
                      headers=AUTH | {"content-type": "text/csv"})
    assert bad.status_code == 422
    assert [(e["line"], e["code"]) for e in bad.json()["errors"]] == [(3, "unknown-category")]
    assert count(writer) == before


def test_import_monthly_voyages_shows_on_maritime(writer: TestClient) -> None:
    response = writer.post("/api/imports?format=csv",
                           content=(DATA / "voyages.csv").read_bytes(), headers=AUTH)
    assert response.status_code == 201 and response.json()["added_observations"] == 3
    data = writer.get("/api/maritime").json()
    assert data["available"] is True
    assert [m["month"] for m in data["months"]] == ["2024-01", "2024-02", "2024-03"]
    assert data["months"][0]["derived_from"] == ["tracks.parquet", "min_stay_h=6"]
    assert writer.get("/api/info").json()["features"]["maritime"] is True


def test_import_json_body(writer: TestClient) -> None:
    response = writer.post("/api/imports", json=payload(11), headers=AUTH)
    assert response.status_code == 201 and response.json()["added_observations"] == 1


def test_body_over_the_limit_is_refused_and_nothing_written(writer: TestClient) -> None:
    before = count(writer)
    big = payload(*range(1, 400))
    response = writer.post("/api/observations", json=big, headers=AUTH)
    assert response.status_code == 413
    assert count(writer) == before
