from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from warledger.ledger.dates import first_day, last_day, parse_partial
from warledger.ledger.models import Observation, Source


def obs(**overrides: object) -> Observation:
    data: dict[str, object] = dict(provider="PRK", recipient="RUS", category="troops",
                                   quantity_low=14000, quantity_high=14000, qualifier="about",
                                   unit="person", basis="cumulative", as_of="2025-04",
                                   source_id="kbs-2025-04-16")
    data.update(overrides)
    return Observation(**data)  # type: ignore[arg-type]


def error_text(**overrides: object) -> str:
    with pytest.raises(ValidationError) as info:
        obs(**overrides)
    return str(info.value)


def test_id_is_derived_from_content_and_stable() -> None:
    assert obs().id == obs().id
    assert obs().id.startswith("obs-")
    assert obs(quantity_low=13000, quantity_high=13000).id != obs().id
    # one source may give the same count for two items, told apart by the note
    assert obs(note="Koksan guns").id != obs(note="240 mm launchers").id


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"provider": "XXX"}, "unknown actor code 'XXX'"),
        ({"category": "tanks"}, "unknown category 'tanks'"),
        ({"quantity_low": 20000}, "quantity_low 20000 is greater than quantity_high 14000"),
        ({"as_of": "2025-13"}, "has month 13"),
        ({"as_of": "April 2025"}, "'April 2025' is not a date; expected YYYY, YYYY-MM"),
        ({"unit": "round"}, "unit 'round' does not fit category 'troops'"),
        ({"qualifier": "exact", "quantity_high": 15000}, "qualifier 'exact' needs"),
        ({"period_start": "2025-03", "period_end": "2024-01"}, "is after period_end"),
        ({"quantity_low": -1}, "greater than or equal to 0"),
    ],
)
def test_invalid_observations_say_what_is_expected(overrides: dict[str, object],
                                                   expected: str) -> None:
    assert expected in error_text(**overrides)


def test_groups_and_states_are_actors() -> None:
    assert obs(provider="EUROPE", recipient="UKR", category="military_aid_value",
               unit="EUR", quantity_low=1e9, quantity_high=1e9, basis="allocated").provider == (
        "EUROPE")


def test_source_needs_identifiable_location() -> None:
    with pytest.raises(ValidationError, match="url or a title"):
        Source(publisher="Somebody")
    with pytest.raises(ValidationError, match="must start with http"):
        Source(publisher="Somebody", url="www.example.org")
    s = Source(publisher="Kiel Institute", url="https://www.ifw-kiel.de/", published="2024-04")
    assert s.id.startswith("src-") and s.grading == "F6"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from([4, 7, 10]))
def test_partial_dates_bound_the_day_they_were_cut_from(day: date, width: int) -> None:
    text = day.isoformat()[:width]
    parse_partial(text)
    assert first_day(text) <= day <= last_day(text)


@given(st.text(max_size=12))
def test_parse_partial_accepts_or_raises_value_error(text: str) -> None:
    try:
        year, month, day = parse_partial(text)
    except ValueError as err:
        assert "expected" in str(err) or "has" in str(err)
    else:
        assert 1900 <= year <= 2100


def test_model_literals_match_the_vocabulary() -> None:
    # the Literal types exist for static typing; they must never drift from the vocabulary
    from typing import get_args

    from warledger import vocabulary
    from warledger.ledger.models import Basis, Credibility, Qualifier, Reliability

    assert get_args(Qualifier) == vocabulary.QUALIFIERS
    assert get_args(Basis) == vocabulary.BASES
    assert get_args(Reliability) == vocabulary.RELIABILITY
    assert get_args(Credibility) == vocabulary.CREDIBILITY
