"""Rules of claims/numbers.py and claims/fields.py that surviving mutants showed unpinned
(issue 18). Each test derives its expectation from the rule in docs/claims.md or the module's
docstring and, for a threshold, puts one case just inside and one just outside it."""

from __future__ import annotations

import pytest

from warledger.claims import extract_claims
from warledger.claims.fields import basis, measure, money_category
from warledger.claims.numbers import Quantity, find_quantities


def _read(text: str) -> list[tuple[str, float, float, str]]:
    return [(text[q.start:q.end], q.low, q.high, q.qualifier) for q in find_quantities(text)]


def _only(text: str) -> Quantity:
    (q,) = find_quantities(text)
    return q


# --- scales and flags ------------------------------------------------------------------------

def test_trillion_is_a_million_millions() -> None:
    q = _only("Russia's $2 trillion economy cannot match Western output")
    assert (q.low, q.currency) == (2_000_000_000_000, "USD")


def test_suffixes_m_and_mn_are_millions() -> None:
    assert _only("Estonia gave EUR 40m in ammunition").low == 40_000_000
    assert _only("Estonia gave EUR 40mn in ammunition").low == 40_000_000


def test_only_a_vague_plural_is_flagged_vague() -> None:
    vague = _only("North Korea has shipped thousands of containers of shells")
    assert (vague.low, vague.qualifier, vague.vague) == (2000, "at_least", True)
    assert not _only("North Korea has sent 14,000 troops").vague
    assert not _only("North Korea has sent about 14,000 troops").vague


def test_an_extra_or_another_is_one_and_flagged_as_the_word_one() -> None:
    extra = _only("Germany sent an extra Patriot system")
    assert (extra.low, extra.qualifier, extra.word_one, extra.vague) == (1, "exact", True, False)
    assert not _only("Germany sent 3 Patriot systems").word_one


def test_a_bare_dozen_is_no_figure_but_a_dozen_is_twelve() -> None:
    assert _read("Iranian-designed drones now reach Russia by the dozen") == []
    assert _read("Pyongyang sent a dozen trains of shells") == [("a dozen", 12, 12, "exact")]


# --- not figures: day numbers, years, model names --------------------------------------------

def test_a_day_number_after_a_month_is_at_most_31() -> None:
    assert _read("Since Oct. 31 ships have carried North Korean shells") == []
    assert _read("Since Oct. 32 ships have carried North Korean shells") == [
        ("32", 32, 32, "exact")]


@pytest.mark.parametrize(("figure", "is_year"), [
    ("1899", False), ("1900", True), ("2100", True), ("2101", False)])
def test_a_bare_year_lies_between_1900_and_2100(figure: str, is_year: bool) -> None:
    found = _read(f"Russia has fired {figure} Iranian drones")
    assert found == ([] if is_year else [(figure, float(figure), float(figure), "exact")])


def test_a_grouped_or_scaled_figure_in_the_year_range_is_no_year() -> None:
    for text, value in (("2,000", 2000), ("2 thousand", 2000), ("2k", 2000),
                        ("two thousand", 2000)):
        q = _only(f"North Korea sent {text} troops to Kursk")
        assert (q.low, q.qualifier) == (value, "exact"), text
    (q,) = find_quantities("between 2 and 3 thousand North Korean troops")
    assert (q.low, q.high, q.qualifier) == (2000, 3000, "range")


def test_a_model_number_is_under_1000_after_a_capitalised_word() -> None:
    assert _read("Germany sent 18 Leopard 2 tanks") == [("18", 18, 18, "exact")]
    assert _read("Leopard 2 tanks from Germany reached the front") == []
    assert _read("Since Monday 1000 Iranian-designed drones have hit Ukraine") == [
        ("1000", 1000, 1000, "exact")]


def test_a_capitalised_function_word_before_a_figure_is_no_model_name() -> None:
    assert _read("About 300 North Korean soldiers were captured") == [
        ("About 300", 300, 300, "about")]
    assert _read("Some 600 North Korean soldiers were killed") == [
        ("Some 600", 600, 600, "about")]


def test_an_actor_named_right_before_a_figure_is_no_model_name() -> None:
    assert _read("Iran sent Russia 400 Shahed drones") == [("400", 400, 400, "exact")]
    (claim,) = extract_claims("The US sent Ukraine 31 Abrams tanks.")
    assert (claim.quantity_low, claim.provider, claim.recipient) == (31, "USA", "UKR")


