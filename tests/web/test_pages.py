"""Load every dashboard page in chromium, offline, and save a screenshot of each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import TOKEN, shoot

VOYAGES = Path(__file__).parents[1] / "api" / "data" / "voyages.csv"

pytestmark = pytest.mark.browser


def _no_console_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_overview_shows_bundled_data_with_charts(page: Any) -> None:
    errors = _no_console_errors(page)
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Foreign military support")
    assert page.locator("section.exhibit svg.chart:visible").count() >= 3
    assert page.get_by_text("to Russia", exact=False).first.is_visible()
    assert page.get_by_text("to Ukraine", exact=False).first.is_visible()
    shoot(page, "overview")
    assert page.blocked == [] and errors == []


def test_series_page_links_every_point_to_its_source(page: Any) -> None:
    page.goto("/series/PRK/RUS/troops")
    points = page.locator("svg.chart:visible a")
    assert points.count() >= 5
    href = points.first.get_attribute("href")
    assert href is not None and href.startswith("/sources/")
    rows = page.locator("#timeline table tbody tr")
    assert rows.count() >= points.count()
    shoot(page, "series")
    page.goto(href)
    assert page.locator("h1").is_visible()
    assert page.locator("dl.facts").get_by_text("Grade").is_visible()
    shoot(page, "source")


def test_sources_list_and_maritime_page(page: Any) -> None:
    page.goto("/sources")
    assert page.locator("tbody tr").count() >= 10
    shoot(page, "sources")
    page.goto("/maritime")
    assert page.locator("h1").inner_text().startswith("Maritime")
    assert page.locator("td", has_text="Rajin (KPRJN)").is_visible()
    shoot(page, "maritime")


def test_keyboard_reaches_navigation_via_skip_link(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_claim_checker_on_the_example_article(page: Any) -> None:
    page.goto("/check")
    page.get_by_role("link", name="Load the example article").click()
    text = page.get_by_label("Text to check")
    assert "17,000 combat troops" in text.input_value()
    page.get_by_role("button", name="Check claims").click()
    page.wait_for_load_state()
    available = page.locator("#result").count() > 0
    if available:
        marks = page.locator(".article mark.claim")
        assert marks.count() >= 3
        assert page.locator("ol.claims > li").count() >= marks.count()
        assert page.locator(".legend li").count() == 4
    else:
        assert page.get_by_text("Claim checking is not available").is_visible()
    shoot(page, "check")


def test_maritime_page_with_monthly_voyages(page: Any, server: str) -> None:
    imported = httpx.post(f"{server}/api/imports", content=VOYAGES.read_bytes(), headers={
        "Authorization": f"Bearer {TOKEN}", "content-type": "text/csv"}, trust_env=False)
    assert imported.status_code == 201
    page.goto("/maritime")
    assert page.get_by_role("heading", name="Voyages per month").is_visible()
    assert page.locator("svg.chart:visible rect.bar").count() == 3
    assert page.get_by_text("Synthetic data.").first.is_visible()
    shoot(page, "maritime-voyages")
    page.goto("/over-time")
    assert page.get_by_role("heading", name="Voyages from North Korea to Russia per month",
                            exact=False).is_visible()
    aid_charts = page.locator("svg.chart:visible rect.bar.to-ukr").count()
    assert aid_charts > 0 or page.get_by_text("No monthly aid figures are loaded").is_visible()
    assert page.locator("svg.chart:visible rect.bar.to-rus").count() == 3
    shoot(page, "over-time")


def test_chart_points_are_reachable_by_keyboard(page: Any) -> None:
    page.goto("/series/PRK/RUS/troops")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('svg.chart') !== null"):
            break
    else:
        pytest.fail("no chart point took keyboard focus within 40 Tab presses")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href.split('#')[0]}*")
    assert page.locator("dl.facts").is_visible()


def test_chart_downloads_as_png_svg_and_csv_in_the_browser(page: Any) -> None:
    page.goto("/?category=troops")
    section = page.locator("section.exhibit").first
    with page.expect_download() as png:
        section.get_by_role("button", name="Chart as PNG").click()
    path = png.value.path()
    assert png.value.suggested_filename.endswith(".png")
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as csv_file:
        section.get_by_role("link", name="Data as CSV").click()
    assert Path(csv_file.value.path()).read_text().startswith("Series,Side,")
    svg = section.get_by_role("link", name="Chart as SVG").get_attribute("href")
    assert svg is not None and "category=troops" in svg and svg.endswith(".svg")
