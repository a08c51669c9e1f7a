"""The fields of a claim read from its sentence: basis, category and casualty part, money
category, recipient, modality (forecast, conditional) and attribution. Helpers of
:mod:`warledger.claims.extract`; rules in docs/claims.md."""

from __future__ import annotations

import re

from warledger.claims import grammar as g
from warledger.claims import lexicon as lx
from warledger.claims.model import Claim
from warledger.claims.numbers import Quantity
from warledger.claims.prefilter import lead

PERSON_CATEGORIES = frozenset({"troops", "volunteers", "casualties"})
#: casualty words -> the part of the casualties they count (None: killed or wounded)
MEASURES = {"killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed",
            "lost": None, "wounded": "wounded", "injured": "wounded"}
_BASIS_RE = re.compile("|".join(f"{lead(regex.pattern)}(?P<b{i}>{regex.pattern})"
                                for i, (regex, _) in enumerate(lx.BASIS_CUES)),
                       re.I | re.A)  # ASCII cues; ASCII folding is faster


def modality(sentence: str) -> str | None:
    """'might send 200,000 more troops' is a forecast; 'if ... would' a conditional."""
    if g.CONDITIONAL.search(sentence) and re.search(r"\bwould\b", sentence, re.I):
        return "conditional"
    if g.FORECAST.search(sentence):
        return "forecast"
    return None


def attribution(sentence: str, mentions: list[g.Mention]) -> str | None:
    """Who the sentence says the figure comes from: a reporting actor, else a 'according to X'
    or 'X said' phrase."""
    for m in mentions:
        if m.role == "reporter":
            tail = g.REPORTER_SPAN.match(sentence, m.start)
            return tail.group(0).strip() if tail else sentence[m.start:m.end]
    said = re.search(r"\b(?i:according) to ((?:the )?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,5})",
                     sentence)
    if said:
        return said.group(1)
    return None


def resolve_category(sentence: str, head: g.Head, provider: str | None,
                      before: str = "") -> tuple[str | None, str | None]:
    """The category and, for casualties, the part counted (killed, wounded or both)."""
    category = head.category
    if category == "casualties":
        return category, measure(sentence[head.start:head.end])
    if category in ("troops", "people"):
        m = g.CASUALTY_BEFORE.search(before) or g.CASUALTY_AFTER.match(sentence[head.end:])
        if m:
            return "casualties", measure(m.group(1))
    if category == "people":
        return ("troops" if provider == "PRK" else "volunteers"), None
    if category == "missiles":
        return ("ballistic_missiles" if provider in ("PRK", "IRN") else None), None
    return category, None


def measure(word: str) -> str | None:
    low = word.lower()
    if " or " in low or " and " in low:
        return None
    for key, measure in MEASURES.items():
        if key in low:
            return measure
    return None


def owns_next(sentence: str, m: g.Mention, q: Quantity) -> bool:
    """A country named in a comparison is the provider of the figure right after it ('equal
    to the US allocation of EUR 43.1 billion'), not of one introduced by 'with'."""
    between = sentence[m.end:q.start]
    return m.end <= q.start and bool(re.fullmatch(
        r"(?:'s|’s)?\s*(?:(?!with\b)[a-z]+\s+){0,2}(?:of\s+)?", between))


def recipient(provider: str, pos: int, mentions: list[g.Mention]) -> str:
    explicit = [m for m in mentions if m.belligerent and m.role in ("recipient", "against")]
    if explicit:
        nearest = min(explicit, key=lambda m: abs(m.start - pos))
        if nearest.role == "against":
            return "RUS" if nearest.code == "UKR" else "UKR"
        return nearest.code
    return "RUS" if provider in lx.PRO_RUSSIA else "UKR"


def basis(sentence: str, q_start: int, head_end: int, category: str) -> str | None:
    if category == "casualties":
        return "cumulative"
    money = category.endswith("_value")
    lo, hi = max(0, q_start - 60), min(len(sentence), head_end + 45)
    best: tuple[int, str] | None = None
    for m in _BASIS_RE.finditer(sentence, lo, hi):
        assert m.lastgroup is not None
        if money and lx.BASIS_CUES[int(m.lastgroup[1:])][1] == "cumulative":
            continue  # 'in total' says how much money, not at which stage
        distance = q_start - m.end() if m.end() <= q_start else m.start() - head_end
        distance = max(distance, 0)
        if best is None or distance < best[0]:
            assert m.lastgroup is not None
            best = (distance, lx.BASIS_CUES[int(m.lastgroup[1:])][1])
    if best is None:
        return None
    basis = best[1]
    if category in PERSON_CATEGORIES and basis == "delivered":
        return "deployed"
    if category not in PERSON_CATEGORIES and basis in ("deployed", "in_country", "cumulative"):
        return "delivered" if basis != "in_country" else basis
    return basis


def measure_in(window: str) -> str | None:
    """'the number of wounded, killed, missing and captured' counts both."""
    killed = re.search(r"\b(?:killed|dead|deaths|died)\b", window, re.I)
    wounded = re.search(r"\b(?:wounded|injured)\b", window, re.I)
    if killed and not wounded:
        return "killed"
    if wounded and not killed:
        return "wounded"
    return None


def money_category(sentence: str, q: Quantity, earlier: list[Claim] | None = None,
                    ctx_category: str | None = None) -> str:
    """The aid category from the words near a sum, else anywhere in its sentence, else that of
    the sum just before it ('This is almost equal to the US allocation of EUR 43.1 billion')."""
    if re.search(r"military,? (?:humanitarian|financial)|(?:humanitarian|financial),? (?:and )?"
                 r"military", sentence[q.end: q.end + 60], re.I):
        return "total_aid_value"
    near = near_money_category(sentence, q)
    if near is not None:
        return near
    wide = sentence[max(0, q.start - 100): q.end + 100]
    if re.search(r"military,? (?:humanitarian|financial)", wide, re.I):
        return "total_aid_value"
    for regex, category in ((lx.MONEY_MILITARY, "military_aid_value"),
                            (lx.MONEY_HUMANITARIAN, "humanitarian_aid_value"),
                            (lx.MONEY_FINANCIAL, "financial_aid_value")):
        if regex.search(wide):
            return category
    if re.search(r"\b(?:aid|support|assistance)\b", wide, re.I):
        return "total_aid_value"
    if ctx_category is not None:
        return ctx_category
    return "total_aid_value"


def near_money_category(sentence: str, q: Quantity) -> str | None:
    after = sentence[q.end: q.end + 30]
    window = sentence[max(0, q.start - 60): q.end + 60]
    if lx.MONEY_TOTAL.search(after) and re.search(r"military,? (?:humanitarian|financial)",
                                                  after, re.I):
        return "total_aid_value"
    if lx.MONEY_MILITARY.search(after):
        return "military_aid_value"
    if re.search(r"\baid\b|support|assistance|package", after, re.I):
        return "total_aid_value"
    if re.search(r"military,? (?:humanitarian|financial)", window, re.I):
        return "total_aid_value"
    for regex, category in ((lx.MONEY_MILITARY, "military_aid_value"),
                            (lx.MONEY_HUMANITARIAN, "humanitarian_aid_value"),
                            (lx.MONEY_FINANCIAL, "financial_aid_value")):
        if regex.search(window):
            return category
    return None
