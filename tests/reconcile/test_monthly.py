"""Support over time: monthly flows per source, summed over a group's members."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger, open_ledger
from warledger.reconcile import monthly_flows, support_over_time

TRACKER = Source(publisher="Kiel Institute", title="Ukraine Support Tracker, Release 29",
                 url="https://www.ifw-kiel.de/", published="2026-08-04")
OLDER = Source(publisher="Kiel Institute", title="Ukraine Support Tracker, Release 28",
               url="https://www.ifw-kiel.de/", published="2026-04-01")
AIS = Source(publisher="warledger maritime", title="AIS voyages", url="file:/tmp/positions")


def aid(provider: str, month: str, eur: float, source: Source = TRACKER) -> Observation:
    return Observation(provider=provider, recipient="UKR", category="military_aid_value",
                       quantity_low=eur, quantity_high=eur, unit="EUR", basis="allocated",
                       period_start=month, period_end=month, source_id=source.id)


def voyages(month: str, n: int) -> Observation:
    return Observation(provider="PRK", recipient="RUS", category="voyages", quantity_low=n,
                       quantity_high=n, qualifier="at_least", unit="voyage", basis="delivered",
                       period_start=month, period_end=month, source_id=AIS.id,
                       derived_from=["file:/tmp/positions.parquet#sha256=00"])


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    led = open_ledger(tmp_path / "m.db", bundled=False)
    led.add([TRACKER, OLDER, AIS], [
        aid("USA", "2024-01", 2e9), aid("DEU", "2024-01", 0.5e9), aid("USA", "2024-02", 1e9),
        aid("USA", "2024-01", 1.5e9, OLDER),
        # an aggregate row would count its members twice; a non-Western donor is not WEST
        aid("EUROPE", "2024-01", 9e9), aid("AZE", "2024-01", 7e9),
        # a whole-period figure is not a month
        Observation(provider="USA", recipient="UKR", category="military_aid_value",
                    quantity_low=40e9, quantity_high=40e9, unit="EUR", basis="allocated",
                    period_start="2022-01", period_end="2024-02", source_id=TRACKER.id),
        voyages("2024-02", 3), voyages("2024-03", 4),
    ])
    yield led
    led.close()


def test_flows_sum_members_per_month_one_per_source(ledger: Ledger) -> None:
    flows = monthly_flows(ledger, providers="WEST", recipient="UKR",
                          category="military_aid_value", basis="allocated")
    assert [f.label for f in flows] == [
        "Ukraine Support Tracker, Release 28 (published 2026-04-01)",
        "Ukraine Support Tracker, Release 29 (published 2026-08-04)"]
    latest = flows[1]
    assert latest.months == {"2024-01": 2.5e9, "2024-02": 1e9}
    assert latest.donors == 2 and not latest.lower_bound
    assert flows[0].months == {"2024-01": 1.5e9}


def test_a_state_is_its_own_flow(ledger: Ledger) -> None:
    [flow] = monthly_flows(ledger, providers="DEU", recipient="UKR",
                           category="military_aid_value", basis="allocated")
    assert flow.months == {"2024-01": 0.5e9}


def test_aid_and_shipments_share_one_month_axis(ledger: Ledger) -> None:
    data = support_over_time(ledger)
    assert data["months"] == ["2024-01", "2024-02", "2024-03"]
    [ships] = data["shipments"]
    assert ships["lower_bound"] is True and ships["category"] == "voyages"
    assert ships["months"] == [{"month": "2024-02", "value": 3}, {"month": "2024-03", "value": 4}]
    assert "EUROPE" not in data["aid_providers"] and "USA" in data["aid_providers"]
