"""POST /api/claims/check on the bundled example article and on bad input."""

from __future__ import annotations

from fastapi.testclient import TestClient

from warledger.api.schemas import MAX_CLAIM_TEXT
from warledger.web.pages import example_article


def test_example_article_claims_have_spans_verdicts_and_citations(client: TestClient) -> None:
    text = example_article()
    response = client.post("/api/claims/check", json={"text": text})
    if not client.get("/api/info").json()["features"]["claims"]:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    data = response.json()
    assert len(data["claims"]) >= 5
    for claim in data["claims"]:
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert claim["verdict"] in {"consistent", "disputed", "contradicted", "unsupported"}
    assert sum(data["summary"].values()) == len(data["claims"])
    zero = next(c for c in data["claims"] if c["text"] == "zero support")
    assert zero["negated"] and zero["verdict"] == "contradicted" and zero["citations"]
    assert any(len(i["spans"]) == 2 for i in data["inconsistencies"])


def test_check_is_a_read_and_needs_no_token(client: TestClient) -> None:
    before = client.get("/api/info").json()["observations"]
    response = client.post("/api/claims/check", json={"text": "Iran sent 400 drones to Russia."})
    assert response.status_code == 200  # the client fixture has no token at all
    assert response.json()["claims"]
    assert client.get("/api/info").json()["observations"] == before


def test_check_bad_input(client: TestClient) -> None:
    assert client.post("/api/claims/check", json={"text": ""}).json()["errors"][0][
        "field"] == "text"
    too_long = client.post("/api/claims/check", json={"text": "a" * (MAX_CLAIM_TEXT + 1)})
    assert too_long.status_code == 422
    assert client.post("/api/claims/check", json=["text"]).status_code == 422
    assert client.post("/api/claims/check", content=b"\xff\xfe",
                       headers={"content-type": "application/json"}).status_code == 422
