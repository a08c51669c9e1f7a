"""Dashboard pages over the in-process client: status, content, offline assets, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api.app import create_app
from warledger.web.pages import example_article

VOYAGES = Path(__file__).parents[1] / "api" / "data" / "voyages.csv"
PAGES = ["/", "/series/PRK/RUS/troops", "/sources", "/check", "/check?example=1", "/over-time",
         "/maritime", "/api-docs"]


@pytest.fixture
def web(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "ledger.db", token="t")) as client:
        yield client


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_landmarks_and_no_external_assets(web: TestClient, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 200
    html = response.text
    assert '<main id="main"' in html and '<nav aria-label="Main">' in html
    assert '<html lang="en">' in html and 'name="viewport"' in html
    assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") or a == "/favicon.ico" for a in assets), assets
    assert " style=" not in html and "<script>" not in html  # CSP-friendly: no inline code


def test_static_assets_are_bundled(web: TestClient) -> None:
    for asset in ("/static/style.css", "/static/app.js", "/static/api-docs.js"):
        response = web.get(asset)
        assert response.status_code == 200 and "http" not in response.text.split("*/", 1)[-1]


def test_overview_compares_both_sides(web: TestClient) -> None:
    html = web.get("/").text
    assert "to Russia" in html and "to Ukraine" in html
    assert html.count('<svg class="chart wide"') >= 3
    assert 'href="/series/PRK/RUS/troops"' in html


def test_series_points_link_to_sources(web: TestClient) -> None:
    html = web.get("/series/PRK/RUS/troops").text
    links = re.findall(r'<a href="(/sources/[^"#]+)#(obs-[0-9a-f]+)"><title>', html)
    assert len(links) >= 5
    source, obs = links[0]
    assert f'id="{obs}"' in web.get(source).text


def test_unknown_pages_get_an_html_error(web: TestClient) -> None:
    for path, status in (("/sources/no-such-source", 404), ("/series/PRK/RUS/tanks", 422),
                         ("/nowhere", 404)):
        response = web.get(path)
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html")
        assert 'role="alert"' in response.text


def test_citation_link_redirects_to_the_source_row(web: TestClient) -> None:
    obs = web.get("/api/observations?limit=1").json()["items"][0]
    response = web.get(f"/observations/{obs['id']}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/sources/{obs['source_id']}#{obs['id']}"


def test_claim_checker_marks_claims_in_place(web: TestClient) -> None:
    text = example_article()
    response = web.post("/check", data={"text": text})
    assert response.status_code == 200
    html = response.text
    if not web.get("/api/info").json()["features"]["claims"]:
        assert "not available" in html
        return
    marks = re.findall(r'<mark class="claim v-(\w+)" id="span-(\d+)">', html)
    assert len(marks) >= 5
    assert {family for family, _ in marks} <= {"consistent", "disputed", "contradicted",
                                               "unsupported"}
    assert 'class="legend"' in html and "contradicted by the ledger" in html
    assert 'href="/observations/obs-' in html  # citations
    assert "17,000 combat troops" in html


def test_claim_checker_rejects_empty_text_politely(web: TestClient) -> None:
    response = web.post("/check", data={"text": ""})
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "<textarea" in response.text


def test_maritime_says_none_loaded_then_shows_months(web: TestClient) -> None:
    fresh = web.get("/maritime").text
    assert "No monthly counts from the maritime analysis are loaded" in fresh
    assert "Reported by sources" in fresh and "64 port calls" in fresh  # bundled reports
    imported = web.post("/api/imports", content=VOYAGES.read_bytes(),
                        headers={"Authorization": "Bearer t", "content-type": "text/csv"})
    assert imported.status_code == 201
    html = web.get("/maritime").text
    assert "No monthly counts from the maritime analysis" not in html
    assert "Voyages per month" in html and "Feb 2024" in html and "at least 5" in html


def test_text_from_sources_and_users_is_escaped(web: TestClient) -> None:
    body = {"sources": [{"id": "xss", "publisher": "<script>alert(1)</script>",
                         "url": "https://example.org/x"}],
            "observations": [{"provider": "IRN", "recipient": "RUS", "category": "drones",
                              "quantity_low": 1, "quantity_high": 1, "unit": "drone",
                              "basis": "delivered", "source_id": "xss",
                              "note": "<img src=x onerror=alert(1)>"}]}
    assert web.post("/api/observations", json=body,
                    headers={"Authorization": "Bearer t"}).status_code == 201
    for path in ("/sources/xss", "/series/IRN/RUS/drones", "/sources"):
        html = web.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html or path == "/series/IRN/RUS/drones"
    checked = web.post("/check", data={"text": "<b>Iran sent 400 drones to Russia</b>"}).text
    assert "<b>Iran" not in checked
