"""Words and numbers for readers: human figures, qualifiers, months, notes and lineage.

Presentation only: nothing here changes a figure, it only says it the way a reader expects.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from warledger.ledger.summary import is_month_flow

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: qualifier code -> words put before the figure ("at least 64"); "range" and "exact" add none
QUALIFIER_WORDS = {"exact": "", "range": "", "about": "about", "at_least": "at least",
                   "more_than": "more than", "up_to": "up to", "less_than": "less than"}
LOWER_BOUNDS = frozenset({"at_least", "more_than"})
UPPER_BOUNDS = frozenset({"up_to", "less_than"})


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def human(value: float | int | None, digits: int = 3) -> str:
    """12000 -> '12,000'; 4.5e9 -> '4.5 bn'; 2.5e6 -> '2.5 m'; 1e12 -> '1,000 bn'.

    Millions and billions keep ``digits`` significant figures at most; smaller numbers are
    written in full with thousands separators, so an axis never reads ``1e+03bn``.
    """
    if value is None:
        return ""
    v = float(value)
    for size, suffix in ((1e9, " bn"), (1e6, " m")):
        if abs(v) >= size:
            scaled = v / size
            places = max(digits - len(f"{abs(scaled):.0f}"), 0)
            return f"{_trim(f'{scaled:,.{places}f}')}{suffix}"
    if v == int(v):
        return f"{int(v):,}"
    return _trim(f"{v:,.2f}")


def figure(low: float, high: float, qualifier: str = "exact") -> str:
    """'at least 64', 'about 3,000', '10,000-12,000': a figure with its qualifier in words."""
    text = human(low) if low == high else f"{human(low)}\u2013{human(high)}"
    words = QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " "))
    return f"{words} {text}".strip()


_PLURAL = {"person": "people", "port_call": "port calls", "system": "systems"}


def unit_words(unit: str, high: float | None = None) -> str:
    """'person' -> 'people', 'port_call' -> 'port calls'; money codes and 1 stay as they are."""
    if unit.isupper() or high == 1:
        return unit
    return _PLURAL.get(unit, unit.replace("_", " ") + ("" if unit.endswith("s") else "s"))


def month_label(month: str) -> str:
    """'2022-01' -> 'Jan 2022' (anything else is returned unchanged)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", month or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return month
    return f"{MONTHS[int(match[2]) - 1]} {match[1]}"


def date_label(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


#: sentences or brackets that speak to the dataset's editors, not to readers
_INTERNAL = re.compile(r"shared/facts|not re-read|TODO|FIXME", re.IGNORECASE)


def reader_note(note: str | None) -> str:
    """A note without the editors' working remarks ("(from shared/facts, not re-read)")."""
    if not note:
        return ""
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if _INTERNAL.search(m[0]) else m[0], note)
    sentences = re.split(r"(?<=[.;!?])\s+", text.strip())
    return " ".join(s for s in sentences if not _INTERNAL.search(s)).strip().rstrip(";,")


def per_month(obs: dict[str, Any]) -> bool:
    """A figure for one calendar month (a flow), not a total up to a date."""
    return is_month_flow(obs.get("period_start"), obs.get("period_end"), obs.get("as_of"))


def is_synthetic(*texts: Any) -> bool:
    """True when a source or lineage says its data are synthetic (simulated, test data)."""
    joined = " ".join(str(t) for t in texts if t).lower()
    return any(word in joined for word in ("synthetic", "simulated", "urn:warledger:test"))


def public_url(url: str | None) -> str:
    """The URL when a reader can open it (http/https), else '' (file: paths stay private)."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return ""


def lineage(derived_from: list[str]) -> dict[str, Any]:
    """Split a derived_from list into input files (name and short digest), parameters and
    other inputs, without the server's folders."""
    files, params, other = [], {}, []
    for item in derived_from:
        if item.startswith("file:"):
            path, _, digest = item[5:].partition("#sha256=")
            files.append({"name": path.replace("\\", "/").rsplit("/", 1)[-1],
                          "sha256": digest[:12]})
        elif item.startswith("param:"):
            key, _, value = item[6:].partition("=")
            params[key] = value
        elif ";" in item or "=" in item:  # compact "file;key=value" lineage
            for part in item.split(";"):
                key, sep, value = part.partition("=")
                if sep:
                    params[key] = value
                else:
                    files.append({"name": part.rsplit("/", 1)[-1], "sha256": ""})
        else:
            other.append(item.rsplit("/", 1)[-1] if "/" in item else item)
    return {"files": files, "params": params, "other": other}


def lineage_summary(derived_from: list[str]) -> str:
    """One readable line: 'computed from tracks.parquet with 31 settings'."""
    if not derived_from:
        return ""
    info = lineage(derived_from)
    names = [f["name"] for f in info["files"]] + info["other"]
    what = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    settings = len(info["params"])
    text = f"computed from {what}" if what else "computed"
    if settings:
        text += f" with {settings} setting{'s' if settings != 1 else ''}"
    return text


def clean_title(title: str | None) -> str:
    """A source title without a trailing parameter list ('..., parameters count=voyages')."""
    text = re.split(r",?\s*parameters\s+\w+=", title or "", maxsplit=1)[0]
    return text.strip(" ,;")
