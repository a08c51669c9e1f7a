"""Read endpoints: observations, sources, series, estimates, compare, timeline, maritime, info."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import count


def test_info_reports_counts_and_read_only(client: TestClient) -> None:
    info = client.get("/api/info").json()
    assert info["observations"] > 50 and info["sources"] > 10
    assert info["writable"] is False
    assert set(info["features"]) == {"estimates", "compare", "timeline", "claims", "maritime"}


def test_observations_paginate_with_total(client: TestClient) -> None:
    first = client.get("/api/observations?limit=5").json()
    second = client.get("/api/observations?limit=5&offset=5").json()
    assert first["total"] == second["total"] == count(client)
    assert len(first["items"]) == len(second["items"]) == 5
    assert {o["id"] for o in first["items"]}.isdisjoint(o["id"] for o in second["items"])
    beyond = client.get(f"/api/observations?offset={first['total']}").json()
    assert beyond["items"] == [] and beyond["total"] == first["total"]


def test_observations_filter_and_carry_their_source(client: TestClient) -> None:
    page = client.get("/api/observations", params={
        "provider": "PRK", "recipient": "RUS", "category": "troops", "limit": 1000}).json()
    assert page["total"] == len(page["items"]) > 3
    for obs in page["items"]:
        assert (obs["provider"], obs["recipient"], obs["category"]) == ("PRK", "RUS", "troops")
        assert obs["source"]["id"] == obs["source_id"]
        assert obs["source"]["grading"] == obs["source"]["reliability"] + obs["source"][
            "credibility"]
        assert obs["quantity_text"]
    dated = client.get("/api/observations", params={
        "provider": "PRK", "category": "troops", "since": "2025", "limit": 1000}).json()
    assert 0 < dated["total"] < page["total"]


def test_observation_by_id_and_prefix(client: TestClient) -> None:
    obs = client.get("/api/observations?limit=1").json()["items"][0]
    assert client.get(f"/api/observations/{obs['id']}").json()["id"] == obs["id"]
    assert client.get(f"/api/observations/{obs['id'][:10]}").json()["id"] == obs["id"]
    assert client.get("/api/observations/obs-000000000000").status_code == 404
    assert client.get("/api/observations/obs").status_code == 422  # prefix too short


def test_sources_list_and_detail(client: TestClient) -> None:
    page = client.get("/api/sources?limit=3").json()
    assert len(page["items"]) == 3 and page["total"] > 3
    source = page["items"][0]
    detail = client.get(f"/api/sources/{source['id']}").json()
    assert detail["source"]["id"] == source["id"]
    assert len(detail["observations"]) == detail["source"]["observations"]
    assert all(o["source_id"] == source["id"] for o in detail["observations"])


def test_series_list_and_one_series(client: TestClient) -> None:
    items = client.get("/api/series").json()["items"]
    troops = next(s for s in items if (s["provider"], s["recipient"], s["category"])
                  == ("PRK", "RUS", "troops"))
    assert troops["low"] <= troops["high"] and troops["observations"] > 3
    series = client.get("/api/series/PRK/RUS/troops").json()
    assert len(series["observations"]) == troops["observations"]
    ids = {o["id"] for o in series["observations"]}
    for conflict in series["conflicts"]:
        assert {conflict["a"], conflict["b"]} <= ids and conflict["reason"]
    if series["estimate"] is not None:
        assert series["estimate"]["low"] <= series["estimate"]["high"]
    else:
        assert "not available" in series["estimate_note"]


def test_series_bad_or_empty(client: TestClient) -> None:
    assert client.get("/api/series/PRK/RUS/tanks").status_code == 422
    assert client.get("/api/series/ZZZ/RUS/troops").status_code == 422
    assert client.get("/api/series/NZL/PRK/troops").status_code == 404


def test_estimate_for_a_series(client: TestClient) -> None:
    response = client.get("/api/estimates",
                          params={"provider": "PRK", "recipient": "RUS", "category": "troops"})
    if client.get("/api/info").json()["features"]["estimates"]:
        assert response.status_code == 200
        data = response.json()
        assert data["low"] <= data["central"] <= data["high"]
        assert data["reasons"] and data["summary"]
    else:
        assert response.status_code == 404 and response.json()["code"] == "not-available"


def test_estimate_bad_input(client: TestClient) -> None:
    missing = client.get("/api/estimates", params={"provider": "PRK"}).json()
    assert {e["field"] for e in missing["errors"]} == {"recipient", "category"}
    bad = client.get("/api/estimates", params={
        "provider": "PRK", "recipient": "RUS", "category": "troops", "as_of": "2024-02-30"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "as_of"


def test_compare_and_timeline_answer_or_say_not_available(client: TestClient) -> None:
    features = client.get("/api/info").json()["features"]
    for path, params, feature in (
        ("/api/compare", {}, "compare"),
        ("/api/timeline", {"provider": "PRK", "recipient": "RUS", "category": "troops"},
         "timeline"),
    ):
        response = client.get(path, params=params)
        if features[feature]:
            assert response.status_code == 200 and isinstance(response.json(), dict)
            _check_against_observations(client, feature, response.json())
        else:
            assert response.status_code == 404
            assert response.json()["code"] == "not-available"


def _series_ids(client: TestClient, provider: str, recipient: str, category: str
                ) -> dict[str, dict[str, object]]:
    rows = client.get("/api/observations", params={
        "provider": provider, "recipient": recipient, "category": category,
        "limit": 1000}).json()["items"]
    return {r["id"]: r for r in rows}


def _check_against_observations(client: TestClient, feature: str,
                                data: dict[str, object]) -> None:
    """compare/timeline content is derived from the stored observations it cites."""
    if feature == "timeline":
        stored = _series_ids(client, "PRK", "RUS", "troops")
        points = data["points"]
        assert isinstance(points, list) and points
        for point in points:
            row = stored[point["observation_id"]]  # every point is a PRK->RUS troops figure
            assert point["qualifier"] == row["qualifier"]
            if row["qualifier"] not in ("up_to", "less_than"):  # those have no lower bound
                assert point["low"] == row["quantity_low"]
        return
    units = {(s["provider"], s["recipient"], s["category"], s["unit"])
             for s in client.get("/api/series").json()["items"]}
    rows = data["rows"]
    assert isinstance(rows, list) and rows
    valued = 0
    for row in rows:
        for recipient, cell in row["cells"].items():
            if cell.get("low") is None:  # no evidence, or an upper bound only
                assert cell["text"] == "no evidence" or cell.get("high") is not None
                continue
            # an estimate only for a series the ledger holds, in that series' unit
            assert (row["provider"], recipient, row["category"], cell["unit"]) in units
            assert cell["high"] is None or cell["low"] <= cell["high"]
            valued += 1
    assert valued > 0


def test_maritime_without_voyage_counts_lists_port_areas(client: TestClient) -> None:
    data = client.get("/api/maritime").json()
    assert data["available"] is False and data["months"] == []
    assert {"KPRJN", "RUVYP"} <= {p["id"] for p in data["ports"]}
    assert all(p["source"] for p in data["ports"])


def test_openapi_contract(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operations = {op["operationId"]: (path, method) for path, item in schema["paths"].items()
                  for method, op in item.items()}
    for op_id in ("observations-list_observations", "sources-get_source",
                  "series-get_series", "estimates-get_estimate", "claims-check_claims",
                  "maritime-get_maritime", "imports-add_observations", "imports-import_file"):
        assert op_id in operations
    assert "ObservationPublic" in schema["components"]["schemas"]
    assert "ObservationsCreate" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_series_sources_name_who_gives_each_series_its_figures(client: TestClient) -> None:
    answer = client.get("/api/series/sources?category=troops").json()
    assert answer["total"] == len(answer["items"]) > 0
    assert {i["category"] for i in answer["items"]} == {"troops"}
    named = {i["source_id"] for i in answer["items"]}
    assert {s["id"] for s in answer["sources"]} == named  # each named source, once
    troops = client.get("/api/series/PRK/RUS/troops").json()["observations"]
    per_source: dict[str, int] = {}
    for obs in troops:
        per_source[obs["source_id"]] = per_source.get(obs["source_id"], 0) + 1
    listed = {i["source_id"]: i["observations"] for i in answer["items"]
              if (i["provider"], i["recipient"], i["unit"]) == ("PRK", "RUS", "person")}
    assert listed == per_source
    everything = client.get("/api/series/sources").json()
    assert everything["total"] > answer["total"]
    assert sum(i["observations"] for i in everything["items"]) == count(client)


def test_series_sources_refuse_an_unknown_category(client: TestClient) -> None:
    reply = client.get("/api/series/sources?category=troop")
    assert reply.status_code == 422 and "category" in reply.text
