"""Issue 18 for claims: the qualifier table of docs/claims.md row by row, and a boundary test
(just inside, just outside) for every constant docs/claims.md names. Expected values are the
documented rules written out, not results of a run."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from warledger.claims import extract_claims, judge
from warledger.claims.check import (
    FLOW_DAYS,
    SAME_START_DAYS,
    _is_flow,
    _same_start,
    check_text,
)
from warledger.claims.errors import ClaimsError
from warledger.claims.evidence import MIN_QUOTE_CHARS, OwnSource
from warledger.claims.extract import CTX_SENTENCES
from warledger.claims.grammar import MAX_SENTENCE_CHARS, split_sentences
from warledger.claims.model import ABOUT_TOLERANCE, Claim, claim_interval
from warledger.claims.numbers import find_quantities
from warledger.claims.textio import MAX_BYTES, MIN_LATIN_SHARE, decode_text, latin_share
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import open_ledger

DOCS = Path(__file__).resolve().parents[2] / "docs" / "claims.md"

# -- the qualifier table, row by row (first column of docs/claims.md -> every variant) ----------
ROWS: dict[str, list[tuple[str, float, float, str]]] = {
    "`14,000`, `14 000`, `14.000`": [
        ("14,000", 14000, 14000, "exact"), ("14 000", 14000, 14000, "exact"),
        ("14.000", 14000, 14000, "exact")],
    "`about / some / an estimated / nearly / almost / approaching 16,000`": [
        (f"{q} 16,000", 16000, 16000, "about")
        for q in ("about", "some", "an estimated", "nearly", "almost", "approaching")],
    "`more than / over / just over 400`": [
        (f"{q} 400", 400, 400, "more_than") for q in ("more than", "over", "just over")],
    "`at least 24`": [("at least 24", 24, 24, "at_least")],
    "`up to / as many as 12,000`": [
        (f"{q} 12,000", 12000, 12000, "up_to") for q in ("up to", "as many as")],
    "`as many as more than 6 million`": [
        ("as many as more than 6 million", 6e6, 6e6, "more_than")],
    "`one-thousand`, `twenty-five`": [
        ("one-thousand", 1000, 1000, "exact"), ("twenty-five", 25, 25, "exact")],
    "`$300 (billion)`": [("$300 (billion)", 300e9, 300e9, "exact")],
    "`4 to 6 million`, `between 14,000 and 15,000`": [
        ("4 to 6 million", 4e6, 6e6, "range"),
        ("between 14,000 and 15,000", 14000, 15000, "range")],
    "`millions`": [("millions", 2e6, 2e6, "at_least")],
    "`several thousand`, `a few thousand`, `thousands`": [
        (q, 2000, 2000, "at_least") for q in ("several thousand", "a few thousand", "thousands")],
    "`hundreds of thousands`": [("hundreds of thousands", 200000, 200000, "at_least")],
    "`several dozen`": [("several dozen", 24, 24, "at_least")],
    "`an extra Patriot system`, `another`": [
        ("an extra", 1, 1, "exact"), ("another", 1, 1, "exact")],
}


@pytest.mark.parametrize("row", list(ROWS))
def test_qualifier_table_row(row: str) -> None:
    for text, low, high, qualifier in ROWS[row]:
        (q,) = find_quantities(f"They sent {text} of them.")
        assert (q.low, q.high, q.qualifier) == (low, high, qualifier), text


def test_the_table_tested_is_the_table_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    section = docs.split("### Quantity rules", 1)[1].split("\n\n", 2)[1]
    rows = [line.split(" | ")[0].lstrip("| ") for line in section.splitlines()
            if line.startswith("| `")]
    assert rows == list(ROWS)


# -- constants -----------------------------------------------------------------------------------

def test_about_tolerance_is_ten_percent_either_side() -> None:
    assert ABOUT_TOLERANCE == 0.10
    assert claim_interval("about", 100, 100) == pytest.approx((90, 110))


def test_up_to_n_reads_as_n_within_the_about_tolerance_below_it() -> None:
    assert claim_interval("up_to", 1000, 1000) == pytest.approx((900, 1000))
    assert claim_interval("at_least", 5, 5) == (5, float("inf"))


def _est(low: float | None, high: float | None, basis: str = "cumulative",
         until: date | None = None) -> Any:
    return SimpleNamespace(low=low, high=high, central=None, basis=basis, unit="person",
                           kept=[], set_aside=[], set_aside_codes={}, described_until=until)


def _claim(**kw: Any) -> Claim:
    base = dict(text="x", start=0, end=1, provider="PRK", recipient="RUS", category="troops",
                quantity_low=0, quantity_high=0, qualifier="exact", unit="person")
    return Claim(**{**base, **kw})


def _verdict(wanted: tuple[float, float], est: Any, when: str = "2025-04",
             exact: date | None = None) -> judge.Finding:
    return judge.judge_basis(_claim(), wanted, est, when, False, {}, [], exact)


def test_about_figure_touching_the_estimate_is_inside_just_beyond_is_outside() -> None:
    wanted = claim_interval("about", 100, 100)  # 90 to 110
    touching = _verdict(wanted, _est(110, 200))
    assert touching.verdict == "consistent" and touching.reason.startswith("it overlaps")
    assert _verdict(wanted, _est(110.01, 200)).verdict == "contradicted"
    assert _verdict(wanted, _est(90, 110.001)).reason.startswith("it lies within")
    assert _verdict(wanted, _est(90.001, 110.001)).reason.startswith("it overlaps")


def test_floor_reach_an_open_bound_backs_up_to_twice_it() -> None:
    assert judge.FLOOR_REACH == 2.0
    assert _verdict((800, 800), _est(400, None)).verdict == "consistent"
    above = _verdict((801, 801), _est(400, None))
    assert (above.verdict, above.direction) == ("unsupported", "overstates")


def test_floor_reach_an_upper_bound_alone_backs_down_to_half_of_it() -> None:
    assert _verdict((500, 500), _est(None, 1000)).verdict == "consistent"
    below = _verdict((499, 499), _est(None, 1000))
    assert (below.verdict, below.direction) == ("unsupported", "understates")


def _aged(days: int) -> Any:
    return _est(100, 100, until=date(2025, 4, 30) - timedelta(days=days))


def test_stale_days_a_running_total_older_than_31_days_may_have_grown() -> None:
    assert judge.STALE_DAYS == 31
    assert _verdict((150, 150), _aged(31)).verdict == "contradicted"
    assert _verdict((150, 150), _aged(32)).verdict == "unsupported"


def test_stale_growth_no_more_than_twice_the_newest_figure() -> None:
    assert judge.STALE_GROWTH == 2.0
    assert _verdict((200, 200), _aged(60)).verdict == "unsupported"
    assert _verdict((201, 201), _aged(60)).verdict == "contradicted"


def test_old_total_days_beyond_183_days_a_running_total_is_only_a_floor() -> None:
    assert judge.OLD_TOTAL_DAYS == 183
    assert _verdict((500, 500), _aged(183)).verdict == "contradicted"
    assert _verdict((500, 500), _aged(184)).verdict == "unsupported"


def test_stale_rules_do_not_apply_to_stocks() -> None:
    stock = _est(100, 100, basis="in_country", until=date(2025, 1, 1))
    assert _verdict((150, 150), stock).verdict == "contradicted"


def test_a_later_running_total_does_not_refute_a_lower_claim_of_an_earlier_day() -> None:
    est = _est(100, 100, until=date(2025, 4, 20))
    assert _verdict((50, 50), est, exact=date(2025, 4, 20)).verdict == "contradicted"
    assert _verdict((50, 50), est, exact=date(2025, 4, 19)).verdict == "unsupported"


def test_same_start_days_flows_start_within_62_days() -> None:
    assert SAME_START_DAYS == 62
    assert _same_start("2024-01", "2024-03-03")  # 62 days after 1 January
    assert not _same_start("2024-01", "2024-03-04")


def test_flow_days_a_period_shorter_than_183_days_is_a_flow() -> None:
    assert FLOW_DAYS == 183
    row = SimpleNamespace(period_start="2024-01-01", period_end="2024-07-01")  # 182 days
    assert _is_flow(row)
    assert not _is_flow(SimpleNamespace(period_start="2024-01-01", period_end="2024-07-02"))


def test_max_sentence_chars_cuts_text_without_full_stops() -> None:
    assert MAX_SENTENCE_CHARS == 1000
    word = "word "
    exact = (word * 200).strip() + "x"  # 1,000 characters
    assert len(exact) == 1000 and len(split_sentences(exact)) == 1
    assert len(split_sentences(exact + "y")) == 2


def test_min_quote_chars_a_quote_of_30_characters_identifies_the_article() -> None:
    assert MIN_QUOTE_CHARS == 30
    quote = "a" * 30
    text = f"before {quote} after"
    assert OwnSource(text).matches(SimpleNamespace(id="1", quote=quote), None)
    assert not OwnSource(text).matches(SimpleNamespace(id="2", quote=quote[:29]), None)


def test_min_latin_share_half_the_letters() -> None:
    assert MIN_LATIN_SHARE == 0.5
    assert latin_share("abcd" + "абвг") == 0.5  # not below: not flagged by script
    assert latin_share("abc" + "абвг") < MIN_LATIN_SHARE


def test_max_bytes_two_million() -> None:
    assert MAX_BYTES == 2_000_000
    assert len(decode_text(b"a" * MAX_BYTES)) == MAX_BYTES
    with pytest.raises(ClaimsError, match="limit"):
        decode_text(b"a" * (MAX_BYTES + 1))


def _filler(n: int) -> str:
    return " ".join(["The weather was cold there."] * n)


def test_ctx_sentences_a_provider_named_three_sentences_back_stands_for_it() -> None:
    assert CTX_SENTENCES == 3
    near = extract_claims(f"North Korea is an ally. {_filler(3)} It sent 1,000 shells to Russia.")
    assert [c.provider for c in near] == ["PRK"]
    far = extract_claims(f"North Korea is an ally. {_filler(4)} It sent 1,000 shells to Russia.")
    assert far == []


def test_max_citations_five(tmp_path: Path) -> None:
    assert judge.MAX_CITATIONS == 5
    led = open_ledger(tmp_path / "c.db", bundled=False)
    sources, rows = [], []
    for i in range(6):
        src = Source(publisher=f"Wire {i}", url=f"https://e.org/{i}", published="2025-04-10")
        src = src.model_copy(update={"id": src.id or f"s{i}"})
        sources.append(src)
        rows.append(Observation(provider="PRK", recipient="RUS", category="troops",
                                unit="person", quantity_low=14000, quantity_high=14000,
                                basis="cumulative", as_of="2025-04", source_id=src.id))
    led.add(sources, rows)
    (verdict,) = check_text("North Korea has sent 14,000 troops.", led, date="2025-04-30").verdicts
    assert verdict.verdict == "consistent" and len(verdict.citations) == 5
    led.close()


def test_a_floor_sides_with_a_claim_only_if_twice_it_reaches_the_claim() -> None:
    def sides(floor: float) -> bool:
        return judge._sides((1000, 1000), SimpleNamespace(
            qualifier="more_than", quantity_low=floor, quantity_high=floor))

    assert sides(500) and not sides(499)


def test_vague_plural_is_at_least_twice_its_multiplier() -> None:
    (q,) = find_quantities("tens of thousands")
    assert (q.low, q.qualifier) == (20000, "at_least")
    assert re.search("twice", DOCS.read_text(encoding="utf-8"))


def test_a_casualty_count_below_the_running_total_is_not_refuted() -> None:
    claim = _claim(category="casualties")
    low = judge.judge_basis(claim, (3, 3), _est(100, 200), "2024-12", False, {}, [], None)
    assert (low.verdict, low.direction) == ("unsupported", "understates")
    troops = _verdict((3, 3), _est(100, 200))
    assert troops.verdict == "contradicted"


def test_conversion_tolerance_ten_percent_for_a_sum_in_another_currency(tmp_path: Path) -> None:
    import math

    from currency_converter import CurrencyConverter

    from warledger.claims.check import CONVERSION_TOLERANCE

    assert CONVERSION_TOLERANCE == 0.10
    led = open_ledger(tmp_path / "m.db", bundled=False)
    src = Source(publisher="Kiel", url="https://e.org/kiel", published="2025-03-10")
    src = src.model_copy(update={"id": src.id or "k"})
    led.add([src], [Observation(provider="USA", recipient="UKR", category="total_aid_value",
                                unit="EUR", quantity_low=100e9, quantity_high=100e9,
                                basis="allocated", period_start="2022-01",
                                period_end="2025-02-28", source_id=src.id)])
    rate = CurrencyConverter(fallback_on_missing_rate=True).convert(
        1, "USD", "EUR", date=date(2025, 3, 31))
    edge = 100 / (rate * 1.1)  # billions of dollars whose upper reading touches EUR 100 bn
    inside, outside = math.ceil(edge * 10) / 10, math.floor(edge * 0.99 * 10) / 10

    def verdict(billions: float) -> str:
        text = f"The US gave Ukraine ${billions} billion."
        return check_text(text, led, date="2025-03-20").verdicts[0].verdict

    assert verdict(inside) == "consistent"
    assert verdict(outside) == "contradicted"
    led.close()
    # the reading itself: the converted sum, 10 % either side
    from warledger.claims.check import _wanted

    claim = _claim(category="total_aid_value", unit="USD", quantity_low=100e9,
                   quantity_high=100e9, provider="USA", recipient="UKR")
    (low, high), read = _wanted(claim, "2025-03")
    assert (low, high) == pytest.approx((100e9 * rate * 0.9, 100e9 * rate * 1.1))
    assert "2025-03-31" in read and "+-10%" in read


def test_a_difference_is_not_a_claim_even_after_a_bracketed_equivalent() -> None:
    text = ("The US allocated 23 billion euros (26 billion dollars) less. The US leads, with "
            "1 billion euro (1,1 billion dollars) more than Europe.")
    assert extract_claims(text) == []


def test_russias_own_use_needs_the_verb_right_before_the_figure() -> None:
    (own,) = extract_claims("Russia has already used more than 400 Shahed-136 drones.")
    assert (own.provider, own.recipient, own.basis) == ("RUS", "UKR", "used")
    (sent,) = extract_claims("North Korea sent munitions Russia fires daily and over 100 "
                             "ballistic missiles.")
    assert sent.provider == "PRK"


# -- number words and small rules the mutation run (bench/mutation.py) showed unpinned -----------

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "a thousand": 1000,
    "a million": 1e6, "a billion": 1e9, "a dozen": 12,
    "two hundred and fifty": 250, "one thousand two hundred": 1200,
    "twenty-five thousand": 25000, "five hundred thousand": 500000,
}


@pytest.mark.parametrize(("words", "value"), list(NUMBER_WORDS.items()))
def test_number_words_read_as_written(words: str, value: float) -> None:
    from warledger.claims.numbers import parse_words

    assert parse_words(words) == value


def test_words_that_are_no_number_give_nothing() -> None:
    from warledger.claims.numbers import parse_words

    assert parse_words("and") is None and parse_words("several") is None


def test_year_pairs_and_falling_pairs_are_not_ranges() -> None:
    assert find_quantities("between 2022 and 2024") == []
    falling = find_quantities("15 to 10 troops")  # two figures, not a range
    assert [(q.low, q.high, q.qualifier) for q in falling] == [(15, 15, "exact"),
                                                               (10, 10, "exact")]


def test_amounts_of_a_billion_and_more_read_in_billions() -> None:
    from warledger.claims.model import fmt_amount

    assert fmt_amount(1e9) == "1.0 billion"
    assert fmt_amount(999_999_999) == "999,999,999"
    assert fmt_amount(float("inf")) == "no upper bound" and fmt_amount(None) == "?"


def test_the_summary_counts_each_verdict_once(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "s.db", bundled=False)
    report = check_text("North Korea sent 3,000 troops. Iran sent 400 drones.", led)
    assert report.to_dict()["summary"] == {"unsupported": 2}
    led.close()


def test_a_group_names_its_first_twelve_members() -> None:
    from warledger.claims.check import members_of

    led = open_ledger(":memory:", bundled=False)
    (verdict,) = check_text("The West has not sent any troops to Ukraine.", led).verdicts
    led.close()
    members = members_of("WEST")
    assert len(members) > 12
    listed = verdict.reason.split("members (", 1)[1]
    assert listed.startswith(", ".join(members[:12]) + ", ...)")


def test_a_single_positive_observation_refutes_a_negation(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "n.db", bundled=False)
    src = Source(publisher="Wire", url="https://e.org/n", published="2025-01-01")
    src = src.model_copy(update={"id": src.id or "n"})
    led.add([src], [Observation(provider="DEU", recipient="UKR", category="air_defense_systems",
                                unit="system", quantity_low=1, quantity_high=1,
                                basis="delivered", as_of="2024-12", source_id=src.id)])
    (verdict,) = check_text("Germany has not sent any air defense systems to Ukraine.",
                            led).verdicts
    assert verdict.verdict == "contradicted"
    led.close()


def test_a_gap_between_two_sums_is_no_claim_but_a_bare_sum_in_aid_takes_the_last_currency() -> None:
    text = ("The difference between the aid of Europe and that of the United States has grown "
            "to 23 billion euros. Europe provided 138 billion in military, financial and "
            "humanitarian aid to Ukraine.")
    (claim,) = extract_claims(text)
    assert (claim.provider, claim.quantity_low, claim.unit) == ("EUROPE", 138e9, "EUR")
    # no currency named anywhere before: a bare sum is no claim
    assert extract_claims("Europe provided 138 billion in aid to Ukraine.") == []


def test_a_decimal_before_a_scale_word_stays_a_decimal() -> None:
    (q,) = find_quantities("EUR 1.100 billion")
    assert q.low == pytest.approx(1.1e9)
    (grouped,) = find_quantities("1.100 troops")
    assert grouped.low == 1100


def test_a_bare_scale_word_counts_one_of_it() -> None:
    from warledger.claims.numbers import parse_words

    assert parse_words("thousand") == 1000 and parse_words("hundred thousand") == 100000


def test_the_span_starts_at_a_qualifier_but_not_at_an_article() -> None:
    text = "sent the twenty-five tanks and about twenty-five jets"
    spans = [text[q.start:q.end] for q in find_quantities(text)]
    assert spans == ["twenty-five", "about twenty-five"]


def test_one_more_thing_counts_one_but_one_more_person_is_no_claim() -> None:
    (one,) = extract_claims("Germany sent an extra Patriot system to Ukraine.")
    assert (one.category, one.quantity_low) == ("air_defense_systems", 1)
    assert extract_claims("North Korea sent another soldier to Russia.") == []


def _negation_ledger(tmp_path: Path, quantity: float) -> Any:
    led = open_ledger(tmp_path / f"z{quantity}.db", bundled=False)
    src = Source(publisher="Wire", url="https://e.org/z", published="2025-01-01")
    src = src.model_copy(update={"id": src.id or "z"})
    led.add([src], [Observation(provider="DEU", recipient="UKR", category="troops",
                                unit="person", quantity_low=quantity, quantity_high=quantity,
                                basis="deployed", as_of="2024-12", source_id=src.id)])
    return led


def test_a_negation_the_ledger_records_only_as_zero_is_consistent(tmp_path: Path) -> None:
    led = _negation_ledger(tmp_path, 0)
    (verdict,) = check_text("Germany has not sent any troops to Ukraine.", led).verdicts
    assert verdict.verdict == "consistent"
    led.close()


def test_a_killed_only_figure_is_refuted_only_by_exceeding_all_casualties(
        tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "k.db", bundled=False)
    src = Source(publisher="Wire", url="https://e.org/k", published="2025-01-10")
    src = src.model_copy(update={"id": src.id or "k"})
    led.add([src], [Observation(provider="PRK", recipient="RUS", category="casualties",
                                unit="person", quantity_low=3000, quantity_high=3000,
                                basis="cumulative", as_of="2025-01", source_id=src.id,
                                note="killed + wounded")])
    below = check_text("About 1,000 North Korean soldiers were killed.", led,
                       date="2025-01-20").verdicts[0]
    assert below.claim.measure == "killed" and below.verdict == "unsupported"
    above = check_text("About 5,000 North Korean soldiers were killed.", led,
                       date="2025-01-20").verdicts[0]
    assert (above.verdict, above.direction) == ("contradicted", "overstates")
    led.close()


def test_a_day_the_month_does_not_have_keeps_the_month_and_never_stops_a_check() -> None:
    from warledger.claims.timeexpr import find_period

    assert find_period("as of 29 February, donors gave", "2025-04-25").end == "2025-02"
    assert find_period("as of 29 February, donors gave", "2024-04-25").end == "2024-02-29"
    led = open_ledger(":memory:", bundled=False)
    text = "In total, as of 29 February, donors have allocated EUR 89.9 billion in aid."
    assert check_text(text, led, date="2025-04-25").verdicts[0].verdict == "unsupported"
    led.close()


def test_the_figure_a_claim_states_and_who_else_stated_it() -> None:
    from warledger.claims.check import MAX_SAME_FIGURE, _same_figure, figure_of

    assert figure_of((90, 110)) == 100 and figure_of((400, float("inf"))) == 400
    assert MAX_SAME_FIGURE == 2

    def row(i: int, low: float, high: float, qualifier: str = "exact") -> Any:
        return SimpleNamespace(id=f"o{i}", source_id=f"s{i}", quantity_low=low,
                               quantity_high=high, qualifier=qualifier, provider="PRK",
                               category="troops", unit="person", basis="cumulative",
                               period_end=None, as_of=None)

    rows = [row(0, 14000, 14000), row(1, 10000, 12000), row(2, 11000, 11000),
            row(3, 11000, 11000, "more_than"), row(4, 11000, 11000), row(5, 11000, 11000)]
    sources = {f"s{i}": SimpleNamespace(publisher=f"Wire {i}", published=f"2024-1{i % 3}-01",
                                        url="", reliability="B", credibility="2", id=f"s{i}")
               for i in range(6)}
    cited = _same_figure((11000, 11000), rows, sources, [{"observation_id": "o5"}])
    # the very figure first (not the range, not the floor, not one already cited), earliest
    assert [c["publisher"] for c in cited] == ["Wire 4", "Wire 2"]
    assert all(c["role"] == "states this figure" for c in cited)


def test_suffix_scales() -> None:
    for text, value in (("17k", 17e3), ("2.5bn", 2.5e9), ("3b", 3e9), ("4m", 4e6)):
        (q,) = find_quantities(f"EUR {text}" if text[-1] == "b" else text)
        assert q.low == value, text
