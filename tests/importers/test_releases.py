"""Two releases side by side: a derived 'Release 30' and the diff between them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from warledger.errors import NotFound
from warledger.importers.donors import donor_code
from warledger.importers.releases import (
    diff_releases,
    list_releases,
    monthly_totals,
    resolve_release,
)
from warledger.importers.ust import AID_COLUMNS, import_ust
from warledger.importers.weapons import WEAPON_CATEGORIES
from warledger.ledger.store import Ledger
from warledger.vocabulary import expand_group

from .conftest import UST_DIR, read_csv, write_csv

Expected = dict[tuple[str, str, str, str], float]
#: (row index, column, new text): cells a test edits in data_explorer.csv
EDITS = [(0, "military", "0.012345"), (100, "humanitarian", "0.5"),
         (500, "commitments", "0"), (1000, "financial", "3.25")]
WEAPON_EDIT = (3, "9")  # row index in weapons.csv, new number_of_weapons


def make_release_30(folder: Path) -> Expected:
    """Edit a copy of Release 29 into 'Release 30'; return the expected change per cell."""
    info = read_csv(folder / "release_info.csv")
    info[0].update(release="30", date="2026-10-06", label="Ukraine Support Tracker, Release 30")
    write_csv(folder / "release_info.csv", info)
    rows = read_csv(folder / "data_explorer.csv")
    expected: Expected = {}
    for index, column, text in EDITS:
        row = rows[index]
        category, basis = AID_COLUMNS[column]
        assert Decimal(text) != Decimal(row[column]), "an edit must change the figure"
        key = (donor_code(row["country"]) or "", category, basis,
               f"{row['year']}-{int(row['month']):02d}")
        expected[key] = float((Decimal(text) - Decimal(row[column])) * 1_000_000_000)
        row[column] = text
    write_csv(folder / "data_explorer.csv", rows)
    weapons = read_csv(folder / "weapons.csv")
    row = weapons[WEAPON_EDIT[0]]
    key = (donor_code(row["donor"]) or "", WEAPON_CATEGORIES[row["category"]], "allocated",
           "cumulative")
    expected[key] = float(int(WEAPON_EDIT[1]) - int(row["number_of_weapons"]))
    row["number_of_weapons"] = WEAPON_EDIT[1]
    write_csv(folder / "weapons.csv", weapons)
    return expected


@pytest.fixture
def two_releases(ledger: Ledger, release_copy: Path) -> Expected:
    expected = make_release_30(release_copy)
    import_ust(ledger, UST_DIR)
    import_ust(ledger, release_copy)
    return expected


def test_second_release_keeps_the_first(ledger: Ledger, two_releases: Expected) -> None:
    releases = list_releases(ledger)
    assert [r.number for r in releases] == [29, 30]
    assert releases[0].observations == releases[1].observations
    assert ledger.count_observations() == sum(r.observations for r in releases)


def test_diff_reports_exactly_the_edited_cells(ledger: Ledger, two_releases: Expected) -> None:
    diff = diff_releases(ledger, "29", "30")
    got = {(c.provider, c.category, c.basis, c.period): c.delta for c in diff.changes}
    assert got == pytest.approx(two_releases)
    assert {c.kind for c in diff.changes} == {"changed"}


def test_diff_totals_move_by_the_edits(ledger: Ledger, two_releases: Expected) -> None:
    diff = diff_releases(ledger, "Release 29", "R30")
    for total in diff.totals:
        edits = [d for (_, cat, basis, period), d in two_releases.items()
                 if (cat, basis) == (total.category, total.basis)
                 and (period == "cumulative") == (total.scope == "cumulative")]
        assert total.delta == pytest.approx(sum(edits), abs=0.01)
        assert total.changed == len(edits)


def test_diff_of_a_release_with_itself_is_empty(ledger: Ledger, two_releases: Expected) -> None:
    diff = diff_releases(ledger, "30", "30")
    assert diff.changes == [] and all(t.delta == 0 for t in diff.totals)


def test_rows_dropped_or_added_show_as_such(ledger: Ledger, release_copy: Path) -> None:
    make_release_30(release_copy)
    rows = read_csv(release_copy / "data_explorer.csv")
    dropped = rows.pop(200)
    write_csv(release_copy / "data_explorer.csv", rows)
    import_ust(ledger, UST_DIR)
    import_ust(ledger, release_copy)
    forward = diff_releases(ledger, "29", "30")
    removed = {(c.provider, c.period) for c in forward.changes if c.kind == "removed"}
    month = f"{dropped['year']}-{int(dropped['month']):02d}"
    assert removed == {(donor_code(dropped["country"]), month)}
    assert sum(c.kind == "removed" for c in forward.changes) == len(AID_COLUMNS)
    backward = diff_releases(ledger, "30", "29")
    assert sum(c.kind == "added" for c in backward.changes) == len(AID_COLUMNS)


def test_releases_resolve_by_number_or_source_id(ledger: Ledger, two_releases: Expected) -> None:
    first = resolve_release(ledger, "29")
    assert resolve_release(ledger, first.source.id) == first
    with pytest.raises(NotFound, match="no tracker release '31'"):
        resolve_release(ledger, "31")


def test_monthly_totals_for_a_group_of_donors(ledger: Ledger) -> None:
    import_ust(ledger, UST_DIR)
    west = expand_group("WEST")
    rows = read_csv(UST_DIR / "data_explorer.csv")
    assert {donor_code(r["country"]) for r in rows} - west  # China, India, Taiwan, ...
    for column in ("military", "total"):
        category, _ = AID_COLUMNS[column]
        expected: dict[str, Decimal] = {}
        for row in rows:
            if donor_code(row["country"]) in west:
                month = f"{row['year']}-{int(row['month']):02d}"
                expected[month] = expected.get(month, Decimal(0)) + Decimal(row[column]) * 10**9
        got = monthly_totals(ledger, "29", category, providers=west)
        assert got == {m: float(v) for m, v in sorted(expected.items())}
