"""Every estimate rule (docs/methods.md) pinned on small, realistic figures."""

from __future__ import annotations

import pytest

from tests.reconcile.conftest import TROOP_OBS, TROOP_SOURCES, obs, sources_of, src
from warledger.reconcile import ReconcileError, estimate, estimate_for
from warledger.reconcile import rules as r

SOURCES = sources_of(*TROOP_SOURCES)


def codes(est) -> dict[float, str]:  # type: ignore[no-untyped-def]
    return {o.quantity_high: est.set_aside_codes[o.id] for o, _ in est.set_aside}


def aged(low: float, high: float, middle: float, days: int,
         stock: bool = True) -> tuple[float, float]:
    """docs/methods.md, intervals: per 90 days of age, a stock widens by 10 % of the figure
    both ways, a running total by 20 % upwards only; written out here, not imported."""
    grow = (0.10 if stock else 0.20) * days / 90 * middle
    return (low - grow if stock else low), high + grow


def test_prk_troops_estimate_names_two_reasons_and_contains_what_it_keeps(troop_ledger):
    est = estimate_for(troop_ledger, "PRK", "RUS", "troops", as_of="2025-04")
    assert est.basis == "cumulative"
    # two "about 14,000" (2025-04, so no age at the as-of date 2025-04): 14,000 +- 10 %
    assert (est.low, est.central, est.high) == pytest.approx((12600, 14000, 15400))
    assert all(est.low <= o.quantity_low and o.quantity_high <= est.high for o in est.kept)
    basis_reasons = [x for x in est.reasons if "(in_country)" in x or "(deployed)" in x]
    assert len(basis_reasons) >= 2
    assert any("11,000 (South Korea NIS, 2025-02-05)" in x and "(in_country)" in x
               for x in est.reasons)


def test_the_shared_facts_give_the_reuters_total_and_say_why_others_differ(tmp_path):
    from pathlib import Path

    from warledger.ledger.store import open_ledger

    facts = Path(__file__).parents[1] / "ledger" / "data" / "facts"
    with open_ledger(tmp_path / "facts.db", bundled=False) as ledger:
        ledger.import_paths([facts])
        est = estimate_for(ledger, "PRK", "RUS", "troops", as_of="2025-04")
    assert est.summary() == "14,000 (12,600-15,400) person, cumulative"
    assert any("about 3,000 (Ukrainian officials, 2025-04-30)" in x and "(deployed)" in x
               for x in est.reasons)
    assert any("give no date (about 10,900 (South Korea NIS, undated))" in x
               for x in est.reasons)


def test_other_basis_is_set_aside_with_the_basis_named():
    est = estimate(TROOP_OBS, SOURCES, basis="in_country", as_of="2025-04")
    assert [o.quantity_high for o in est.kept] == [11000]
    reason = dict((o.quantity_high, why) for o, why in est.set_aside)[14000]
    assert reason.startswith("other basis: cumulative")


def test_default_basis_prefers_cumulative_then_two_sided_figures():
    only_bounds = [obs(2_000_000, source="kbs-2025-04", basis="delivered", qualifier="at_least",
                       as_of="2025-03", category="artillery_shells"),
                   obs((4_000_000, 6_000_000), source="reuters-2025-04", basis="estimated",
                       as_of="2025-03", category="artillery_shells")]
    assert estimate(only_bounds, SOURCES).basis == "estimated"
    assert estimate(TROOP_OBS, SOURCES).basis == "cumulative"


def test_figures_after_the_as_of_date_are_set_aside():
    est = estimate(TROOP_OBS, SOURCES, as_of="2024-12", basis="in_country")
    assert [o.quantity_high for o in est.kept] == [3000]
    assert codes(est)[11000] == "after-as-of"
    assert est.kept[0].qualifier == "more_than" and est.low == 3000 and est.central is None


def test_stock_figures_age_out_faster_than_running_totals():
    stock = [obs(3000, source="nis-2024-10", as_of="2024-10-23", basis="in_country"),
             obs(11000, source="pentagon-2024-10", as_of="2025-02-05", basis="in_country")]
    est = estimate(stock, SOURCES)
    assert codes(est)[3000] == "out-of-window"  # 105 days > 92 for a stock
    totals = [o.model_copy(update={"basis": "cumulative", "id": ""}) for o in stock]
    totals = [obs(o.quantity_low, source=o.source_id, as_of=o.as_of) for o in totals]
    assert len(estimate(totals, SOURCES).kept) == 2  # within 183 days for a running total


def test_a_stock_is_no_evidence_long_after_it_was_reported():
    stock = [obs(11000, source="nis-2025-02", as_of="2025-02-05", basis="in_country")]
    assert estimate(stock, SOURCES, as_of="2025-04").central == 11000  # 84 days: still current
    later = estimate(stock, SOURCES, as_of="2025-06")
    assert not later.has_evidence and codes(later) == {11000: "out-of-window"}
    assert "before the as-of date (2025-06-30)" in later.set_aside[0][1]


