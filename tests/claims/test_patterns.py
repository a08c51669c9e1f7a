"""One regression test per numbered pattern of issue 12, on small hand-built ledgers.

Expected values follow the rules of docs/claims.md, not a run of the checker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from warledger.claims import extract_claims
from warledger.claims.check import check_text
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import open_ledger


def _ledger(tmp_path: Path, rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> Any:
    """rows: (source fields, observation fields); sources deduplicated by URL."""
    led = open_ledger(tmp_path / "p.db", bundled=False)
    sources: dict[str, Source] = {}
    observations = []
    for src, obs in rows:
        source = sources.get(src["url"])
        if source is None:
            source = Source(reliability="B", credibility="2", **src)
            source = source.model_copy(update={"id": source.id or src["url"]})
            sources[src["url"]] = source
        observations.append(Observation(source_id=source.id, **obs))
    led.add(list(sources.values()), observations)
    return led


NIS = dict(publisher="KBS", attributed_to="NIS")
TROOPS = dict(provider="PRK", recipient="RUS", category="troops", unit="person")


def _one(report: Any) -> Any:
    (verdict,) = report.verdicts
    return verdict


# 1. Time --------------------------------------------------------------------------------------

def test_1_a_correct_figure_of_its_day_is_consistent_for_its_own_date(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [
        (dict(NIS, url="https://e.org/nov", published="2024-11-21"),
         dict(TROOPS, quantity_low=11000, quantity_high=11000, qualifier="about",
              basis="in_country", as_of="2024-11-20")),
        (dict(publisher="Reuters", url="https://e.org/apr", published="2025-04-16"),
         dict(TROOPS, quantity_low=14000, quantity_high=15000, qualifier="range",
              basis="cumulative", as_of="2025-04")),
    ])
    text = "In November 2024, 11,000 North Korean troops were in Russia."
    verdict = _one(check_text(text, led, date="2024-11-30"))
    assert verdict.verdict == "consistent" and verdict.compared_as_of == "2024-11"
    # the same figure said today, with no date of its own, is judged against today's evidence
    later = _one(check_text("11,000 North Korean troops were sent to Russia.", led,
                            date="2025-04-30"))
    assert later.verdict not in ("consistent", "outdated")
    assert later.direction == "understates"
    led.close()


def test_1_a_figure_revised_later_for_its_own_date_is_outdated(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [
        (dict(NIS, url="https://e.org/first", published="2024-10-26"),
         dict(TROOPS, quantity_low=5000, quantity_high=5000, basis="in_country",
              as_of="2024-10-25")),
        (dict(NIS, url="https://e.org/revised", published="2025-02-27"),
         dict(TROOPS, quantity_low=11000, quantity_high=11000, basis="in_country",
              as_of="2024-10")),
    ])
    text = "In late October 2024, about 5,000 North Korean troops were in Russia."
    verdict = _one(check_text(text, led, date="2024-10-30"))
    assert verdict.verdict == "outdated"
    assert "which the same origin has since revised" in verdict.reason
    assert verdict.direction == "understates"
    led.close()


def test_1_a_figure_that_fitted_its_day_but_not_what_is_known_now_is_outdated(
        tmp_path: Path) -> None:
    led = _ledger(tmp_path, [
        (dict(NIS, url="https://e.org/sep", published="2024-09-05"),
         dict(TROOPS, quantity_low=3000, quantity_high=3000, basis="in_country",
              as_of="2024-09-01")),
        (dict(publisher="Pentagon", url="https://e.org/later", published="2025-01-10"),
         dict(TROOPS, quantity_low=11000, quantity_high=11000, basis="in_country",
              as_of="2024-10-25")),
    ])
    text = "In October 2024, about 3,000 North Korean troops were in Russia."
    verdict = _one(check_text(text, led, date="2024-10-30"))
    assert verdict.verdict == "outdated" and verdict.direction == "understates"
    assert "fitted what was known on 2024-10-30" in verdict.reason
    # judged in January 2025, when the later figure was public, it is simply wrong
    late = _one(check_text(text, led, date="2025-01-15"))
    assert late.verdict == "contradicted"
    led.close()


# 2. Truthful reasons ----------------------------------------------------------------------------

def test_2_the_reason_states_interval_tolerance_basis_and_date(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [
        (dict(publisher="Reuters", url="https://e.org/apr", published="2025-04-16"),
         dict(TROOPS, quantity_low=14000, quantity_high=15000, qualifier="range",
              basis="cumulative", as_of="2025-04")),
    ])
    verdict = _one(check_text("About 12,000 North Korean troops are in Russia.", led,
                              date="2025-04-30"))
    assert verdict.verdict != "consistent" and verdict.direction == "understates"
    assert "lies within" not in verdict.reason
    for part in ("10,800 to 13,200", "+-10 %", "cumulative", "2025-04", "14,000 to 15,000"):
        assert part in verdict.reason
    led.close()


# 3. Inflation ----------------------------------------------------------------------------------

def test_3_up_to_n_is_a_claim_about_n(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [
        (dict(publisher="Reuters", url="https://e.org/apr", published="2025-04-16"),
         dict(TROOPS, quantity_low=14000, quantity_high=15000, qualifier="range",
              basis="cumulative", as_of="2025-04")),
        (dict(publisher="NHK", url="https://e.org/k", published="2023-05-16"),
         dict(provider="IRN", recipient="RUS", category="drones", unit="drone",
              quantity_low=400, quantity_high=400, qualifier="more_than", basis="delivered",
              as_of="2023-05-15")),
    ])
    troops = _one(check_text("Up to 1 million North Korean troops are in Russia.", led,
                             date="2025-04-30"))
    assert troops.verdict == "contradicted" and troops.direction == "overstates"
    drones = _one(check_text("Iran has delivered as many as 80,000 Shahed drones to Russia.",
                             led, date="2023-05-20"))
    # a floor ('more than 400') backs nothing 200 times above it
    assert drones.verdict != "consistent" and drones.direction == "overstates"
    led.close()


# 4. Money in other currencies ---------------------------------------------------------------

def test_4_dollars_are_compared_with_euros_at_the_claims_date(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [
        (dict(publisher="Kiel Institute", url="https://e.org/kiel", published="2025-04-15"),
         dict(provider="USA", recipient="UKR", category="total_aid_value", unit="EUR",
              quantity_low=115e9, quantity_high=115e9, qualifier="about", basis="allocated",
              period_start="2022-01-24", period_end="2025-02-28")),
    ])
    false = _one(check_text("The US gave Ukraine $400 billion.", led, date="2025-03-20"))
    assert false.verdict == "contradicted" and false.direction == "overstates"
    assert "ECB reference rate of 2025-03-31" in false.reason and "USD" in false.reason
    # $125 billion at the March 2025 rate (about 1.08 USD per EUR) is about EUR 115 billion
    right = _one(check_text("The US gave Ukraine about $125 billion.", led, date="2025-03-20"))
    assert right.verdict == "consistent"
    led.close()


# 5. Attribution and vocabulary -----------------------------------------------------------------

def test_5_attribution_follows_the_sentence() -> None:
    (europe, usa) = extract_claims(
        "Europe gave EUR 138 billion, compared with EUR 115 billion from the US.")
    assert (europe.provider, usa.provider) == ("EUROPE", "USA")
    (claim,) = extract_claims("South Korean intelligence said the North sent 11,000 troops.")
    assert claim.provider == "PRK" and claim.attributed_to == "South Korean intelligence"
    (eu,) = extract_claims("The European Union is now ahead of the United States with more "
                           "than EUR 80 billion in promised aid.")
    assert eu.provider == "EU"


@pytest.mark.parametrize(("text", "category", "low"), [
    ("North Korea sent 3,000 infantry troops to Russia.", "troops", 3000),
    ("Iran delivered 400 one-way attack drones to Russia.", "drones", 400),
    ("North Korea pledged 1,000 deminers to Russia.", "troops", 1000),
    ("North Korea sent 5,000 military construction workers to Russia.", "troops", 5000),
    ("North Korea sent 6,000 engineers to Russia.", "troops", 6000),
    ("North Korean war dead reached 2,000.", "casualties", 2000),
    ("North Korea sent 12 000 troops to Russia.", "troops", 12000),
    ("North Korea sent 12.000 troops to Russia.", "troops", 12000),
])
def test_5_vocabulary_tolerates_modifiers_and_reads_european_numbers(
        text: str, category: str, low: int) -> None:
    (claim,) = extract_claims(text)
    assert (claim.category, claim.quantity_low) == (category, low)


def test_5_pronouns_ellipsis_forecasts_and_time_phrases() -> None:
    (them,) = extract_claims("North Korea sent troops to Russia in the autumn. "
                             "11,000 of them were in Kursk by December.")
    assert (them.provider, them.category, them.quantity_low) == ("PRK", "troops", 11000)
    (arrived,) = extract_claims("Pyongyang has dispatched soldiers to Russia. "
                                "About 1,000 had already arrived.")
    assert (arrived.category, arrived.quantity_low) == ("troops", 1000)
    (forecast,) = extract_claims("North Korea might send 200,000 more troops to Russia.")
    assert forecast.modality == "forecast"
    year = extract_claims("In 2024, the Czech initiative delivered 1.5 million shells.")[0]
    assert (year.period_start, year.period_end) == ("2024", "2024")
    since = extract_claims("Since last August, North Korea sent 3 million shells to Russia.",
                           date="2025-04-16")[0]
    assert (since.period_start, since.period_end) == ("2024-08", "2025-04")
    pair = extract_claims("In May and June, Germany allocated EUR 5 billion in military aid.",
                          date="2025-08-12")[0]
    assert (pair.period_start, pair.period_end) == ("2025-05", "2025-06")


def test_5_a_forecast_is_not_checkable(tmp_path: Path) -> None:
    led = _ledger(tmp_path, [
        (dict(publisher="Reuters", url="https://e.org/apr", published="2025-04-16"),
         dict(TROOPS, quantity_low=14000, quantity_high=15000, qualifier="range",
              basis="cumulative", as_of="2025-04")),
    ])
    verdict = _one(check_text("North Korea might send 200,000 more troops to Russia.", led))
    assert verdict.verdict == "not_checkable"
    led.close()


# 6. The article's own source, and grades -------------------------------------------------------

def test_6_the_article_is_never_evidence_for_itself(tmp_path: Path) -> None:
    url = "https://news.example.org/2025/04/nk-17000"
    led = _ledger(tmp_path, [
        (dict(publisher="Example News", url=url, published="2025-04-10",
              title="North Korea has sent 17,000 troops to Russia, officials say"),
         dict(TROOPS, quantity_low=17000, quantity_high=17000, basis="deployed",
              as_of="2025-04")),
    ])
    text = "North Korea has sent 17,000 troops to Russia."
    with_it = _one(check_text(text, led, date="2025-04-30"))
    assert with_it.verdict == "consistent" and with_it.citations[0]["grade"] == "B2"
    by_url = _one(check_text(text, led, date="2025-04-30", source_url=url.upper() + "/"))
    assert by_url.verdict == "unsupported" and "own source left out" in by_url.reason
    titled = ("North Korea has sent 17,000 troops to Russia, officials say. " + text)
    by_text = [v for v in check_text(titled, led, date="2025-04-30").verdicts]
    assert all(v.verdict == "unsupported" for v in by_text)
    led.close()