def test_model_names_are_short_a_long_place_name_before_a_figure_is_no_model() -> None:
    # the word before a figure is read within 12 characters: 'Zaporizhzhia' (12 letters)
    # plus its space is too long for a model name, 'Leopard' is not
    assert _read("Russia launched at Zaporizhzhia 120 Shahed drones") == [
        ("120", 120, 120, "exact")]
    assert _read("Ukraine lost one Leopard 2 near Robotyne") == [("one", 1, 1, "exact")]


# --- spans and qualifiers ------------------------------------------------------------------

def test_an_exact_qualifier_is_not_part_of_the_span_except_a_total_of() -> None:
    assert _read("the 12,000 troops") == [("12,000", 12000, 12000, "exact")]
    assert _read("exactly 300 shells") == [("300", 300, 300, "exact")]
    assert _read("a total of 300 shells") == [("a total of 300", 300, 300, "exact")]
    assert _read("only 2,000 and 1,500 North Korean troops remain")[0] == (
        "2,000", 2000, 2000, "exact")


# --- ranges ----------------------------------------------------------------------------------

def test_a_range_first_figure_takes_the_scale_word_of_the_second() -> None:
    assert _read("4 to 6 million shells") == [("4 to 6 million", 4e6, 6e6, "range")]
    assert _read("between 8 and 12,000 shells a day") == [
        ("between 8 and 12,000", 8, 12000, "range")]
    assert _read("from 700,000 to 1 million Russian casualties") == [
        ("from 700,000 to 1 million", 700_000, 1_000_000, "range")]


def test_a_range_first_figure_under_a_thousandth_of_the_second_shares_its_scale() -> None:
    # 4,999 is under 5 million / 1000: read as 4,999 million, above the second: no range
    inside = find_quantities("between 4,999 and 5 million shells")
    assert not any(q.qualifier == "range" for q in inside)
    assert inside[0].low == 4999
    assert _read("between 5,000 and 5 million shells") == [
        ("between 5,000 and 5 million", 5000, 5e6, "range")]


def test_a_range_of_number_words_is_a_range_and_a_hyphenated_number_word_is_one_figure() -> None:
    assert _read("between two and three thousand North Korean troops") == [
        ("between two and three thousand", 2000, 3000, "range")]
    assert _read("twenty-five tanks") == [("twenty-five", 25, 25, "exact")]


def test_a_hyphenated_range_of_sums_keeps_its_currency() -> None:
    (q,) = find_quantities("The US gave $1.5-$2 billion in aid")
    assert (q.low, q.high, q.qualifier, q.currency) == (1.5e9, 2e9, "range", "USD")


def test_a_range_takes_the_currency_of_either_figure() -> None:
    first = _only("Germany pledged €4 to 6 billion in military aid")
    second = _only("Germany pledged 4 to 6 billion euros in military aid")
    assert (first.low, first.high, first.currency) == (4e9, 6e9, "EUR")
    assert (second.low, second.high, second.currency) == (4e9, 6e9, "EUR")


def test_a_range_after_a_word_ending_like_an_ordinal_is_still_a_range() -> None:
    assert _read("the first 100 to 200 North Korean soldiers") == [
        ("100 to 200", 100, 200, "range")]


def test_an_equal_pair_is_no_range() -> None:
    assert _read("between 3,000 and 3,000 troops") == [("3,000", 3000, 3000, "exact")] * 2
    assert _read("between 3,000 and 3,001 troops") == [
        ("between 3,000 and 3,001", 3000, 3001, "range")]


def test_a_range_of_measures_is_no_figure() -> None:
    assert _read("Russian glide bombs hit targets 40 to 70 km behind the front") == []
    assert _read("North Korea sent 40 to 70 howitzers") == [("40 to 70", 40, 70, "range")]


def test_a_pair_joined_by_and_keeps_its_first_grouped_figure_even_in_the_year_range() -> None:
    found = _read("Kyiv says 2,000 and 1,500 North Korean troops were moved")
    assert found[0] == ("2,000", 2000, 2000, "exact")


# --- fields: attribution, casualty part, recipient, basis -------------------------------------

def _claim(sentence: str):  # type: ignore[no-untyped-def]
    (claim,) = extract_claims(sentence)
    return claim