def test_during_a_build_up_only_the_latest_stock_figures_count():
    sources = sources_of(src("us", "US officials"), src("nis", "South Korea NIS"),
                         src("ua", "Ukraine's defence minister"))
    rows = [obs(3000, source="us", as_of="2024-10-28", basis="in_country"),
            obs(12000, source="ua", as_of="2024-11-05", basis="in_country"),
            obs(11000, source="nis", as_of="2024-11-20", basis="in_country")]
    est = estimate(rows, sources, as_of="2024-11")
    # about 12,000 on 2024-11-05 is 25 days old at 2024-11-30, about 11,000 10 days old
    low = aged(11000 * 0.9, 11000 * 1.1, 11000, 10)[0]
    high = aged(12000 * 0.9, 12000 * 1.1, 12000, 25)[1]
    assert (est.low, est.high) == pytest.approx((low, high))
    assert codes(est) == {3000: "out-of-window"}
    assert "an earlier stock (2024-10-28) outside the range of the newer figures (2024-11-20)" in (
        est.set_aside[0][1])


def test_a_flow_over_part_of_the_period_is_partial():
    rows = [obs(11000, source="nis-2024-10", basis="cumulative", period_start="2024-10",
                period_end="2025-01", as_of="2025-02-27"),
            obs(1000, source="nis-2025-02", basis="cumulative", qualifier="more_than",
                period_start="2025-01", period_end="2025-02", as_of="2025-02-27")]
    est = estimate(rows, SOURCES)
    assert codes(est) == {1000: "partial-period"}
    assert any("counts only 2025-01 to 2025-02" in x for x in est.reasons)


def test_a_later_report_from_the_same_origin_supersedes_the_earlier():
    rows = [obs(12000, source="nis-2024-10", as_of="2024-12-20"),
            obs(11000, source="nis-2025-02", as_of="2025-02-05")]
    est = estimate(rows, SOURCES)
    assert [o.quantity_high for o in est.kept] == [11000]
    assert codes(est) == {12000: "superseded"}
    assert "same origin" in est.set_aside[0][1] and "2025-02-05" in est.set_aside[0][1]


def test_the_same_figure_from_the_same_origin_and_date_counts_once():
    sources = sources_of(src("a", "Reuters"), src("b", "Reuters", grade="C3"))
    rows = [obs(14000, source="a", as_of="2025-04"), obs(14000, source="b", as_of="2025-04")]
    est = estimate(rows, sources)
    assert [o.source_id for o in est.kept] == ["a"]  # the better graded copy
    assert list(est.set_aside_codes.values()) == ["repeat"]


def test_outliers_are_set_aside_only_with_enough_other_figures():
    sources = sources_of(*(src(k, k) for k in "abcd"))
    rows = [obs(v, source=k, as_of="2025-04") for k, v in zip("abcd", (14000, 15000, 13000, 40000),
                                                               strict=True)]
    est = estimate(rows, sources)
    assert codes(est) == {40000: "outlier"}
    assert estimate(rows[2:], sources).set_aside == []  # two figures: no majority to judge


def test_an_earlier_running_total_is_a_floor_not_a_rival_figure():
    sources = sources_of(src("wapo", "C4ADS"), src("mnd", "South Korea MND"))
    rows = [obs(1_600_000, source="wapo", basis="estimated", category="artillery_shells",
                period_start="2023-08", period_end="2024-01"),
            obs(5_000_000, source="mnd", basis="estimated", category="artillery_shells",
                as_of="2024-06-14")]
    est = estimate(rows, sources, as_of="2024-06")
    # about 5,000,000 on 2024-06-14 is 16 days old at 2024-06-30; a running total only grows
    assert est.central == 5_000_000
    assert (est.low, est.high) == pytest.approx(aged(4_500_000, 5_500_000, 5_000_000, 16, False))
    assert est.floors == {rows[0].id} and len(est.kept) == 2
    assert any("earlier running total" in x and "used as a floor" in x for x in est.reasons)
    assert est.to_dict()["kept"][0]["role"] == "floor"
    stock = [o.model_copy(update={"basis": "in_country"}) for o in rows]
    assert estimate(stock, sources, as_of="2024-06").floors == set()  # stocks can fall


