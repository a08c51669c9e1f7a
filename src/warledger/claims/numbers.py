"""Quantities in English news text: digits, number words, vague plurals, ranges, qualifiers.

``find_quantities(text)`` returns every quantity mention with its span, its interval and its
qualifier. Rules (see docs/claims.md):

* a point figure has ``low == high``; the qualifier carries the direction ("over 400" is
  ``more_than`` 400, "nearly 16,000" is ``about`` 16,000);
* a vague plural is ``at_least`` twice its multiplier: "millions" = 2,000,000, "several
  thousand" / "a few thousand" / "thousands" = 2,000, "hundreds of thousands" = 200,000,
  "several dozen" = 24;
* "a", "an extra", "another" before a singular noun are 1 (the caller decides whether a noun
  follows);
* model designators (F-16, KN-23, Shahed-136, Leopard 2), calibres and measures (152 mm,
  152-millimeter, 30%), dates (January 25) and years (2023) are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warledger.claims.lexicon import ACTOR_RE

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "dozen": 12,
}
SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
                 "b": 1_000_000_000}

QUALIFIERS: list[tuple[str, str]] = [
    (r"an estimated total of|an estimated|estimated|about|around|approximately|approx\.?"
     r"|roughly|some|nearly|almost|close to|circa|an approximate|just under|just shy of"
     r"|approaching|an estimated total of", "about"),
    (r"at least|no fewer than|no less than|a minimum of|at minimum", "at_least"),
    (r"more than|over|upwards of|in excess of|just over|above|a little over|well over",
     "more_than"),
    (r"as many as more than|as many as over", "more_than"),
    (r"up to|as many as|as much as|a maximum of|at most", "up_to"),
    (r"less than|fewer than|under|below", "less_than"),
    (r"a total of|exactly|precisely|the|only|all", "exact"),
]

_WORD = "|".join(sorted(list(SMALL) + list(SCALES), key=len, reverse=True))
_WORDNUM = rf"(?:(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*)"
#: 14,000 | 12 000 / 12\u00a0000 / 12\u202f000 (European, spaces) | 12.000 (European, dots; not
#: before a scale word, where '1.500 billion' is a decimal) | 1.6 | 400
_DIGITS = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"
           r"|\d{1,3}(?:\.\d{3})+(?![\d,]|\s*(?:thousand|million|billion|trillion|bn|mn|m)\b)"
           r"|\d+(?:\.\d+)?")
_SCALE = (r"(?:\s*(?:thousand|million|billion|trillion)|(?:k|bn|mn|m|b)(?![a-z])"
          r"|\s*\((?:thousand|million|billion)\))")
_CUR_PRE = r"(?:EUR|USD|GBP|US\$|\$|€|£)\s?"
_CUR_POST = r"\s+(?:euros?|dollars?|EUR|USD|pounds)\b"
_NUM = rf"(?:{_CUR_PRE})?(?:{_DIGITS})(?:{_SCALE})?(?:{_CUR_POST})?"
_VAGUE = (
    r"(?:several|a few|a couple of|a number of|some|many)\s+"
    r"(?:dozen|hundred|thousand|million|billion)"
    r"|(?:tens|dozens|hundreds|thousands|millions|billions)(?:\s+of\s+(?:thousands|millions))?"
)
_ONE = r"(?:an?\s+(?:extra|additional|further|single|new)|another|one more)"
_QUAL = "|".join(pat for pat, _ in QUALIFIERS)

QUANTITY_RE = re.compile(
    rf"(?<![\w$€£.-])(?<!\d,)(?:(?P<qual>{_QUAL})\s+)?(?:"
    rf"(?P<between>between|from)?\s*(?P<r1>{_NUM}|{_WORDNUM})\s*(?:to|and|-|–|—)\s*"
    rf"(?P<r2>{_NUM}|{_WORDNUM})(?![\w-])"
    rf"|(?P<vague>{_VAGUE})(?![\w-])"
    rf"|(?P<num>{_NUM})(?![\w]|-(?!strong\b))"
    rf"|(?P<one>{_ONE})(?![\w-])"
    rf"|(?P<word>(?:a\s+|an\s+)?{_WORDNUM})(?![\w-])"
    rf")",
    # ASCII: the patterns are ASCII and ASCII case folding makes the hottest regex ~25 % faster
    re.IGNORECASE | re.ASCII,
)

_MONTHS = (r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april"
           r"|june|july|august|september|october|november|december")
_MONTH_BEFORE = re.compile(rf"(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_MODEL_BEFORE = re.compile(r"(?:[A-Z][A-Za-z]*|[A-Z]+)[-\s]$")
_MEASURE_AFTER = re.compile(
    r"^(?:-(?!strong\b)[A-Za-z]|\s?(?:mm|km|cm|kg|%|percent|per cent|kilomet|miles?\b|°|/\d"
    r"|st\b|nd\b|rd\b|th\b|-year|-month|-day|-mile|-kilomet))",
    re.IGNORECASE,
)
_CURRENCY = {"eur": "EUR", "€": "EUR", "euro": "EUR", "euros": "EUR", "usd": "USD",
             "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "gbp": "GBP",
             "£": "GBP", "pounds": "GBP"}


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    low: float
    high: float
    qualifier: str
    currency: str | None = None
    vague: bool = False
    word_one: bool = False


def parse_words(words: str) -> float | None:
    """'five thousand' -> 5000, 'one million' -> 1e6, 'a million' -> 1e6, 'twenty-five' -> 25."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower().strip()) if t and t != "and"]
    if tokens and tokens[0] in ("a", "an"):
        tokens[0] = "one"
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        if tok in SMALL:
            current += SMALL[tok]
            seen = True
        elif tok in SCALES:
            scale = SCALES[tok]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


