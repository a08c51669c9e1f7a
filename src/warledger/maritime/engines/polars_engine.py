"""The default engine: Polars over rows sorted by (vessel, ts), no per-row Python loop.

Hysteresis uses the cumulative-max trick: a row is in port when the last row that met the
entry condition comes after the last row that met the exit condition. Taken over the whole
sorted frame and checked against the row where the vessel starts, this needs no group-by.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from warledger.maritime.areas import PortArea, nearest_area
from warledger.maritime.params import Params

US_PER_H = 3_600_000_000
SOG_DECIMALS = 3


def _trigger_last(cond: pl.Expr, rn: pl.Expr) -> pl.Expr:
    return pl.when(cond).then(rn).otherwise(-1).cum_max()


def row_states(df: pl.DataFrame, areas: list[PortArea], params: Params) -> pl.DataFrame:
    """Per-row port state, stop state and event flags (see docs/maritime.md)."""
    idx, dist = nearest_area(df["lat"].to_numpy(), df["lon"].to_numpy(), areas)
    entry_km = np.array([a.entry_km for a in areas] + [-1.0])
    exit_km = np.array([a.exit_km for a in areas] + [np.inf])
    entry_trig = dist <= entry_km[idx]  # idx -1 picks the sentinel at the end
    exit_trig = (idx < 0) | (dist >= exit_km[idx])
    rn = pl.int_range(pl.len(), dtype=pl.Int64)
    same = (pl.col("vessel") == pl.col("vessel").shift(1)).fill_null(False)
    # float32 speeds compared in float64 at SOG_DECIMALS (AIS reports 0.1 kn): a stored 0.2
    # is 0.2000000030 in float64 and would miss the "<= 0.2 kn" stop rule
    sog = pl.col("sog").cast(pl.Float64).round(SOG_DECIMALS)
    out = df.select("vessel", "mmsi", "ts", "lat", "lon", sog).with_columns(
        area=pl.Series(idx), dist_km=pl.Series(dist), same=same,
        _en=pl.Series(entry_trig), _ex=pl.Series(exit_trig), _rn=rn,
    ).with_columns(
        _vstart=pl.when(~pl.col("same")).then(pl.col("_rn")).forward_fill(),
        _len=_trigger_last(pl.col("_en"), pl.col("_rn")),
        _lex=_trigger_last(pl.col("_ex"), pl.col("_rn")),
    ).with_columns(
        in_port=(pl.col("_len") >= pl.col("_vstart")) & (pl.col("_len") > pl.col("_lex")),
    ).with_columns(
        prev_in=(pl.col("in_port").shift(1) & pl.col("same")).fill_null(False),
        prev_area=pl.col("area").shift(1),
        dt_us=pl.when(same).then((pl.col("ts") - pl.col("ts").shift(1)).dt.total_microseconds()),
    ).with_columns(
        run_start=pl.col("in_port")
        & (~pl.col("prev_in") | (pl.col("area") != pl.col("prev_area"))
           | (pl.col("dt_us") > int(params.max_port_gap_h * US_PER_H)).fill_null(False)),
    )
    return _stop_and_events(out, params)


def _stop_and_events(out: pl.DataFrame, params: Params) -> pl.DataFrame:
    rn, in_port, same = pl.col("_rn"), pl.col("in_port"), pl.col("same")
    out = out.with_columns(
        _rs=_trigger_last(pl.col("run_start"), rn),
        _lsb=_trigger_last(in_port & (pl.col("sog") <= params.stop_begin_kn), rn),
        _lse=_trigger_last(in_port & (pl.col("sog") >= params.stop_end_kn), rn),
        run=pl.col("run_start").cast(pl.Int64).cum_sum(),
        run_area=pl.when(pl.col("run_start")).then(pl.col("area")).forward_fill(),
        prev_ts=pl.when(same).then(pl.col("ts").shift(1)),
    ).with_columns(
        stopped=in_port & (pl.col("_lsb") >= pl.col("_rs")) & (pl.col("_lsb") > pl.col("_lse")),
        is_exit=~in_port & pl.col("prev_in"),
    ).with_columns(
        prev_stopped=(pl.col("stopped").shift(1) & same).fill_null(False),
        is_entry=pl.col("run_start") & same & ~pl.col("prev_in"),
    )
    continuing = in_port & ~pl.col("run_start")
    return out.with_columns(
        stop_begin=pl.col("stopped") & (pl.col("run_start") | ~pl.col("prev_stopped")),
        stop_end=pl.col("prev_stopped") & ((continuing & ~pl.col("stopped")) | pl.col("is_exit")),
        port_gap=pl.col("prev_in") & (pl.col("dt_us") >= int(params.port_gap_h * US_PER_H))
        & (continuing | pl.col("is_exit")),
    ).drop("_en", "_ex", "_vstart", "_len", "_lex", "_rs", "_lsb", "_lse", "prev_area")


def events(states: pl.DataFrame, area_ids: list[str], params: Params) -> pl.DataFrame:
    """GFW port events: (vessel, ts, event, area_id), ordered by time then event type."""
    gap_shift = pl.duration(microseconds=int(params.port_gap_h * US_PER_H))
    parts = [
        ("ENTRY", pl.col("is_entry"), pl.col("ts")),
        ("EXIT", pl.col("is_exit"), pl.col("ts")),
        ("STOP_BEGIN", pl.col("stop_begin"), pl.col("ts")),
        ("STOP_END", pl.col("stop_end"), pl.col("ts")),
        ("GAP_BEGIN", pl.col("port_gap"), pl.col("prev_ts") + gap_shift),
        ("GAP_END", pl.col("port_gap"), pl.col("ts")),
    ]
    frames = [states.filter(cond).select("vessel", ts=when_ts, event=pl.lit(name),
                                         area=pl.col("run_area"))
              for name, cond, when_ts in parts]
    return finish_events(pl.concat(frames), area_ids)


def finish_events(ev: pl.DataFrame, area_ids: list[str]) -> pl.DataFrame:
    from warledger.maritime.params import EVENT_ORDER

    return ev.with_columns(
        area_id=pl.col("area").cast(pl.Int64).replace_strict(
            list(range(len(area_ids))), area_ids, return_dtype=pl.String),
        _o=pl.col("event").replace_strict(EVENT_ORDER, return_dtype=pl.Int8),
    ).sort(["vessel", "ts", "_o"]).select("vessel", "ts", "event", "area_id")


def visits(states: pl.DataFrame, area_ids: list[str]) -> pl.DataFrame:
    """One row per in-port run with its evidence flags; confidence is added in detect."""
    nxt = pl.when(pl.col("vessel") == pl.col("vessel").shift(-1)).then(pl.col("ts").shift(-1))
    rows = states.with_columns(next_ts=nxt).filter(pl.col("in_port") | pl.col("is_exit"))
    agg = rows.group_by("run", maintain_order=True).agg(
        vessel=pl.col("vessel").first(),
        area=pl.col("run_area").first(),
        first_ts=pl.col("ts").filter(pl.col("in_port")).min(),
        last_ts=pl.col("ts").filter(pl.col("in_port")).max(),
        prev_ts=pl.col("prev_ts").first(),
        next_ts=pl.col("next_ts").filter(pl.col("in_port")).last(),
        exit_ts=pl.col("ts").filter(pl.col("is_exit")).first(),
        n_positions=pl.col("in_port").sum().cast(pl.Int64),
        has_entry=pl.col("is_entry").any(),
        has_exit=pl.col("is_exit").any(),
        has_stop=pl.col("stop_begin").any(),
        has_gap=pl.col("port_gap").any(),
    )
    return finish_visits(agg.drop("run"), area_ids)


def finish_visits(agg: pl.DataFrame, area_ids: list[str]) -> pl.DataFrame:
    from warledger.maritime.detect.visits import add_confidence

    agg = agg.with_columns(area_id=pl.col("area").cast(pl.Int64).replace_strict(
        list(range(len(area_ids))), area_ids, return_dtype=pl.String)).drop("area")
    return add_confidence(agg)
