"""`warledger serve` as a user runs it: a fresh data directory, the bundled data, no network."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import VIEWPORTS, _free_port, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The serve command in a subprocess with an empty home: nothing exists before it starts."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARLEDGER_")}
    env |= {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "warledger.cli.serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            assert time.monotonic() < deadline, "warledger serve did not start"
            try:
                if httpx.get(f"{base}/api/info", trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_fresh_install_serves_the_overview_offline(browser: Any, served: str,
                                                   tmp_path: Path) -> None:
    assert list((tmp_path / "data").rglob("ledger.db")), "the ledger was created on first start"
    info = httpx.get(f"{served}/api/info", trust_env=False).json()
    assert info["observations"] > 50 and info["writable"] is False
    context = browser.new_context(viewport=VIEWPORTS["laptop"], base_url=served)
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        served) else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.viewport_name = "laptop"
    page.goto("/")
    assert page.locator("section.exhibit svg.chart:visible").count() >= 3
    assert f"{info['observations']:,} observations" in page.locator(".lede").inner_text()
    shoot(page, "serve-fresh-overview")
    context.close()
    assert outside == []
