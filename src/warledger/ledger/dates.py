"""Partial ISO 8601 dates (``2024``, ``2024-10``, ``2024-10-28``) as sources give them."""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@lru_cache(maxsize=8192)  # imports repeat the same few thousand dates
def parse_partial(value: str) -> tuple[int, int | None, int | None]:
    """Split a partial date; raise ValueError with the expected form when it is not one."""
    match = _PARTIAL.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{value}' has month {month}; expected 01-12")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"'{value}' has day {day}; {year}-{month:02d} has {last} days")
    if not 1900 <= year <= 2100:
        raise ValueError(f"'{value}' has year {year}; expected 1900-2100")
    return year, month, day


def first_day(value: str) -> date:
    year, month, day = parse_partial(value)
    return date(year, month or 1, day or 1)


def last_day(value: str) -> date:
    year, month, day = parse_partial(value)
    if month is None:
        return date(year, 12, 31)
    if day is None:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def midpoint(value: str) -> date:
    """The middle of the span a partial date covers (used to order and weigh by recency)."""
    lo, hi = first_day(value), last_day(value)
    return date.fromordinal((lo.toordinal() + hi.toordinal()) // 2)
