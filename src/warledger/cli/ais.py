"""`warledger ais`: port visits, voyages and AIS gaps from ship positions (thin CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from warledger.cli._common import DbOption, JsonOption, emit_json, handle_errors

app = typer.Typer(help="Maritime evidence: ingest AIS, detect port visits, voyages and gaps.",
                  no_args_is_help=True)
areas_app = typer.Typer(help="Port areas (GeoJSON) for visit detection.", no_args_is_help=True)
app.add_typer(areas_app, name="areas")

AreasOpt = Annotated[Path | None, typer.Option("--areas", help="port-area GeoJSON "
                                               "(default: bundled Rajin/Vostochny/Nakhodka/Dunai)")]
SightOpt = Annotated[Path | None, typer.Option("--sightings", help="imagery sightings CSV")]
EngineOpt = Annotated[str, typer.Option("--engine", help="polars (default) or spark")]
VesselOpt = Annotated[list[str] | None, typer.Option("--vessel", help="only these vessel keys "
                                                     "(MMSI); repeatable")]
MinConfOpt = Annotated[int, typer.Option("--min-confidence", help="GFW visit confidence 1-4")]


def _echo_table(df: Any, limit: int = 50) -> None:
    import polars as pl

    with pl.Config(tbl_rows=limit, tbl_cols=20, tbl_width_chars=200):
        typer.echo(str(df))


def _rows(df: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in df.iter_rows(named=True)]


def _run(positions: Path | None, areas: Path | None, sightings: Path | None, engine: str,
         min_conf: int, level: str = "area") -> Any:
    from warledger.maritime.analysis import analyse
    from warledger.maritime.areas import load_areas
    from warledger.maritime.params import Params

    area_list = load_areas(areas)
    params = Params(min_visit_confidence=min_conf)
    return analyse(positions, area_list, params, sightings_csv=sightings, engine=engine,
                   level=level), area_list, params


def _only(df: Any, vessels: list[str] | None) -> Any:
    """Rows of the given vessel keys; an MMSI also selects its other segments (MMSI-1...)."""
    import polars as pl

    if not vessels:
        return df
    key = pl.col("vessel_key")
    return df.filter(key.is_in(vessels) | key.str.replace(r"-\d+$", "").is_in(vessels))


@app.command()
@handle_errors
def ingest(
    inputs: Annotated[list[Path], typer.Argument(help="NMEA, DMA/NOAA CSV, GFW JSON, Parquet")],
    out: Annotated[Path, typer.Option("--out", help="output directory")],
    no_checksum: Annotated[bool, typer.Option("--no-checksum",
                                              help="accept NMEA with bad checksums")] = False,
    as_json: JsonOption = False,
) -> None:
    """Normalise AIS inputs into OUT/positions.parquet sorted by (mmsi, ts).

    Example: warledger ais ingest raw/*.nmea raw/aisdk-2024-03-01.csv --out ais/
    """
    from rich.progress import Progress

    from warledger.maritime.ingest import ingest as run_ingest
    from warledger.maritime.ingest.streams import expand

    total = sum(item.size for path in inputs for item in expand(path))
    # a bar only for long inputs (over 50 MB), never in --json mode
    with Progress(transient=True, disable=as_json or total < 50_000_000) as bar:
        task = bar.add_task("reading AIS input", total=total)
        result = run_ingest(inputs, out, check_checksum=not no_checksum,
                            progress=lambda n: bar.update(task, completed=n))
    if as_json:
        emit_json({"path": str(result.path), "rows": result.rows, "formats": result.formats}
                  | result.rejects.as_dict())
    else:
        typer.echo(f"wrote {result.rows} position(s) to {result.path}")
        for line in result.rejects.summary_lines():
            typer.echo(line)
    if result.rows == 0 and result.rejects.total > 0:
        typer.echo(f"Error: no position was read: all {result.rejects.total} row(s) were "
                   "rejected (reasons above)", err=True)
        raise typer.Exit(1)


@app.command()
@handle_errors
def visits(
    positions: Annotated[Path, typer.Argument(help="positions.parquet from `ais ingest`")],
    areas: AreasOpt = None, sightings: SightOpt = None, engine: EngineOpt = "polars",
    vessel: VesselOpt = None, min_confidence: MinConfOpt = 2, as_json: JsonOption = False,
) -> None:
    """Port visits with GFW confidence 1-4 (at least --min-confidence, default 2 as GFW
    recommends; sighting-backed visits always), fused with imagery sightings.

    Example: warledger ais visits scen/positions.parquet --sightings scen/sightings.csv --json
    """
    from warledger.maritime.detect.voyages import usable_visits

    res, _, params = _run(positions, areas, sightings, engine, min_confidence)
    out = _only(usable_visits(res.visits, params), vessel)
    if as_json:
        emit_json({"visits": _rows(out), "conflicts": _rows(res.conflicts),
                   "rejects": res.detection.rejects.as_dict()})
        return
    _echo_table(out.drop("vessel", "visit_id"))
    typer.echo(f"{out.height} visit(s); {res.conflicts.height} AIS/imagery conflict(s)")


@app.command()
@handle_errors
def gaps(
    positions: Annotated[Path, typer.Argument(help="positions.parquet")],
    areas: AreasOpt = None, engine: EngineOpt = "polars", vessel: VesselOpt = None,
    as_json: JsonOption = False,
) -> None:
    """AIS gaps >= 6 h with GFW classes; port-bracketing gaps are dark voyages.

    Example: warledger ais gaps ais/positions.parquet --vessel 273000001
    """
    res, _, _ = _run(positions, areas, None, engine, 2)
    out = _only(res.detection.gaps, vessel)
    if as_json:
        emit_json({"gaps": _rows(out)})
        return
    _echo_table(out.drop("vessel"))
    typer.echo(f"{out.height} gap(s), {int(out['port_bracketing'].sum()) if out.height else 0} "
               "bracketed by two port areas")


@app.command()
@handle_errors
def voyages(
    positions: Annotated[Path | None, typer.Argument(help="positions.parquet (optional when "
                                                     "--sightings carries the evidence)")] = None,
    areas: AreasOpt = None, sightings: SightOpt = None, engine: EngineOpt = "polars",
    vessel: VesselOpt = None, min_confidence: MinConfOpt = 2,
    level: Annotated[str, typer.Option("--level", help="area or group")] = "area",
    by: Annotated[str | None, typer.Option("--by", help="'month': at-least/at-most counts")] = None,
    to_ledger: Annotated[bool, typer.Option("--to-ledger", help="write monthly counts as "
                                            "derived observations")] = False,
    count: Annotated[str, typer.Option("--count", help="voyages or port_calls")] = "voyages",
    provider: Annotated[str, typer.Option("--provider")] = "PRK",
    recipient: Annotated[str, typer.Option("--recipient")] = "RUS",
    allow_synthetic: Annotated[bool, typer.Option(
        "--allow-synthetic", help="record simulated inputs in the ledger, marked synthetic")
    ] = False,
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """One-way legs between different areas (or groups); `--by month` gives lower bounds.

    Example: warledger ais voyages scen/positions.parquet --sightings scen/sightings.csv
    --by month --to-ledger
    """
    from warledger.maritime.detect.voyages import monthly, same_area_returns, with_upper
    from warledger.maritime.errors import AISInputError
    from warledger.maritime.ledger_link import LedgerTarget, synthetic_inputs

    fake = synthetic_inputs(positions, sightings) if to_ledger else []
    if fake and not allow_synthetic:
        raise AISInputError(f"{', '.join(fake)}: simulated data (warledger ais simulate); "
                            "pass --allow-synthetic to record it, marked as synthetic")

    res, area_list, params = _run(positions, areas, sightings, engine, min_confidence, level)
    legs = _only(res.voyages, vessel)
    upper = _only(res.voyages_with_dark if res.voyages_with_dark is not None
                  else res.voyages, vessel)
    months = with_upper(monthly(legs), upper)
    dark = res.dark_calls if res.dark_calls is not None else None
    result: dict[str, Any] = {"voyages": len(legs), "voyages_with_dark": len(upper),
                              "dark_calls": _rows(_only(dark, vessel)) if dark is not None
                              else [], "round_trips": _only(
        res.round_trips, vessel).height,
        "same_area_returns": same_area_returns(_only(res.visits, vessel), params)}
    if to_ledger:
        result["ledger"] = _to_ledger(res, area_list, params, months, LedgerTarget(
            provider, recipient, count), [positions, sightings, areas], level, engine,
            vessel, db, bool(fake))
    if as_json:
        emit_json(result | {"legs": _rows(legs), "monthly": _rows(months) if by else None})
        return
    _echo_table(months if by == "month" else legs.drop("voyage_id", "from_visit", "to_visit"))
    typer.echo(f"at least {len(legs)} observed voyage(s), up to {len(upper)} with inferred "
               f"dark calls ({len(result['dark_calls'])} possible dark call(s)); "
               f"{result['round_trips']} round trip(s); {result['same_area_returns']} "
               "consecutive visit(s) at one area may hide legs")
    if to_ledger:
        mark = " (marked SYNTHETIC: simulated inputs)" if fake else ""
        typer.echo(f"ledger: {result['ledger']['added_observations']} observation(s) "
                   f"added{mark}")


def _to_ledger(res: Any, area_list: Any, params: Any, months: Any, target: Any,
               paths: list[Path | None], level: str, engine: str, vessel: list[str] | None,
               db: Any, synthetic: bool) -> dict[str, Any]:
    """Write the monthly counts as derived observations; return what was added."""
    from warledger.cli._common import ledger_from
    from warledger.maritime.ledger_link import monthly_port_calls, route_counts, to_observations

    if target.kind == "port_calls":
        ids = {a.area_id for a in area_list if a.group == target.provider}
        counts = monthly_port_calls(_only(res.visits, vessel), ids)
    else:
        counts = route_counts(months, area_list, target, level)
    inputs = [p for p in paths if p is not None]
    extra = {"level": level, "engine": engine, "count": target.kind,
             "vessels": ",".join(vessel or []) or "all"}
    source, obs = to_observations(counts, target, inputs, params, extra, synthetic)
    added = ledger_from(db).add([source], obs, origin=f"warledger ais voyages {inputs[0]}")
    return {"observations": len(obs), "synthetic": synthetic,
            "added_observations": added.added_observations}


@app.command()
@handle_errors
def simulate(
    out: Annotated[Path, typer.Option("--out", help="output directory")],
    seed: Annotated[int, typer.Option("--seed")] = 7,
    revisit_days: Annotated[float, typer.Option("--revisit-days", help="imagery revisit")] = 1.0,
    background: Annotated[int, typer.Option("--background", help="background vessels")] = 20,
    interval_min: Annotated[float, typer.Option("--interval-min",
                                                help="background report interval")] = 120.0,
    no_faults: Annotated[bool, typer.Option("--no-faults")] = False,
    as_json: JsonOption = False,
) -> None:
    """Write the DPRK-Russia shuttle scenario and its ground truth (truth.json).

    Example: warledger ais simulate --out scen/ --seed 7 --revisit-days 4
    """
    from warledger.maritime.simulate import Scenario
    from warledger.maritime.simulate import simulate as run_sim

    truth = run_sim(out, Scenario(seed=seed, revisit_days=revisit_days,
                                  background_vessels=background,
                                  background_interval_min=interval_min, faults=not no_faults))
    summary = {"out": str(out), "rows": truth["rows"], "rajin_calls": truth["rajin_calls"],
               "legs": len(truth["legs"]), "faults": truth["faults"]}
    if as_json:
        emit_json(summary)
        return
    typer.echo(f"wrote {truth['rows']} rows, {truth['rajin_calls']} Rajin calls and "
               f"{len(truth['legs'])} legs of ground truth to {out}")


def _pairs(values: list[str] | None, opt: str) -> dict[str, str]:
    out = {}
    for item in values or []:
        if "=" not in item:
            raise typer.BadParameter(f"expected LOCODE=VALUE, got '{item}'", param_hint=opt)
        key, value = item.split("=", 1)
        out[key.replace(" ", "").upper()] = value
    return out


def _radii(values: list[str] | None) -> dict[str, tuple[float, float]]:
    from warledger.maritime.errors import AreaError

    out = {}
    for key, value in _pairs(values, "--radius").items():
        try:
            entry, exit_ = (float(x) for x in value.split(","))
        except ValueError:
            raise AreaError(f"--radius {key}={value}: expected ENTRY_KM,EXIT_KM, e.g. "
                            "1,1.5") from None
        out[key] = (entry, exit_)
    return out


@areas_app.command("from-wpi")
@handle_errors
def from_wpi(
    locodes: Annotated[list[str], typer.Argument(help="UN/LOCODEs, e.g. KPRJN RUVYP RUNJK")],
    out: Annotated[Path, typer.Option("--out", help="GeoJSON file to write")],
    wpi: Annotated[Path | None, typer.Option(
        "--wpi", help="WPI Pub. 150 CSV (default: the bundled KP and RU rows)")] = None,
    gfw: Annotated[Path | None, typer.Option(
        "--gfw", help="GFW anchorage CSV (default: the bundled Russian points)")] = None,
    name: Annotated[list[str] | None, typer.Option("--name", help="LOCODE=Name")] = None,
    group: Annotated[list[str] | None, typer.Option("--group", help="LOCODE=GROUP")] = None,
    radius: Annotated[list[str] | None, typer.Option(
        "--radius", help="LOCODE=ENTRY_KM,EXIT_KM (default 3,4; smaller for small harbours)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Port areas from the World Port Index (plus GFW anchorage points where present).

    Example: warledger ais areas from-wpi KPRJN RUVYP RUNJK --out ports.geojson
    """
    from warledger.maritime.wpi import areas_from_wpi, write_areas

    fc = areas_from_wpi(locodes, wpi_csv=wpi, gfw_csv=gfw, names=_pairs(name, "--name"),
                        groups=_pairs(group, "--group"), radii=_radii(radius))
    write_areas(fc, out)
    rows = [{k: f["properties"][k] for k in ("id", "name", "group", "ref_lat", "ref_lon",
                                             "n_anchorage_points", "source")}
            for f in fc["features"]]
    if as_json:
        emit_json({"out": str(out), "areas": rows})
        return
    for r in rows:
        typer.echo(f"{r['id']}  {r['name']}  ({r['ref_lat']:.4f}, {r['ref_lon']:.4f})  "
                   f"{r['n_anchorage_points']} point(s)  source: {r['source']}")
