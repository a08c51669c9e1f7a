"""The same stages on Apache Spark, for data beyond one machine (``--engine spark``).

Cleaning is per MMSI, so it runs the library's own :func:`~warledger.maritime.clean.clean`
inside ``applyInPandas`` grouped by MMSI. The port state machine, events, visit aggregates
and gaps are Spark window functions partitioned by vessel: a second implementation of the
Polars logic that the tests hold equal to it and to the sequential reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from warledger.maritime.areas import PortArea, nearest_area
from warledger.maritime.errors import missing_extra
from warledger.maritime.params import Params
from warledger.maritime.pipeline import Detection
from warledger.maritime.schema import COLUMNS, Rejects, polars_schema

US_PER_H = 3_600_000_000
_REJECT_MARK = -1  # rows with this mmsi carry reject counts out of the pandas UDF


def spark_session(master: str = "local[2]") -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise missing_extra("spark", exc) from exc
    return (SparkSession.builder.master(master).appName("warledger-ais")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate())


def _spark_schema() -> str:
    return ("mmsi long, ts timestamp, lat double, lon double, sog float, cog float, "
            "heading short, nav_status byte, msg_type byte, source string, vessel long")


def _clean_group(params: Params):  # type: ignore[no-untyped-def]
    import pandas as pd

    from warledger.maritime.clean import clean

    def run(pdf: pd.DataFrame) -> pd.DataFrame:
        df = pl.from_pandas(pdf.sort_values("_rid", kind="stable")).drop("_rid")
        df = df.with_columns(ts=pl.col("ts").dt.cast_time_unit("us").dt.replace_time_zone("UTC"))
        rejects = Rejects()
        out = clean(df.cast(polars_schema()), params, rejects)  # type: ignore[arg-type]
        out = out.select(*COLUMNS, "vessel").with_columns(
            ts=pl.col("ts").dt.replace_time_zone(None))
        marks = pl.DataFrame({"mmsi": [_REJECT_MARK] * len(rejects.counts),
                              "source": list(rejects.counts),
                              "lat": [float(v) for v in rejects.counts.values()]})
        return pl.concat([out, marks], how="diagonal_relaxed").to_pandas()

    return run


def _with_areas(sdf: Any, areas: list[PortArea]) -> Any:
    """Add area/en/ex with the shared numpy geometry (mapInPandas: Arrow batches)."""
    import numpy as np

    entry = np.array([a.entry_km for a in areas] + [-1.0])
    exit_ = np.array([a.exit_km for a in areas] + [np.inf])

    def run(batches):  # type: ignore[no-untyped-def]
        for pdf in batches:
            idx, dist = nearest_area(pdf["lat"].to_numpy(), pdf["lon"].to_numpy(), areas)
            yield pdf.assign(area=idx, en=dist <= entry[idx], ex=(idx < 0) | (dist >= exit_[idx]))

    cols = "vessel long, mmsi long, ts timestamp, lat double, lon double, sog float"
    return sdf.select("vessel", "mmsi", "ts", "lat", "lon", "sog").mapInPandas(
        run, cols + ", area int, en boolean, ex boolean")


def _states(sdf: Any, areas: list[PortArea], params: Params) -> Any:
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    w = Window.partitionBy("vessel").orderBy("ts")
    cum = w.rowsBetween(Window.unboundedPreceding, Window.currentRow)

    def last_rn(cond: Any) -> Any:
        return F.coalesce(F.max(F.when(cond, F.col("rn"))).over(cum), F.lit(-1))

    s = _with_areas(sdf, areas)
    s = s.withColumn("rn", F.row_number().over(w))
    s = s.withColumn("in_port", last_rn(F.col("en")) > last_rn(F.col("ex")))
    s = s.withColumn("prev_in", F.coalesce(F.lag("in_port").over(w), F.lit(False)))
    s = s.withColumn("ts_us", F.unix_micros("ts"))
    s = s.withColumn("dt_us", F.col("ts_us") - F.lag("ts_us").over(w))
    long_gap = F.coalesce(F.col("dt_us") > int(params.max_port_gap_h * US_PER_H), F.lit(False))
    s = s.withColumn("run_start", F.col("in_port") & (
        ~F.col("prev_in") | (F.col("area") != F.lag("area").over(w)) | long_gap))
    # SOG at 0.001 kn (see polars_engine.SOG_DECIMALS): a stored 0.2 is 0.2, not 0.2000000030
    sog = F.round(F.col("sog").cast("double"), 3)
    s = (s.withColumn("_rs", last_rn(F.col("run_start")))
         .withColumn("_lsb", last_rn(F.col("in_port") & (sog <= params.stop_begin_kn)))
         .withColumn("_lse", last_rn(F.col("in_port") & (sog >= params.stop_end_kn)))
         .withColumn("run", F.sum(F.col("run_start").cast("long")).over(cum))
         .withColumn("run_area", F.last(F.when(F.col("run_start"), F.col("area")),
                                        ignorenulls=True).over(cum))
         .withColumn("prev_ts", F.lag("ts").over(w))
         .withColumn("next_ts", F.lead("ts").over(w)))
    s = s.withColumn("stopped", F.col("in_port") & (F.col("_lsb") >= F.col("_rs"))
                     & (F.col("_lsb") > F.col("_lse")))
    s = (s.withColumn("is_exit", ~F.col("in_port") & F.col("prev_in"))
         .withColumn("prev_stopped", F.coalesce(F.lag("stopped").over(w), F.lit(False))))
    s = s.withColumn("is_entry", F.col("run_start") & (F.col("rn") > 1) & ~F.col("prev_in"))
    continuing = F.col("in_port") & ~F.col("run_start")
    return (s.withColumn("stop_begin", F.col("stopped") & (F.col("run_start")
                                                            | ~F.col("prev_stopped")))
            .withColumn("stop_end", F.col("prev_stopped") & (
                (continuing & ~F.col("stopped")) | F.col("is_exit")))
            .withColumn("port_gap", F.col("prev_in") & F.col("dt_us").isNotNull()
                        & (F.col("dt_us") >= int(params.port_gap_h * US_PER_H))
                        & (continuing | F.col("is_exit"))))


def _to_polars(sdf: Any) -> pl.DataFrame:
    df = pl.from_arrow(sdf.toArrow())
    assert isinstance(df, pl.DataFrame)
    fix = {c: pl.col(c).dt.cast_time_unit("us").dt.replace_time_zone(None).dt.replace_time_zone(
        "UTC") for c, t in df.schema.items() if isinstance(t, pl.Datetime)}
    return df.with_columns(**fix)


def _events(s: Any, ids: list[str], params: Params) -> pl.DataFrame:
    from pyspark.sql import functions as F

    from warledger.maritime.engines.polars_engine import finish_events

    gap_us = int(params.port_gap_h * US_PER_H)
    shifted = F.timestamp_micros(F.unix_micros("prev_ts") + F.lit(gap_us))
    parts = [("ENTRY", "is_entry", F.col("ts")), ("EXIT", "is_exit", F.col("ts")),
             ("STOP_BEGIN", "stop_begin", F.col("ts")), ("STOP_END", "stop_end", F.col("ts")),
             ("GAP_BEGIN", "port_gap", shifted), ("GAP_END", "port_gap", F.col("ts"))]
    frames = [s.filter(F.col(flag)).select("vessel", when.alias("ts"), F.lit(name).alias("event"),
                                            F.col("run_area").alias("area"))
              for name, flag, when in parts]
    union = frames[0]
    for f in frames[1:]:
        union = union.unionByName(f)
    return finish_events(_to_polars(union), ids)


def _visits(s: Any, ids: list[str]) -> pl.DataFrame:
    from pyspark.sql import functions as F

    from warledger.maritime.engines.polars_engine import finish_visits

    rows = s.filter(F.col("in_port") | F.col("is_exit"))
    inp = F.col("in_port")
    agg = rows.groupBy("vessel", "run").agg(
        F.first("run_area").alias("area"),
        F.min(F.when(inp, F.col("ts"))).alias("first_ts"),
        F.max(F.when(inp, F.col("ts"))).alias("last_ts"),
        F.min_by("prev_ts", "ts").alias("prev_ts"),
        F.max_by(F.when(inp, F.col("next_ts")), F.when(inp, F.col("ts"))).alias("next_ts"),
        F.min(F.when(F.col("is_exit"), F.col("ts"))).alias("exit_ts"),
        F.sum(inp.cast("long")).alias("n_positions"),
        *[F.max(F.col(c)).alias(n) for c, n in (("is_entry", "has_entry"), (
            "is_exit", "has_exit"), ("stop_begin", "has_stop"), ("port_gap", "has_gap"))],
    ).drop("run")
    return finish_visits(_to_polars(agg), ids)


def _gaps(s: Any, ids: list[str], params: Params) -> pl.DataFrame:
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from warledger.maritime.detect.gaps import finish_gaps

    w = Window.partitionBy("vessel").orderBy("ts")
    win12 = Window.partitionBy("vessel").orderBy("ts_us").rangeBetween(
        -int(params.gap_long_h * US_PER_H), 0)
    port = F.when(F.col("in_port"), F.col("area")).otherwise(F.lit(-1)).cast("long")
    g = (s.withColumn("_n12", F.count(F.lit(1)).over(win12)).withColumn("_port", port)
         .select("vessel", "ts", "lat", "lon", "dt_us", "_port",
                 F.lag("ts").over(w).alias("off_ts"), F.lag("lat").over(w).alias("off_lat"),
                 F.lag("lon").over(w).alias("off_lon"),
                 F.lag("_n12").over(w).alias("positions_12h_before"),
                 F.lag("_port").over(w).alias("off_port"))
         .filter(F.col("dt_us") >= int(params.gap_min_h * US_PER_H))
         .select("vessel", "off_ts", F.col("ts").alias("on_ts"), "off_lat", "off_lon",
                 F.col("lat").alias("on_lat"), F.col("lon").alias("on_lon"),
                 "positions_12h_before", "off_port", F.col("_port").alias("on_port")))
    return finish_gaps(_to_polars(g), ids, params)


def detect_spark(positions: Path | pl.DataFrame, areas: list[PortArea], params: Params,
                 keep: set[int], spark: Any = None) -> Detection:
    """The Spark run of clean -> states -> events, visits, gaps."""
    from pyspark.sql import functions as F

    from warledger.maritime.pipeline import kept_positions

    spark = spark or spark_session()
    if isinstance(positions, pl.DataFrame):
        raw = spark.createDataFrame(positions.select(COLUMNS).with_columns(
            ts=pl.col("ts").dt.replace_time_zone(None)).to_pandas())
    else:
        raw = spark.read.parquet(str(positions))
    rows_in = raw.count()
    raw = raw.select(*COLUMNS).withColumn("_rid", F.monotonically_increasing_id())
    cleaned = raw.groupBy("mmsi").applyInPandas(_clean_group(params), _spark_schema()).cache()
    rejects = Rejects()
    for r in cleaned.filter(F.col("mmsi") == _REJECT_MARK).groupBy("source").agg(
            F.sum("lat").alias("n")).collect():
        rejects.reject(r["source"], "cleaning", int(r["n"]))
    cleaned = cleaned.filter(F.col("mmsi") != _REJECT_MARK)
    ids = [a.area_id for a in areas]
    states = _states(cleaned, areas, params).cache()
    kept = None
    if keep:
        sel = states.filter(F.col("mmsi").isin(list(keep))).select(
            "mmsi", "vessel", "ts", "lat", "lon", "in_port", "run_area")
        kept = kept_positions(_to_polars(sel), ids, keep)
    det = Detection(_events(states, ids, params), _visits(states, ids), _gaps(states, ids, params),
                    rejects, rows_in, cleaned.count(), {}, kept)
    states.unpersist()
    cleaned.unpersist()
    return det
