"""The shared codes (see docs/vocabulary.md): categories, units, qualifiers, bases, actors.

These are a contract between the dataset, the claim extractor, the API and every
evaluation: extend them, never rename them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from warledger.bundled import bundled_data_dir

MONEY_UNITS = frozenset({"EUR", "USD"})

#: category code -> units it may be counted in
CATEGORIES: dict[str, frozenset[str]] = {
    "troops": frozenset({"person"}),
    "casualties": frozenset({"person"}),
    "volunteers": frozenset({"person"}),
    "artillery_shells": frozenset({"round"}),
    "rockets": frozenset({"round"}),
    "containers": frozenset({"container"}),
    "port_calls": frozenset({"port_call"}),
    "voyages": frozenset({"voyage"}),
    "explosives": frozenset({"tonne"}),
    "ballistic_missiles": frozenset({"missile"}),
    "cruise_missiles": frozenset({"missile"}),
    "drones": frozenset({"drone"}),
    "artillery_systems": frozenset({"system"}),
    "air_defense_systems": frozenset({"system"}),
    "aircraft": frozenset({"aircraft"}),
    "armored_vehicles": frozenset({"vehicle"}),
    "military_aid_value": MONEY_UNITS,
    "financial_aid_value": MONEY_UNITS,
    "humanitarian_aid_value": MONEY_UNITS,
    "total_aid_value": MONEY_UNITS,
}

MONEY_CATEGORIES = frozenset(c for c, u in CATEGORIES.items() if u == MONEY_UNITS)

QUALIFIERS = (
    "exact",
    "about",
    "at_least",
    "more_than",
    "up_to",
    "less_than",
    "range",
)

BASES = (
    "pledged",
    "committed",
    "allocated",
    "delivered",
    "deployed",
    "in_country",
    "cumulative",
    "used",
    "estimated",
)

#: reliability of the source (A-F) and credibility of the information (1-6)
RELIABILITY = ("A", "B", "C", "D", "E", "F")
CREDIBILITY = ("1", "2", "3", "4", "5", "6")

GROUP_KINDS = ("group", "other")


def default_unit(category: str) -> str:
    """The unit a category is counted in (EUR for money)."""
    units = CATEGORIES[category]
    return "EUR" if units == MONEY_UNITS else next(iter(units))


@dataclass(frozen=True)
class Actor:
    code: str
    name: str
    kind: str  # state | group | other
    members: tuple[str, ...] = field(default_factory=tuple)
    members_as_of: str = ""
    source_url: str = ""
    note: str = ""


def read_actors_csv(path: Path) -> dict[str, Actor]:
    """Read an actors file: code,name,kind,members (space separated),members_as_of,..."""
    actors: dict[str, Actor] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            actors[code] = Actor(
                code=code,
                name=row.get("name", "").strip(),
                kind=row.get("kind", "").strip() or "state",
                members=tuple((row.get("members") or "").split()),
                members_as_of=(row.get("members_as_of") or "").strip(),
                source_url=(row.get("source_url") or "").strip(),
                note=(row.get("note") or "").strip(),
            )
    return actors


@cache
def bundled_actors() -> dict[str, Actor]:
    return read_actors_csv(bundled_data_dir() / "actors.csv")


def is_state_code(code: str) -> bool:
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def is_actor_code(code: str, actors: dict[str, Actor] | None = None) -> bool:
    """A state's ISO 3166-1 alpha-3 code or a group/other code defined in actors.csv."""
    table = bundled_actors() if actors is None else actors
    return code in table or is_state_code(code)


def actor_name(code: str) -> str:
    actor = bundled_actors().get(code)
    if actor and actor.name:
        return actor.name
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "name", code) if country else code


def expand_group(code: str, actors: dict[str, Actor] | None = None) -> frozenset[str]:
    """All codes a group stands for, recursively, including the group itself.

    ``expand_group("EUROPE")`` holds the European states and ``EU``; a state expands to itself.
    """
    table = bundled_actors() if actors is None else actors
    seen: set[str] = set()
    todo = [code]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        actor = table.get(current)
        if actor is not None:
            todo.extend(actor.members)
    return frozenset(seen)
