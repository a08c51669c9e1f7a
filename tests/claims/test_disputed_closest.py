"""docs/claims.md rule 7: a figure outside the estimate is `disputed` when an observation the
estimate set aside (an outlier, or another basis of the same kind) allows it; the verdict names
the set-aside figure closest to the claim (for an open claim, to the middle of what it reaches
under FLOOR_REACH) and cites the set-aside figures closest first."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from warledger.claims import judge
from warledger.claims.model import Claim


def _row(rid: str, low: float, high: float, qualifier: str = "exact") -> Any:
    return SimpleNamespace(id=rid, source_id=rid, provider="PRK", category="troops",
                           unit="person", quantity_low=low, quantity_high=high,
                           qualifier=qualifier, basis="in_country", period_end=None,
                           as_of="2025-04-01")


def _disputed(wanted: tuple[float, float], rows: list[Any]) -> judge.Finding:
    est = SimpleNamespace(low=100, high=100, central=100, basis="in_country", unit="person",
                          kept=[], set_aside=[(o, "set aside") for o in rows],
                          set_aside_codes={o.id: "outlier" for o in rows},
                          described_until=None)
    sources = {o.id: SimpleNamespace(publisher=f"Wire {o.id}", published="2025-04-01", url="",
                                     reliability="B", credibility="2", id=o.id) for o in rows}
    claim = Claim(text="x", start=0, end=1, provider="PRK", recipient="RUS", category="troops",
                  quantity_low=wanted[0], quantity_high=wanted[0], qualifier="exact",
                  unit="person")
    found = judge.judge_basis(claim, wanted, est, "2025-04", False, sources)
    assert found.verdict == "disputed"
    return found


@pytest.mark.parametrize("order", [1, -1])
def test_the_set_aside_figure_closest_to_the_claim_is_named_and_cited_first(order: int) -> None:
    rows = [_row("A", 1000, 1000), _row("B", 500, 500, "at_least"), _row("C", 700, 1900)]
    found = _disputed((1000, 1000), rows[::order])
    assert "closest 1,000 (Wire A" in found.reason
    assert [c["publisher"] for c in found.citations] == ["Wire A", "Wire C", "Wire B"]


def test_for_an_open_claim_closest_means_to_the_middle_of_its_reach() -> None:
    # 'more than 1,000' reaches up to FLOOR_REACH x 1,000 = 2,000: its middle is 1,500
    rows = [_row("A", 1100, 1100), _row("B", 1500, 1500), _row("C", 1950, 1950)]
    found = _disputed((1000, float("inf")), rows)
    assert "closest 1,500 (Wire B" in found.reason
