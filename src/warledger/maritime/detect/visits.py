"""Port visits: GFW confidence on in-port runs, and the visit table's stable shape.

A visit is a run of in-port rows at one area. It starts at its first in-port position
(GFW's PORT_ENTRY time) and ends at the EXIT position, or at its last in-port position when
the vessel went dark or switched area. Arrival lies in (prev_ts, first_ts] and departure
in [last_ts, next_ts): those are the bounds sightings and voyages use.
"""

from __future__ import annotations

import polars as pl

from warledger.maritime.clean import SEG_SLOTS

VISIT_COLUMNS = ["visit_id", "vessel", "vessel_key", "area_id", "start", "end", "start_lo",
                 "end_hi", "confidence", "evidence", "n_positions", "n_sightings", "has_entry",
                 "has_exit", "has_stop", "has_gap", "corroborated"]


def vessel_key_expr(col: str = "vessel") -> pl.Expr:
    mmsi = (pl.col(col) // SEG_SLOTS).cast(pl.String)
    rank = pl.col(col) % SEG_SLOTS
    return pl.when(rank == 0).then(mmsi).otherwise(mmsi + "-" + rank.cast(pl.String))


def add_confidence(agg: pl.DataFrame) -> pl.DataFrame:
    """GFW confidence 1-4 from entry/exit and stop/gap; runs with no event are dropped."""
    ex = pl.col("has_entry") | pl.col("has_exit")
    sg = pl.col("has_stop") | pl.col("has_gap")
    conf = (pl.when(sg & pl.col("has_entry") & pl.col("has_exit")).then(4)
            .when(sg & ex).then(3).when(sg).then(2).when(ex).then(1).otherwise(0))
    out = agg.with_columns(
        confidence=conf.cast(pl.Int8),
        vessel_key=vessel_key_expr(),
        start=pl.col("first_ts"),
        end=pl.coalesce("exit_ts", "last_ts"),
        start_lo=pl.col("prev_ts"),
        end_hi=pl.coalesce("exit_ts", "next_ts"),
        evidence=pl.lit("ais"),
        n_sightings=pl.lit(0, pl.Int64),
        corroborated=pl.lit(False),
    ).filter(pl.col("confidence") > 0)
    out = out.with_columns(visit_id=pl.concat_str(
        [pl.col("vessel_key"), pl.col("area_id"),
         pl.col("start").dt.strftime("%Y%m%dT%H%M%S")], separator="/"))
    return out.select(VISIT_COLUMNS).sort(["vessel", "start"])
