"""Issue 11: two clocks (as_of, known_by), one estimate per basis, independent origins,
intervals from qualifiers, disagreement and age (docs/methods.md, section 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reconcile.conftest import TROOP_OBS, TROOP_SOURCES, obs, sources_of, src
from warledger.ledger.dates import last_day
from warledger.ledger.store import open_ledger
from warledger.reconcile import estimate, estimate_series, series_estimate
from warledger.reconcile.interval import qualifier_interval, reading

SOURCES = sources_of(*TROOP_SOURCES)


def codes(est) -> dict[float, str]:  # type: ignore[no-untyped-def]
    return {o.quantity_high: est.set_aside_codes[o.id] for o, _ in est.set_aside}


# -- known by ------------------------------------------------------------------------------------

def test_known_by_keeps_a_source_published_that_day_and_not_the_day_after():
    sources = sources_of(src("same-day", "A", published="2024-11-30"),
                         src("next-day", "B", published="2024-12-01"))
    rows = [obs(11000, source="same-day", as_of="2024-11-20", basis="in_country"),
            obs(12000, source="next-day", as_of="2024-11-20", basis="in_country")]
    est = estimate(rows, sources, as_of="2024-11", known_by="2024-11-30")
    assert [o.source_id for o in est.kept] == ["same-day"]
    assert codes(est) == {12000: "not-yet-published"}
    assert "published 2024-12-01, after the known-by date 2024-11-30" in est.set_aside[0][1]
    assert len(estimate(rows, sources, as_of="2024-11", known_by="2024-12-01").kept) == 2


def test_a_month_precision_publication_counts_from_the_last_day_of_that_month():
    sources = sources_of(src("monthly", "A", published="2024-11"))
    rows = [obs(11000, source="monthly", as_of="2024-11-10", basis="in_country")]
    assert not estimate(rows, sources, as_of="2024-11", known_by="2024-11-29").has_evidence
    assert estimate(rows, sources, as_of="2024-11", known_by="2024-11-30").central == 11000


def test_a_source_without_a_publication_date_counts_from_the_date_it_describes():
    sources = sources_of(src("undated-source", "A"))
    rows = [obs(11000, source="undated-source", as_of="2024-11-20", basis="in_country")]
    assert estimate(rows, sources, as_of="2024-11", known_by="2024-11-20").central == 11000
    later = estimate(rows, sources, as_of="2024-11", known_by="2024-11-19")
    assert codes(later) == {11000: "not-yet-published"}
    assert later.set_aside[0][1] == ("no publication date; describes 2024-11-20, after the "
                                     "known-by date 2024-11-19")


def test_known_by_2024_11_30_uses_no_source_published_later_in_the_bundled_data(tmp_path: Path):
    with open_ledger(tmp_path / "bundled.db") as ledger:
        result = estimate_series(ledger, "PRK", "RUS", "troops", as_of="2024-11",
                                 known_by="2024-11-30")
        used = [o for e in (result.headline, *result.by_basis.values()) for o in e.kept]
        assert used, "the bundled data has November 2024 troop figures"
        for row in used:
            published = result.headline.sources[row.source_id].published
            assert published is not None and last_day(published) <= last_day("2024-11-30")
        everything = estimate_series(ledger, "PRK", "RUS", "troops", as_of="2024-11")
    assert "not-yet-published" in result.headline.set_aside_codes.values()
    assert "not-yet-published" not in everything.headline.set_aside_codes.values()
    assert result.to_dict()["known_by"] == "2024-11-30"


# -- independent origins -------------------------------------------------------------------------

def _briefing(value: float, source: str, origin: str = "NIS briefing, 2025-02-05") -> object:
    return obs(value, source=source, as_of="2025-02-05", basis="in_country", origin=origin)


def test_two_observations_with_one_origin_move_the_estimate_exactly_as_one_does():
    sources = sources_of(src("kbs", "NIS", "B2"), src("mirror", "NIS", "D2"),
                         src("other", "US DoD", "B2"))
    other = obs(12000, source="other", as_of="2025-02-05", basis="in_country")
    one = estimate([_briefing(11000, "kbs"), other], sources, as_of="2025-02")
    two = estimate([_briefing(11000, "kbs"), _briefing(11000, "mirror"), other], sources,
                   as_of="2025-02")
    assert (two.low, two.central, two.high) == (one.low, one.central, one.high)
    assert two.origins == one.origins == 2
    assert codes(two) == {11000: "same-origin"}
    assert [o.source_id for o in two.kept if o.quantity_low == 11000] == ["kbs"]  # best graded
    assert two.weights == one.weights


def test_an_empty_origin_is_its_own_origin_so_two_such_rows_count_twice():
    sources = sources_of(src("a", "A", "B2"), src("b", "B", "D2"), src("c", "C", "B2"))
    rows = [obs(11000, source=s, as_of="2025-02-05", basis="in_country") for s in "ab"]
    rows.append(obs(14000, source="c", as_of="2025-02-05", basis="in_country"))
    est = estimate(rows, sources, as_of="2025-02")
    assert est.origins == 3 and len(est.kept) == 3


def test_the_best_graded_copy_is_kept_whatever_the_order():
    sources = sources_of(src("mirror", "NIS", "D2"), src("kbs", "NIS", "B2"))
    est = estimate([_briefing(11000, "mirror"), _briefing(11000, "kbs")], sources)
    assert [o.source_id for o in est.kept] == ["kbs"]
    assert est.weights[est.kept[0].id] == pytest.approx(0.8 * 0.8)


# -- intervals -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("qualifier", "low", "high", "expected"), [
    ("exact", 10_000, 10_000, (10_000, 10_000)),
    ("about", 10_000, 10_000, (9_000, 11_000)),          # +- 10 %
    ("nearly", 10_000, 10_000, (9_000, 10_000)),         # 90-100 %
    ("range", 10_000, 12_000, (10_000, 12_000)),         # as given
    ("at_least", 10_000, 10_000, (10_000, None)),        # a floor
    ("more_than", 10_000, 10_000, (10_000, None)),
    ("up_to", 10_000, 10_000, (None, 10_000)),           # a ceiling
    ("less_than", 10_000, 10_000, (None, 10_000)),
    ("vague", 2_000, 2_000, (2_000, 10_000)),            # "thousands": below ten thousand
])
def test_each_qualifier_reads_as_the_documented_interval(qualifier, low, high, expected):
    got = qualifier_interval(qualifier, low, high)
    assert got == pytest.approx(expected) if None not in expected else got == expected


def test_quotes_refine_the_reading_of_nearly_and_vague_plurals():
    nearly = obs(16000, source="kbs-2025-04", qualifier="about", quote="nearly 16,000 troops")
    vague = obs(2000, source="kbs-2025-04", qualifier="at_least", quote="thousands of troops")
    counted = obs(2000, source="kbs-2025-04", qualifier="at_least", quote="at least 2,000")
    assert (reading(nearly), reading(vague), reading(counted)) == ("nearly", "vague",
                                                                     "at_least")
    other = obs(43.1e9, source="kbs-2025-04", qualifier="exact", category="military_aid_value",
                quote="This is almost equal to the US allocation of €43.1 billion.")
    money = obs(5e9, source="kbs-2025-04", qualifier="about", category="military_aid_value",
                quote="almost €5 billion in aid")
    assert (reading(other), reading(money)) == ("exact", "nearly")


def test_a_single_about_figure_never_has_zero_width():
    est = estimate([obs(11000, source="nis-2025-02", as_of="2025-02-05", basis="in_country")],
                   SOURCES, as_of="2025-02-05")
    assert est.low == pytest.approx(9900) and est.high == pytest.approx(12100)
    assert est.low < est.central < est.high


def test_age_widens_a_stock_both_ways_and_a_running_total_only_upwards():
    # exact 10,000 described 2025-01-01, asked as of 2025-04-01: 90 days -> a stock +- 10 % of
    # the figure, a running total + 20 %
    stock = estimate([obs(10000, source="nis-2025-02", as_of="2025-01-01", basis="in_country",
                          qualifier="exact")], SOURCES, as_of="2025-04-01")
    assert (stock.low, stock.high) == pytest.approx((9000, 11000))
    total = estimate([obs(10000, source="nis-2025-02", as_of="2025-01-01", qualifier="exact")],
                     SOURCES, as_of="2025-04-01")
    assert (total.low, total.high) == pytest.approx((10000, 12000))
    fresh = estimate([obs(10000, source="nis-2025-02", as_of="2025-04-01", qualifier="exact")],
                     SOURCES, as_of="2025-04-01")
    assert (fresh.low, fresh.high) == (10000, 10000)


def test_disagreement_between_independent_origins_widens_the_interval():
    sources = sources_of(src("a", "A"), src("b", "B"))
    alone = estimate([obs(10000, source="a", as_of="2025-04-30")], sources, as_of="2025-04-30")
    both = estimate([obs(10000, source="a", as_of="2025-04-30"),
                     obs(12000, source="b", as_of="2025-04-30")], sources, as_of="2025-04-30")
    assert (alone.low, alone.high) == pytest.approx((9000, 11000))
    assert (both.low, both.high) == pytest.approx((9000, 13200))


# -- per basis, headline, checks, interpolation --------------------------------------------------

def test_every_basis_is_estimated_and_the_headline_is_the_richest_count():
    result = series_estimate(TROOP_OBS, SOURCES, as_of="2025-04")
    assert set(result.by_basis) == {"cumulative", "deployed", "pledged", "in_country"}
    # cumulative: two origins (KBS, Reuters) vs deployed: Reuters 3,000 and the blog 17,000
    # (an outlier needs 3 figures): two as well -> BASIS_PREFERENCE puts cumulative first
    assert result.basis == "cumulative"
    assert "the richest as of 2025-04" in result.choice
    asked = series_estimate(TROOP_OBS, SOURCES, as_of="2025-04", basis="in_country")
    assert asked.basis == "in_country" and asked.choice.endswith("the basis asked for.")


def test_a_plan_is_the_headline_only_when_nothing_else_has_a_figure():
    sources = sources_of(*(src(k, k) for k in "abc"), src("d", "D"))
    rows = [obs(12000, source=k, as_of="2024-11-05", basis="pledged") for k in "abc"]
    rows.append(obs(11000, source="d", as_of="2024-11-20", basis="in_country"))
    assert series_estimate(rows, sources, as_of="2024-11").basis == "in_country"
    assert series_estimate(rows[:3], sources, as_of="2024-11").basis == "pledged"


def test_a_cumulative_total_below_the_stock_fails_the_check():
    sources = sources_of(src("a", "A"), src("b", "B"))
    rows = [obs(8000, source="a", as_of="2025-04-30", qualifier="exact"),
            obs(11000, source="b", as_of="2025-04-30", basis="in_country", qualifier="exact")]
    [check] = series_estimate(rows, sources, as_of="2025-04-30").checks
    assert check.startswith("Check failed: the cumulative total")
    rows[0] = obs(14000, source="a", as_of="2025-04-30", qualifier="exact")
    [check] = series_estimate(rows, sources, as_of="2025-04-30").checks
    assert "the difference of 3,000 is what casualties and rotations" in check


def test_a_stock_between_two_dated_figures_is_interpolated_with_a_wider_interval():
    sources = sources_of(src("a", "A", published="2024-11-01"),
                         src("b", "B", published="2025-01-31"))
    rows = [obs(3000, source="a", as_of="2024-11-01", basis="in_country", qualifier="exact"),
            obs(12000, source="b", as_of="2025-01-31", basis="in_country", qualifier="exact")]
    result = series_estimate(rows, sources, as_of="2024-12-16")
    est = result.by_basis["in_country"]
    share = 45 / 91  # 2024-11-01 -> 2024-12-16 of 2024-11-01 -> 2025-01-31
    assert est.central == pytest.approx(3000 + 9000 * share)
    # the earlier end is 45 days old at the as-of date: 3,000 +- 5 % of 3,000
    assert (est.low, est.high) == pytest.approx((3000 - 150, 12000))
    assert any(x.startswith("Interpolated between 3,000 (2024-11-01) and 12,000 (2025-01-31)")
               for x in est.reasons)
    known_then = series_estimate(rows, sources, as_of="2024-12-16", known_by="2024-12-16")
    assert known_then.by_basis["in_country"].central == 3000  # the later figure was unknown


# -- acceptance on the bundled data --------------------------------------------------------------

def test_prk_troops_as_of_2025_02_keep_several_figures_per_basis(tmp_path: Path):
    with open_ledger(tmp_path / "bundled.db") as ledger:
        result = estimate_series(ledger, "PRK", "RUS", "troops", as_of="2025-02")
    assert {"in_country", "deployed"} <= set(result.by_basis)
    assert len(result.headline.kept) > 1
    for est in result.by_basis.values():
        if any(o.qualifier == "about" for o in est.kept):
            assert est.low is not None and est.high is not None and est.high > est.low
    assert any(line.startswith("in_country: ") for line in result.explanation())


# -- backtest ------------------------------------------------------------------------------------

def test_the_backtest_counts_trials_hits_and_skips_by_the_documented_rule():
    from warledger.reconcile.backtest import backtest

    sources = sources_of(src("a", "A", published="2025-01-01"),
                         src("b", "B", published="2025-01-21"),
                         src("c", "C", published="2025-02-11"),
                         src("e", "E", published="2025-01-25"),
                         src("p", "P", published="2025-01-21"))
    stock = {"basis": "in_country"}
    rows = [obs(10000, source="a", as_of="2025-01-01", **stock),  # nothing known before it
            obs(10500, source="b", as_of="2025-01-20", qualifier="exact", origin="X", **stock),
            obs(20000, source="c", as_of="2025-02-10", qualifier="exact", **stock),
            obs(10500, source="e", as_of="2025-01-20", qualifier="exact", origin="X", **stock),
            obs(9000, source="p", as_of="2025-01-20", basis="pledged"),  # not a target
            obs(5000, source="p", as_of="2025-01-20", qualifier="more_than", **stock),  # a bound
            obs(10200, source="p", as_of="2025-01-20", derived_from=["x"], **stock)]  # derived
    result = backtest(rows, sources)
    # B: known by 2025-01-20 only A, 19 days old: 9,000-11,000 widened by 10 % x 19/90 of
    # 10,000 on both sides -> 10,500 is inside. C: A (40 days) and B (21 days) -> at most
    # 11,000 + 444 -> 20,000 is outside. E relays B's origin, already in its estimate.
    assert [(t.figure, t.held) for t in result.trials] == [(10500, True), (20000, False)]
    assert result.trials[0].high == pytest.approx(11000 + 0.1 * 19 / 90 * 10000)
    assert (result.hit_rate, result.without_estimate, result.same_origin) == (0.5, 1, 1)
    assert result.by_basis() == {"in_country": (1, 2)}
    assert result.summary().startswith("the interval held for 1 of 2 later figures (50%")


def test_a_basis_asked_without_evidence_is_a_headline_with_no_evidence():
    result = series_estimate(TROOP_OBS, SOURCES, as_of="2025-04", basis="used")
    assert result.basis == "used" and result.headline.summary() == "no evidence"
    assert "used" not in result.by_basis


def test_a_figure_whose_source_is_missing_weighs_as_grade_f6():
    row = obs(11000, source="no-such-source", as_of="2025-02-05", basis="in_country")
    assert estimate([row], {}).weights[row.id] == pytest.approx(0.3 * 0.3)


def test_different_figures_of_one_statement_are_not_copies():
    sources = sources_of(src("kbs", "NIS", "B2"), src("ap", "NIS", "B2"))
    shipped = obs(1500, source="kbs", as_of="2024-10-18", basis="deployed", origin="NIS, 10-18")
    expected = obs(12000, source="ap", as_of="2024-10-18", basis="deployed", origin="NIS, 10-18")
    est = estimate([shipped, expected], sources)
    assert len(est.kept) == 2 and est.origins == 1  # one origin, two figures


def test_the_stock_check_shows_the_casualties_for_the_same_date(troop_ledger):
    troop_ledger.add([], [obs(4000, source="nis-2025-02", as_of="2025-02-05",
                              category="casualties", unit="person")], origin="test")
    result = estimate_series(troop_ledger, "PRK", "RUS", "troops", as_of="2025-04")
    # cumulative 14,000 (April) vs in-country 11,000 (February): 3,000 to account for
    assert "the difference of 3,000 is what casualties and rotations" in result.checks[0]
    assert result.checks[1].startswith("Casualties reported as of the same date: 4,000 (")
    alone = estimate_series(troop_ledger, "PRK", "RUS", "troops", as_of="2025-04",
                            known_by="2025-03-31")  # no cumulative figure known yet
    assert alone.checks == []


def test_series_estimates_leave_derived_figures_out_unless_asked():
    rows = [obs(11000, source="nis-2025-02", as_of="2025-02-05", basis="in_country"),
            obs(30000, source="nis-2025-02", as_of="2025-02-05", basis="in_country",
                derived_from=["assumption:x"])]
    assert series_estimate(rows, SOURCES).headline.central == 11000
    assert series_estimate(rows, SOURCES, include_derived=True).headline.high == 33000


def test_a_flow_is_a_backtest_target_whatever_other_bases_started_earlier():
    from warledger.reconcile.backtest import backtest

    sources = sources_of(src("a", "A", published="2025-01-01"), src("b", "B",
                                                                     published="2025-02-01"))
    rows = [obs(100, source="a", basis="pledged", period_start="2022-01", period_end="2024-12"),
            obs(10000, source="a", period_start="2024-10", period_end="2024-12",
                qualifier="exact"),
            obs(11000, source="b", period_start="2024-10", period_end="2025-01",
                qualifier="exact")]
    # the pledge's earlier start is another basis: the cumulative flows start the series
    result = backtest(rows, sources)
    assert [t.figure for t in result.trials] == [11000]
