"""Every page at laptop (1366x900) and phone (390x844) size, in chromium, offline.

Pinned for each page: no text under 11 px (SVG text measured as drawn, after the chart's
scaling), no horizontal scroll, no duplicate ids, a unique accessible name for every chart,
an axis label on every chart, and no serious or critical axe-core violation. Every
disclosure is opened first, so tables and records are measured too. Screenshots are kept
under test-output/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import TOKEN, shoot

pytestmark = pytest.mark.browser
VOYAGES = Path(__file__).parents[1] / "api" / "data" / "voyages.csv"
PAGES = {"overview": "/", "overview-filtered": "/?side=RUS&category=troops",
         "series": "/series/PRK/RUS/troops", "sources": "/sources",
         "source": "/sources/lbc-afp-2024-10-28-pentagon-10000", "over-time": "/over-time",
         "maritime": "/maritime", "check": "/check?example=1", "api-docs": "/api-docs"}
MIN_TEXT_PX = 11

MEASURE = r"""() => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest("title, desc, script, style")) continue;
    if (!el.getClientRects().length) continue;                 // not rendered
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 && rect.height <= 1) continue;          // visually hidden (.vh)
    let size = parseFloat(style.fontSize);
    if (el instanceof SVGElement && el.getScreenCTM()) size *= el.getScreenCTM().a;
    if (size < MIN_PX) small.push(`${size.toFixed(1)}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  const charts = [...document.querySelectorAll("svg.chart")].filter(
    (s) => s.getClientRects().length);
  const names = charts.map((s) => (s.getAttribute("aria-labelledby") || "").split(" ")
    .map((id) => document.getElementById(id)?.textContent || "")[0]);
  // every chart labels its value axis; a chart with month ticks labels its time axis too
  const months = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/;
  const unlabelled = charts.filter((s) => {
    const timed = [...s.querySelectorAll("text.tick")].some((t) => months.test(t.textContent));
    const x = s.querySelector(".axis-label.x"), y = s.querySelector(".axis-label.y");
    return timed ? !(x && y) : !(x || y);
  }).map((s) => s.querySelector("title")?.textContent);
  return {small, dupes, names, unlabelled, charts: charts.length,
          scroll: document.documentElement.scrollWidth - window.innerWidth};
}""".replace("MIN_PX", str(MIN_TEXT_PX))


@pytest.fixture(scope="module", autouse=True)
def monthly_counts(server: str) -> None:
    """Monthly voyage counts in the ledger, so the maritime charts and records are shown."""
    reply = httpx.post(f"{server}/api/imports", content=VOYAGES.read_bytes(), headers={
        "Authorization": f"Bearer {TOKEN}", "content-type": "text/csv"}, trust_env=False)
    assert reply.status_code == 201


def _axe_serious(page: Any, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    context = {"exclude": [["#swagger-ui"]]} if name == "api-docs" else None
    results = Axe().run(page, context=context)
    return [f"{v['id']} ({v['impact']}): {v['help']} x{len(v['nodes'])} "
            f"{[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_layout_text_ids_charts_and_axe(page: Any, name: str) -> None:
    page.goto(PAGES[name])
    if name == "check":
        page.get_by_role("button", name="Check claims").click()
        page.wait_for_load_state()
    if name == "api-docs":
        page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)
    found = page.evaluate(MEASURE)
    shoot(page, f"layout-{name}")
    assert found["scroll"] <= 0, f"horizontal scroll of {found['scroll']} px"
    if name != "api-docs":  # Swagger UI's own type sizes are not ours to set
        assert found["small"] == [], found["small"][:10]
    assert found["dupes"] == []
    assert len(set(found["names"])) == len(found["names"]) and all(found["names"])
    assert found["unlabelled"] == []
    if name in ("overview", "series", "over-time", "maritime"):
        assert found["charts"] >= 1
    assert _axe_serious(page, name) == []
    assert page.blocked == []  # nothing was fetched from outside the server


def test_phone_tables_are_cards_with_every_column_named(page: Any) -> None:
    if page.viewport_name != "phone":
        pytest.skip("cards are the phone layout")
    page.goto("/series/PRK/RUS/troops")
    first = page.locator("table.cards tbody tr").first
    labels = first.locator("td:not(.empty)").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert '"Source"' in labels and '"Grade"' in labels and '"Date"' in labels
    box = first.bounding_box()
    assert box is not None and box["width"] <= 390


#: the policy the API's security headers set (docs/api.md); added here when the server does not
STRICT_CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")
CSP_PAGES = ["/", "/series/DEU/UKR/military_aid_value", "/over-time", "/maritime",
             "/check?example=1", "/api-docs"]


def test_pages_run_under_a_strict_content_security_policy(page: Any, server: str) -> None:
    if page.viewport_name != "laptop":
        pytest.skip("the policy does not depend on the viewport")

    def with_csp(route: Any) -> None:
        response = route.fetch()
        headers = dict(response.headers)
        headers.setdefault("content-security-policy", STRICT_CSP)
        route.fulfill(response=response, headers=headers)

    page.unroute("**/*")
    page.route(f"{server}/**", with_csp)
    page.add_init_script("window.__csp = []; document.addEventListener("
                         "'securitypolicyviolation', (e) => window.__csp.push("
                         "e.violatedDirective + ' ' + e.blockedURI));")
    for path in CSP_PAGES:
        page.goto(path)
        if path == "/api-docs":
            page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)
        assert page.evaluate("window.__csp") == [], path