_CUR_PREFIX_RE = re.compile(r"(EUR|USD|GBP|US\$|\$|€|£)\s?", re.IGNORECASE)
_CUR_SUFFIX_RE = re.compile(r"\s+(euros?|dollars?|EUR|USD|pounds)$", re.IGNORECASE)
_FIGURE_RE = re.compile(rf"({_DIGITS})\s*\(?(thousand|million|billion|trillion|k|bn|mn|m|b)?\)?$",
                        re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[,\s\u00a0\u202f]")
_DOT_GROUPS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
_QUALIFIER_RES = [(re.compile(pattern), name) for pattern, name in QUALIFIERS]


def parse_number(raw: str) -> tuple[float, str | None] | None:
    """A single figure with optional currency and scale: 'EUR 89.9 billion' -> (8.99e10, 'EUR')."""
    text = raw.strip()
    currency = None
    m = _CUR_PREFIX_RE.match(text)
    if m:
        currency = _CURRENCY[m.group(1).lower()]
        text = text[m.end():]
    m = _CUR_SUFFIX_RE.search(text)
    if m:
        currency = _CURRENCY.get(m.group(1).lower(), currency)
        text = text[: m.start()]
    m = _FIGURE_RE.match(text)
    if m:
        scale = (m.group(2) or "").lower()
        value = _digits_value(m.group(1), bool(scale))
        value *= SCALES.get(scale, SUFFIX_SCALES.get(scale, 1))
        return value, currency
    words = parse_words(text)
    return (words, currency) if words is not None else None


def _digits_value(raw: str, scaled: bool) -> float:
    """'14,000' / '12 000' / '12.000' -> 12000.0; '1.6' and '1.100 billion' keep the decimal."""
    compact = _SEPARATORS_RE.sub("", raw)
    if not scaled and _DOT_GROUPS_RE.fullmatch(compact):
        return float(compact.replace(".", ""))
    return float(compact)


def _vague_value(text: str) -> float:
    words = text.lower().split()
    scales = [SCALES[w.rstrip("s")] for w in words if w.rstrip("s") in SCALES]
    tens = 10 if words[0] == "tens" else 1
    value = 2.0 * tens
    for scale in scales:
        value *= scale
    return value


def _is_excluded(text: str, start: int, end: int, value: float, has_comma: bool) -> bool:
    before = text[max(0, start - 12): start]
    after = text[end: end + 12]
    if _MEASURE_AFTER.match(after):
        return True
    if _MONTH_BEFORE.search(before) and value <= 31:
        return True
    if not has_comma and 1900 <= value <= 2100 and float(value).is_integer():
        return True  # a year
    if value < 1000 and not has_comma and _MODEL_BEFORE.search(before):
        prev = re.search(r"([A-Za-z]+)[-\s]$", before)
        if prev and prev.group(1).lower() not in _NOT_MODEL_WORDS \
                and not ACTOR_RE.fullmatch(prev.group(1)):  # 'sent Ukraine 31 Abrams tanks'
            return True
    return False


_NOT_MODEL_WORDS = {"the", "a", "an", "of", "to", "and", "or", "some", "about", "around",
                    "over", "than", "up", "least", "with", "by", "from", "in", "as", "only",
                    "nearly", "almost", "estimated", "approximately", "roughly", "between",
                    "sent", "eur", "usd", "gbp", "us", "total"}


def _qualifier(word: str | None, default: str) -> str:
    if not word:
        return default
    low = word.lower()
    for regex, name in _QUALIFIER_RES:
        if regex.fullmatch(low):
            return name
    return default


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity mention in ``text``, left to right."""
    found: list[Quantity] = []
    pos = 0
    while True:
        m = QUANTITY_RE.search(text, pos)
        if m is None:
            return found
        q = _from_match(text, m)
        if q is not None:
            found.append(q)
        # a range that fell back to its first figure resumes after that figure
        pos = q.end if q is not None and q.end < m.end() else max(m.end(), m.start() + 1)


def _from_match(text: str, m: re.Match[str]) -> Quantity | None:
    qual = m.group("qual")
    if m.group("r1"):
        return _range(text, m, qual)
    if m.group("vague"):
        value = _vague_value(m.group("vague"))
        return Quantity(m.start(), m.end(), value, value, _qualifier(qual, "at_least"), None, True)
    if m.group("one"):
        return Quantity(m.start(), m.end(), 1, 1, "exact", None, False, True)
    raw = m.group("num") or m.group("word")
    if raw is None or raw.strip().lower() in ("a", "an", "dozen"):
        return None
    parsed = parse_number(raw)
    if parsed is None:
        return None
    value, currency = parsed
    num_start = m.start("num") if m.group("num") else m.start("word")
    # only plain digits can be a year or a model number ('2,024', '2 thousand', '2k' are
    # figures): a grouped figure has a separator, so it is not plain digits either
    if _is_excluded(text, num_start, m.end(), value, not raw.strip().isdigit()):
        return None
    qualifier = _qualifier(qual, "exact")
    start = m.start() if qual and qualifier != "exact" else num_start
    if qual and qualifier == "exact" and qual.lower() in ("a total of",):
        start = m.start()
    return Quantity(start, m.end(), value, value, qualifier, currency)


def _range(text: str, m: re.Match[str], qual: str | None) -> Quantity | None:
    r1, r2 = m.group("r1"), m.group("r2")
    p2 = parse_number(r2)
    p1 = parse_number(r1)
    if p1 is None or p2 is None:
        return None
    (v1, c1), (v2, c2) = p1, p2
    written = v1
    scale2 = re.search(r"(thousand|million|billion|trillion|bn|mn|k|m)\b", r2, re.IGNORECASE)
    own_scale = r"(?:hundred|thousand|million|billion|trillion|dozen|bn|mn|euros?|dollars?|pounds" \
                r"|eur|usd|gbp)$|\d[kmb]"
    if v1 < v2 / 1000 and scale2 and not re.search(own_scale, r1, re.IGNORECASE):
        v1 *= parse_number("1 " + scale2.group(1))[0]  # type: ignore[index]  # "4 to 6 million"
    joiner = text[m.end("r1"): m.start("r2")]
    if joiner == "-" and not re.search(r"\d", r1 + r2):
        return _single_word(text, m, qual)  # 'one-thousand', 'twenty-five'
    if _is_year_pair(r1, r2, v1, v2) or v1 >= v2:
        return _single_from_range(text, m, qual)
    if _is_excluded(text, m.start("r1"), m.start("r1") + len(r1), v1,
                    not r1.strip().isdigit() or v1 != written):
        return None
    if _MEASURE_AFTER.match(text[m.end(): m.end() + 12]):
        return None
    joiner = text[m.end("r1"): m.start("r2")].strip().lower()
    if joiner == "and" and not m.group("between"):
        return _single_from_range(text, m, qual)
    start = m.start() if qual else (m.start("between") if m.group("between") else m.start("r1"))
    return Quantity(start, m.end(), v1, v2, "range", c1 or c2)


def _single_word(text: str, m: re.Match[str], qual: str | None) -> Quantity | None:
    raw = text[m.start("r1"): m.end("r2")]
    value = parse_words(raw)
    if value is None:
        return None
    qualifier = _qualifier(qual, "exact")
    start = m.start() if qual and qualifier != "exact" else m.start("r1")
    return Quantity(start, m.end("r2"), value, value, qualifier)


def _is_year_pair(r1: str, r2: str, v1: float, v2: float) -> bool:
    return all(re.fullmatch(r"(19|20)\d\d", r.strip()) for r in (r1, r2))


def _single_from_range(text: str, m: re.Match[str], qual: str | None) -> Quantity | None:
    """'64 voyages ... and 2,300 missiles' matched as a range by accident: keep the first figure."""
    r1 = m.group("r1")
    parsed = parse_number(r1)
    if parsed is None:
        return None
    value, currency = parsed
    start = m.start("r1")
    end = start + len(r1)
    if _is_excluded(text, start, end, value, not r1.strip().isdigit()):
        return None
    qualifier = _qualifier(qual, "exact")
    return Quantity(m.start() if qual and qualifier != "exact" else start, end, value, value,
                    qualifier, currency)
