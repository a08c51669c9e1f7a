"""`warledger ais` commands through Typer's runner: exit codes, output, ledger lineage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from warledger.cli.ais import app

runner = CliRunner()


def _flat(text: str) -> str:
    """The error console wraps long lines; compare with the wrapping undone."""
    return "".join(text.split())


def _dangling_first_parts(path: Path) -> int:
    """Multi-part messages whose parts do not all follow in order on one (seq id, channel):
    the documented 'incomplete-multipart' rule, counted here by hand."""
    import re

    open_: dict[tuple[str, str], tuple[int, int]] = {}  # key -> (total, parts seen)
    bad = 0
    for line in path.read_text().splitlines():
        m = re.search(r"!..VD[MO],(\d),(\d),(\d?),([A-Z0-9]?),", line)
        if m is None or m.group(1) == "1":
            continue
        total, num, key = int(m.group(1)), int(m.group(2)), (m.group(3), m.group(4))
        if num == 1:
            bad += key in open_
            open_[key] = (total, 1)
        elif key in open_ and open_[key] == (total, num - 1):
            open_[key] = (total, num)
        else:
            bad += 1
            open_.pop(key, None)
        if key in open_ and open_[key][1] == total:
            del open_[key]
    return bad + len(open_)


def test_ingest_reports_rejects(data: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(data / "ais-nmea" / "pyais_nmea_data_sample.txt"),
                              str(data / "ais-tracks" / "dma_dipaal_ferry.csv"),
                              "--out", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    ferry_rows = len((data / "ais-tracks" / "dma_dipaal_ferry.csv").read_text().splitlines())
    assert out["rows"] == ferry_rows - 1  # every ferry row; the NMEA sample has no times
    assert out["rejected"]["incomplete-multipart"] == _dangling_first_parts(
        data / "ais-nmea" / "pyais_nmea_data_sample.txt")
    assert out["first_seen"]["undecodable"] == "pyais_nmea_data_sample.txt:4"
    text = runner.invoke(app, ["ingest", str(data / "ais-nmea" / "pyais_mixed.txt"),
                               "--out", str(tmp_path / "m")])
    assert text.exit_code == 0
    assert "rejected" in text.output and "no-timestamp" in text.output


def test_missing_input_is_exit_1(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(tmp_path / "nope.nmea"), "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert _flat("nope.nmea: no such file") in _flat(res.output)


def test_voyages_by_month_and_to_ledger(scenario: dict[str, Any], tmp_path: Path) -> None:
    d = scenario["dir"]
    ships = [str(s["mmsi"]) for s in scenario["truth"]["ships"]]
    args = ["voyages", str(d / "positions.parquet"), "--sightings", str(d / "sightings.csv"),
            "--by", "month", "--level", "group", "--json", "--to-ledger",
            "--db", str(tmp_path / "ledger.db")]
    for mmsi in ships:
        args += ["--vessel", mmsi]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "simulated data" in refused.output and "--allow-synthetic" in refused.output
    res = runner.invoke(app, [*args, "--allow-synthetic"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    prk_rus = [leg for leg in scenario["truth"]["legs"] if leg["from"] == "KPRJN"]
    assert out["voyages"] == len(scenario["truth"]["legs"])
    assert out["ledger"]["added_observations"] == out["ledger"]["observations"] > 0
    from warledger.ledger.store import open_ledger

    ledger = open_ledger(tmp_path / "ledger.db", bundled=False)
    obs = [o for o in ledger.observations(category="voyages")
           if "param:engine=polars" in o.derived_from]  # ours, not the bundled figures
    # a leg whose departure interval straddles two months is certain in neither
    ours = [leg for leg in out["legs"] if leg["from_place"] == "PRK"]
    straddle = [leg for leg in ours if str(leg["depart"])[:7] != str(leg["depart_hi"])[:7]]
    assert len(ours) == len(prk_rus)
    assert sum(o.quantity_low for o in obs) == len(prk_rus) - len(straddle)
    assert all(o.qualifier == "at_least" and o.provider == "PRK" for o in obs)
    assert out["ledger"]["synthetic"] is True
    assert all(o.note.startswith("SYNTHETIC") for o in obs)
    source = next(s for s in ledger.sources() if s.id == obs[0].source_id)
    assert source.title.startswith("SYNTHETIC") and (source.reliability, source.credibility) \
        == ("F", "6")
    lineage = obs[0].derived_from
    assert any(x.startswith(f"file:{(d / 'positions.parquet').resolve()}#sha256=")
               for x in lineage)
    assert "param:min_visit_confidence=2" in lineage and "param:level=group" in lineage


def test_bad_sightings_named(scenario: dict[str, Any], tmp_path: Path) -> None:
    bad = tmp_path / "s.csv"
    bad.write_text("vessel,area,time,source,confidence\n273000001,KPRJN,yesterday,x,high\n"
                   "273000002,Atlantis,2024-01-01T00:00:00Z,x,high\n")
    res = runner.invoke(app, ["visits", str(scenario["dir"] / "positions.parquet"),
                              "--sightings", str(bad)])
    assert res.exit_code == 1
    text = _flat(res.output)
    assert _flat("s.csv, line 2, field 'time': 'yesterday' is not an ISO 8601 time") in text
    assert _flat("s.csv, line 3, field 'area': unknown area 'Atlantis'") in text


def test_simulate_gaps_and_areas(data: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["simulate", "--out", str(tmp_path / "sim"), "--background", "2",
                              "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["rajin_calls"] == 64
    gaps = runner.invoke(app, ["gaps", str(tmp_path / "sim" / "positions.parquet"), "--json"])
    assert gaps.exit_code == 0
    rows = json.loads(gaps.output)["gaps"]
    assert rows and all(r["duration_h"] >= 6 for r in rows)
    assert any(r["port_bracketing"] for r in rows)  # dark legs between two port areas
    areas = runner.invoke(app, ["areas", "from-wpi", "KPRJN", "RUDUN", "--out",
                                str(tmp_path / "a.geojson"), "--name", "KPRJN=Rajin"])
    assert areas.exit_code == 0, areas.output
    feats = json.loads((tmp_path / "a.geojson").read_text())["features"]
    assert [f["properties"]["name"] for f in feats] == ["Rajin", "Dunai"]


def test_ingested_simulation_stays_marked_synthetic(tmp_path: Path) -> None:
    from warledger.maritime.ledger_link import synthetic_inputs
    from warledger.maritime.simulate_dark import simulate_dark

    simulate_dark(tmp_path / "sim")
    res = runner.invoke(app, ["ingest", str(tmp_path / "sim" / "positions.parquet"),
                              "--out", str(tmp_path / "ais")])
    assert res.exit_code == 0, res.output
    out = tmp_path / "ais" / "positions.parquet"
    assert synthetic_inputs(out, None) == [str(out)]
    refused = runner.invoke(app, ["voyages", str(out), "--to-ledger", "--db",
                                  str(tmp_path / "l.db")])
    assert refused.exit_code == 1 and "--allow-synthetic" in refused.output


def test_spilled_ingest_equals_in_memory_and_keeps_the_marker(tmp_path: Path,
                                                              monkeypatch: Any) -> None:
    import polars as pl

    import warledger.maritime.ingest as ing
    from warledger.maritime.ledger_link import synthetic_inputs
    from warledger.maritime.simulate_dark import simulate_dark

    simulate_dark(tmp_path / "sim")
    src = tmp_path / "sim" / "positions.parquet"
    whole = ing.ingest([src], tmp_path / "a")
    monkeypatch.setattr(ing, "SPILL_ROWS", 5_000)  # parts on disk, sorted out of core
    spilled = ing.ingest([src], tmp_path / "b")
    assert pl.read_parquet(spilled.path).equals(pl.read_parquet(whole.path))
    assert synthetic_inputs(spilled.path, None) == [str(spilled.path)]
