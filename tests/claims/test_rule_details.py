"""Claim-checking rules the larger tests pass through without pinning: number reading at its
limits (years, days, model numbers, scales, ranges), citations and dates, the allocation
upper bound, stale growth for 'about' claims, and negations."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from warledger.claims import judge
from warledger.claims.check import _earlier_total, check_text
from warledger.claims.evidence import OwnSource, cite, eur_rate
from warledger.claims.fields import attribution, basis, measure
from warledger.claims.model import Claim, claim_interval
from warledger.claims.numbers import find_quantities
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import open_ledger


def _q(text: str) -> list[tuple[float, float, str]]:
    return [(q.low, q.high, text[q.start:q.end]) for q in find_quantities(text)]


# -- numbers ------------------------------------------------------------------------------------

def test_scale_words_and_suffixes_up_to_a_trillion() -> None:
    assert _q("2 trillion euros")[0][0] == 2e12
    assert _q("EUR 4mn")[0][0] == 4e6 and _q("EUR 4m")[0][0] == 4e6


@pytest.mark.parametrize(("text", "value"), [
    ("1899 troops", 1899), ("1900 troops", None), ("2100 troops", None), ("2101 troops", 2101)])
def test_a_plain_number_from_1900_to_2100_is_a_year(text: str, value: float | None) -> None:
    assert [v for v, _, _ in _q(text)] == ([] if value is None else [value])


@pytest.mark.parametrize(("text", "value"), [
    ("in may 31 tanks arrived", None), ("in may 32 tanks arrived", 32)])
def test_a_number_up_to_31_after_a_month_is_a_day(text: str, value: float | None) -> None:
    assert [v for v, _, _ in _q(text)] == ([] if value is None else [value])


def test_a_day_right_at_the_start_of_the_text_is_still_a_day() -> None:
    assert [v for v, _, _ in _q("May 5 Russia got 10 tanks")] == [10]


@pytest.mark.parametrize(("text", "value"), [
    ("Kinzhal 999", None), ("Kinzhal 1000", 1000), ("The 300 tanks", 300)])
def test_a_number_below_1000_after_a_name_is_a_model_number_but_not_after_an_article(
        text: str, value: float | None) -> None:
    assert [v for v, _, _ in _q(text)] == ([] if value is None else [value])


def test_quantities_say_whether_they_are_vague_or_a_word_one() -> None:
    (plain,) = find_quantities("14,000 troops")
    (vague,) = find_quantities("thousands of troops")
    (one,) = find_quantities("an extra")
    assert (plain.vague, plain.word_one) == (False, False)
    assert (vague.vague, vague.word_one) == (True, False)
    assert (one.vague, one.word_one) == (False, True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plain.low = 1  # type: ignore[misc]


def test_an_exact_qualifier_is_not_part_of_the_span() -> None:
    assert _q("only 300 tanks") == [(300, 300, "300")]
    assert _q("only 64 and 12")[0][2] == "64"


@pytest.mark.parametrize(("text", "low", "high"), [
    ("10-20 drones", 10, 20),
    ("1.5-2 million shells", 1.5e6, 2e6),
    ("500,000 to 2 million shells", 5e5, 2e6),
    ("2,000 to 2 million shells", 2e3, 2e6),
])
def test_ranges_with_digits_and_scales(text: str, low: float, high: float) -> None:
    assert _q(text)[0][:2] == (low, high)


def test_a_range_with_a_unit_after_it_is_a_measure() -> None:
    assert _q("10 to 20 km") == []


def test_a_range_takes_the_currency_written_at_either_end() -> None:
    assert [q.currency for q in find_quantities("EUR 4 to 6 billion")] == ["EUR"]
    assert [q.currency for q in find_quantities("4 to 6 billion euros")] == ["EUR"]


# -- fields -------------------------------------------------------------------------------------

def test_attribution_from_according_to() -> None:
    text = "Russia has 3,000 troops there, according to South Korea's NIS"
    assert attribution(text, []) == "South Korea's NIS"


def test_killed_or_wounded_counts_both() -> None:
    assert measure("killed or wounded") is None and measure("killed and wounded") is None
    assert measure("killed") == "killed"


def test_delivered_means_deployed_only_for_people() -> None:
    s = "Russia delivered 300 shells"
    at, end = s.index("300"), len(s)
    assert basis(s, at, end, "artillery_shells") == "delivered"
    assert basis(s, at, end, "troops") == "deployed"


# -- evidence -----------------------------------------------------------------------------------

def _row(**kw: Any) -> Any:
    base = dict(id="o", source_id="s", provider="PRK", category="troops", unit="person",
                quantity_low=100, quantity_high=100, qualifier="exact", basis="cumulative",
                period_end=None, as_of="2025-02-10")
    return SimpleNamespace(**{**base, **kw})


def test_a_citation_dates_a_row_by_its_period_end_else_its_as_of() -> None:
    assert cite(_row(), None)["as_of"] == "2025-02-10"
    assert cite(_row(period_end="2025-01-31"), None)["as_of"] == "2025-01-31"


def test_a_euro_is_one_euro_and_a_weekend_takes_a_nearby_rate() -> None:
    assert eur_rate("EUR", date(2024, 6, 1)) == 1.0
    friday, saturday, monday = (eur_rate("USD", date(2024, 5, 31)),
                                eur_rate("USD", date(2024, 6, 1)),
                                eur_rate("USD", date(2024, 6, 3)))
    assert min(friday, monday) <= saturday <= max(friday, monday)


def test_a_day_beyond_the_ecb_table_takes_its_nearest_end() -> None:
    # a claim dated after the bundled reference rates (or before the euro) still converts
    assert eur_rate("USD", date(2099, 1, 1)) > 0 and eur_rate("USD", date(1990, 1, 1)) > 0


def test_an_own_source_known_only_by_url_matches_no_other_source() -> None:
    own = OwnSource(url="https://example.org/article")
    other = SimpleNamespace(id="x", url="https://example.org/other", title="Other")
    assert own.matches(_row(quote="a quote long enough to identify an article"), other) is False


# -- judge --------------------------------------------------------------------------------------

def _claim(**kw: Any) -> Claim:
    base = dict(text="x", start=0, end=1, provider="USA", recipient="UKR",
                category="military_aid_value", quantity_low=1, quantity_high=1,
                qualifier="exact", unit="EUR")
    return Claim(**{**base, **kw})


def test_a_delivered_sum_is_compared_with_allocations_only_as_an_upper_bound() -> None:
    assert judge.comparable_bases(_claim(basis="delivered"), {"allocated"}) == (
        ["allocated"], True)
    assert judge.comparable_bases(_claim(basis="delivered"), {"delivered", "allocated"}) == (
        ["delivered"], False)
    shells = _claim(basis="delivered", category="artillery_shells", unit="round")
    assert judge.comparable_bases(shells, {"allocated"}) == ([], False)


def _est(low: float, high: float, basis_: str = "cumulative", until: date | None = None,
         unit: str = "person") -> Any:
    return SimpleNamespace(low=low, high=high, central=None, basis=basis_, unit=unit, kept=[],
                           set_aside=[], set_aside_codes={}, described_until=until)


def test_stale_growth_compares_the_low_end_of_an_about_claim() -> None:
    aged = _est(100, 100, until=date(2025, 4, 30) - timedelta(days=60))
    wanted = claim_interval("about", 200, 200)  # 180 to 220: its low end is within 2 x 100
    found = judge.judge_basis(_claim(category="troops", unit="person"), wanted, aged,
                              "2025-04", False, {})
    assert found.verdict == "unsupported"


def test_a_later_total_caps_a_claim_only_when_below_its_low_end() -> None:
    later = [_row(quantity_low=1000, quantity_high=1000, as_of="2025-06-30")]
    wanted = claim_interval("about", 1050, 1050)  # 945 to 1,155: the later 1,000 is within
    found = judge.judge_basis(_claim(category="troops", unit="person"), wanted,
                              _est(500, 500), "2025-04", False, {}, later)
    assert "later total" not in found.reason


def test_the_estimate_is_reported_in_its_own_unit() -> None:
    found = judge.judge_basis(_claim(unit="USD"), (50, 50), _est(40, 60, "allocated",
                                                                    unit="EUR"),
                              "2025-04", False, {})
    assert found.estimate is not None and found.estimate["unit"] == "EUR"


def test_a_floor_sides_with_an_about_claim_when_twice_it_reaches_the_claims_low_end() -> None:
    wanted = claim_interval("about", 1000, 1000)  # 900 to 1,100
    assert judge._sides(wanted, _row(quantity_low=450, quantity_high=450,
                                     qualifier="at_least")) is True
    assert judge._sides(wanted, _row(quantity_low=449, quantity_high=449,
                                     qualifier="at_least")) is False


def test_an_outdated_verdict_names_the_revised_reports_date() -> None:
    old = _row(id="old", source_id="old", quantity_low=1000, quantity_high=1000)
    est = _est(500, 500, "in_country")
    est.set_aside, est.set_aside_codes = [(old, "superseded")], {"old": "superseded"}
    sources = {"old": SimpleNamespace(publisher="Wire", published="2025-01-05", url="",
                                      reliability="B", credibility="2", id="old")}
    found = judge.judge_basis(_claim(category="troops", unit="person"), (1000, 1000), est,
                              "2025-04", False, sources)
    assert found.verdict == "outdated" and "(2025-01-05)" in found.reason


def test_a_row_is_dated_by_its_period_end_else_its_as_of() -> None:
    assert judge._described(_row(as_of="2025-02-10")) == date(2025, 2, 10)
    assert judge._described(_row(period_end="2025-01", as_of=None)) == date(2025, 1, 31)


# -- check --------------------------------------------------------------------------------------

def test_the_newest_earlier_total_is_named_whatever_the_row_order() -> None:
    rows = [_row(id="jan", quantity_low=6700, quantity_high=6700, as_of="2025-01-10"),
            _row(id="feb", quantity_low=6700, quantity_high=6700, as_of="2025-02-10")]
    for order in (rows, rows[::-1]):
        found = _earlier_total((6700, 6700), order, {}, "2025-04-20")
        assert found is not None and found[1]["observation_id"] == "feb"
        assert "running total of 2025-02-10" in found[0]


def _ledger(tmp_path: Path, rows: list[Observation]) -> Any:
    led = open_ledger(tmp_path / "c.db", bundled=False)
    src = Source(publisher="Wire", url="https://e.org/c", published="2025-01-10")
    src = src.model_copy(update={"id": src.id or "c"})
    led.add([src], [r.model_copy(update={"source_id": src.id}) for r in rows])
    return led


@pytest.mark.parametrize(("low", "high"), [(3000, 3000), (2800, 2900)])
def test_a_killed_only_about_figure_is_judged_by_its_low_end(tmp_path: Path, low: float,
                                                             high: float) -> None:
    led = _ledger(tmp_path, [Observation(
        provider="PRK", recipient="RUS", category="casualties", unit="person",
        quantity_low=low, quantity_high=high, qualifier="exact" if low == high else "range",
        basis="cumulative", as_of="2025-01", source_id="c", note="killed + wounded")])
    # about 3,200 reaches down to 2,880: it need not exceed the casualties (3,000 or 2,900)
    verdict = check_text("About 3,200 North Korean soldiers were killed.", led,
                         date="2025-01-20").verdicts[0]
    assert verdict.verdict == "unsupported"
    led.close()


def test_a_refuted_negation_names_the_largest_figure(tmp_path: Path) -> None:
    def troops(low: float, high: float) -> Observation:
        return Observation(provider="DEU", recipient="UKR", category="troops", unit="person",
                           quantity_low=low, quantity_high=high,
                           qualifier="exact" if low == high else "range", basis="deployed",
                           as_of="2024-12", source_id="c")

    led = _ledger(tmp_path, [troops(50, 50), troops(10, 100)])
    (verdict,) = check_text("Germany has not sent any troops to Ukraine.", led).verdicts
    assert verdict.verdict == "contradicted" and "up to 100 person" in verdict.reason
    led.close()


def _movements(category: str) -> Observation:
    return Observation(provider="PRK", recipient="RUS", category=category,
                       unit="voyage" if category == "voyages" else "port_call",
                       quantity_low=64, quantity_high=64, qualifier="exact",
                       basis="cumulative", as_of="2025-03-31", source_id="c")


@pytest.mark.parametrize(("categories", "read_as"), [
    (["voyages", "port_calls"], False),  # consistent as written: no second reading
    (["port_calls"], True),              # only the sibling series has the figure
])
def test_voyages_are_read_as_port_calls_only_when_not_consistent_as_written(
        tmp_path: Path, categories: list[str], read_as: bool) -> None:
    led = _ledger(tmp_path, [_movements(c) for c in categories])
    (verdict,) = check_text("North Korean ships made 64 voyages to Russia.", led,
                            date="2025-04-01").verdicts
    assert verdict.verdict == "consistent"
    assert ("read as port_calls" in verdict.reason) is read_as
    led.close()


@pytest.mark.parametrize(("count", "ellipsis"), [(12, False), (13, True)])
def test_a_group_lists_twelve_members_and_marks_more(monkeypatch: pytest.MonkeyPatch,
                                                     count: int, ellipsis: bool) -> None:
    import warledger.claims.check as check

    names = [f"M{i:02d}" for i in range(count)]
    monkeypatch.setattr(check, "members_of", lambda code: names)
    led = open_ledger(":memory:", bundled=False)
    (verdict,) = check_text("The West has not sent any troops to Ukraine.", led).verdicts
    led.close()
    assert ", ".join(names[:12]) in verdict.reason
    assert (", ...)" in verdict.reason) is ellipsis


def _basis(sentence: str) -> str | None:
    at = sentence.index("300")
    return basis(sentence, at, at + len("300 shells"), "artillery_shells")


@pytest.mark.parametrize(("gap", "found"), [(51, True), (52, False)])
def test_a_basis_cue_counts_from_60_characters_before_the_figure(gap: int, found: bool) -> None:
    # 'delivered' + gap spaces: the cue starts 9 + gap characters before the figure
    assert (_basis("delivered" + " " * gap + "300 shells") == "delivered") is found


@pytest.mark.parametrize(("gap", "found"), [(36, True), (37, False)])
def test_a_basis_cue_counts_up_to_45_characters_after_the_head(gap: int, found: bool) -> None:
    # the cue ends gap + 9 characters after the head noun
    assert (_basis("300 shells" + " " * gap + "delivered") == "delivered") is found


def test_the_basis_cue_nearest_the_figure_wins_on_either_side() -> None:
    assert _basis("pledged " + "x " * 10 + "300 shells delivered") == "delivered"
    assert _basis("delivered 300 shells, " + "x " * 10 + "pledged") == "delivered"
    assert _basis("delivered 300 shells") == "delivered"  # a cue at the very start


def test_a_check_without_its_own_source_says_nothing_was_left_out(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [_movements("port_calls")])
    (verdict,) = check_text("North Korean ships made 64 port calls in Russia.", led,
                            date="2025-04-01").verdicts
    assert "own source left out" not in verdict.reason
    (mine,) = check_text("North Korean ships made 64 port calls in Russia.", led,
                         date="2025-04-01", source_url="https://e.org/c").verdicts
    assert "own source left out" in mine.reason
    led.close()


def test_an_outdated_figure_cites_the_new_evidence_and_two_reports_of_then(
        tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "o.db", bundled=False)
    srcs, rows = [], []
    # three reports of 1,000 known in January; four of 5,000 for the same date published later
    for i, (value, published) in enumerate([(1000, "2025-01-10")] * 3
                                           + [(5000, "2025-03-01")] * 4):
        src = Source(publisher=f"Wire {i}", url=f"https://e.org/{i}", published=published)
        src = src.model_copy(update={"id": src.id or f"s{i}"})
        srcs.append(src)
        rows.append(Observation(provider="PRK", recipient="RUS", category="troops",
                                unit="person", quantity_low=value, quantity_high=value,
                                qualifier="exact", basis="in_country", as_of="2025-01-05",
                                source_id=src.id))
    led.add(srcs, rows)
    (verdict,) = check_text("North Korea has 1,000 troops in Russia.", led,
                            date="2025-02-01").verdicts
    led.close()
    assert verdict.verdict == "outdated"
    # today's evidence: the four 5,000 reports kept and the three 1,000 set aside that side
    # with the claim (7); then two of the three reports known on the article's date
    values = [c["quantity_low"] for c in verdict.citations]
    assert sorted(values[:7]) == [1000] * 3 + [5000] * 4
    assert values[7:] == [1000, 1000]


# -- comparison boundaries -----------------------------------------------------------------------

def test_a_total_of_is_part_of_the_span_and_an_equal_pair_is_one_figure() -> None:
    assert _q("a total of 300 tanks") == [(300, 300, "a total of 300")]
    # 'N to N' is no range: its first figure is read alone, then the text after it
    assert _q("300 to 300 tanks") == [(300, 300, "300"), (300, 300, "300")]
    assert find_quantities("300 to 300 tanks")[0].qualifier == "exact"


def test_up_to_n_says_in_the_reading_that_it_is_a_claim_about_n(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [_movements("port_calls")])
    (up_to,) = check_text("North Korean ships made up to 64 port calls in Russia.", led,
                          date="2025-04-01").verdicts
    (plain,) = check_text("North Korean ships made 64 port calls in Russia.", led,
                          date="2025-04-01").verdicts
    led.close()
    assert "('up to N' is a claim about N)" in up_to.reason
    assert "up to N" not in plain.reason


@pytest.mark.parametrize(("later_value", "later_basis", "capped"), [
    (899, "cumulative", True),    # below the claim's low end (about 1,000: 900 to 1,100)
    (900, "cumulative", False),   # at its low end: allows the claim
    (899, "allocated", False),    # another basis caps nothing
])
def test_a_later_total_of_the_same_basis_below_the_claim_caps_it(
        later_value: float, later_basis: str, capped: bool) -> None:
    later = [_row(quantity_low=later_value, quantity_high=later_value, basis=later_basis,
                  as_of="2025-06-30")]
    found = judge.judge_basis(_claim(category="troops", unit="person"),
                              claim_interval("about", 1000, 1000), _est(500, 500),
                              "2025-04", False, {}, later)
    assert ("later total" in found.reason) is capped


@pytest.mark.parametrize("figure", [100, 120])
def test_a_claim_touching_either_end_of_the_estimate_lies_within_it(figure: float) -> None:
    found = judge.judge_basis(_claim(category="troops", unit="person"), (figure, figure),
                              _est(100, 120), "2025-04", False, {})
    assert found.reason.startswith("it lies within")


@pytest.mark.parametrize(("length", "own"), [(30, True), (29, False)])
def test_a_source_title_of_30_characters_identifies_the_article(length: int,
                                                                 own: bool) -> None:
    title = ("Pyongyang ships shells to Moscow, officials say"[:length])
    assert len(title) == length
    source = SimpleNamespace(id="x", url="https://example.org/other", title=title)
    text = f"Report. {title}. More text follows here."
    assert OwnSource(text=text).matches(_row(quote=""), source) is own


@pytest.mark.parametrize(("published", "known"), [("2025-02-01", True), ("2025-02-02", False)])
def test_a_source_published_on_the_day_was_known_that_day(published: str, known: bool) -> None:
    from warledger.claims.evidence import known_by

    source = SimpleNamespace(published=published)
    assert bool(known_by([_row()], {"s": source}, date(2025, 2, 1))) is known


def test_two_basis_cues_equally_near_go_to_the_one_before_the_figure() -> None:
    assert _basis("delivered 300 shells pledged") == "delivered"


def test_materiel_with_a_running_total_cue_is_delivered_but_in_country_stays() -> None:
    assert _basis("in total 300 shells") == "delivered"
    assert _basis("serving 300 shells") == "in_country"


@pytest.mark.parametrize(("low", "high", "qualifier", "verdict"), [
    (1, 5, "range", "contradicted"),      # just above zero at its lowest: some were sent
    (0, 5, "range", "unsupported"),       # from zero: allows none
    (5, 5, "up_to", "unsupported"),       # 'up to 5' allows none
    (5, 5, "less_than", "unsupported"),   # 'fewer than 5' allows none
    (1, 1, "at_least", "contradicted"),   # 'at least 1'
    (5, 5, "about", "contradicted"),      # 'about 5' reads 4.5-5.5
    (0, 0, "exact", "consistent"),        # zero confirms the negation
])
def test_a_negation_is_refuted_only_by_a_figure_whose_lowest_reading_is_above_zero(
        tmp_path: Path, low: float, high: float, qualifier: str, verdict: str) -> None:
    led = _ledger(tmp_path, [Observation(
        provider="DEU", recipient="UKR", category="troops", unit="person", quantity_low=low,
        quantity_high=high, qualifier=qualifier, basis="deployed", as_of="2024-12",
        source_id="c")])
    (found,) = check_text("Germany has not sent any troops to Ukraine.", led).verdicts
    assert found.verdict == verdict, found.reason
    led.close()


def test_people_of_one_kind_of_basis_are_estimated_on_the_basis_the_estimator_picks(
        tmp_path: Path) -> None:
    # 'sent' and 'deployed' are one kind (a count): the estimator picks the basis with a
    # two-sided figure (deployed: exactly 11,000), not the first in alphabetical order
    # (delivered: only 'at least 12,000', a floor).
    def troops(basis: str, qualifier: str, value: float) -> Observation:
        return Observation(provider="PRK", recipient="RUS", category="troops", unit="person",
                           quantity_low=value, quantity_high=value, qualifier=qualifier,
                           basis=basis, as_of="2025-01", source_id="c")

    led = _ledger(tmp_path, [troops("delivered", "at_least", 12_000),
                             troops("deployed", "exact", 11_000)])
    (verdict,) = check_text("North Korea has sent 11,000 troops to Russia.", led,
                            date="2025-02-01").verdicts
    assert verdict.verdict == "consistent", verdict.reason
    led.close()
