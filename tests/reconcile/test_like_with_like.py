"""Issue 11, like with like: compare and value ask for a total to the as-of date on one basis,
never show a partial-period flow as a total, and say plainly when nothing covers the period."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reconcile.conftest import obs, src
from warledger.ledger.dates import first_day
from warledger.ledger.models import Observation
from warledger.ledger.store import Ledger, open_ledger
from warledger.reconcile import estimate
from warledger.reconcile.compare import compare, coverage_note
from warledger.reconcile.series import aggregate_monthly, release_ends

KIEL = "Kiel Institute, Ukraine Support Tracker"
SOURCES = [src("r2", KIEL, "B2", "2025-04", title="Release 2"),
           src("kiel-2024", KIEL, "B2", "2024-04", title="Release 2024-04"),
           src("idw", "Kiel Institute press release", "B2", "2025-04")]


def money(value: float, source: str, provider: str, **dates: str) -> Observation:
    return obs(value, source=source, provider=provider, recipient="UKR",
               category="military_aid_value", basis="allocated", qualifier="exact",
               unit="EUR", **dates)


ROWS = (
    [money(1e9, "r2", "USA", period_start=m, period_end=m)
     for m in ("2022-02", "2023-06", "2024-10", "2025-02", "2025-03", "2025-05")]
    + [money(2e8, "r2", "DEU", period_start=m, period_end=m) for m in ("2022-03", "2023-01")]
    # the whole war to February 2024, then a two-month flow: never a total on its own
    + [money(42e9, "kiel-2024", "GBR", period_start="2022-01", period_end="2024-02"),
       money(360e6, "idw", "GBR", period_start="2025-01", period_end="2025-02")]
)


@pytest.fixture
def aid(tmp_path: Path) -> Iterator[Ledger]:
    ledger = open_ledger(tmp_path / "aid.db", bundled=False)
    ledger.add(SOURCES, ROWS)
    yield ledger
    ledger.close()


def test_every_cell_of_compare_is_a_total_to_the_date_or_says_why_not(aid):
    table = compare(aid, as_of="2025-03", recipients=("UKR",))
    cells = {r.provider: (r.cells["UKR"], r.notes.get("UKR")) for r in table.rows}
    usa, note = cells["USA"]
    assert usa.central == 5e9 and note is None  # five months up to 2025-03, not May
    assert usa.described_until == first_day("2025-03-31")
    deu, note = cells["DEU"]
    # DEU's last row is 2023-01, but the release covers every donor to 2025-05
    assert deu.central == 4e8 and note is None and deu.described_until.isoformat() == "2025-03-31"
    gbr, note = cells["GBR"]
    assert [o.quantity_low for o in gbr.kept] == [42e9]
    assert gbr.set_aside_codes[ROWS[-1].id] == "partial-period"
    assert note == ("no figure covers 2025-03: the newest describes 2024-02-29; a floor for "
                    "the total")
    data = table.to_dict()["rows"]
    assert {r["provider"]: r["cells"]["UKR"]["covers_as_of"] for r in data} == {
        "DEU": True, "GBR": False, "USA": True}


def test_a_flow_alone_in_its_series_starts_the_series_but_not_after_a_whole_war_total():
    sources = {s.id: s for s in SOURCES}
    alone = estimate([ROWS[-1]], sources, as_of="2025-03")
    assert [o.quantity_low for o in alone.kept] == [360e6]
    with_total = estimate(ROWS[-2:], sources, as_of="2025-03")
    assert with_total.set_aside_codes[ROWS[-1].id] == "partial-period"


def test_the_partial_period_slack_is_31_days_from_the_series_start():
    sources = {s.id: s for s in SOURCES}
    start = money(42e9, "kiel-2024", "GBR", period_start="2022-01-01", period_end="2024-02")
    inside = money(1e9, "idw", "GBR", period_start="2022-02-01", period_end="2025-02")  # 31 d
    outside = money(1e9, "idw", "GBR", period_start="2022-02-02", period_end="2025-02")  # 32 d
    assert "partial-period" not in estimate([start, inside], sources).set_aside_codes.values()
    assert estimate([start, outside], sources).set_aside_codes == {outside.id: "partial-period"}


def test_a_release_sum_describes_the_as_of_month_only_when_the_release_reaches_it():
    deu = [o for o in ROWS if o.provider == "DEU"]
    covered = release_ends(ROWS)
    assert covered == {"r2": first_day("2025-05-31")}
    [total], _, _ = aggregate_monthly(deu, first_day("2025-03-31"), None, covered)
    assert (total.period_start, total.period_end) == ("2022-03", "2025-03")
    assert "(none later up to 2025-03)" in total.note
    [alone], _, _ = aggregate_monthly(deu, first_day("2025-03-31"), None, None)
    assert alone.period_end == "2023-01"  # without the other donors nothing says it goes on
    [late], _, _ = aggregate_monthly(deu, first_day("2025-06-30"), None, covered)
    assert late.period_end == "2023-01"  # the release stops at 2025-05, before June


def test_coverage_note_starts_at_the_first_day_of_the_as_of_period():
    sources = {s.id: s for s in SOURCES}
    est = estimate([money(1e9, "idw", "GBR", as_of="2025-03-01")], sources, as_of="2025-03")
    assert coverage_note(est, "2025-03") is None  # describes a day inside March
    older = estimate([money(1e9, "idw", "GBR", as_of="2025-02-28")], sources, as_of="2025-03")
    assert coverage_note(older, "2025-03").startswith("no figure covers 2025-03")
    assert coverage_note(older, None) is None


def test_the_series_start_is_the_lower_median_of_first_days_so_one_early_claim_does_not_rule():
    sources = {s.id: s for s in [src("mt", "MT"), src("reuters", "Reuters"), src("wapo", "WaPo")]}

    def shells(value: float | tuple[float, float], source: str, start: str, end: str,
               qualifier: str = "range") -> Observation:
        return obs(value, source=source, category="artillery_shells", basis="estimated",
                   qualifier=qualifier, period_start=start, period_end=end)

    early = shells(6e6, "mt", "2022-07", "2024-08", "more_than")
    reuters = shells((4e6, 6e6), "reuters", "2023-09", "2025-03")
    wapo = shells(1.6e6, "wapo", "2023-08", "2024-01", "about")
    # starts 2022-07, 2023-08, 2023-09: lower median 2023-08, and 2023-09-01 is 31 days later
    three = estimate([early, reuters, wapo], sources, as_of="2025-04")
    assert reuters in three.kept
    # starts 2022-07, 2023-09: lower median 2022-07, so Reuters' total counts part of it
    two = estimate([early, reuters], sources, as_of="2025-04")
    assert two.set_aside_codes == {reuters.id: "partial-period"}


def test_a_flow_is_partial_against_a_whole_war_total_that_describes_a_later_date():
    """The issue's case: Germany's EUR 450 million for Jan-Feb 2025 next to a tracker total
    that runs to 2026-04 (after the as-of date): the flow is still not the total."""
    sources = {s.id: s for s in SOURCES}
    later_total = money(29.9e9, "kiel-2024", "DEU", period_start="2022-01", period_end="2026-04")
    flow = money(450e6, "idw", "DEU", period_start="2025-01", period_end="2025-02")
    est = estimate([later_total, flow], sources, as_of="2025-03")
    assert est.set_aside_codes == {later_total.id: "after-as-of", flow.id: "partial-period"}
    assert not est.has_evidence and est.summary() == "no evidence"


def test_the_period_of_several_flows_ends_with_the_latest_period_end():
    sources = {s.id: s for s in SOURCES}
    earlier = money(10e9, "kiel-2024", "USA", period_start="2022-01", period_end="2025-02")
    later = money(12e9, "idw", "USA", period_start="2022-01", period_end="2025-03")
    est = estimate([later, earlier], sources)
    assert len(est.kept) == 2 and est.period == ("2022-01", "2025-03")


def test_a_cell_without_evidence_does_not_cover_the_date(aid):
    data = compare(aid, as_of="2025-03", recipients=("RUS", "UKR")).to_dict()
    usa = next(r for r in data["rows"] if r["provider"] == "USA")["cells"]
    assert usa["RUS"] == {"text": "no evidence", "low": None, "central": None, "high": None,
                          "covers_as_of": False, "note": None}


def test_a_row_takes_the_first_running_total_with_evidence_at_the_date(tmp_path):
    sources = [src("s1", "A", "B2", "2025-05"), src("s2", "B", "B2", "2025-02")]
    rows = [obs(20, source="s1", category="aircraft", unit="aircraft", provider="NLD",
                recipient="UKR", basis="cumulative", as_of="2025-05", qualifier="exact"),
            obs(18, source="s2", category="aircraft", unit="aircraft", provider="NLD",
                recipient="UKR", basis="delivered", as_of="2025-02", qualifier="exact")]
    with open_ledger(tmp_path / "a.db", bundled=False) as ledger:
        ledger.add(sources, rows)
        [row] = compare(ledger, as_of="2025-03", recipients=("UKR",)).rows
        # "cumulative" comes first in BASIS_PREFERENCE but has no figure by 2025-03
        assert row.cells["UKR"].basis == "delivered" and row.cells["UKR"].central == 18
        derived = obs(30, source="s2", category="aircraft", unit="aircraft", provider="NLD",
                      recipient="UKR", basis="delivered", as_of="2025-03-01",
                      qualifier="exact", derived_from=["x"])
        ledger.add([], [derived])
        [row] = compare(ledger, as_of="2025-03", recipients=("UKR",)).rows
        assert row.cells["UKR"].central == 18  # derived figures stay out by default


def test_monthly_rows_out_of_order_sum_from_the_first_month():
    deu = [o for o in ROWS if o.provider == "DEU"][::-1]
    [total], _, _ = aggregate_monthly(deu, None, None, None)
    assert (total.period_start, total.period_end) == ("2022-03", "2023-01")


def test_the_series_start_ignores_other_bases_and_units():
    sources = {s.id: s for s in SOURCES}
    committed = obs(1.2e9, source="kiel-2024", provider="GBR", recipient="UKR",
                    category="military_aid_value", basis="committed", qualifier="exact",
                    unit="EUR", period_start="2022-01", period_end="2022-10")
    flow = money(360e6, "idw", "GBR", period_start="2025-01", period_end="2025-02")
    est = estimate([committed, flow], sources, basis="allocated")
    assert est.kept == [flow]  # the only allocated figure starts its own series
