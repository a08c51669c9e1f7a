"""Import a Kiel Ukraine Support Tracker release (its website CSV exports) as observations.

A release folder holds ``release_info.csv``, ``data_explorer.csv`` (aid by donor and month,
EUR billion) and ``weapons.csv`` (heavy weapons by donor and type, see
:mod:`warledger.importers.weapons`). Each release becomes its own :class:`Source`, so releases
sit side by side and ``releases diff`` shows what a new one revised. Rules (docs/ust.md):

* every non-empty aid cell of ``data_explorer.csv`` is one observation, zeros included: the
  tracker writes an explicit ``0`` for a donor-month without aid of that kind, and keeping it
  lets a later revision from 0 show up as a change rather than as an addition;
* ``military``, ``financial``, ``humanitarian`` and ``total`` are ``allocated``;
  ``commitments`` is ``total_aid_value`` ``committed`` (the file does not split it by type);
* an unknown donor, a bad number or a second row for one donor and month is an error naming
  file, line and column, and nothing is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import InvalidOperation
from pathlib import Path

from warledger.errors import InputError, Problem
from warledger.importers.donors import donor_code, unknown_donor_message
from warledger.importers.tracker import (
    BILLION,
    DATA_EXPLORER,
    RECIPIENT,
    RELEASE_INFO,
    UNIT,
    WEAPONS,
    ReleaseInfo,
    cell_key,
    csv_rows,
    euros,
    make_observation,
    read_release_info,
)
from warledger.importers.weapons import read_weapons
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import ImportResult, Ledger, Progress

#: data_explorer.csv column -> (category, basis). ``to_be_allocated`` (commitments minus
#: allocations, may be negative) and the GDP columns are derived, not aid, so they stay out.
AID_COLUMNS: dict[str, tuple[str, str]] = {
    "military": ("military_aid_value", "allocated"),
    "financial": ("financial_aid_value", "allocated"),
    "humanitarian": ("humanitarian_aid_value", "allocated"),
    "total": ("total_aid_value", "allocated"),
    "commitments": ("total_aid_value", "committed"),
}

#: a whole re-released file would otherwise print thousands of identical complaints
MAX_CONFLICTS_SHOWN = 20


@dataclass
class UstRelease:
    """One release read from disk: its source and every observation, not yet stored."""

    info: ReleaseInfo
    source: Source
    observations: list[Observation]
    files: list[Path] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Observations per ``category/basis``, for reports."""
        out: dict[str, int] = {}
        for obs in self.observations:
            key = f"{obs.category}/{obs.basis}"
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))


@dataclass(frozen=True)
class UstImport:
    release: UstRelease
    result: ImportResult
    seconds: float


def _month(row: dict[str, str]) -> str | None:
    year, month = row["year"].strip(), row["month"].strip()
    if not (year.isdigit() and len(year) == 4 and month.isdigit() and 1 <= int(month) <= 12):
        return None
    return f"{year}-{int(month):02d}"


def read_data_explorer(path: Path, source: Source, problems: list[Problem]
                       ) -> list[Observation]:
    """One observation per donor, month and aid column with a value (zeros included)."""
    observations: list[Observation] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in csv_rows(path, ("country", "year", "month", *AID_COLUMNS), problems):
        code = donor_code(row["country"])
        if code is None:
            problems.append(Problem(str(path), line, "country",
                                    unknown_donor_message(row["country"]), "unknown-donor"))
            continue
        iso = row.get("iso", "").strip()
        if iso and iso != code:
            problems.append(Problem(str(path), line, "iso", f"donor '{row['country']}' maps to "
                                    f"{code} but the row says '{iso}'", "donor-mismatch"))
        month = _month(row)
        if month is None:
            problems.append(Problem(str(path), line, "year/month", f"'{row['year']}/"
                                    f"{row['month']}' is not a month", "invalid-date"))
            continue
        if (code, month) in seen:
            problems.append(Problem(str(path), line, "country", f"a second row for {code} in "
                                    f"{month} (first on line {seen[code, month]})",
                                    "duplicate-row"))
            continue
        seen[code, month] = line
        for column, (category, basis) in AID_COLUMNS.items():
            try:
                value = euros(row[column], BILLION)
            except InvalidOperation:
                problems.append(Problem(str(path), line, column, f"'{row[column]}' is not a "
                                        "number (EUR billion)", "invalid-number"))
                continue
            if value is None:
                continue
            obs = make_observation(problems, (str(path), line, column), provider=code,
                               recipient=RECIPIENT, category=category, quantity_low=value,
                               quantity_high=value, unit=UNIT, basis=basis, period_start=month,
                               period_end=month, source_id=source.id,
                               note=f"{DATA_EXPLORER}, column '{column}' (EUR billion in the "
                               "file)",
                               quote=f"{DATA_EXPLORER} line {line}: {row['country']}, {month}, "
                               f"column '{column}' = EUR {row[column].strip()} billion")
            if obs is not None:
                observations.append(obs)
    return observations


