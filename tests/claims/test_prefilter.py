"""The first-character lookaheads never change what the grammar's alternations match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.claims import lexicon as lx
from warledger.claims.prefilter import lead

FLAGS = re.IGNORECASE | re.ASCII
PLAIN_ACTORS = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<a{i}>{p})" for i, (p, _) in enumerate(lx.ACTOR_ALIASES))
    + r")(?![\w-])", FLAGS)
WORDS = ["the", "West", "western", "donors", "EU", "European", "U.S.", "US", "Russia", "Kremlin",
         "North", "Korea", "Pyongyang", "Iran", "Tehran", "Ukraine", "Kyiv", "allies", "sent",
         "11,000", "troops", "to", "from", "-", "(", ")", "Britain", "uk", "Czechia", "usa"]


def test_lead_is_the_first_characters_in_both_cases() -> None:
    assert lead(r"\b(?:used|fired)\b") == "(?=[FUfu])"
    assert lead(r"(?:the )?west") == "(?=[TWtw])"  # an optional part: its successor too


def test_no_lead_where_the_first_character_is_not_known() -> None:
    assert lead(r"\w+ troops") == ""       # a class of unknown members
    assert lead(r"(?=x)x") == ""           # a lookaround
    assert lead(r"(?:abc)?") == ""         # may match the empty string
    assert lead(r"[^a]bc") == ""           # a negated class


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25))
def test_actor_scanner_matches_as_without_prefilter(words: list[str]) -> None:
    text = " ".join(words)
    got = [(m.span(), m.lastgroup) for m in lx.ACTOR_RE.finditer(text)]
    assert got == [(m.span(), m.lastgroup) for m in PLAIN_ACTORS.finditer(text)]
