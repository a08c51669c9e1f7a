"""Run the stages over a positions Parquet file: clean, row states, events, visits, gaps.

The default engine reads vessel-complete batches, so memory is bounded by the batch size
(plus the largest single vessel) however large the input is: the out-of-core path.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from warledger.maritime.areas import PortArea
from warledger.maritime.clean import clean
from warledger.maritime.errors import AISInputError, EngineError
from warledger.maritime.params import Params
from warledger.maritime.schema import COLUMNS, Rejects

ENGINES = ("polars", "spark")


@dataclass
class Detection:
    events: pl.DataFrame
    visits: pl.DataFrame
    gaps: pl.DataFrame
    rejects: Rejects
    rows_in: int = 0
    rows_clean: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    kept: pl.DataFrame | None = None  # positions of the MMSIs asked for (sighting fusion)


def vessel_batches(path: Path, batch_rows: int) -> Iterator[pl.DataFrame]:
    """Batches of whole MMSIs from a file sorted by (mmsi, ts)."""
    try:
        handle = pq.ParquetFile(path)
    except (OSError, pa.ArrowInvalid) as exc:
        raise AISInputError(f"{path}: not a readable Parquet file: {exc}") from exc
    carry: pl.DataFrame | None = None
    for batch in handle.iter_batches(batch_size=batch_rows, columns=COLUMNS):
        df = pl.from_arrow(pa.Table.from_batches([batch]))
        assert isinstance(df, pl.DataFrame)
        if carry is not None:
            df = pl.concat([carry, df])
        last = df["mmsi"][-1]
        cut = df.height - int((df["mmsi"] == last).sum())
        if cut == 0:  # one MMSI fills the batch: keep accumulating
            carry = df
            continue
        carry = df.slice(cut)
        yield df.slice(0, cut)
    if carry is not None and carry.height:
        yield carry


def detect(
    positions: Path | pl.DataFrame,
    areas: list[PortArea],
    params: Params | None = None,
    *,
    engine: str = "polars",
    batch_rows: int = 1_000_000,
    keep_mmsi: set[int] | None = None,
) -> Detection:
    """Events, visits (with GFW confidence) and gaps for every ship in ``positions``."""
    params = params or Params()
    if engine == "spark":
        from warledger.maritime.engines.spark_engine import detect_spark

        return detect_spark(positions, areas, params, keep_mmsi or set())
    if engine != "polars":
        raise EngineError(f"unknown engine '{engine}'; expected one of {', '.join(ENGINES)}")
    if isinstance(positions, pl.DataFrame):
        batches: Iterator[pl.DataFrame] = iter([positions.select(COLUMNS)])
    else:
        batches = vessel_batches(positions, batch_rows)
    return _detect_polars(batches, areas, params, keep_mmsi or set())


def kept_positions(states: pl.DataFrame, area_ids: list[str], keep: set[int]) -> pl.DataFrame:
    """Positions of some MMSIs with the area each is in port at (null at sea)."""
    from warledger.maritime.detect.visits import vessel_key_expr

    rows = states.filter(pl.col("mmsi").is_in(list(keep)))
    area = pl.when(pl.col("in_port")).then(pl.col("run_area")).cast(pl.Int64)
    return rows.select(
        "mmsi", "ts", "lat", "lon", vessel_key=vessel_key_expr(),
        area_id=area.replace_strict(list(range(len(area_ids))), area_ids, default=None,
                                    return_dtype=pl.String))


def _detect_polars(batches: Iterator[pl.DataFrame], areas: list[PortArea],
                   params: Params, keep: set[int]) -> Detection:
    from warledger.maritime.detect.gaps import gaps
    from warledger.maritime.engines import polars_engine as eng

    ids = [a.area_id for a in areas]
    rejects, out = Rejects(), {"events": [], "visits": [], "gaps": [], "kept": []}
    timings = {"clean": 0.0, "states": 0.0, "events+visits": 0.0, "gaps": 0.0}
    rows_in = rows_clean = 0
    for batch in batches:
        rows_in += batch.height
        t0 = time.perf_counter()
        cleaned = clean(batch, params, rejects)
        t1 = time.perf_counter()
        states = eng.row_states(cleaned, areas, params)
        t2 = time.perf_counter()
        out["events"].append(eng.events(states, ids, params))
        out["visits"].append(eng.visits(states, ids))
        t3 = time.perf_counter()
        out["gaps"].append(gaps(states, ids, params))
        t4 = time.perf_counter()
        if keep:
            out["kept"].append(kept_positions(states, ids, keep))
        rows_clean += cleaned.height
        for key, dt in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            timings[key] += dt
    frames = {k: pl.concat(v) if v else pl.DataFrame() for k, v in out.items()}
    return Detection(frames["events"], frames["visits"], frames["gaps"], rejects,
                     rows_in, rows_clean, timings, frames["kept"] if keep else None)