def test_according_to_names_who_the_figure_comes_from() -> None:
    claim = _claim("According to the Pentagon, North Korea has sent about 11,000 troops to Russia.")
    assert (claim.quantity_low, claim.attributed_to) == (11000, "the Pentagon")


def test_killed_or_wounded_and_killed_and_wounded_count_both_parts() -> None:
    assert measure("killed or wounded") is None
    assert measure("killed and wounded") is None
    assert (measure("killed"), measure("wounded"), measure("lost")) == ("killed", "wounded", None)
    claim = _claim("North Korea has lost about 4,000 troops killed or wounded in Kursk.")
    assert (claim.category, claim.measure) == ("casualties", None)


def test_the_recipient_is_the_nearest_explicit_recipient() -> None:
    tanks, drones = extract_claims(
        "The US sent 31 Abrams tanks to Ukraine, while Iran sent 400 Shahed drones to Russia.")
    assert (tanks.provider, tanks.recipient) == ("USA", "UKR")
    assert (drones.provider, drones.recipient) == ("IRN", "RUS")


def test_sent_is_deployed_for_people_and_other_cues_keep_their_basis() -> None:
    assert _claim("North Korea pledged 10,000 troops.").basis == "pledged"
    assert _claim("North Korea sent 10,000 troops to Russia.").basis == "deployed"
    assert _claim("Germany has delivered 18 Leopard tanks.").basis == "delivered"


def test_the_nearest_basis_cue_wins_before_or_after_the_figure() -> None:
    assert _claim("North Korea pledged 10,000 troops, which were deployed in Kursk.").basis == (
        "pledged")
    assert _claim("North Korea, which pledged at a summit in June to back the war, has 11,000 "
                  "troops deployed in Kursk.").basis == "deployed"


def test_equally_near_basis_cues_the_one_before_the_figure_wins() -> None:
    claim = _claim("North Korea supplied 5 million shells used by Russian gunners.")
    assert (claim.quantity_low, claim.basis) == (5_000_000, "delivered")


def test_materiel_deployed_reads_delivered_but_in_country_stays() -> None:
    assert _claim("The US deployed 2 Patriot batteries to Ukraine.").basis == "delivered"
    assert _claim("Ukraine has only 6 Patriot systems from its Western partners.").basis == (
        "in_country")


def test_a_basis_cue_opening_the_sentence_counts() -> None:
    claim = _claim("Pledged at the summit in Pyongyang were 10,000 North Korean troops for Russia.")
    assert (claim.quantity_low, claim.basis) == (10000, "pledged")


#: neutral words (no basis cue, no money word) to put a cue a given number of characters away
_FILLER = "according to the Kiel Institute for the World Economy in its latest tracker release "


