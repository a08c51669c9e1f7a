"""The curated dataset meets the coverage the project promises, and every figure is sourced."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from frictionless import validate

from warledger.bundled import bundled_data_dir
from warledger.ledger.io import read_paths
from warledger.ledger.models import Observation
from warledger.ledger.store import Ledger, open_ledger

DATA = bundled_data_dir()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    with open_ledger(tmp_path_factory.mktemp("dataset") / "l.db") as opened:
        yield opened


def test_curated_files_are_a_valid_frictionless_package() -> None:
    report = validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_figure_cites_a_used_identifiable_source() -> None:
    batch = read_paths([DATA])
    assert not batch.problems
    sources = {s.id: s for _, s in batch.sources}
    used = {o.source_id for _, o in batch.observations}
    assert used == set(sources)  # no dangling ids, no unused sources
    for source in sources.values():
        assert source.publisher and source.url.startswith("http"), source.id


def _distinct_sources(rows: list[Observation]) -> int:
    return len({o.source_id for o in rows})


def test_coverage_promised_by_the_dataset(ledger: Ledger) -> None:
    assert ledger.count_observations() >= 80
    q = ledger.observations
    troops = q(provider="PRK", recipient="RUS", category="troops")
    assert _distinct_sources(troops) >= 5 and len({o.as_of for o in troops}) >= 5
    shells = q(provider="PRK", recipient="RUS", category="artillery_shells")
    assert len(shells) >= 4 and any(o.quantity_low < o.quantity_high for o in shells)
    shipping = q(provider="PRK", recipient="RUS", category="port_calls") + q(
        provider="PRK", recipient="RUS", category="voyages")
    assert len(shipping) >= 2
    for category in ("casualties", "containers", "explosives", "ballistic_missiles",
                     "artillery_systems"):
        assert q(provider="PRK", recipient="RUS", category=category), category
    iran = [o for c in ("drones", "ballistic_missiles", "cruise_missiles")
            for o in q(provider="IRN", recipient="RUS", category=c)]
    assert len(iran) >= 3
    for donor in ("USA", "DEU", "GBR", "EUROPE"):
        assert q(provider=donor, recipient="UKR", category="military_aid_value"), donor
    assert q(provider="EU", recipient="UKR")
    releases = {ledger.source(o.source_id).published for o in q(recipient="UKR")
                if "aid_value" in o.category and "Kiel" in ledger.source(o.source_id).publisher}
    assert len(releases) >= 3
    for category in ("artillery_shells", "air_defense_systems", "aircraft"):
        assert q(recipient="UKR", category=category), category
    legion = q(recipient="UKR", category="volunteers")
    assert len({o.as_of or o.period_end for o in legion}) >= 2
    assert q(recipient="RUS", category="volunteers")


def test_troop_figures_are_dated(ledger: Ledger) -> None:
    for obs in ledger.observations(provider="PRK", recipient="RUS", category="troops"):
        assert ledger.source(obs.source_id).published, obs.id


def test_actors_file_defines_the_vocabulary_groups() -> None:
    from warledger.vocabulary import bundled_actors, expand_group

    actors = bundled_actors()
    for code in ("EU", "EUROPE", "NATO", "G7", "WEST", "FOREIGN"):
        assert code in actors, code
    assert {"DEU", "EU", "GBR"} <= expand_group("EUROPE")
    assert {"USA", "DEU", "JPN", "EU"} <= expand_group("WEST")
    assert "RUS" not in expand_group("WEST")
