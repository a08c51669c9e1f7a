"""What every Kiel Ukraine Support Tracker file shares: release info, units, CSV reading.

The tracker's website publishes each release as a handful of CSV exports. ``release_info.csv``
names the release (number, last month with data, publication date); the data files give
EUR billion (``data_explorer.csv``) or EUR (``weapons.csv``). Helpers here turn cells into
EUR with :class:`~decimal.Decimal`, so a sum over donors carries no float drift, and turn
every bad cell into a :class:`~warledger.errors.Problem` naming file, line and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from warledger.errors import InputError, Problem
from warledger.ledger.dates import parse_partial
from warledger.ledger.models import Observation, Source

PUBLISHER = "Kiel Institute for the World Economy"
TRACKER_URL = "https://www.ifw-kiel.de/topics/war-against-ukraine/ukraine-support-tracker/"
CITATION = 'Trebesch et al., "The Ukraine Support Tracker", Kiel Working Paper 2218'
TITLE_PREFIX = "Ukraine Support Tracker, Release "
RECIPIENT = "UKR"
UNIT = "EUR"

DATA_EXPLORER = "data_explorer.csv"
WEAPONS = "weapons.csv"
RELEASE_INFO = "release_info.csv"

BILLION = Decimal(1_000_000_000)
CENT = Decimal("0.01")
_ABSENT = {"", "NA", "NaN", "nan"}
_LABEL_RELEASE = re.compile(r"Release\s+(\d+)", re.IGNORECASE)

CellKey = tuple[str, str, str, str]


@dataclass(frozen=True)
class ReleaseInfo:
    """What release_info.csv says about a release."""

    number: str
    period: str  # the last month with data, YYYY-MM
    published: str  # YYYY-MM-DD
    label: str

    def source(self) -> Source:
        return Source(
            publisher=PUBLISHER,
            title=f"{TITLE_PREFIX}{self.number}",
            url=TRACKER_URL,
            published=self.published,
            attributed_to=CITATION,
            # as data/sources.csv grades the Kiel Institute's own tracker publications
            reliability="B",
            credibility="2",
            note=f"{self.label}: data to {self.period}. Cite as {CITATION}. The release CSVs "
            "give EUR billion; warledger stores EUR.",
        )


def cell_key(obs: Observation) -> CellKey:
    """What a figure is *about*, release aside: donor, category, basis and month.

    Whole-war rows (heavy weapons) get the period ``cumulative`` so they line up across
    releases whose data end in different months.
    """
    single = obs.period_start == obs.period_end
    period = obs.period_start if single and obs.period_start else "cumulative"
    return (obs.provider, obs.category, obs.basis, period)


def euros(text: str, scale: Decimal) -> Decimal | None:
    """A cell in ``scale`` units as EUR to the cent; None when the cell is empty or NA."""
    cleaned = text.strip()
    if cleaned in _ABSENT:
        return None
    value = Decimal(cleaned) * scale  # InvalidOperation on text that is not a number
    if not value.is_finite():
        raise InvalidOperation(cleaned)
    return value.quantize(CENT)


def csv_rows(path: Path, required: tuple[str, ...], problems: list[Problem]
             ) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; a missing column is one problem, not one per row."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem(str(path), 1, ", ".join(missing),
                                    f"missing column(s); expected {', '.join(required)}",
                                    "missing-column"))
            return
        for row in reader:
            yield reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}


def _period(text: str) -> str | None:
    """The release's last month as YYYY-MM, from 'MM/YYYY' (the tracker's form) or 'YYYY-MM'."""
    cleaned = text.strip()
    month, sep, year = cleaned.partition("/")
    candidate = f"{year}-{month.zfill(2)}" if sep else cleaned
    try:
        ok = len(candidate) == 7 and parse_partial(candidate)[1] is not None
    except ValueError:
        ok = False
    return candidate if ok else None


def _full_date(text: str) -> str | None:
    try:
        ok = parse_partial(text.strip())[2] is not None
    except ValueError:
        ok = False
    return text.strip() if ok else None


def read_release_info(path: Path) -> ReleaseInfo:
    problems: list[Problem] = []
    rows = list(csv_rows(path, ("release", "period", "date"), problems))
    if not problems and len(rows) != 1:
        problems.append(Problem(str(path), None, None,
                                f"expected one release row, found {len(rows)}", "bad-release"))
    if problems:
        raise InputError(problems)
    line, row = rows[0]
    number, period, published = row["release"].strip(), _period(row["period"]), _full_date(
        row["date"])
    for name, ok, example in (("release", number.isdigit(), "29"),
                              ("period", period is not None, "04/2026"),
                              ("date", published is not None, "2026-08-04")):
        if not ok:
            problems.append(Problem(str(path), line, name, f"'{row[name]}' is not a valid "
                                    f"{name}; expected e.g. {example}", "bad-release"))
    label = row.get("label", "").strip() or f"{TITLE_PREFIX}{number} ({row['period'].strip()})"
    named = _LABEL_RELEASE.search(label)
    if named and number.isdigit() and named[1] != number:
        # the label is what charts and reports show: it must not name another release
        problems.append(Problem(str(path), line, "label", f"'{label}' names release "
                                f"{named[1]} but the release column says {number}",
                                "bad-release"))
    if problems:
        raise InputError(problems)
    assert period is not None and published is not None
    return ReleaseInfo(number, period, published, label)


def make_observation(problems: list[Problem], where: tuple[str, int, str],
                     **fields: object) -> Observation | None:
    """Build one observation; a validation failure becomes a located problem."""
    try:
        return Observation.model_validate(fields)
    except ValidationError as err:
        file, line, column = where
        for item in err.errors():
            msg = str(item["msg"]).removeprefix("Value error, ")
            problems.append(Problem(file, line, column, msg, "invalid-value"))
        return None
