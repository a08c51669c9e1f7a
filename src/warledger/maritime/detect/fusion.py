"""Chain AIS visits and imagery sightings into visits (small tables: a plain scan is fine).

The per-vessel scan runs over visits and sightings, never over positions; positions only
enter as sorted arrays searched with numpy to test "evidence elsewhere in between".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import polars as pl

from warledger.maritime.clean import SEG_SLOTS
from warledger.maritime.detect.visits import VISIT_COLUMNS
from warledger.maritime.params import Params


@dataclass
class _Away:
    """One vessel's AIS positions: times (sorted) and the port area each is in (or None)."""

    ts: np.ndarray = field(default_factory=lambda: np.array([], dtype="datetime64[us]"))
    area: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    def _slice(self, t1: datetime, t2: datetime) -> slice:
        lo = np.searchsorted(self.ts, np.datetime64(t1.replace(tzinfo=None)), "right")
        hi = np.searchsorted(self.ts, np.datetime64(t2.replace(tzinfo=None)), "left")
        return slice(int(lo), int(hi))

    def elsewhere_between(self, area: str, t1: datetime, t2: datetime) -> bool:
        return bool(np.any(self.area[self._slice(t1, t2)] != area))

    def last_elsewhere_before(self, area: str, t: datetime) -> datetime | None:
        idx = np.flatnonzero(self.area[: self._slice(t, t).start] != area)
        return None if idx.size == 0 else _dt(self.ts[idx[-1]])

    def first_elsewhere_after(self, area: str, t: datetime) -> datetime | None:
        start = self._slice(t, t).stop
        idx = np.flatnonzero(self.area[start:] != area)
        return None if idx.size == 0 else _dt(self.ts[start + idx[0]])


def _dt(value: np.datetime64) -> datetime:
    return datetime.fromisoformat(str(value.astype("datetime64[us]")) + "+00:00")


def _away_index(away: pl.DataFrame) -> dict[str, _Away]:
    out: dict[str, _Away] = {}
    if away.is_empty():
        return out
    for (key,), part in away.sort("vessel_key", "ts").group_by("vessel_key", maintain_order=True):
        out[str(key)] = _Away(part["ts"].dt.replace_time_zone(None).to_numpy(),
                              part["area_id"].to_numpy().astype(object))
    return out


def _items(visits: pl.DataFrame, sightings: pl.DataFrame) -> list[dict[str, Any]]:
    items = [dict(v, kind="ais") for v in visits.iter_rows(named=True)]
    for s in sightings.filter(pl.col("area_id").is_not_null()).iter_rows(named=True):
        items.append({"vessel_key": s["vessel_key"], "area_id": s["area_id"], "start": s["ts"],
                      "end": s["ts"], "kind": "sighting"})
    items.sort(key=lambda it: (it["vessel_key"], it["start"], it["kind"]))
    return items


def fuse_items(visits: pl.DataFrame, sightings: pl.DataFrame, away: pl.DataFrame,
               params: Params) -> pl.DataFrame:
    elsewhere = sightings.filter(pl.col("area_id").is_null()).select(
        "vessel_key", "ts", pl.lit(None, pl.String).alias("area_id"))
    index = _away_index(pl.concat([away.select("vessel_key", "ts", "area_id"), elsewhere]))
    merge_gap = timedelta(days=params.sighting_merge_days)
    clusters: list[list[dict[str, Any]]] = []
    for it in _items(visits, sightings):
        last = clusters[-1][-1] if clusters else None
        if (last is not None and last["vessel_key"] == it["vessel_key"]
                and last["area_id"] == it["area_id"]
                and "sighting" in (last["kind"], it["kind"])
                and it["start"] - last["end"] <= merge_gap
                and not index.get(it["vessel_key"], _Away()).elsewhere_between(
                    it["area_id"], last["end"], it["start"])):
            clusters[-1].append(it)
        else:
            clusters.append([it])
    rows = [_cluster_row(c, i, clusters, index) for i, c in enumerate(clusters)]
    return pl.DataFrame(rows, schema=visits.schema).select(VISIT_COLUMNS).sort(
        ["vessel_key", "start"])


def _neighbour(clusters: list[list[dict[str, Any]]], i: int, key: str) -> dict[str, Any] | None:
    if 0 <= i < len(clusters) and clusters[i][0]["vessel_key"] == key:
        return clusters[i][0]
    return None


def _cluster_row(c: list[dict[str, Any]], i: int, clusters: list[list[dict[str, Any]]],
                 index: dict[str, _Away]) -> dict[str, Any]:
    key, area = c[0]["vessel_key"], c[0]["area_id"]
    ais = [it for it in c if it["kind"] == "ais"]
    n_sight = sum(1 for it in c if it["kind"] == "sighting")
    start, end = min(it["start"] for it in c), max(it["end"] for it in c)
    away = index.get(key, _Away())
    prev_c = _neighbour(clusters, i - 1, key)
    next_c = _neighbour(clusters, i + 1, key)
    lo_cands = [t for t in (away.last_elsewhere_before(area, start),
                            prev_c and clusters[i - 1][-1]["end"]) if t]
    hi_cands = [t for t in (away.first_elsewhere_after(area, end), next_c and next_c["start"]) if t]
    first, last = c[0], c[-1]
    row: dict[str, Any] = {
        "vessel_key": key, "area_id": area, "start": start, "end": end,
        # bounds: the nearest evidence elsewhere, from AIS rows, sightings or AIS visits
        "start_lo": max(lo_cands + ([first["start_lo"]] if first.get("start_lo") else []),
                        default=None),
        "end_hi": min(hi_cands + ([last["end_hi"]] if last.get("end_hi") else []),
                      default=None),
        "n_sightings": n_sight, "corroborated": bool(ais) and n_sight > 0,
    }
    if ais:
        row |= {
            "vessel": ais[0]["vessel"], "confidence": max(a["confidence"] for a in ais),
            "evidence": "ais+sighting" if n_sight else "ais",
            "n_positions": sum(a["n_positions"] for a in ais),
            **{f: any(a[f] for a in ais) for f in ("has_entry", "has_exit", "has_stop", "has_gap")},
        }
    else:
        row |= {"vessel": int(key) * SEG_SLOTS if key.isdigit() else None, "confidence": None,
                "evidence": "sighting", "n_positions": 0, "has_entry": False,
                "has_exit": False, "has_stop": False, "has_gap": False}
    row["visit_id"] = f"{key}/{area}/{start:%Y%m%dT%H%M%S}"
    return row
