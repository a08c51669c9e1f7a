"""Compare and timeline, incl. Kiel-style monthly flows next to North Korean figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reconcile.conftest import TROOP_OBS, TROOP_SOURCES, obs, src
from warledger.ledger.models import Observation
from warledger.ledger.store import Ledger, open_ledger
from warledger.reconcile import estimate, estimate_for, series_of
from warledger.reconcile.compare import NO_EVIDENCE, compare, provider_group
from warledger.reconcile.plot import render_svg, write_plot
from warledger.reconcile.rules import ReconcileError
from warledger.reconcile.timeline import BandStep, Timeline, months_between, timeline

KIEL = "Kiel Institute, Ukraine Support Tracker"
RELEASES = [src("kiel-r1", KIEL, "B2", "2025-02", title="Release 1"),
            src("kiel-r2", KIEL, "B2", "2025-04", title="Release 2")]


def month(value: float, when: str, release: str, provider: str = "USA") -> Observation:
    return obs(value, source=release, provider=provider, recipient="UKR",
               category="military_aid_value", basis="allocated", qualifier="exact", unit="EUR",
               period_start=when, period_end=when)


MONTHS = (
    [month(1e9, m, "kiel-r1") for m in ("2024-10", "2024-11", "2024-12")]
    + [month(1.5e9, "2024-10", "kiel-r2")]  # the later release revises October upwards
    + [month(1e9, m, "kiel-r2") for m in ("2024-11", "2024-12", "2025-01", "2025-02", "2025-03")]
    + [month(2e9, m, "kiel-r2", "EUROPE") for m in ("2025-01", "2025-02")]
    + [month(5e8, m, "kiel-r2", "DEU") for m in ("2025-01", "2025-02")]
)


@pytest.fixture
def mixed_ledger(tmp_path: Path) -> Iterator[Ledger]:
    ledger = open_ledger(tmp_path / "mixed.db", bundled=False)
    ledger.add(TROOP_SOURCES + RELEASES, TROOP_OBS + MONTHS)
    yield ledger
    ledger.close()


def test_series_group_by_basis_and_flag_monthly_flows(mixed_ledger):
    found = {s.key: s for s in series_of(mixed_ledger.observations())}
    troops = found[("PRK", "RUS", "troops", "cumulative", "person")]
    assert troops.count == 2 and not troops.monthly
    usa = found[("USA", "UKR", "military_aid_value", "allocated", "EUR")]
    assert usa.monthly and usa.count == 9
    assert (usa.first.isoformat(), usa.last.isoformat()) == ("2024-10-01", "2025-03-31")


def test_monthly_flows_are_summed_per_release_up_to_the_as_of_date(mixed_ledger):
    est = estimate_for(mixed_ledger, "USA", "UKR", "military_aid_value", as_of="2025-03")
    assert est.central == 6.5e9 and (est.low, est.high) == (6.5e9, 6.5e9)
    [kept] = est.kept
    assert kept.source_id == "kiel-r2" and "sum of 6 monthly figures" in kept.note
    assert "Release 2" in kept.note
    assert "superseded" in est.set_aside_codes.values()  # release 1's total
    assert any("summed per release" in x for x in est.reasons)


def test_a_later_release_revises_the_same_months(mixed_ledger):
    est = estimate_for(mixed_ledger, "USA", "UKR", "military_aid_value", as_of="2024-12")
    assert est.central == 3.5e9  # release 2's October (1.5) + Nov + Dec, not release 1's 3.0


def test_compare_puts_monthly_aid_next_to_north_korean_troops(mixed_ledger):
    table = compare(mixed_ledger, as_of="2025-04")
    cells = {(r.provider, r.category): r for r in table.rows}
    troops = cells[("PRK", "troops")]
    assert troops.cells["RUS"] is not None and troops.cells["RUS"].central == 14000
    assert troops.cell_text("UKR") == NO_EVIDENCE
    usa = cells[("USA", "military_aid_value")]
    assert usa.cell_text("RUS") == NO_EVIDENCE and usa.cells["UKR"].central == 6.5e9
    # groups are shown as reported, never summed from their members
    assert cells[("EUROPE", "military_aid_value")].cells["UKR"].central == 4e9
    assert cells[("DEU", "military_aid_value")].cells["UKR"].central == 1e9
    assert [r.group for r in table.rows][0] == "PRK"
    data = table.to_dict()
    assert data["rows"][0]["cells"]["UKR"]["text"] == NO_EVIDENCE


def test_compare_leaves_out_pairs_with_no_figure_for_the_date(mixed_ledger):
    table = compare(mixed_ledger, as_of="2024-09")
    assert [(r.provider, r.category) for r in table.rows] == []
    assert table.omitted == 4


def test_provider_groups():
    assert provider_group("DEU") == "WEST" and provider_group("EUROPE") == "WEST"
    assert provider_group("PRK") == "PRK"


def test_timeline_band_follows_the_running_total(mixed_ledger):
    tl = timeline(mixed_ledger, "USA", "UKR", "military_aid_value")
    assert tl.basis == "allocated"
    assert [p.text for p in tl.points] == ["3,000,000,000 EUR", "6,500,000,000 EUR"]
    assert [(b.as_of, b.central) for b in tl.band] == [
        ("2024-12", 3.5e9), ("2025-01", 4.5e9), ("2025-02", 5.5e9), ("2025-03", 6.5e9)]
    assert months_between(tl.points[0].date, tl.points[-1].date)[-1] == "2025-03"


def test_troop_timeline_marks_the_band_basis(troop_ledger):
    tl = timeline(troop_ledger, "PRK", "RUS", "troops")
    assert tl.basis == "cumulative"
    assert {p.basis for p in tl.points if p.in_basis} == {"cumulative"}
    assert len(tl.points) == len(TROOP_OBS)


def test_plots_are_written_and_unknown_formats_refused(troop_ledger, tmp_path):
    tl = timeline(troop_ledger, "PRK", "RUS", "troops")
    svg = render_svg(tl)
    assert svg.startswith("<svg") and svg.count("<g><title>") == len(tl.points)
    html_file = write_plot(tl, tmp_path / "t.html")
    assert "<svg" in html_file.read_text() and "South Korea NIS" in html_file.read_text()
    with pytest.raises(ReconcileError, match="expected a .html, .svg or .png"):
        write_plot(tl, tmp_path / "t.pdf")
    pytest.importorskip("matplotlib")
    assert write_plot(tl, tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"


def test_empty_timeline_cannot_be_plotted(troop_ledger, tmp_path):
    tl = timeline(troop_ledger, "IRN", "RUS", "drones")
    with pytest.raises(ReconcileError, match="nothing to plot"):
        write_plot(tl, tmp_path / "t.svg")


def test_a_single_month_is_a_partial_period_not_a_flow():
    rows = [obs(43.1e9, source="kiel-r1", provider="USA", recipient="UKR",
                category="military_aid_value", basis="allocated", qualifier="exact",
                unit="EUR", period_start="2022-01", period_end="2024-02"),
            month(23e9, "2024-02", "kiel-r2")]
    est = estimate(rows, {s.id: s for s in RELEASES})
    assert est.central == 43.1e9
    assert list(est.set_aside_codes.values()) == ["partial-period"]


def test_a_month_without_evidence_breaks_the_band(troop_ledger):
    tl = timeline(troop_ledger, "PRK", "RUS", "troops", basis="in_country")
    months = [b.as_of for b in tl.band]
    # "more than 3,000" of 2024-10-23 is 100 days old at 2025-01-31: within the 122-day stock
    # horizon, so January still has a (bounds-only) step
    assert months[0] == "2024-10" and "2025-01" in months
    gappy = Timeline("PRK", "RUS", "troops", "in_country", "person", band=[
        BandStep("2024-11", 11000, 11000, 12000), BandStep("2024-12", 11000, 11000, 12000),
        BandStep("2025-02", 11000, 11000, 11000)])
    assert render_svg(gappy).count("<polygon points") == 2  # Nov-Dec, then February


def test_derived_figures_join_the_timeline_as_points_only(troop_ledger):
    from warledger.derive import derive_chain, load_assumptions
    from warledger.derive.montecarlo import CHAINS

    containers = obs(16000, source="kbs-2025-04", category="containers", basis="delivered",
                     as_of="2025-03")
    made = derive_chain(containers, CHAINS[1], load_assumptions(), draws=2000, seed=1)
    assert made.observation is not None and made.source is not None
    tl = timeline(troop_ledger, "PRK", "RUS", "artillery_shells",
                  derived=[(made.observation, made.source)])
    assert [p.derived for p in tl.points] == [True] and tl.band == []


def test_a_flow_says_which_period_it_covers():
    row = obs(450e6, source="kiel-r2", provider="DEU", recipient="UKR",
              category="total_aid_value", basis="allocated", qualifier="exact", unit="EUR",
              period_start="2025-01", period_end="2025-02")
    est = estimate([row], {s.id: s for s in RELEASES}, as_of="2025-03")
    # exact, 31 days old at 2025-03-31: a running total widens upwards by 20 % per 90 days
    assert est.summary() == ("450.0 million (450.0 million-481.0 million) EUR, allocated, "
                             "covering 2025-01 to 2025-02")
    assert est.to_dict()["period"] == ["2025-01", "2025-02"]


def test_a_real_kiel_release_sums_to_its_monthly_rows(tmp_path):
    """The shared Kiel release through the issue-7 importer: compare's cell is the sum of the
    release's months up to the as-of date, next to the North Korean figures."""
    from tests.conftest import SHARED

    ust = pytest.importorskip("warledger.importers.ust")
    folder = SHARED / "data" / "kiel-ust"
    if not (folder / "data_explorer.csv").is_file():
        pytest.skip("shared Kiel release not present")
    with open_ledger(tmp_path / "kiel.db", bundled=False) as ledger:
        ledger.add(TROOP_SOURCES, TROOP_OBS)
        ust.import_ust(ledger, folder)
        months = [o for o in ledger.observations(provider="USA", recipient="UKR",
                                                 category="military_aid_value",
                                                 basis="allocated")
                  if o.period_start == o.period_end and (o.period_end or "") <= "2025-04"]
        table = compare(ledger, as_of="2025-04", categories=["troops", "military_aid_value"])
    cells = {(r.provider, r.category): r for r in table.rows}
    usa = cells[("USA", "military_aid_value")].cells["UKR"]
    assert usa is not None and len(months) > 12
    assert usa.central == pytest.approx(sum(o.quantity_low for o in months))
    assert "Release 29" in usa.kept[0].note
    assert cells[("PRK", "troops")].cells["RUS"].central == 14000


def test_the_band_as_known_then_leaves_out_figures_published_later(troop_ledger):
    late = src("late-report", "A later report", "B2", "2025-03-01")
    troop_ledger.add([late], [obs(12000, source="late-report", as_of="2024-12-15",
                                  basis="in_country")])
    now = {b.as_of: b for b in timeline(troop_ledger, "PRK", "RUS", "troops",
                                        basis="in_country").band}
    then_tl = timeline(troop_ledger, "PRK", "RUS", "troops", basis="in_country",
                       as_known_then=True)
    then = {b.as_of: b for b in then_tl.band}
    assert now["2024-12"].central == 12000  # published 2025-03-01, about 2024-12-15
    # by 2024-12-31 only the NIS "more than 3,000" of 2024-10-23 was published: bounds only
    assert then["2024-12"].central is None and then["2024-12"].low == 3000
    assert then_tl.to_dict()["as_known_then"] is True
    known = timeline(troop_ledger, "PRK", "RUS", "troops", basis="in_country",
                     known_by="2025-02-28")
    assert all(p.observation_id != troop_ledger.observations(source_id="late-report")[0].id
               for p in known.points)
