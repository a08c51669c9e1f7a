"""Numbers, words and chart geometry for readers: each rule pinned from both sides."""

from __future__ import annotations

import re
from datetime import date

import pytest

from warledger.web import charts
from warledger.web.format import (
    clean_title,
    figure,
    human,
    lineage,
    lineage_summary,
    month_label,
    public_url,
    reader_note,
    unit_words,
)


@pytest.mark.parametrize(("value", "text"), [
    (999_999, "999,999"),          # just under a million: written in full
    (1_000_000, "1 m"),            # a million: the short form starts
    (2_500_000, "2.5 m"),
    (999_000_000, "999 m"),        # just under a billion
    (1_000_000_000, "1 bn"),       # a billion
    (4_500_000_000, "4.5 bn"),
    (1e12, "1,000 bn"),            # the axis that used to read 1e+03bn
    (0, "0"), (1000, "1,000"), (0.5, "0.5"),
])
def test_human_numbers_switch_units_at_a_million_and_a_billion(value: float, text: str) -> None:
    assert human(value) == text
    assert "e+" not in human(value)


def test_figures_say_their_qualifier_in_words() -> None:
    assert figure(64, 64, "at_least") == "at least 64"
    assert figure(64, 64, "exact") == "64"
    assert figure(10_000, 12_000, "range") == "10,000\u201312,000"
    assert figure(3000, 3000, "about") == "about 3,000"


def test_months_read_as_words() -> None:
    assert month_label("2022-01") == "Jan 2022" and month_label("2024-12") == "Dec 2024"
    assert month_label("2024-13") == "2024-13"  # not a month: left alone


def test_units_in_words_plural_except_one_and_money() -> None:
    assert unit_words("person", 3) == "people" and unit_words("person", 1) == "person"
    assert unit_words("port_call", 64) == "port calls" and unit_words("EUR", 5) == "EUR"


def test_internal_notes_are_removed_and_the_rest_kept() -> None:
    note = "US officials' initial estimate: about 3,000. (from shared/facts, not re-read)"
    assert reader_note(note) == "US officials' initial estimate: about 3,000."
    assert reader_note("AFP wire copy; confirms the shared/facts am1.news figure.") == \
        "AFP wire copy"
    assert reader_note("Plain note (with a bracket).") == "Plain note (with a bracket)."


def test_lineage_hides_server_folders_and_counts_settings() -> None:
    derived = ["file:/srv/data/tracks.parquet#sha256=" + "ab" * 32, "param:min_stay_h=6",
               "param:engine=polars"]
    info = lineage(derived)
    assert info["files"] == [{"name": "tracks.parquet", "sha256": "ab" * 6}]
    assert info["params"] == {"min_stay_h": "6", "engine": "polars"}
    assert lineage_summary(derived) == "computed from tracks.parquet with 2 settings"
    assert "/srv" not in repr(info) + lineage_summary(derived)
    assert public_url("file:/srv/data/x") == "" and public_url("https://a.org/x") == \
        "https://a.org/x"


def test_titles_lose_their_parameter_list() -> None:
    assert clean_title("AIS analysis: voyages PRK -> RUS, parameters count=voyages, "
                       "engine=polars") == "AIS analysis: voyages PRK -> RUS"
    assert clean_title("Ukraine Support Tracker, Release 29") == \
        "Ukraine Support Tracker, Release 29"


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_month_chart_is_linear_from_zero_with_labelled_axes() -> None:
    bars = [charts.MonthBar("2022-01", 0), charts.MonthBar("2022-02", 300),
            charts.MonthBar("2022-03", 6000)]
    chart = charts.month_chart(bars, "EUR", "aid per month")
    texts = _texts(chart.wide)
    assert "0" in texts and "Jan 2022" in texts and "22-01" not in texts
    assert 'class="axis-label x"' in chart.wide and 'class="axis-label y"' in chart.narrow
    heights = [float(h) for h in re.findall(r'<rect class="bar to-rus"[^>]*height="([\d.]+)"',
                                            chart.wide)]
    assert heights[0] == 0  # a zero is drawn at zero, not at a log baseline
    assert heights[2] == pytest.approx(heights[1] * 20, rel=0.01)  # 6,000 is 20 times 300


def test_lower_bounds_are_drawn_apart_from_exact_figures() -> None:
    chart = charts.month_chart([charts.MonthBar("2024-01", 3, lower_bound=True),
                                charts.MonthBar("2024-02", 5)], "voyage", "voyages")
    assert chart.wide.count('class="bar lower') == 1
    assert "at least 3" in chart.wide
    point = charts.Point(date(2024, 1, 1), 10, 10, "more than 10", "/s", bound="lower")
    assert 'class="pt lower' in charts.timeline_chart([point], "person", "t").wide


def test_chart_ids_are_unique_per_chart_and_layout() -> None:
    a = charts.month_chart([charts.MonthBar("2024-01", 1)], "x", "first")
    b = charts.month_chart([charts.MonthBar("2024-01", 1)], "x", "second")
    ids = re.findall(r' id="([^"]+)"', a.wide + a.narrow + b.wide + b.narrow)
    assert len(ids) == 8 and len(set(ids)) == 8


def test_estimate_is_a_separate_whisker_not_a_box_over_the_bar() -> None:
    bar = charts.Bar("DEU \u2192 UKR", 1e9, 2e9, "to-ukr", "/s", 20e9, 24e9)
    chart = charts.range_chart([bar], "EUR", "aid")
    assert '<g class="estimate">' in chart.wide and "estimate 20 bn\u201324 bn" in chart.wide
    assert 'class="estimate" x=' not in chart.wide  # no rectangle drawn across the bar
    same = charts.range_chart([charts.Bar("A", 5, 5, "to-rus", "/s", 5, 5)], "x", "one")
    assert '<g class="estimate">' not in same.wide  # an estimate equal to the one figure


def test_standalone_svg_is_a_file_with_its_own_styling() -> None:
    chart = charts.month_chart([charts.MonthBar("2024-01", 1)], "x", "alone")
    svg = chart.standalone()
    assert svg.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert 'fill="#b3261e"' in svg and "narrow" not in svg
