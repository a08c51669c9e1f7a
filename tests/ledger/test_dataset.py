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


# -- issue 13: quotes, dates, origins and the statements analysts cite -------------------------

UNDATED_REASON = ("date", "dated")  # a source without `published` says why in its note


def _curated() -> tuple[list[Observation], dict[str, object]]:
    batch = read_paths([DATA])
    return [o for _, o in batch.observations], {s.id: s for _, s in batch.sources}


def test_every_curated_row_has_a_quote_or_a_stated_reason() -> None:
    rows, _ = _curated()
    assert len(rows) >= 300
    for obs in rows:
        assert obs.quote or "(no quote: " in obs.note, obs.note


def test_every_source_is_dated_or_says_why_not() -> None:
    _, sources = _curated()
    for source in sources.values():
        assert source.published or any(w in source.note.lower() for w in UNDATED_REASON), (
            source.id)


def test_the_bundled_dataset_passes_the_audit() -> None:
    from warledger.ledger.audit import audit

    rows, sources = _curated()
    report = audit(rows, sources)  # type: ignore[arg-type]
    assert report.passed, report.problems[:5]


#: whose government an origin string names (by its leading words)
GOVERNMENTS = {"NIS": "KOR", "South Korea": "KOR", "Pentagon": "USA", "State Department": "USA",
               "White House": "USA", "Zelensky": "UKR", "HUR": "UKR", "Budanov": "UKR",
               "Umerov": "UKR"}


def test_troops_rest_on_independent_government_origins() -> None:
    rows, _ = _curated()
    origins = {o.origin for o in rows if (o.provider, o.recipient, o.category)
               == ("PRK", "RUS", "troops") and o.origin}
    by_state = {origin: state for origin in origins for prefix, state in GOVERNMENTS.items()
                if origin.startswith(prefix)}
    assert len(by_state) >= 4 and len(set(by_state.values())) >= 3, by_state


@pytest.mark.parametrize(("provider", "category", "low", "origin"), [
    ("PRK", "troops", 11000, "Pentagon briefing (Sabrina Singh), 2024-11-18"),
    ("PRK", "troops", 11000, "Pentagon briefing (Pat Ryder), 2024-11-04"),
    ("PRK", "troops", 10000, "State Department briefing (Matthew Miller), 2024-11-04"),
    ("PRK", "troops", 11000, "Budanov (HUR) interview with The War Zone, 2024-10"),
    ("PRK", "artillery_shells", 5000000, "HUR statement to Interfax-Ukraine, 2024-11"),
    ("PRK", "ballistic_missiles", 60, "HUR (Andrii Chernyak) interview with RFE/RL, 2024-12-02"),
    ("PRK", "artillery_shells", 3500000, "Zelensky statement, 2024-10-28"),
    ("PRK", "casualties", 1100, "South Korea JCS statement, 2024-12-23"),
    ("PRK", "casualties", 4000, "South Korea JCS statement, 2025-03-27"),
    ("PRK", "troops", 3000, "South Korea JCS statement, 2025-03-27"),
    ("PRK", "artillery_shells", 1000000, "NIS briefing to the National Assembly, 2023-11-01"),
    ("PRK", "casualties", 1000, "Western officials via the BBC, 2025-01-22"),
    ("EU", "artillery_shells", 700000, "Borrell statement, 2024-08"),
    ("EU", "artillery_shells", 980000, "Borrell interview with European Pravda, 2024-11-11"),
    ("EU", "artillery_shells", 1000000, "Borrell blog (EEAS), 2024-11-18"),
])
def test_the_statements_analysts_cite_are_present(provider: str, category: str, low: float,
                                                  origin: str) -> None:
    rows, _ = _curated()
    assert any(o.provider == provider and o.category == category and o.quantity_low == low
               and o.origin == origin for o in rows)


def test_kiel_gives_every_donor_total_and_the_all_donor_total() -> None:
    rows, _ = _curated()
    kiel = {o.provider for o in rows if o.source_id == "kiel-ust-r29"
            and o.category == "total_aid_value"}
    assert {"JPN", "KIEL", "USA", "DEU", "EU", "EUROPE"} <= kiel and len(kiel) >= 40
