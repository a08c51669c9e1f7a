"""Rules of docs/methods.md that the larger reconcile tests pass through without pinning: the
most common unit, derived figures left out by default at every entry point, interpolation for
stocks only, the outlier rule at small medians, the weighted median with no weight, stock
widening that stops at zero, and what the series explanation names."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from tests.reconcile.conftest import obs, sources_of, src
from warledger.ledger.store import open_ledger
from warledger.reconcile import estimate, estimate_for, estimate_series
from warledger.reconcile import interval as iv
from warledger.reconcile.question import relation_checks, series_estimate
from warledger.reconcile.rules import Span, weighted_median

SOURCES = sources_of(*(src(k, f"origin {k}", "B2", "2025-04-30") for k in "abcdef"))


def exact(value: float, source: str, when: str = "2025-04-30", **kw: object) -> object:
    return obs(value, source=source, as_of=when, qualifier="exact", **kw)


# -- rule 6: one unit per answer, the most common ------------------------------------------------

def test_the_most_common_unit_wins_even_when_another_comes_first() -> None:
    money = dict(provider="USA", recipient="UKR", category="military_aid_value",
                 basis="allocated")
    rows = [exact(43e9, "a", unit="EUR", **money), exact(46e9, "b", unit="USD", **money),
            exact(47e9, "c", unit="USD", **money)]
    est = estimate(rows, SOURCES)
    assert est.unit == "USD"
    assert {o.id: code for o, code in ((o, est.set_aside_codes[o.id]) for o, _ in
                                       est.set_aside)} == {rows[0].id: "other-unit"}


# -- rule 2: derived figures are shown next to the estimate, not in it (unless asked) -----------

def _derived_rows() -> list:
    return [exact(14_000, "a"), exact(30_000, "b", derived_from=["x"])]


def test_derived_figures_are_left_out_by_default_in_series_estimate() -> None:
    rows = _derived_rows()
    result = series_estimate(rows, SOURCES)
    assert result.headline.central == 14_000
    assert result.headline.set_aside_codes == {rows[1].id: "derived"}
    assert series_estimate(rows, SOURCES, include_derived=True).headline.high == 30_000


def test_derived_figures_are_left_out_by_default_when_read_from_a_ledger(tmp_path: Path) -> None:
    rows = _derived_rows()
    with open_ledger(tmp_path / "l.db", bundled=False) as ledger:
        ledger.add(list(SOURCES.values()), rows, origin="test")
        assert estimate_for(ledger, "PRK", "RUS", "troops").high == 14_000
        assert estimate_series(ledger, "PRK", "RUS", "troops").headline.high == 14_000
        assert estimate_for(ledger, "PRK", "RUS", "troops", include_derived=True).high == 30_000


# -- rule 4: per origin only the latest report counts, whatever order the rows come in ----------

@pytest.mark.parametrize("newest_first", [True, False])
def test_the_latest_report_of_an_origin_supersedes_the_earlier_in_any_order(
        newest_first: bool) -> None:
    sources = sources_of(src("nis-1", "South Korea NIS", "B2", "2024-12-20"),
                         src("nis-2", "South Korea NIS", "B2", "2025-02-05"))
    older = obs(12_000, source="nis-1", as_of="2024-12-20", qualifier="exact")
    newer = obs(11_000, source="nis-2", as_of="2025-02-05", qualifier="exact")
    est = estimate([newer, older] if newest_first else [older, newer], sources)
    assert est.kept == [newer]
    assert est.set_aside_codes == {older.id: "superseded"}


# -- stocks between two dates: interpolated; a running total is not -----------------------------

def test_a_running_total_between_two_dated_figures_is_not_interpolated() -> None:
    sources = sources_of(src("a", "A", published="2024-11-01"),
                         src("b", "B", published="2025-01-31"))
    rows = [obs(3000, source="a", as_of="2024-11-01", qualifier="exact"),
            obs(12000, source="b", as_of="2025-01-31", qualifier="exact")]
    est = series_estimate(rows, sources, as_of="2024-12-16").by_basis["cumulative"]
    assert est.central == 3000  # the earlier total, aged upwards; the later one is after the date
    assert not any(x.startswith("Interpolated") for x in est.reasons)


# -- a series of one figure; the explanation names every other basis ------------------------

def test_a_series_of_one_figure_is_described_by_that_figure() -> None:
    result = series_estimate([exact(14_000, "a")], SOURCES)
    assert (result.provider, result.recipient, result.category) == ("PRK", "RUS", "troops")
    assert result.headline.central == 14_000


def test_the_headline_choice_names_every_other_basis() -> None:
    rows = [exact(14_000, "a"), exact(11_000, "b", basis="in_country"),
            exact(12_000, "c", basis="deployed")]
    choice = series_estimate(rows, SOURCES).choice
    others = choice.split("other bases, origins (weight): ")[1]
    assert sorted(part.split()[0] for part in others.rstrip(".").split(", ")) == [
        "deployed", "in_country"]


# -- relation check: with no central stock, the total's reach is stated ----------------------

def test_the_stock_check_without_a_central_stock_states_the_reach_of_the_total() -> None:
    total = estimate([exact(14_000, "a")], SOURCES)
    stock = estimate([obs(3000, source="b", as_of="2025-04-30", basis="in_country",
                          qualifier="more_than")], SOURCES)
    assert stock.central is None and stock.low == 3000
    (check,) = relation_checks({"cumulative": total, "in_country": stock})
    assert check.startswith("Check: the cumulative total can reach 14,000")


# -- outliers: the factor applies to any positive median ----------------------------------------

def test_outlier_factor_applies_to_a_median_of_one() -> None:
    rows = [exact(1, k, category="port_calls", basis="cumulative") for k in "abc"]
    rows.append(exact(3, "d", category="port_calls", basis="cumulative"))  # > 2 x 1
    est = estimate(rows, SOURCES)
    assert est.set_aside_codes == {rows[3].id: "outlier"}


# -- weighted median -----------------------------------------------------------------------------

def test_weighted_median_without_weight_counts_every_value_once() -> None:
    assert weighted_median([1, 2, 3, 4], [0, 0, 0, 0]) == 2  # the lower middle of four
    assert weighted_median([1, 2, 3, 4], [0, 0, 0, 1]) == 4


def test_weighted_median_needs_one_weight_per_value() -> None:
    with pytest.raises(ValueError):
        weighted_median([1, 2, 3], [1.0, 1.0])


def test_a_span_is_a_value_that_cannot_change() -> None:
    span = Span(date(2025, 1, 1), date(2025, 1, 31))
    assert {span: 1}[Span(date(2025, 1, 1), date(2025, 1, 31))] == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.end = date(2025, 2, 1)  # type: ignore[misc]


# -- intervals ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("days", "low", "high"), [
    (450, 5.0, 15.0),   # 10 % of 10 per 90 days: 5 each way
    (900, 0.0, 20.0),   # widened exactly to zero
    (990, 0.0, 21.0),   # would go below zero: a count stops at zero
])
def test_a_stock_widened_for_its_age_never_goes_below_zero(days: int, low: float,
                                                           high: float) -> None:
    assert iv.age_widened(10, 10, 10, days, monotone=False) == pytest.approx((low, high))


def test_with_no_current_two_sided_figure_an_older_stock_has_nothing_to_agree_with() -> None:
    older = exact(11_000, "a", basis="in_country")
    assert iv.agrees(older, (10_000, 12_000)) is True
    assert iv.agrees(older, None) is False


def test_intended_coverage_is_eighty_percent() -> None:
    assert estimate([exact(14_000, "a")], SOURCES).to_dict()["intended_coverage"] == 0.80


# -- rule 8: the 15-day "current" boundary for stocks and for a running total's caps ----------

def _day_before(day: str, days: int) -> str:
    from datetime import timedelta

    return (date.fromisoformat(day) - timedelta(days=days)).isoformat()


@pytest.mark.parametrize(("days", "kept"), [(15, True), (16, False)])
def test_an_up_to_a_running_total_caps_it_while_within_15_days_of_the_newest(days: int,
                                                                              kept: bool) -> None:
    newest = exact(14_000, "a", "2025-06-30")
    cap = obs(20_000, source="b", as_of=_day_before("2025-06-30", days), qualifier="up_to")
    est = estimate([newest, cap], SOURCES)
    assert (cap in est.kept) is kept
    assert est.set_aside_codes == ({} if kept else {cap.id: "out-of-window"})


@pytest.mark.parametrize(("days", "kept"), [(15, True), (16, False)])
def test_a_disagreeing_stock_bound_counts_while_within_15_days_of_the_newest(days: int,
                                                                           kept: bool) -> None:
    newest = exact(11_000, "a", "2025-06-30", basis="in_country")
    bound = obs(5_000, source="b", as_of=_day_before("2025-06-30", days), basis="in_country",
                qualifier="up_to")  # says at most 5,000: no overlap with 11,000
    est = estimate([newest, bound], SOURCES, as_of="2025-06-30")
    assert (bound in est.kept) is kept


def test_a_stock_15_days_older_than_the_newest_is_among_the_figures_others_must_agree_with(
        ) -> None:
    newest = exact(11_000, "a", "2025-06-30", basis="in_country")
    current = exact(3_000, "b", _day_before("2025-06-30", 15), basis="in_country")
    older = exact(5_000, "c", _day_before("2025-06-30", 30), basis="in_country")
    est = estimate([newest, current, older], SOURCES, as_of="2025-06-30")
    assert older in est.kept  # 5,000 lies within what the current figures say: 3,000-11,000


# -- outliers need a scale: a median of zero flags nothing ---------------------------------------

def test_a_median_of_zero_sets_no_outlier_scale() -> None:
    rows = [exact(0, k, category="port_calls") for k in "abc"]
    rows.append(exact(5, "d", category="port_calls"))
    assert estimate(rows, SOURCES).set_aside_codes == {}


# -- an older stock agrees when what it says touches the current figures -----------------------

@pytest.mark.parametrize(("value", "agrees"), [
    (12_000, True), (12_001, False),   # touching the top of the current span counts
    (10_000, True), (9_999, False),    # touching the bottom counts
])
def test_an_older_stock_agrees_when_it_touches_the_current_span(value: float,
                                                                agrees: bool) -> None:
    older = exact(value, "a", basis="in_country")
    assert iv.agrees(older, (10_000, 12_000)) is agrees


# -- the stock check and the unit asked for -----------------------------------------------------

@pytest.mark.parametrize(("total", "failed"), [(3_000, False), (2_999, True)])
def test_the_stock_check_fails_only_when_the_total_is_below_the_stock(total: float,
                                                                     failed: bool) -> None:
    checks = relation_checks({
        "cumulative": estimate([exact(total, "a")], SOURCES),
        "in_country": estimate([exact(3_000, "b", basis="in_country")], SOURCES)})
    assert checks[0].startswith("Check failed") is failed


def test_the_casualty_check_needs_only_a_total_and_a_stock(tmp_path: Path) -> None:
    rows = [exact(14_000, "a"), exact(11_000, "b", basis="in_country"),
            exact(4_000, "c", category="casualties", unit="person")]
    with open_ledger(tmp_path / "l.db", bundled=False) as ledger:
        ledger.add(list(SOURCES.values()), rows, origin="test")
        result = estimate_series(ledger, "PRK", "RUS", "troops")
    assert set(result.by_basis) == {"cumulative", "in_country"}
    assert any(c.startswith("Casualties reported as of the same date") for c in result.checks)


def test_a_unit_asked_for_keeps_only_rows_in_that_unit() -> None:
    money = dict(provider="USA", recipient="UKR", category="military_aid_value",
                 basis="allocated")
    rows = [exact(43e9, "a", unit="EUR", **money), exact(44e9, "b", unit="EUR", **money),
            exact(46e9, "c", unit="USD", **money)]
    result = series_estimate(rows, SOURCES, unit="USD")
    assert result.headline.unit == "USD" and result.headline.central == 46e9
