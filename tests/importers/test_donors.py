from __future__ import annotations

import pytest

from warledger.importers.donors import EXPLICIT, donor_code
from warledger.vocabulary import is_actor_code

from .conftest import UST_DIR, read_csv


def test_every_donor_in_release_29_maps_to_the_code_the_file_gives() -> None:
    rows = read_csv(UST_DIR / "data_explorer.csv")
    by_name = {r["country"]: r["iso"] for r in rows}
    assert len(by_name) > 40
    assert {name: donor_code(name) for name in by_name} == by_name


def test_every_weapons_donor_maps() -> None:
    names = {r["donor"] for r in read_csv(UST_DIR / "weapons.csv")}
    assert names and all(donor_code(n) is not None for n in names)


@pytest.mark.parametrize("name, code", sorted(EXPLICIT.items()))
def test_explicit_table_holds_only_vocabulary_codes(name: str, code: str) -> None:
    assert is_actor_code(code), f"{name} -> {code}"
    assert donor_code(name) == code


@pytest.mark.parametrize("name, code", [
    ("EU (Commission and Council)", "EU"), ("Turkiye", "TUR"), ("South Korea", "KOR"),
    ("Czech Republic", "CZE"), ("Slovakia", "SVK"), ("United Kingdom", "GBR"),
    ("United States", "USA"), ("germany", "DEU"), ("  New   Zealand ", "NZL"),
])
def test_names_resolve(name: str, code: str) -> None:
    assert donor_code(name) == code


@pytest.mark.parametrize("name", ["Atlantis", "Korea", "Macedonia", ""])
def test_unknown_names_do_not_resolve(name: str) -> None:
    assert donor_code(name) is None
