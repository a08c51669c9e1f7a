"""Issue 18: every constant of docs/methods.md section 2 pinned just inside and just outside.

Expected values come from the rules as written in docs/methods.md (constants are written here as
literals, not imported), so changing a rule by one step fails a test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.reconcile.conftest import obs, sources_of, src
from warledger.reconcile import estimate
from warledger.reconcile.rules import weighted_median

SOURCES = sources_of(*(src(k, f"origin {k}", "B2") for k in "abcdefgh"))


def days_before(day: str, days: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=days)).isoformat()


def exact(value: float, source: str, when: str, basis: str = "cumulative") -> object:
    return obs(value, source=source, as_of=when, basis=basis, qualifier="exact")


def codes(est) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(est.set_aside_codes)


# -- weighted median: the smallest value where the running weight reaches half -----------------

def test_weighted_median_tie_takes_the_smaller_value_at_exactly_half():
    assert weighted_median([10_000, 12_000], [1.0, 1.0]) == 10_000  # reaches half: inside
    assert weighted_median([10_000, 12_000], [1.0, 1.0001]) == 12_000  # just short of half


def test_weighted_median_tie_rule_in_an_estimate_of_two_equal_figures():
    est = estimate([exact(12_000, "a", "2025-04-30"), exact(10_000, "b", "2025-04-30")], SOURCES)
    assert est.central == 10_000


# -- outliers: more than 2 times from the weighted median, with 3 figures, as a minority --------

@pytest.mark.parametrize(("value", "outlier"), [
    (20_000, False), (20_001, True),   # 2 x the median is inside, just above is outside
    (5_000, False), (4_999, True),     # half the median is inside, just below is outside
])
def test_outlier_factor_two_from_the_weighted_median(value, outlier):
    rows = [exact(10_000, k, "2025-04-30") for k in "abc"] + [exact(value, "d", "2025-04-30")]
    est = estimate(rows, SOURCES)
    assert (codes(est) == {rows[3].id: "outlier"}) is outlier
    assert (rows[3] in est.kept) is not outlier


def test_outliers_need_at_least_three_current_figures():
    three = [exact(10_000, "a", "2025-04-30"), exact(10_000, "b", "2025-04-30"),
             exact(30_000, "c", "2025-04-30")]
    assert codes(estimate(three, SOURCES)) == {three[2].id: "outlier"}
    assert codes(estimate(three[1:], SOURCES)) == {}  # two figures: no rule


def test_outliers_are_set_aside_only_while_they_stay_a_minority():
    five = [exact(v, k, "2025-04-30") for k, v in zip("abcde", (10_000, 10_000, 10_000, 30_000,
                                                                  40_000), strict=True)]
    assert set(codes(estimate(five, SOURCES)).values()) == {"outlier"}  # 2 of 5
    assert codes(estimate(five[1:], SOURCES)) == {}  # 2 of 4 is not a minority


# -- horizons: 183 days for running totals, 122 for stocks, 15 days "current" --------------------

@pytest.mark.parametrize(("days", "kept"), [(183, True), (184, False)])
def test_running_total_horizon_is_183_days_before_the_newest_figure(days, kept):
    newest = exact(20_000, "a", "2025-07-02")
    older = exact(10_000, "b", days_before("2025-07-02", days))
    est = estimate([newest, older], SOURCES)
    assert (older in est.kept) is kept
    assert (older.id in est.floors) is kept  # an earlier total is kept as a floor
    if not kept:
        assert codes(est) == {older.id: "out-of-window"}


@pytest.mark.parametrize(("days", "kept"), [(122, True), (123, False)])
def test_stock_horizon_is_122_days_before_the_as_of_date(days, kept):
    stock = exact(11_000, "a", days_before("2025-06-30", days), basis="in_country")
    est = estimate([stock], SOURCES, as_of="2025-06-30")
    assert est.has_evidence is kept


@pytest.mark.parametrize(("days", "kept"), [(15, True), (16, False)])
def test_an_older_disagreeing_stock_counts_only_within_15_days_of_the_newest(days, kept):
    newest = exact(11_000, "a", "2025-06-30", basis="in_country")
    older = exact(3_000, "b", days_before("2025-06-30", days), basis="in_country")
    est = estimate([newest, older], SOURCES, as_of="2025-06-30")
    assert (older in est.kept) is kept


def test_an_older_stock_that_agrees_with_the_newest_is_kept_beyond_15_days():
    newest = obs(11_000, source="a", as_of="2025-06-30", basis="in_country")
    agrees = obs(12_000, source="b", as_of="2025-05-01", basis="in_country")   # 10.8k-13.2k
    disagrees = obs(13_500, source="c", as_of="2025-05-01", basis="in_country")  # from 12,150
    est = estimate([newest, agrees, disagrees], SOURCES, as_of="2025-06-30")
    assert agrees in est.kept and codes(est) == {disagrees.id: "out-of-window"}


@pytest.mark.parametrize(("days", "floor"), [(15, False), (16, True)])
def test_an_earlier_running_total_becomes_a_floor_after_15_days(days, floor):
    sources = SOURCES | sources_of(src("z", "Z", "A1"))
    newest = exact(20_000, "a", "2025-07-02")
    older = exact(19_000, "z", days_before("2025-07-02", days))
    est = estimate([newest, older], sources)
    assert (older.id in est.floors) is floor
    # as a rival figure the A1 19,000 (weight about 0.89) outweighs the B2 20,000 (0.64);
    # as a floor it is no rival figure at all
    assert est.central == (20_000 if floor else 19_000)


# -- weights: Admiralty grading and recency --------------------------------------------------------

@pytest.mark.parametrize(("grade", "weight"), [
    ("A1", 1.0), ("B2", 0.8 * 0.8), ("C3", 0.6 * 0.6), ("D4", 0.4 * 0.4), ("E5", 0.2 * 0.2),
    ("F6", 0.3 * 0.3),
])
def test_grade_weights_reliability_times_credibility(grade, weight):
    sources = sources_of(src("g", "G", grade))
    row = exact(10_000, "g", "2025-04-30")
    assert estimate([row], sources).weights[row.id] == pytest.approx(weight)


def test_grade_f_weighs_between_d_and_e():
    sources = sources_of(src("d", "D", "D4"), src("e", "E", "E5"), src("f", "F", "F6"))
    # D4 (0.16) at 200 outweighs F6 (0.09) at 100; F6 outweighs E5 (0.04)
    assert estimate([exact(200, "d", "2025-04-30"), exact(100, "f", "2025-04-30")],
                    sources).central == 200
    assert estimate([exact(100, "e", "2025-04-30"), exact(200, "f", "2025-04-30")],
                    sources).central == 200


@pytest.mark.parametrize(("days", "weight"), [(0, 1.0), (90, 0.5), (180, 0.25)])
def test_recency_halves_every_90_days(days, weight):
    sources = sources_of(src("a", "A", "A1"))
    row = exact(10_000, "a", days_before("2025-04-30", days))
    est = estimate([row], sources, as_of="2025-04-30")
    assert est.weights[row.id] == pytest.approx(weight)


# -- intervals: about +-10 %, age 10 % (stock) / 20 % (total) per 90 days -------------------------

@pytest.mark.parametrize(("basis", "low", "high"), [
    ("in_country", 11_000 * 0.9 - 0.10 * 45 / 90 * 11_000, 11_000 * 1.1 + 0.10 * 45 / 90 * 11_000),
    ("cumulative", 11_000 * 0.9, 11_000 * 1.1 + 0.20 * 45 / 90 * 11_000),
])
def test_an_about_figure_45_days_old_widens_by_the_documented_rates(basis, low, high):
    row = obs(11_000, source="a", as_of="2025-03-17", basis=basis)
    est = estimate([row], SOURCES, as_of="2025-05-01")
    assert (est.low, est.high) == pytest.approx((low, high))


def test_an_earlier_upper_bound_still_caps_a_stock():
    """Only a running total can have grown past an earlier 'up to'; a stock can also fall."""
    newest = obs(11_000, source="a", as_of="2025-06-30", basis="in_country")
    cap = obs(12_000, source="b", as_of="2025-06-01", basis="in_country", qualifier="up_to")
    est = estimate([newest, cap], SOURCES, as_of="2025-06-30")
    assert cap in est.kept and codes(est) == {}


def test_estimate_for_leaves_derived_figures_out_by_default(troop_ledger):
    from warledger.reconcile import estimate_for

    troop_ledger.add([], [obs(30_000, source="kbs-2025-04", as_of="2025-04",
                              derived_from=["assumption:x"])], origin="test")
    assert estimate_for(troop_ledger, "PRK", "RUS", "troops", as_of="2025-04").high < 30_000


def test_a_partial_flow_without_period_end_names_its_as_of_date():
    rows = [obs(11_000, source="a", basis="cumulative", period_start="2024-10",
                period_end="2025-01", as_of="2025-01-31"),
            obs(1_000, source="b", basis="cumulative", qualifier="more_than",
                period_start="2025-01", as_of="2025-02-27")]
    est = estimate(rows, SOURCES)
    assert codes(est) == {rows[1].id: "partial-period"}
    assert est.set_aside[0][1].startswith("counts only 2025-01 to 2025-02-27")


def test_one_question_per_estimate_lists_at_most_four_combinations():
    from warledger.reconcile import ReconcileError

    cats = ("troops", "artillery_shells", "containers", "explosives", "port_calls")
    rows = [obs(1, source="a", category=c) for c in cats]
    with pytest.raises(ReconcileError, match="got observations of 5") as err:
        estimate(rows, SOURCES)
    assert str(err.value).count("PRK/RUS/") == 4
