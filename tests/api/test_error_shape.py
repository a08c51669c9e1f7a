"""Pins the one JSON error shape every API error uses: {ok, error, errors[], status, code}."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AUTH

SHAPE = {"ok", "error", "errors", "status", "code"}
ITEM = {"field", "message", "code"}


def assert_shape(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE
    assert body["ok"] is False
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    assert body["errors"], "errors[] is never empty"
    for item in body["errors"]:
        assert ITEM <= set(item)
    return body


def test_not_found_route(client: TestClient) -> None:
    assert_shape(client.get("/api/no-such-thing"), 404, "not-found")


def test_not_found_record(client: TestClient) -> None:
    body = assert_shape(client.get("/api/sources/no-such-source"), 404, "not-found")
    assert "no-such-source" in body["error"]


@pytest.mark.parametrize(("query", "field"), [
    ("limit=0", "limit"), ("limit=abc", "limit"), ("offset=-1", "offset"),
    ("provider=XX", "provider"), ("category=tanks", "category"), ("basis=rumoured", "basis"),
    ("since=2024-13", "since"), ("until=yesterday", "until"), ("colour=red", "colour"),
])
def test_bad_query_names_the_field(client: TestClient, query: str, field: str) -> None:
    body = assert_shape(client.get(f"/api/observations?{query}"), 422, "invalid-request")
    assert [item["field"] for item in body["errors"]] == [field]
    assert field in body["error"]


def test_bad_json_body_names_the_field(client: TestClient) -> None:
    body = assert_shape(client.post("/api/claims/check", json={"txt": "x"}), 422,
                        "invalid-request")
    assert {item["field"] for item in body["errors"]} == {"text", "txt"}


def test_unauthorized(writer: TestClient) -> None:
    response = writer.post("/api/observations", json={})
    body = assert_shape(response, 401, "unauthorized")
    assert body["errors"][0]["field"] == "Authorization"
    assert response.headers["www-authenticate"] == "Bearer"


def test_forbidden(writer: TestClient) -> None:
    assert_shape(writer.post("/api/observations", json={},
                             headers={"Authorization": "Bearer wrong"}), 403, "forbidden")


def test_read_only(client: TestClient) -> None:
    body = assert_shape(client.post("/api/observations", json={}, headers=AUTH), 403,
                        "read-only")
    assert "read-only" in body["error"]


def test_method_not_allowed_after_auth(writer: TestClient) -> None:
    assert_shape(writer.delete("/api/observations", headers=AUTH), 405, "method-not-allowed")


def test_payload_too_large(writer: TestClient) -> None:
    assert_shape(writer.post("/api/claims/check", content=b"x" * (65 * 1024),
                             headers={"content-type": "application/json"}),
                 413, "payload-too-large")


def test_unsupported_media_type(writer: TestClient) -> None:
    body = assert_shape(writer.post("/api/imports", content=b"a,b", headers=AUTH
                                    | {"content-type": "text/plain"}), 415,
                        "unsupported-media-type")
    assert body["errors"][0]["field"] == "Content-Type"


def test_input_problems_carry_file_line_field(writer: TestClient) -> None:
    csv = b"provider,recipient,category,quantity_low,quantity_high,qualifier,unit,basis," \
          b"source_id\nPRK,RUS,troops,abc,1,exact,person,deployed,nowhere\n"
    body = assert_shape(writer.post("/api/imports", content=csv,
                                    headers=AUTH | {"content-type": "text/csv"}),
                        422, "invalid-input")
    item = body["errors"][0]
    assert (item["file"], item["line"], item["field"]) == ("upload.csv", 2, "quantity_low")
    assert "nothing was written" in body["error"]
