"""docs/claims.md rule 5: a lower figure without a date of its own that equals an earlier
running total is `consistent` with that date named. Only a running total (not a stock:
`in_country`, `deployed`) that allows the claimed figure, described no later than the claim's
time, counts as that earlier total."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from warledger.claims.check import _earlier_total
from warledger.reconcile.rules import STOCK_BASES

SOURCES = {"s": SimpleNamespace(publisher="Ministry", published="2025-02-01", url="",
                                reliability="B", credibility="2", id="s")}
WANTED = (6700.0, 6700.0)  # 'had previously sent 6,700 containers'


def _row(quantity: float, basis: str, as_of: str) -> Any:
    return SimpleNamespace(id="o", source_id="s", provider="PRK", category="ammunition",
                           unit="container", quantity_low=quantity, quantity_high=quantity,
                           qualifier="exact", basis=basis, period_end=None, as_of=as_of)


def test_an_earlier_running_total_equal_to_the_figure_is_named() -> None:
    found = _earlier_total(WANTED, [_row(6700, "delivered", "2025-02-10")], SOURCES,
                           "2025-04-20")
    assert found is not None and found[1]["as_of"] == "2025-02-10"


def test_a_stock_equal_to_the_figure_is_no_earlier_running_total() -> None:
    assert STOCK_BASES == {"in_country", "deployed"}
    for basis in sorted(STOCK_BASES):
        assert _earlier_total(WANTED, [_row(6700, basis, "2025-02-10")], SOURCES,
                              "2025-04-20") is None, basis


def test_a_running_total_that_does_not_allow_the_figure_is_not_used() -> None:
    assert _earlier_total(WANTED, [_row(5000, "delivered", "2025-02-10")], SOURCES,
                          "2025-04-20") is None
    assert _earlier_total(WANTED, [_row(6701, "delivered", "2025-02-10")], SOURCES,
                          "2025-04-20") is None


def test_the_earlier_total_is_described_on_or_before_the_claims_time() -> None:
    on_the_day = _earlier_total(WANTED, [_row(6700, "delivered", "2025-04-20")], SOURCES,
                                "2025-04-20")
    assert on_the_day is not None
    assert _earlier_total(WANTED, [_row(6700, "delivered", "2025-04-21")], SOURCES,
                          "2025-04-20") is None