def release_files(path: Path) -> tuple[Path, list[Path]]:
    """The release_info.csv and the data files a DIR or FILE argument stands for."""
    folder = path if path.is_dir() else path.parent
    info = folder / RELEASE_INFO
    if path.is_dir():
        data = [folder / n for n in (DATA_EXPLORER, WEAPONS) if (folder / n).is_file()]
    elif path.name in (DATA_EXPLORER, WEAPONS):
        data = [path]
    elif path.name == RELEASE_INFO:
        data = [folder / n for n in (DATA_EXPLORER, WEAPONS) if (folder / n).is_file()]
    else:
        raise InputError([Problem(str(path), None, None, f"not a tracker export; expected a "
                                  f"folder or {DATA_EXPLORER}, {WEAPONS} or {RELEASE_INFO}",
                                  "unknown-file")])
    problems = [Problem(str(p), None, None, "file not found", "missing-file")
                for p in [info, *data] if not p.is_file()]
    if not data:
        problems.append(Problem(str(folder), None, None, f"no {DATA_EXPLORER} or {WEAPONS} "
                                "here", "missing-file"))
    if problems:
        raise InputError(problems)
    return info, data


def read_release(path: Path) -> UstRelease:
    """Read a release folder (or one of its files) in full; raise InputError on any problem."""
    info_path, data_paths = release_files(Path(path))
    info = read_release_info(info_path)
    source = info.source()
    problems: list[Problem] = []
    observations: list[Observation] = []
    for data_path in data_paths:
        if data_path.name == DATA_EXPLORER:
            observations += read_data_explorer(data_path, source, problems)
        else:
            observations += read_weapons(data_path, info.period, source, problems)
    if problems:
        raise InputError(problems)
    return UstRelease(info, source, observations, [info_path, *data_paths])


def conflicts(ledger: Ledger, release: UstRelease) -> list[Problem]:
    """Cells this release already holds in the ledger with a different figure.

    A release is one source; letting an edited file with the same release number and date in
    would leave two figures for one cell under one source, and no diff could tell them apart.
    """
    stored = {cell_key(o): o for o in ledger.observations(source_id=release.source.id)}
    problems = []
    differing = 0
    for obs in release.observations:
        prior = stored.get(cell_key(obs))
        if prior is None or prior.id == obs.id:
            continue
        differing += 1
        if differing <= MAX_CONFLICTS_SHOWN:
            problems.append(Problem(
                release.info.label, None, "/".join(cell_key(obs)),
                f"the ledger already holds {prior.quantity_high:,.2f} for this cell from "
                f"release {release.info.number}; this file says {obs.quantity_high:,.2f}. A "
                "revised release needs its own release number or date", "release-conflict"))
    if differing > MAX_CONFLICTS_SHOWN:
        problems.append(Problem(release.info.label, None, None, f"... and "
                                f"{differing - MAX_CONFLICTS_SHOWN} more cells differ",
                                "release-conflict"))
    return problems


def import_ust(ledger: Ledger, path: Path, *, progress: Progress | None = None) -> UstImport:
    """Read a release and add it to the ledger, all or nothing; re-importing adds nothing."""
    started = time.perf_counter()
    release = read_release(path)
    problems = conflicts(ledger, release)
    if problems:
        raise InputError(problems)
    result = ledger.add([release.source], release.observations,
                        origin=f"import-ust {release.info.label}", progress=progress)
    return UstImport(release, result, time.perf_counter() - started)
