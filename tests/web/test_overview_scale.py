"""The overview on a large ledger (issue 15): it reads maintained summaries, lists a bounded
number of sources per exhibit, and does not wait for estimates above a size."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api.app import create_app
from warledger.web import estimates as overview_estimates
from warledger.web.pages import LISTED_SOURCES, top_sources

PENDING = "are being computed"


def _source(i: int) -> dict[str, str]:
    return {"id": f"s{i:03d}", "publisher": f"P{i}", "grading": "B2"}


def test_an_exhibit_lists_at_most_the_sources_with_most_figures() -> None:
    exactly = [(_source(i), 1) for i in range(LISTED_SOURCES)]
    listed, total = top_sources(exactly)
    assert (len(listed), total) == (LISTED_SOURCES, LISTED_SOURCES)  # at the limit: all
    one_more = [*exactly, (_source(LISTED_SOURCES), 5)]
    listed, total = top_sources(one_more)
    assert (len(listed), total) == (LISTED_SOURCES, LISTED_SOURCES + 1)  # just over: cut
    assert listed[0]["id"] == f"s{LISTED_SOURCES:03d}"  # the most figures come first
    assert "s024" not in {s["id"] for s in listed}  # ties go by id: the last one drops
    twice = [(_source(7), 2), (_source(7), 3), (_source(8), 4)]  # one source, two series
    listed, total = top_sources(twice)
    assert [s["id"] for s in listed] == ["s007", "s008"] and total == 2


def _wait_for(app: object, seconds: float = 60) -> None:
    task = app.state.overview_estimates.task  # type: ignore[attr-defined]
    deadline = time.monotonic() + seconds
    while task is not None and not task.done():
        assert time.monotonic() < deadline, "the estimates were not computed in time"
        time.sleep(0.05)


def test_a_large_ledger_shows_figures_at_once_and_estimates_when_computed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(create_app(tmp_path / "small.db")) as inline:
        waited = inline.get("/").text  # the bundled ledger is small: the page waits
    assert PENDING not in waited
    with TestClient(create_app(tmp_path / "small.db")) as again:
        figures = again.get("/api/info").json()["observations"]
    monkeypatch.setattr(overview_estimates, "WAIT_UP_TO", figures - 1)  # just above: no wait
    app = create_app(tmp_path / "small.db")
    with TestClient(app) as client:
        first = client.get("/").text
        assert PENDING in first and "Lowest reported" in first
        _wait_for(app)
        later = client.get("/").text
    assert PENDING not in later
    assert later == waited  # the same page as the one that waited for its estimates


def test_at_the_size_limit_the_overview_still_waits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(create_app(tmp_path / "l.db")) as probe:
        figures = probe.get("/api/info").json()["observations"]
    monkeypatch.setattr(overview_estimates, "WAIT_UP_TO", figures)
    with TestClient(create_app(tmp_path / "l.db")) as client:
        assert PENDING not in client.get("/").text