def _filler(n: int) -> str:
    text = (_FILLER * (n // len(_FILLER) + 1))[:n]
    return text[:-1] + " " if n else ""


def _basis_of(sentence: str, category: str = "troops") -> str | None:
    q = find_quantities(sentence)[0]
    head_end = sentence.index("troops", q.end) + len("troops")
    return basis(sentence, q.start, head_end, category)


@pytest.mark.parametrize(("gap", "expected"), [(60, "pledged"), (61, None)])
def test_basis_window_a_cue_at_most_60_characters_before_the_figure(
        gap: int, expected: str | None) -> None:
    # the cue 'pledged' starts `gap` characters before the figure
    sentence = "Pledged " + _filler(gap - len("Pledged ")) + "12,000 North Korean troops."
    assert sentence.index("12,000") - gap == 0
    assert _basis_of(sentence) == expected


@pytest.mark.parametrize(("gap", "expected"), [(45, "deployed"), (46, None)])
def test_basis_window_a_cue_ending_at_most_45_characters_after_the_noun(
        gap: int, expected: str | None) -> None:
    # the cue 'deployed' ends `gap` characters after the head noun 'troops'
    start = "About 12,000 North Korean troops "
    sentence = start + _filler(gap - 1 - len("deployed")) + "deployed."
    assert sentence.index("deployed") + len("deployed") - (len(start) - 1) == gap
    assert _basis_of(sentence) == expected


# --- fields: the aid category of a sum from the words near it ---------------------------------

def _money(before: str, after: str, sum_text: str = "EUR 28 billion") -> str:
    sentence = before + sum_text + after
    (q,) = [q for q in find_quantities(sentence) if sentence[q.start:q.end] == sum_text]
    return money_category(sentence, q)


def test_military_humanitarian_and_financial_after_a_sum_is_total_aid() -> None:
    assert _money("Since February 2022 the EU and its member states have provided ",
                  " so far in military, humanitarian and financial support.") == "total_aid_value"
    assert _money("The EU and its member states have provided ",
                  " so far in military equipment.") == "military_aid_value"


@pytest.mark.parametrize(("gap", "expected"), [(60, "total_aid_value"),
                                               (61, "military_aid_value")])
def test_money_window_military_humanitarian_ending_within_60_characters_after_is_total_aid(
        gap: int, expected: str) -> None:
    # 'military, humanitarian' ends `gap` characters after the sum; the word 'military' alone
    # is near enough to make it military aid
    combo = "military, humanitarian"
    assert _money("Germany has given ", " " + _filler(gap - 1 - len(combo)) + combo
                  + " and financial help.") == expected


def test_aid_right_after_a_sum_makes_it_total_aid_whatever_else_is_near() -> None:
    assert _money("Norway gave ", " in aid last year on top of earlier weapons deliveries.",
                  "EUR 1 billion") == "total_aid_value"
    assert _money("Norway gave ", " last year on top of earlier weapons deliveries.",
                  "EUR 1 billion") == "military_aid_value"


@pytest.mark.parametrize(("gap", "expected"), [(30, "total_aid_value"),
                                               (31, "military_aid_value")])
def test_money_window_aid_ending_within_30_characters_after_the_sum(
        gap: int, expected: str) -> None:
    after = " " + _filler(gap - 1 - len("aid")) + "aid, on top of weapons deliveries."
    assert after.index("aid,") + len("aid") == gap
    assert _money("Norway gave ", after, "EUR 1 billion") == expected


@pytest.mark.parametrize(("gap", "expected"), [(60, "humanitarian_aid_value"),
                                               (61, "military_aid_value")])
def test_money_window_a_category_word_within_60_characters_after_the_sum(
        gap: int, expected: str) -> None:
    # 'humanitarian aid' ends `gap` characters after the sum; 'military' further on (within
    # 100 characters) decides only when nothing nearer does
    words = "humanitarian aid"
    after = " " + _filler(gap - 1 - len(words)) + words + ", and little for the military."
    assert after.index(words) + len(words) == gap
    assert after.index("military") + len("military") <= 100
    assert _money("Norway gave ", after, "EUR 1 billion") == expected


@pytest.mark.parametrize(("gap", "expected"), [(60, "humanitarian_aid_value"),
                                               (61, "military_aid_value")])
def test_money_window_a_category_word_within_60_characters_before_the_sum(
        gap: int, expected: str) -> None:
    # 'Humanitarian aid' starts `gap` characters before the sum; 'military' after it, beyond
    # 60 characters but within 100, decides only when nothing nearer does
    words = "Humanitarian aid "
    before = words + _filler(gap - len(words))
    after = " " + _filler(70) + "and the military."
    assert after.index("military") + len("military") <= 100
    assert _money(before, after, "EUR 1 billion") == expected


def test_a_category_word_opening_the_sentence_counts() -> None:
    # the sum starts 81 characters in: beyond the near window, within the wide one
    before = "Military help from Germany, Europe's largest donor by far, has reached "
    assert 60 < len(before) <= 100
    assert _money(before, ".") == "military_aid_value"
    assert _money("Humanitarian aid from Norway reached ", " " + _filler(70) + "and the military.",
                  "EUR 1 billion") == "humanitarian_aid_value"


@pytest.mark.parametrize(("gap", "expected"), [(100, "military_aid_value"),
                                               (101, "total_aid_value")])
def test_money_window_a_category_word_within_100_characters_before_the_sum(
        gap: int, expected: str) -> None:
    before = "Military " + _filler(gap - len("Military "))
    assert _money(before, ".") == expected


@pytest.mark.parametrize(("gap", "expected"), [(100, "military_aid_value"),
                                               (101, "total_aid_value")])
def test_money_window_a_category_word_ending_within_100_characters_after_the_sum(
        gap: int, expected: str) -> None:
    after = " " + _filler(gap - 1 - len("military")) + "military."
    assert after.index("military") + len("military") == gap
    assert _money("Germany has given ", after) == expected
