"""Release 29 in, checked against the CSV files themselves."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from warledger.errors import InputError
from warledger.importers.donors import donor_code
from warledger.importers.releases import monthly_totals
from warledger.importers.tracker import cell_key
from warledger.importers.ust import AID_COLUMNS, MAX_CONFLICTS_SHOWN, import_ust, read_release
from warledger.importers.weapons import WEAPON_CATEGORIES
from warledger.ledger.models import Observation
from warledger.ledger.store import Ledger

from .conftest import UST_DIR, read_csv, write_csv

EXPLORER = read_csv(UST_DIR / "data_explorer.csv")
WEAPON_ROWS = read_csv(UST_DIR / "weapons.csv")
INFO = read_csv(UST_DIR / "release_info.csv")[0]


def monthly(ledger: Ledger) -> list[Observation]:
    return [o for o in ledger.observations() if o.period_start == o.period_end]


def test_one_observation_per_donor_month_and_aid_type(ledger: Ledger) -> None:
    outcome = import_ust(ledger, UST_DIR)
    rows = monthly(ledger)
    # every cell of every aid column is present in Release 29 (zeros are written out)
    expected = Counter({AID_COLUMNS[c]: sum(1 for r in EXPLORER if r[c].strip())
                        for c in AID_COLUMNS})
    assert Counter((o.category, o.basis) for o in rows) == expected
    assert len(rows) == len(EXPLORER) * len(AID_COLUMNS)
    assert len({cell_key(o) for o in rows}) == len(rows)
    assert outcome.result.added_observations == ledger.count_observations()
    assert all(o.recipient == "UKR" and o.unit == "EUR" for o in rows)


def test_every_figure_equals_its_cell_in_eur(ledger: Ledger) -> None:
    import_ust(ledger, UST_DIR)
    stored = {cell_key(o): o.quantity_high for o in monthly(ledger)}
    for row in EXPLORER:
        month = f"{row['year']}-{int(row['month']):02d}"
        for column, (category, basis) in AID_COLUMNS.items():
            key = (donor_code(row["country"]), category, basis, month)
            assert Decimal(str(stored[key])) == Decimal(row[column]) * 1_000_000_000, key


def test_everything_traces_to_release_29(ledger: Ledger) -> None:
    import_ust(ledger, UST_DIR)
    [source] = ledger.sources()
    assert source.title == f"Ukraine Support Tracker, Release {INFO['release']}"
    assert source.published == INFO["date"]
    assert "Kiel Working Paper 2218" in source.attributed_to
    assert source.url.startswith("https://")
    assert {o.source_id for o in ledger.observations()} == {source.id}


@pytest.mark.parametrize("column, total_column", [
    ("military", "military"), ("financial", "financial"), ("humanitarian", "humanitarian"),
    ("total", "total_allocations"),
])
def test_monthly_sums_match_total_allocations(ledger: Ledger, column: str,
                                              total_column: str) -> None:
    import_ust(ledger, UST_DIR)
    category, _ = AID_COLUMNS[column]
    sums = monthly_totals(ledger, INFO["release"], category)
    totals = read_csv(UST_DIR / "total_allocations.csv")
    assert len(sums) == len(totals)
    donors = Counter(f"{r['year']}-{int(r['month']):02d}" for r in EXPLORER)
    for row in totals:
        month = f"{row['year']}-{int(row['month']):02d}"
        # each figure is rounded to EUR 1,000 (1e-6 billion) in the files
        tolerance = 500 * (donors[month] + 1)
        assert sums[month] == pytest.approx(float(row[total_column]) * 1e9, abs=tolerance)


def test_weapons_counts_add_up_to_the_file(ledger: Ledger) -> None:
    import_ust(ledger, UST_DIR)
    counts: dict[tuple[str | None, str], int] = defaultdict(int)
    for row in WEAPON_ROWS:
        code = donor_code(row["donor"])
        counts[code, WEAPON_CATEGORIES[row["category"]]] += int(row["number_of_weapons"])
    whole_war = [o for o in ledger.observations() if o.period_start != o.period_end]
    assert {(o.provider, o.category): o.quantity_high for o in whole_war} == counts
    month, year = INFO["period"].split("/")
    assert {(o.period_end, o.as_of, o.basis) for o in whole_war} == {
        (f"{year}-{month}", f"{year}-{month}", "allocated")}
    # money stays in the monthly series only: no heavy-weapons subtotal beside it
    assert all(o.category in set(WEAPON_CATEGORIES.values()) for o in whole_war)


def test_weapon_types_values_and_models_survive_in_the_note(ledger: Ledger) -> None:
    import_ust(ledger, UST_DIR)
    notes = {(o.provider, o.category): o.note for o in ledger.observations()
             if o.period_start != o.period_end}
    for row in WEAPON_ROWS:
        note = notes[donor_code(row["donor"]), WEAPON_CATEGORIES[row["category"]]]
        value = f"EUR {int(row['monetary_value_eur']):,}"
        assert f"{row['category']} {row['number_of_weapons']} ({value}" in note
        assert row["weapons_list"] in note


def test_reimport_adds_nothing_and_is_fast(ledger: Ledger) -> None:
    started = time.perf_counter()
    first = import_ust(ledger, UST_DIR)
    assert time.perf_counter() - started < 10
    again = import_ust(ledger, UST_DIR)
    assert (again.result.added_observations, again.result.added_sources) == (0, 0)
    assert again.result.skipped_observations == first.result.added_observations
    assert ledger.count_observations() == first.result.added_observations


def test_a_single_file_joins_the_same_release(ledger: Ledger) -> None:
    weapons_only = import_ust(ledger, UST_DIR / "weapons.csv")
    full = import_ust(ledger, UST_DIR)
    assert weapons_only.release.source.id == full.release.source.id
    assert full.result.skipped_observations == weapons_only.result.added_observations
    assert len(ledger.sources()) == 1


def test_unknown_donor_names_file_line_and_field(ledger: Ledger, release_copy: Path) -> None:
    rows = read_csv(release_copy / "data_explorer.csv")
    rows[10]["country"] = "Atlantis"
    write_csv(release_copy / "data_explorer.csv", rows)
    with pytest.raises(InputError) as err:
        import_ust(ledger, release_copy)
    [problem] = err.value.problems
    assert (problem.file, problem.line, problem.field, problem.code) == (
        str(release_copy / "data_explorer.csv"), 12, "country", "unknown-donor")
    assert "Atlantis" in problem.message
    assert ledger.count_observations() == 0


def test_bad_cells_are_all_reported_and_nothing_is_written(ledger: Ledger,
                                                           release_copy: Path) -> None:
    rows = read_csv(release_copy / "data_explorer.csv")
    rows[0]["military"] = "lots"
    rows[5]["month"] = "13"
    rows[7] = dict(rows[6])  # a second row for one donor and month
    write_csv(release_copy / "data_explorer.csv", rows)
    weapons = read_csv(release_copy / "weapons.csv")
    weapons[2]["category"] = "Submarines"
    weapons[5]["number_of_weapons"] = "2.5"
    weapons[6]["monetary_value_eur"] = "-1"
    write_csv(release_copy / "weapons.csv", weapons)
    with pytest.raises(InputError) as err:
        import_ust(ledger, release_copy)
    found = {(Path(p.file).name, p.line, p.field, p.code) for p in err.value.problems}
    assert found == {
        ("data_explorer.csv", 2, "military", "invalid-number"),
        ("data_explorer.csv", 7, "year/month", "invalid-date"),
        ("data_explorer.csv", 9, "country", "duplicate-row"),
        ("weapons.csv", 4, "category", "unknown-category"),
        ("weapons.csv", 7, "number_of_weapons", "invalid-number"),
        ("weapons.csv", 8, "monetary_value_eur", "invalid-number"),
    }
    assert ledger.count_observations() == 0


def test_empty_cells_are_not_observations(release_copy: Path) -> None:
    rows = read_csv(release_copy / "data_explorer.csv")
    rows[3]["humanitarian"] = ""
    rows[4]["commitments"] = "NA"
    write_csv(release_copy / "data_explorer.csv", rows)
    release = read_release(release_copy / "data_explorer.csv")
    assert len(release.observations) == len(rows) * len(AID_COLUMNS) - 2


def test_an_edited_file_cannot_pass_as_the_same_release(ledger: Ledger,
                                                         release_copy: Path) -> None:
    import_ust(ledger, UST_DIR)
    before = ledger.count_observations()
    rows = read_csv(release_copy / "data_explorer.csv")
    rows[0]["military"] = "0.5"
    write_csv(release_copy / "data_explorer.csv", rows)
    with pytest.raises(InputError) as err:
        import_ust(ledger, release_copy)
    assert [p.code for p in err.value.problems] == ["release-conflict"]
    assert ledger.count_observations() == before


def test_missing_release_info_is_an_error(release_copy: Path) -> None:
    (release_copy / "release_info.csv").unlink()
    with pytest.raises(InputError, match="release_info.csv: file not found"):
        read_release(release_copy)


@pytest.mark.parametrize("field, text", [("date", "2026-02-30"), ("period", "13/2026"),
                                         ("release", "twenty-nine"), ("release", "30")])
def test_a_bad_release_info_names_the_field(release_copy: Path, field: str,
                                            text: str) -> None:
    info = read_csv(release_copy / "release_info.csv")
    info[0][field] = text
    write_csv(release_copy / "release_info.csv", info)
    with pytest.raises(InputError) as err:
        read_release(release_copy)
    named = "label" if text == "30" else field  # Release 30 under Release 29's label
    assert [(p.line, p.field, p.code) for p in err.value.problems] == [(2, named, "bad-release")]


def test_many_conflicting_cells_are_summarised(ledger: Ledger, release_copy: Path) -> None:
    import_ust(ledger, UST_DIR)
    rows = read_csv(release_copy / "data_explorer.csv")
    for row in rows[:30]:
        row["total"] = str(Decimal(row["total"]) + 1)
    write_csv(release_copy / "data_explorer.csv", rows)
    with pytest.raises(InputError) as err:
        import_ust(ledger, release_copy)
    problems = err.value.problems
    assert len(problems) == MAX_CONFLICTS_SHOWN + 1
    assert problems[-1].message == f"... and {30 - MAX_CONFLICTS_SHOWN} more cells differ"
