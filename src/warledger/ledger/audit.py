"""Mechanical audit of observations against their quotes and sources.

Rules (documented in docs/ledger.md, "Auditing the dataset"):

1. **Quote carries the figure.** Every observation has a ``quote`` (at most 30 words) in which
   ``quantity_low`` and ``quantity_high`` appear as numbers. A number is read as written: digits
   with ``,`` / ``.`` / space thousands separators ("11,000", "11 000", "11.000"), a decimal
   point or comma ("1.5", "1,5"; before a scale word a lone dot is decimal: "1.781 billion"),
   optionally followed by a scale word ("11 thousand",
   "1.5 million", "1.6 Mil", "12M", "1,5 млн", "12-thousand"); English number words
   ("nine", "one-thousand", "two dozen", "one-point-six million", "one and a half million"); and the
   three vague plurals of the encoding rules ("dozens" = 24, "hundreds of thousands" =
   200,000, "millions" = 2,000,000). In "4 to 6 million" the scale
   applies to both ends. When the source states only the parts ("1,000 sappers ... 5,000
   builders") the row's note says ``(sum of quoted parts)`` and two or three numbers of the
   quote must add up to the figure. A row without a quote passes only if its note says why, in
   the form ``(no quote: <reason>)``.
2. **Dates.** The source's publication date is not after the audit date (a source cannot be used
   before it exists), a row's ``as_of`` is not after its source was published, and a relayed
   statement is not dated after the copy that relays it (the date ending ``origin``).
3. **URL** is well formed: http(s), a host with a dot, no spaces.
4. **One origin, one date.** Rows sharing an ``origin`` have ``as_of`` dates that agree with
   each other (two partial dates agree when the spans they name overlap), and none describes
   a date after the statement was made (the date ending ``origin``).
5. **One origin, one grade.** Every source relaying one origin gives it the same credibility,
   and copies of one wire service (the tag in parentheses in the publisher, e.g. "(Associated
   Press)") have the same reliability.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from urllib.parse import urlparse

from warledger.ledger.dates import first_day, last_day
from warledger.ledger.models import Observation, Source

MAX_QUOTE_WORDS = 30

SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "тис": 1e3, "тыс": 1e3,
    "million": 1e6, "millions": 1e6, "mil": 1e6, "mn": 1e6, "m": 1e6, "mio": 1e6, "млн": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "mrd": 1e9, "млрд": 1e9, "trillion": 1e12,
}
WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12, "a": 1,
}
#: vague plurals and the value the encoding rules give them (data/README.md)
VAGUE: dict[str, float] = {
    "hundreds of thousands": 200_000, "millions": 2_000_000, "dozens": 24,
}

_SCALE = r"(?:hundred|thousand|millions?|mil|billion|trillion|mn|bn|mio|mrd|млн|млрд|тис|тыс|[kmb])"
_NUM = r"[1-9]\d{0,2}(?:[,.]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_SPACED = r"[1-9]\d{0,2}(?:[\u00a0\u202f ]\d{3})+(?![\d])"
_NUMBER = re.compile(rf"(?<![\w.])({_NUM})(?:[\s-]*({_SCALE})\b)?", re.IGNORECASE)
_NUMBER_SPACED = re.compile(rf"(?<![\w.])({_SPACED})(?:[\s-]*({_SCALE})\b)?", re.IGNORECASE)
_RANGE = re.compile(
    rf"(?<![\w.])({_NUM})\s*(?:to|-|–|—|and|or)\s*({_NUM})[\s-]*({_SCALE})\b", re.IGNORECASE)
_WORDNUM = re.compile(
    r"(?<!point\s)(?<!point-)\b((?:" + "|".join(WORDS) + r")(?:[\s-]+(?:"
    + "|".join(WORDS) + r"))*)[\s-]+("
    + r"hundred|thousand|million|billion|dozen)\b", re.IGNORECASE)
_WORD = "|".join(w for w in WORDS if w != "a")
_POINT = re.compile(rf"\b({_WORD})[\s-]+point[\s-]+({_WORD})[\s-]+({_SCALE})\b", re.IGNORECASE)
_LONE = re.compile(rf"\b({_WORD}|dozen)\b", re.IGNORECASE)
_HALF = re.compile(rf"\b({_WORD}|\d+) and a half[\s-]+({_SCALE})\b", re.IGNORECASE)
_ORIGIN_DATE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*$")
_SUM_NOTE = "(sum of quoted parts)"
_NO_QUOTE = re.compile(r"\(no quote: [^)]+\)")
_WIRE = re.compile(r"\((?:via )?(Associated Press|AP|AFP|Reuters|dpa|Yonhap)\)")


def _plain(token: str, scaled: bool = False) -> float:
    """'11,000' / '11 000' / '11.000' -> 11000; '1.5' / '1,5' -> 1.5.

    Before a scale word a single dot is a decimal point: '1.781 billion' is 1.781e9.
    """
    token = token.replace("\u00a0", " ").replace("\u202f", " ")
    if scaled and re.fullmatch(r"\d+\.\d+", token):
        return float(token)
    if re.fullmatch(r"[1-9]\d{0,2}(?:[,. ]\d{3})+", token):
        return float(re.sub(r"[,. ]", "", token))
    return float(token.replace(",", "."))


def _scale(word: str | None) -> float:
    return SCALES[word.lower()] if word else 1.0


def numbers_in(text: str) -> set[float]:
    """Every number the quote states, by the documented reading rules."""
    found: set[float] = set()
    for pattern in (_NUMBER, _NUMBER_SPACED):  # "11 000" is read both as 11000 and 11, 000
        for match in pattern.finditer(text):
            found.add(_plain(match[1], bool(match[2])) * _scale(match[2]))
    for match in _RANGE.finditer(text):
        found.add(_plain(match[1], True) * _scale(match[3]))
    for match in _WORDNUM.finditer(text):
        words = re.split(r"[\s-]+", match[1].lower())
        found.add(sum(WORDS[w] for w in words) * (12 if match[2].lower() == "dozen"
                                                   else SCALES[match[2].lower()]))
    for match in _LONE.finditer(text):  # "at least nine missiles"
        found.add(float(WORDS[match[1].lower()]))
    for match in _POINT.finditer(text):  # KBS World style: "one-point-six million"
        whole, tenth = WORDS[match[1].lower()], WORDS[match[2].lower()]
        found.add(float(f"{whole}.{tenth}") * _scale(match[3]))
    for match in _HALF.finditer(text):  # "one and a half million"
        whole = WORDS.get(match[1].lower()) or int(match[1])
        found.add((whole + 0.5) * _scale(match[2]))
    lowered = text.lower()
    for phrase, value in VAGUE.items():
        if re.search(rf"\b{phrase}\b", lowered):
            found.add(value)
    return {round(n, 6) for n in found}


def quote_carries(quote: str, value: float) -> bool:
    """True when the quote states ``value`` (within rounding of the written form)."""
    return any(abs(n - value) <= 1e-9 * max(1.0, abs(value)) for n in numbers_in(quote))


def quote_sums_to(quote: str, value: float) -> bool:
    """True when two or three distinct numbers of the quote add up to ``value``."""
    numbers = sorted(numbers_in(quote))
    return any(abs(sum(combo) - value) <= 1e-9 * max(1.0, abs(value))
               for size in (2, 3) for combo in combinations(numbers, size))


def dates_agree(a: str, b: str) -> bool:
    """Two partial dates agree when the spans they name overlap (one is a prefix of the other)."""
    return first_day(a) <= last_day(b) and first_day(b) <= last_day(a)


def origin_date(origin: str) -> str | None:
    match = _ORIGIN_DATE.search(origin)
    return match[1] if match else None


def url_problem(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return f"url '{url}' does not start with http:// or https://"
    if "." not in parsed.netloc or " " in url:
        return f"url '{url}' has no host name or contains a space"
    return None


@dataclass(frozen=True)
class Problem:
    observation_id: str
    rule: str
    message: str


@dataclass
class AuditReport:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _quote_problems(obs: Observation) -> list[Problem]:
    if not obs.quote:
        if _NO_QUOTE.search(obs.note):
            return []
        return [Problem(obs.id, "quote", "no quote, and the note gives no '(no quote: reason)'")]
    problems = []
    words = len(obs.quote.split())
    if words > MAX_QUOTE_WORDS:
        problems.append(Problem(obs.id, "quote",
                                f"quote has {words} words; at most {MAX_QUOTE_WORDS}"))
    for value in {obs.quantity_low, obs.quantity_high}:
        summed = _SUM_NOTE in obs.note and quote_sums_to(obs.quote, value)
        if not quote_carries(obs.quote, value) and not summed:
            problems.append(Problem(obs.id, "quote", f"quote does not state {value:,.0f}: "
                                    f"'{obs.quote}'"))
    return problems


def _date_problems(obs: Observation, src: Source, today: date) -> list[Problem]:
    problems = []
    if src.published and first_day(src.published) > today:
        problems.append(Problem(obs.id, "date", f"source {src.id} is dated {src.published}, "
                                f"after the audit date {today.isoformat()}"))
    if src.published and obs.as_of and first_day(obs.as_of) > last_day(src.published):
        problems.append(Problem(obs.id, "date", f"as_of {obs.as_of} is after source "
                                f"{src.id} was published ({src.published})"))
    said = origin_date(obs.origin) if obs.origin else None
    if said and src.published and first_day(said) > last_day(src.published):
        problems.append(Problem(obs.id, "date", f"origin '{obs.origin}' is dated after its "
                                f"copy {src.id} ({src.published})"))
    return problems


def _origin_problems(rows: Sequence[Observation], sources: dict[str, Source]) -> list[Problem]:
    by_origin: dict[str, list[Observation]] = defaultdict(list)
    for obs in rows:
        if obs.origin:
            by_origin[obs.origin].append(obs)
    problems = []
    for origin, group in by_origin.items():
        said = origin_date(origin)
        dated = [o for o in group if o.as_of]
        for obs in dated:
            if said and obs.as_of and first_day(obs.as_of) > last_day(said):
                problems.append(Problem(obs.id, "origin", f"as_of {obs.as_of} is after the "
                                        f"date of its origin '{origin}'"))
        for a, b in zip(dated, dated[1:], strict=False):
            if a.as_of and b.as_of and not dates_agree(a.as_of, b.as_of):
                problems.append(Problem(b.id, "origin", f"rows of origin '{origin}' disagree "
                                        f"in date: {a.as_of} ({a.id}) vs {b.as_of}"))
        grades = {sources[o.source_id].credibility for o in group if o.source_id in sources}
        if len(grades) > 1:
            problems.append(Problem(group[0].id, "grade", f"origin '{origin}' is given "
                                    f"credibility {', '.join(sorted(grades))} by its sources"))
    return problems


def _wire_problems(sources: Iterable[Source]) -> list[Problem]:
    by_wire: dict[str, set[str]] = defaultdict(set)
    for src in sources:
        match = _WIRE.search(src.publisher)
        if match:
            by_wire[match[1]].add(src.reliability)
    return [Problem("-", "grade", f"copies of {wire} are graded {', '.join(sorted(grades))}")
            for wire, grades in by_wire.items() if len(grades) > 1]


def audit(rows: Sequence[Observation], sources: dict[str, Source],
          today: date | None = None) -> AuditReport:
    """Check every row by the rules in the module docstring; never raises on bad data."""
    today = today or date.today()
    report = AuditReport(checked=len(rows))
    for obs in rows:
        src = sources.get(obs.source_id)
        if src is None:
            report.problems.append(Problem(obs.id, "source", f"unknown source {obs.source_id}"))
            continue
        report.problems += _quote_problems(obs)
        report.problems += _date_problems(obs, src, today)
        bad_url = url_problem(src.url)
        if bad_url:
            report.problems.append(Problem(obs.id, "url", bad_url))
    report.problems += _origin_problems(rows, sources)
    used = {obs.source_id for obs in rows}
    report.problems += _wire_problems(s for s in sources.values() if s.id in used)
    return report


def sample(rows: Sequence[Observation], size: int, seed: int = 0) -> list[Observation]:
    """A reproducible random sample for review (all rows when ``size`` >= their number)."""
    if size >= len(rows):
        return list(rows)
    return sorted(random.Random(seed).sample(list(rows), size), key=lambda o: o.id)
