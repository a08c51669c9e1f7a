"""First-character lookaheads for the big alternations of the claim grammar.

Python's ``re`` tries every branch of an alternation at every position. Putting a one-character
lookahead (``(?=[tTwW...])``) before each branch lets it skip a branch on its first character:
the actor and basis scanners run about twice as fast with identical matches (bench/claims.py).
The first-character set is computed from the parsed pattern; whenever it cannot be known
(classes, lookarounds, a branch that may match empty) no lookahead is added, so a prefilter never
changes what a pattern matches.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser behind re.compile; private, so any failure means "no prefilter"
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - other Pythons
    _c = _p = None  # type: ignore[assignment]


def _cased(code: int) -> set[str]:
    char = chr(code)
    return {char.lower(), char.upper()}


def _first_of_class(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is _c.LITERAL:
            chars |= _cased(arg)
        elif op is _c.RANGE:
            for code in range(arg[0], arg[1] + 1):
                chars |= _cased(code)
        else:  # NEGATE, CATEGORY (\w, \d ...): unknown
            return None
    return chars


def _first(items: Any) -> set[str] | None:
    """Characters a match of this sequence can start with; None when unknown or empty."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _c.AT:  # \b, ^: consume nothing
            continue
        if op is _c.LITERAL:
            return chars | _cased(arg)
        if op is _c.IN:
            found = _first_of_class(arg)
            return None if found is None else chars | found
        if op is _c.BRANCH:
            for alternative in arg[1]:
                found = _first(list(alternative))
                if found is None:
                    return None
                chars |= found
            return chars
        if op is _c.SUBPATTERN:
            found = _first(list(arg[3]))
            return None if found is None else chars | found
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            found = _first(list(arg[2]))
            if found is None:
                return None
            chars |= found
            if arg[0] > 0:
                return chars
            continue  # optional: the next item may start the match too
        return None  # lookarounds, backreferences, any character
    return None  # the sequence can match the empty string


def lead(pattern: str, flags: int = re.IGNORECASE | re.ASCII) -> str:
    """A lookahead on the first character of ``pattern``, or '' when that is not known."""
    if _p is None:
        return ""
    try:
        chars = _first(list(_p.parse(pattern, flags)))
    except Exception:  # noqa: BLE001 - an unparsable pattern just gets no prefilter
        return ""
    if not chars:
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"
