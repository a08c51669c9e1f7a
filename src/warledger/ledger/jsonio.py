"""JSON input with every failure as a located problem, including nesting too deep to parse."""

from __future__ import annotations

import json
from typing import Any

from warledger.errors import InputError, Problem

#: deepest JSON nesting accepted (a ledger document needs 3)
MAX_JSON_DEPTH = 64


def _depth(doc: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, counting no deeper than ``limit`` + 1."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list) and depth <= limit:
            deepest = max(deepest, depth)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in items if isinstance(v, dict | list))
        elif isinstance(value, dict | list):
            return depth
    return deepest


def load_json(text: str | bytes, name: str) -> Any:
    """json.loads with every failure (syntax, encoding, nesting) as a located Problem."""
    try:
        doc = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError([Problem(name, getattr(err, "lineno", None), None,
                                  f"not valid JSON: {err}", "bad-json")]) from None
    except RecursionError:
        doc = None
        depth = MAX_JSON_DEPTH + 1
    else:
        depth = _depth(doc, MAX_JSON_DEPTH)
    if depth > MAX_JSON_DEPTH:
        raise InputError([Problem(name, None, None, f"JSON nested deeper than "
                                  f"{MAX_JSON_DEPTH} levels", "bad-json")])
    return doc
