"""Time expressions that bound what a figure covers, resolved against the article date.

Recognised: "between September 2023 and March 2025", "from August 2023 to January 2024",
"since September 2023" / "since mid-2022" (ends at the article date), "over (the past) 20
months" (needs the article date), "in late 2024" / "early 2024" / "mid-2024", "last fall",
"by the end of 2025", "as of February 29", "in 2022-2023". Everything is ISO 8601 at the
precision given (``2024``, ``2024-10``, ``2024-02-29``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_MY = rf"(?:(?:{_M})\.?\s+(?:\d{{1,2}},?\s+)?)?(?:19|20)\d\d"
_PART = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (10, 12)}
_SEASON = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11),
           "winter": (12, 2)}

_PARTLY = r"(?:(?:early|mid|late)[-\s]+)?"
BETWEEN_RE = re.compile(rf"\b(?:between|from)\s+{_PARTLY}({_MY})\s+(?:and|to|until|through)\s+"
                        rf"{_PARTLY}({_MY})", re.I)
THROUGH_RE = re.compile(rf"\b(?:through|until|up to|to the end of)\s+{_PARTLY}((?:{_M})\.?\s+"
                        rf"(?:19|20)\d\d)\b", re.I)
_MC = "|".join(sorted({m.capitalize() for m in MONTHS}, key=len, reverse=True))
#: 'in March', 'on December 17' (month names capitalised: 'may' is a verb), no year after it
IN_MONTH_ONLY_RE = re.compile(rf"\b(?i:in|on|since)\s+(?:early\s+|late\s+|mid-)?({_MC})\b"
                              rf"(?:\s+(\d{{1,2}})(?!\d))?(?!\.?,?\s*(?:\d|(?:19|20)\d\d))")
SINCE_RE = re.compile(rf"\bsince\s+(last\s+)?(?:(early|mid|late)[-\s]+)?({_MY}|(?:{_M})\b)", re.I)
MONTH_PAIR_RE = re.compile(rf"\b(?:in|during|between)\s+({_M})\.?(?:\s+and\s+|\s*[-–]\s*|\s+to\s+)"
                           rf"({_M})\.?(?:,?\s+((?:19|20)\d\d))?\b", re.I)
IN_MONTH_RE = re.compile(rf"\b(?:in|during)\s+(?:early\s+|late\s+|mid-)?({_M})\.?\s+"
                         rf"((?:19|20)\d\d)\b", re.I)
IN_YEAR_RE = re.compile(r"\b(?:in|during|throughout)\s+((?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)", re.I)
OVER_RE = re.compile(r"\b(?:over|in|during|within)\s+(?:the\s+)?(?:past\s+|last\s+)?"
                     r"(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"eighteen|twenty)\s+months\b", re.I)
PART_RE = re.compile(r"\b(?:in\s+)?(early|mid|late)[-\s]+((?:19|20)\d\d)\b", re.I)
LAST_SEASON_RE = re.compile(r"\b(last|this)\s+(spring|summer|fall|autumn|winter)\b", re.I)
BY_END_RE = re.compile(r"\bby the end of\s+((?:19|20)\d\d)\b", re.I)
AS_OF_RE = re.compile(rf"\bas of\s+(?:(?:early|mid|late)[-\s]+)?(?:(\d{{1,2}})\s+)?((?:{_M})\.?)"
                      rf"\s*(\d{{1,2}}(?!\d))?(?:,?\s+((?:19|20)\d\d))?", re.I)
YEARS_RE = re.compile(r"\bin\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b", re.I)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20}


@dataclass(frozen=True)
class Period:
    start: str | None = None
    end: str | None = None


def _ym(text: str) -> str:
    """'September 2023' -> '2023-09'; '2023' -> '2023'."""
    year = re.search(r"(?:19|20)\d\d", text)
    month = re.match(rf"({_M})", text.strip(), re.I)
    assert year is not None
    if month:
        return f"{year.group(0)}-{MONTHS[month.group(1).lower()]:02d}"
    return year.group(0)


def _article_ym(date: str | None) -> tuple[int, int] | None:
    if not date:
        return None
    m = re.match(r"((?:19|20)\d\d)(?:-(\d\d))?", date)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 12)


def _shift(year: int, month: int, months: int) -> str:
    index = year * 12 + (month - 1) - months
    return f"{index // 12}-{index % 12 + 1:02d}"


#: every rule below needs one of these: a sentence without any is read with one search
_ANY_TIME = re.compile(rf"\d\d\d\d|\b(?:since|months|last|this|early|mid|late|end of|as of"
                       rf"|through|until|up to|{_M})\b", re.I)


def find_period(sentence: str, date: str | None = None) -> Period:
    """The period a sentence's figures cover, or an empty Period."""
    if not _ANY_TIME.search(sentence):
        return Period()
    now = _article_ym(date)
    now_s = f"{now[0]}-{now[1]:02d}" if now else None
    if m := BETWEEN_RE.search(sentence):
        return Period(_ym(m.group(1)), _ym(m.group(2)))
    if m := SINCE_RE.search(sentence):
        return _since(m, now, now_s)
    if m := MONTH_PAIR_RE.search(sentence):
        return _month_pair(m, now)
    if m := OVER_RE.search(sentence):
        if now is None:
            return Period()
        raw = m.group(1).lower()
        months = int(raw) if raw.isdigit() else _WORDS[raw]
        return Period(_shift(now[0], now[1], months), now_s)
    if m := PART_RE.search(sentence):
        first, last = _PART[m.group(1).lower()]
        return Period(f"{m.group(2)}-{first:02d}", f"{m.group(2)}-{last:02d}")
    if (m := LAST_SEASON_RE.search(sentence)) and now is not None:
        return _season(m.group(1).lower(), m.group(2).lower(), now)
    if m := BY_END_RE.search(sentence):
        return Period(None, f"{m.group(1)}-12")
    if m := AS_OF_RE.search(sentence):
        return _as_of(m, now)
    if m := YEARS_RE.search(sentence):
        return Period(m.group(1), m.group(2))
    if m := IN_MONTH_RE.search(sentence):
        return Period(None, f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}")
    if m := THROUGH_RE.search(sentence):
        return Period(None, _ym(m.group(1)))
    if m := IN_YEAR_RE.search(sentence):
        return Period(m.group(1), m.group(1))
    if (m := IN_MONTH_ONLY_RE.search(sentence)) and not m.group(0).lower().startswith("since"):
        return _month_only(m, now)
    return Period()