def test_an_earlier_upper_bound_no_longer_caps_a_running_total():
    sources = sources_of(src("mnd", "South Korea MND"), src("dia", "South Korea DIA"))
    rows = [obs(4_800_000, source="mnd", basis="estimated", category="artillery_shells",
                qualifier="up_to", as_of="2024-06-14"),
            obs(6_000_000, source="dia", basis="estimated", category="artillery_shells",
                qualifier="more_than", as_of="2024-08-27")]
    est = estimate(rows, sources)
    assert (est.low, est.central, est.high) == (6_000_000, None, None)
    assert est.summary() == "at least 6,000,000 round (estimated; bounds only)"
    assert codes(est) == {4_800_000: "out-of-window"}
    assert "a running total can have grown" in est.set_aside[0][1]


def test_when_most_figures_disagree_none_is_an_outlier():
    sources = sources_of(*(src(k, k) for k in "abc"))
    rows = [obs(v, source=k, as_of="2025-04") for k, v in zip("abc", (1000, 5000, 25000),
                                                               strict=True)]
    est = estimate(rows, sources)
    assert est.set_aside == [] and (est.low, est.high) == pytest.approx((900, 27500))


def test_one_sided_bounds_widen_the_interval_only_as_far_as_needed():
    sources = sources_of(src("a", "A"), src("b", "B"), src("c", "C"))
    rows = [obs((4_000_000, 6_000_000), source="a", as_of="2025-03", basis="estimated",
                category="artillery_shells"),
            obs(12_000_000, source="b", as_of="2025-03", basis="estimated",
                qualifier="more_than", category="artillery_shells"),
            obs(3_000_000, source="c", as_of="2025-03", basis="estimated", qualifier="up_to",
                category="artillery_shells")]
    est = estimate(rows, sources)
    assert (est.low, est.central, est.high) == (3_000_000, 5_000_000, 12_000_000)
    assert any("far side of the central value" in x for x in est.reasons)
    assert r.bounds(rows[1]) == (12_000_000, None) and r.bounds(rows[2]) == (None, 3_000_000)


def test_central_value_weighs_grading_and_recency():
    sources = sources_of(src("good", "X", "A1"), src("poor", "Y", "E5"), src("old", "Z", "A1"))
    rows = [obs(14000, source="good", as_of="2025-04-30"), obs(17000, source="poor",
                                                              as_of="2025-04-30")]
    assert estimate(rows, sources).central == 14000
    dated = [obs(14000, source="old", as_of="2024-11-30"), obs(17000, source="poor",
                                                              as_of="2025-04-30")]
    weights = estimate(dated, sources).weights
    assert weights[dated[0].id] == pytest.approx(1.0 * 0.5 ** (151 / 90))
    assert weights[dated[1].id] == pytest.approx(0.2 * 0.2)


def test_one_unit_per_answer():  # most common unit; a tie goes to the first seen
    sources = sources_of(src("kiel", "Kiel"), src("dos", "US State Department"))
    money = dict(provider="USA", recipient="UKR", category="military_aid_value",
                 basis="allocated", qualifier="exact", as_of="2024-02-29")
    rows = [obs(43.1e9, source="kiel", unit="EUR", **money),
            obs(46.3e9, source="dos", unit="USD", **money)]
    est = estimate(rows, sources)
    assert est.unit == "EUR" and codes(est) == {46.3e9: "other-unit"}
    assert est.set_aside[0][1] == "counted in USD, not EUR"


def test_undated_and_derived_figures_are_set_aside_unless_asked():
    rows = [obs(14000, source="kbs-2025-04", as_of="2025-04"),
            obs(9000, source="nosuch"),
            obs(16000, source="kbs-2025-04", as_of="2025-04", derived_from=["x"])]
    est = estimate(rows, SOURCES)
    assert codes(est) == {9000: "undated", 16000: "derived"}
    assert estimate(rows, SOURCES, include_derived=True).high == pytest.approx(16000 * 1.1)


def test_one_question_per_estimate_and_known_words_only():
    mixed = [obs(1, source="a"), obs(1, source="a", category="artillery_shells")]
    with pytest.raises(ReconcileError, match="one question"):
        estimate(mixed, {})
    with pytest.raises(ReconcileError, match="unknown basis 'sent'"):
        estimate(TROOP_OBS, SOURCES, basis="sent")
    with pytest.raises(ReconcileError, match="--as-of: '2025-13'"):
        estimate(TROOP_OBS, SOURCES, as_of="2025-13")


def test_no_evidence_is_said_plainly():
    est = estimate([], {})
    assert est.summary() == "no evidence" and est.to_dict()["low"] is None


def test_to_dict_carries_kept_set_aside_and_reasons(troop_ledger):
    data = estimate_for(troop_ledger, "PRK", "RUS", "troops", as_of="2025-04").to_dict()
    assert data["summary"] == "14,000 (12,600-15,400) person, cumulative"
    assert {d["code"] for d in data["set_aside"]} >= {"other-basis"}
    assert data["kept"][0]["source"]["grading"] == "B2"
