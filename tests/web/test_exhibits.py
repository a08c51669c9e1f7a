"""Take-away exhibits, shareable filters, truthful empty states and reader-facing text."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api.app import create_app

VOYAGES = Path(__file__).parents[1] / "api" / "data" / "voyages.csv"


@pytest.fixture
def web(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "ledger.db", token="t")) as client:
        yield client


def test_every_chart_downloads_as_svg_and_csv_from_its_page_url(web: TestClient) -> None:
    html = web.get("/?side=RUS").text
    svg_links = re.findall(r'href="(/\?side=RUS&amp;download=[^"]+\.svg)"', html)
    csv_links = re.findall(r'href="(/\?side=RUS&amp;download=[^"]+\.csv)"', html)
    assert svg_links and len(svg_links) == len(csv_links)  # the filter travels with them
    svg = web.get(svg_links[0].replace("&amp;", "&"))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<?xml") and "<title" in svg.text
    data = web.get(csv_links[0].replace("&amp;", "&"))
    rows = list(csv.reader(io.StringIO(data.text)))
    assert rows[0][:2] == ["Series", "Side"] and all(r[1] == "to Russia" for r in rows[1:])
    assert "attachment" in data.headers["content-disposition"]


def test_unknown_download_names_what_there_is(web: TestClient) -> None:
    response = web.get("/?download=nothing.svg")
    assert response.status_code == 404 and "troops-person.csv" in response.text


def test_embed_snippet_lists_sources_and_the_data_link(web: TestClient) -> None:
    html = web.get("/series/PRK/RUS/troops").text
    snippet = re.search(r'<textarea id="embed-timeline"[^>]*>(.*?)</textarea>', html, re.S)
    assert snippet is not None
    text = snippet.group(1)
    assert "&lt;img src=&#34;http://testserver/series/PRK/RUS/troops?download=timeline.svg" in \
        text or "download=timeline.svg" in text
    assert "Sources: " in text and "download=timeline.csv" in text


def test_filters_change_the_page_and_stay_in_its_url(web: TestClient) -> None:
    both = web.get("/").text
    rus = web.get("/?side=RUS").text
    ukr = web.get("/?side=UKR&category=aircraft").text
    assert "North Korea \u2192 Russia</text>" in rus and "\u2192 Ukraine</text>" not in rus
    assert "\u2192 Ukraine</text>" in ukr and "\u2192 Russia</text>" not in ukr
    assert '<option value="aircraft" selected>' in ukr
    assert both.count('<svg class="chart wide"') > ukr.count('<svg class="chart wide"') == 1
    none = web.get("/sources?q=no-such-publisher-anywhere").text
    assert "No source matches these filters" in none


def test_no_internal_notes_and_no_raw_codes_reach_readers(web: TestClient) -> None:
    for path in ("/series/PRK/RUS/troops", "/sources/newsdirectory3-2024-10-us-3000",
                 "/maritime"):
        html = web.get(path).text
        assert "shared/facts" not in html and "not re-read" not in html, path
        assert "at_least" not in html and "more_than" not in html, path


def test_conflicts_name_publishers_with_grades_not_ids(web: TestClient) -> None:
    html = web.get("/series/PRK/RUS/troops").text
    section = html.split('id="h-conf"', 1)[1].split("</section>", 1)[0]
    assert "grade B2" in section
    assert not re.search(r">obs-[0-9a-f]+<", section)


def test_maritime_lineage_is_a_summary_with_the_record_behind_a_disclosure(
        web: TestClient) -> None:
    imported = web.post("/api/imports", content=VOYAGES.read_bytes(),
                        headers={"Authorization": "Bearer t", "content-type": "text/csv"})
    assert imported.status_code == 201
    html = web.get("/maritime").text
    assert "computed from tracks.parquet with 1 setting" in html
    assert '<details class="record"><summary>Full record</summary>' in html
    assert "file:" not in html and "urn:warledger" not in html
    assert "Synthetic data." in html  # the fixture's source says "synthetic voyage counts"


def test_favicon_and_offline_api_docs(web: TestClient) -> None:
    icon = web.get("/favicon.ico")
    assert icon.status_code == 200 and icon.content[:4] == b"\x00\x00\x01\x00"
    docs = web.get("/api-docs").text
    assert 'href="/api-docs" aria-current="page">API</a>' in docs
    assert "/static/swagger-ui/swagger-ui-bundle.js" in docs  # Swagger UI 5: OpenAPI 3.1
    bundle = web.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000


CHECKED = "North Korea sent 11,000 troops to Russia."


def _first_citation(web: TestClient) -> dict[str, str]:
    """What the checker itself cites first for CHECKED (the page must show the same)."""
    [claim] = web.post("/api/claims/check", json={"text": CHECKED}).json()["claims"]
    return dict(claim["citations"][0])


def test_check_page_citations_carry_grade(web: TestClient) -> None:
    cited = _first_citation(web)
    html = web.post("/check", data={"text": CHECKED}).text
    cites = html.split('class="citations"', 1)[1].split("</ul>", 1)[0]
    assert f'{cited["publisher"]}, {cited["date"]}' in cites
    assert f'grade {cited["grade"]}' in cites


def test_per_month_rule_one_calendar_month_without_as_of() -> None:
    from warledger.web.seriespage import per_month

    assert per_month({"period_start": "2024-03", "period_end": "2024-03"})
    assert per_month({"period_start": "2024-03-01", "period_end": "2024-03-31"})
    assert not per_month({"period_start": "2024-03", "period_end": "2024-04"})  # two months
    assert not per_month({"period_start": "2024-03", "period_end": "2024-03",
                          "as_of": "2024-03"})  # a stock at a date
    assert not per_month({"period_start": None, "period_end": None})


def test_monthly_flows_get_their_own_chart_away_from_the_total_estimate(
        web: TestClient) -> None:
    html = web.get("/series/DEU/UKR/military_aid_value").text
    if 'id="per-month"' not in html:
        pytest.skip("no tracker release in this ledger")
    timeline = html.split('id="timeline"', 1)[1].split("</svg>", 1)[0]
    monthly = html.split('id="per-month"', 1)[1].split("</svg>", 1)[0]
    assert 'class="band"' not in monthly  # the running-total estimate is not drawn there
    assert timeline.count("<a href=") < monthly.count('<g class="month">')
    assert "pair(s) of figures for two different months are not listed" in html


def test_overview_totals_keep_single_month_figures_apart() -> None:
    from warledger.api.present import series_summaries
    from warledger.ledger.models import Observation
    from warledger.web.pages import series_totals

    def obs(i: int, low: float, start: str | None, end: str | None,
            as_of: str | None = None) -> Observation:
        return Observation(id=f"obs-{i}", provider="DEU", recipient="UKR",
                           category="military_aid_value", unit="EUR", quantity_low=low,
                           quantity_high=low, qualifier="exact", basis="delivered",
                           period_start=start, period_end=end, as_of=as_of, source_id="s")

    summary = series_summaries([obs(1, 0, "2024-01", "2024-01"),
                                obs(2, 5e8, "2024-02", "2024-02"),
                                obs(3, 2e10, "2022-01", "2024-02"),
                                obs(4, 2.4e10, None, None, "2026-04")])
    rows = series_totals([s.model_dump() for s in summary])
    assert len(rows) == 1
    row = rows[0]
    assert (row["low"], row["high"]) == (2e10, 2.4e10)  # the monthly 0 is not the lowest total
    assert (row["observations"], row["monthly"]) == (2, 2)
    assert row["last"] == "2026-04"  # as written: a month, not a made-up day


def test_quotes_show_where_figures_are_cited_and_long_sources_are_cut(web: TestClient) -> None:
    body = {"sources": [{"id": "quoted", "publisher": "Example Wire", "reliability": "B",
                         "credibility": "2",
                         "url": "https://example.org/q", "published": "2024-05-01"}],
            "observations": [{"provider": "IRN", "recipient": "RUS", "category": "drones",
                              "quantity_low": 400, "quantity_high": 400, "unit": "drone",
                              "basis": "delivered", "source_id": "quoted", "as_of": "2024-05",
                              "qualifier": "more_than",
                              "quote": "Iran has sent more than 400 drones"}]}
    reply = web.post("/api/observations", json=body, headers={"Authorization": "Bearer t"})
    assert reply.status_code == 201, reply.text
    for path in ("/series/IRN/RUS/drones", "/sources/quoted"):
        html = web.get(path).text
        assert "<q>Iran has sent more than 400 drones</q>" in html, path
        assert "more than 400" in html
    many = max(web.get("/api/sources?limit=1000").json()["items"],
               key=lambda s: s["observations"])
    page = web.get(f"/sources/{many['id']}").text
    if many["observations"] > 200:  # the tracker release: a list of 200 and a CSV of all
        assert page.count('<li id="obs-') == 200 and "The first 200 are listed" in page
    rows = web.get(f"/sources/{many['id']}?download=figures.csv").text.strip().splitlines()
    assert len(rows) == many["observations"] + 1


def test_computed_sources_show_no_parameter_lists_or_file_links(web: TestClient) -> None:
    body = {"sources": [{"id": "ais-run", "publisher": "warledger maritime analysis",
                         "title": "AIS and imagery analysis: one-way voyages PRK -> RUS, "
                                  "parameters count=voyages, engine=polars",
                         "url": "file:/srv/private/tracks.parquet", "published": "2024-06",
                         "reliability": "C", "credibility": "3"}],
            "observations": [{"provider": "PRK", "recipient": "RUS", "category": "voyages",
                              "quantity_low": 3, "quantity_high": 3, "qualifier": "at_least",
                              "unit": "voyage", "basis": "delivered", "source_id": "ais-run",
                              "period_start": "2024-01", "period_end": "2024-01",
                              "derived_from": ["file:/srv/private/tracks.parquet#sha256="
                                               + "0" * 64, "param:min_stay_h=6"]}]}
    reply = web.post("/api/observations", json=body, headers={"Authorization": "Bearer t"})
    assert reply.status_code == 201, reply.text
    for path in ("/sources/ais-run", "/sources", "/maritime", "/over-time"):
        html = web.get(path).text
        assert "parameters count=" not in html and "/srv/private" not in html, path
    assert "computed locally; no public link" in web.get("/sources/ais-run").text


def test_a_short_check_has_a_shareable_url_and_a_long_one_says_why_not(web: TestClient) -> None:
    from warledger.web.checkpage import MAX_LINKED_TEXT

    publisher = _first_citation(web)["publisher"]
    posted = web.post("/check", data={"text": CHECKED}).text
    link = re.search(r'<a href="(/check\?text=[^"]+)">Link to this check</a>', posted)
    assert link is not None
    shared = web.get(link.group(1).replace("&amp;", "&")).text
    assert publisher in shared and 'id="span-1"' in shared
    rows = list(csv.reader(io.StringIO(web.get(link.group(1).replace("&amp;", "&")
                                               + "&download=claims.csv").text)))
    assert rows[0][:2] == ["Claim", "Verdict"] and rows[1][0] == "11,000 troops"
    assert publisher in rows[1][5] and "grade " in rows[1][5]
    at_limit = (CHECKED + " ") * (MAX_LINKED_TEXT // (len(CHECKED) + 1))
    assert len(at_limit) <= MAX_LINKED_TEXT
    assert "Link to this check" in web.post("/check", data={"text": at_limit}).text
    over = at_limit + "x" * (MAX_LINKED_TEXT + 1 - len(at_limit))
    assert "too long for a link" in web.post("/check", data={"text": over}).text