def _month_pair(m: re.Match[str], now: tuple[int, int] | None) -> Period:
    """'in January and February 2024'; 'in May and June' (the article's year, or the year
    before when those months are still to come)."""
    first, last = MONTHS[m.group(1).lower()], MONTHS[m.group(2).lower()]
    if m.group(3):
        year = int(m.group(3))
    elif now is not None:
        year = now[0] if last <= now[1] else now[0] - 1
    else:
        return Period()
    start_year = year - 1 if first > last else year
    return Period(f"{start_year}-{first:02d}", f"{year}-{last:02d}")


def _since(m: re.Match[str], now: tuple[int, int] | None, now_s: str | None) -> Period:
    last, part, when = m.group(1), m.group(2), m.group(3)
    if re.search(r"(?:19|20)\d\d", when):
        start = _ym(when)
        if part and len(start) == 4:
            first = _PART[part.lower()][0] + (2 if part.lower() == "mid" else 0)
            start = f"{start}-{first:02d}"
        return Period(start, now_s)
    if now is None:
        return Period()
    month = MONTHS[when.lower()]
    year = now[0] if (month < now[1] or month == now[1] and not last) else now[0] - 1
    return Period(f"{year}-{month:02d}", now_s)


def _season(which: str, season: str, now: tuple[int, int]) -> Period:
    first, last = _SEASON[season]
    year = now[0] - 1 if which == "last" and first >= now[1] else now[0]
    end_year = year + 1 if last < first else year
    return Period(f"{year}-{first:02d}", f"{end_year}-{last:02d}")


def _as_of(m: re.Match[str], now: tuple[int, int] | None) -> Period:
    """'as of February 29', 'as of 29 February', 'as of mid-January 2025'."""
    month = MONTHS[m.group(2).rstrip(".").lower()]
    year = int(m.group(4)) if m.group(4) else (now[0] if now else None)
    if year is None:
        return Period()
    if now and not m.group(4) and month > now[1]:
        year -= 1
    return Period(None, f"{year}-{month:02d}{_day(year, month, m.group(1) or m.group(3))}")


def _month_only(m: re.Match[str], now: tuple[int, int] | None) -> Period:
    """'in March', 'on December 17' (no year): the last such month up to the article's."""
    if now is None:
        return Period()
    month = MONTHS[m.group(1).lower()]
    year = now[0] if month <= now[1] else now[0] - 1
    return Period(None, f"{year}-{month:02d}{_day(year, month, m.group(2))}")


def _day(year: int, month: int, text: str | None) -> str:
    """'-29' when that day exists in that month, else '' (29 February 2025 is not a date:
    the month alone is kept)."""
    if not text:
        return ""
    day = int(text)
    return f"-{day:02d}" if 1 <= day <= calendar.monthrange(year, month)[1] else ""
