"""Heavy weapons from a tracker release's ``weapons.csv``: counts per donor and category.

The file has one row per donor and weapon type (Air Defense, Tanks, IFV, Howitzers, MLRS)
with the number allocated since the start of the war, a EUR value (the tracker prices each
item from its price list) and the list of models. It has no month, so each observation
covers the whole war up to the release's data period (``period_start`` 2022-01, when the
tracker's coverage begins, ``period_end`` = ``as_of`` = the release's last month).

Counts are stored at the vocabulary's grain: Tanks and IFV are both ``armored_vehicles``,
Howitzers and MLRS both ``artillery_systems``. Observation ids are derived from content, so
one observation per file row would collapse two rows of one donor with equal counts (say one
howitzer and one MLRS) into one; summing per category keeps every weapon, and the note keeps
the tracker's own breakdown with each type's EUR value and models.

The EUR values are *not* stored as ``military_aid_value`` observations: a heavy-weapons
subtotal in that series would stand beside the donor's whole military aid as a rival figure
(reconcile compares totals of one series), and it is already inside the monthly figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from warledger.errors import Problem
from warledger.importers.donors import donor_code, unknown_donor_message
from warledger.importers.tracker import (
    RECIPIENT,
    WEAPONS,
    csv_rows,
    euros,
    make_observation,
)
from warledger.ledger.models import Observation, Source
from warledger.vocabulary import default_unit

#: the tracker's weapon types -> vocabulary categories
WEAPON_CATEGORIES: dict[str, str] = {
    "Air Defense": "air_defense_systems",
    "Tanks": "armored_vehicles",
    "IFV": "armored_vehicles",
    "Howitzers": "artillery_systems",
    "MLRS": "artillery_systems",
}
#: the tracker's coverage starts on 24 January 2022
COVERAGE_START = "2022-01"
REQUIRED = ("donor", "category", "number_of_weapons", "monetary_value_eur")


@dataclass
class _Tally:
    """What one donor's rows add up to, with the breakdown kept for the note."""

    line: int
    counts: dict[str, int] = field(default_factory=dict)  # vocabulary category -> count
    parts: dict[str, list[str]] = field(default_factory=dict)  # vocabulary category -> text


def _read_row(row: dict[str, str], line: int, path: Path, problems: list[Problem]
              ) -> tuple[str, str, int, Decimal | None] | None:
    """(donor code, vocabulary category, count, EUR value if given), or None after problems."""
    found = len(problems)
    code = donor_code(row["donor"])
    if code is None:
        problems.append(Problem(str(path), line, "donor", unknown_donor_message(row["donor"]),
                                "unknown-donor"))
    category = WEAPON_CATEGORIES.get(row["category"].strip())
    if category is None:
        problems.append(Problem(str(path), line, "category", f"unknown weapon type "
                                f"'{row['category']}'; expected one of "
                                + ", ".join(WEAPON_CATEGORIES), "unknown-category"))
    count_text = row["number_of_weapons"].strip()
    if not count_text.isdigit():
        problems.append(Problem(str(path), line, "number_of_weapons", f"'{count_text}' is not "
                                "a whole number of weapons", "invalid-number"))
    try:
        value = euros(row["monetary_value_eur"], Decimal(1))  # only read into the note
        bad_value = value is not None and value < 0
    except InvalidOperation:
        value, bad_value = None, True
    if bad_value:
        problems.append(Problem(str(path), line, "monetary_value_eur",
                                f"'{row['monetary_value_eur']}' is not an amount of EUR",
                                "invalid-number"))
    if len(problems) > found or code is None or category is None:
        return None
    return code, category, int(count_text), value


def _tally(path: Path, problems: list[Problem]) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in csv_rows(path, REQUIRED, problems):
        parsed = _read_row(row, line, path, problems)
        if parsed is None:
            continue
        code, category, count, value = parsed
        kind = row["category"].strip()
        if (code, kind) in seen:
            problems.append(Problem(str(path), line, "category", f"a second '{kind}' row for "
                                    f"{code} (first on line {seen[code, kind]})",
                                    "duplicate-row"))
            continue
        seen[code, kind] = line
        tally = tallies.setdefault(code, _Tally(line))
        tally.counts[category] = tally.counts.get(category, 0) + count
        models = row.get("weapons_list", "").strip()
        worth = f"EUR {value:,.0f}" if value is not None else "value not given"
        tally.parts.setdefault(category, []).append(
            f"{kind} {count} ({worth}{': ' + models if models else ''})")
    return tallies


def read_weapons(path: Path, period: str, source: Source, problems: list[Problem]
                 ) -> list[Observation]:
    """One count per donor and vocabulary category, its breakdown and values in the note."""
    observations: list[Observation] = []
    for code, tally in _tally(path, problems).items():
        for category, count in sorted(tally.counts.items()):
            obs = make_observation(
                problems, (str(path), tally.line, "donor"), provider=code, recipient=RECIPIENT,
                category=category, quantity_low=count, quantity_high=count,
                unit=default_unit(category), basis="allocated", period_start=COVERAGE_START,
                period_end=period, as_of=period, source_id=source.id,
                note=f"{WEAPONS}, as the tracker counts them: "
                + "; ".join(sorted(tally.parts[category])),
                quote=f"{WEAPONS}, donor {code}: sum of number_of_weapons over "
                + " + ".join(sorted({part.split(" (")[0] for part in tally.parts[category]}))
                + f" = {count}")
            if obs is not None:
                observations.append(obs)
    return observations
