"""A literal, sequential reference of the port-visit state machine (one row at a time).

It restates GFW's rules plainly: in port at <= entry_km, out at >= exit_km, otherwise keep
the previous state; stopped at <= 0.2 kn, moving at >= 0.5 kn, otherwise keep; stop memory
resets at each new in-port run; a port gap is >= 4 h between two rows while in port. The
engines must equal it event for event. Geometry comes from the shared nearest_area.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from warledger.maritime.areas import PortArea, nearest_area
from warledger.maritime.params import Params


def _confidence(v: dict[str, Any]) -> int:
    sg = v["has_stop"] or v["has_gap"]
    ex = v["has_entry"] or v["has_exit"]
    if sg and v["has_entry"] and v["has_exit"]:
        return 4
    if sg and ex:
        return 3
    if sg:
        return 2
    return 1 if ex else 0


def reference(cleaned: pl.DataFrame, areas: list[PortArea],
              params: Params) -> tuple[list[tuple], list[dict[str, Any]]]:
    """(events, visits) from cleaned rows sorted by (vessel, ts).

    Deliberately one long loop (over 60 lines): it is the specification, read top to
    bottom, and splitting it would hide the state it carries from row to row.
    """
    idx, dist = nearest_area(cleaned["lat"].to_numpy(), cleaned["lon"].to_numpy(), areas)
    events: list[tuple] = []
    visits: list[dict[str, Any]] = []
    gap = timedelta(hours=params.port_gap_h)
    prev: dict[str, Any] | None = None
    visit: dict[str, Any] | None = None
    in_port = stopped = False
    area = None

    def close(next_ts: Any) -> None:
        nonlocal visit
        if visit is not None:
            visit["next_ts"] = next_ts
            visits.append(visit)
            visit = None

    for i, row in enumerate(cleaned.iter_rows(named=True)):
        first = prev is None or prev["vessel"] != row["vessel"]
        if first:
            close(None)
            in_port = stopped = False
            area = None
        a = int(idx[i])
        entry = a >= 0 and dist[i] <= areas[a].entry_km
        leave = a < 0 or dist[i] >= areas[a].exit_km
        was_in, was_stopped = in_port, stopped
        in_port = True if entry else (False if leave else was_in)
        dt = None if first else row["ts"] - prev["ts"]
        v = row["vessel"]
        if in_port:
            run_start = (not was_in or a != area
                         or (dt is not None and dt > timedelta(hours=params.max_port_gap_h)))
            if run_start:
                close(row["ts"])
                area = a
                visit = {"vessel": v, "area": a, "first_ts": row["ts"], "last_ts": row["ts"],
                         "prev_ts": None if first else prev["ts"], "exit_ts": None,
                         "n_positions": 0, "has_entry": False, "has_exit": False,
                         "has_stop": False, "has_gap": False}
                was_stopped_in_run = False
                if not first and not was_in:
                    events.append((v, row["ts"], "ENTRY", a))
                    visit["has_entry"] = True
            else:
                was_stopped_in_run = was_stopped
            sog = row["sog"]
            sog = None if sog is None else round(sog, 3)
            if sog is not None and sog <= params.stop_begin_kn:
                stopped = True
            elif sog is not None and sog >= params.stop_end_kn:
                stopped = False
            else:
                stopped = was_stopped_in_run
            visit["n_positions"] += 1
            visit["last_ts"] = row["ts"]
            if stopped and not was_stopped_in_run:
                events.append((v, row["ts"], "STOP_BEGIN", a))
                visit["has_stop"] = True
            if not run_start and was_stopped and not stopped:
                events.append((v, row["ts"], "STOP_END", a))
            if not run_start and dt is not None and dt >= gap:
                events += [(v, prev["ts"] + gap, "GAP_BEGIN", a), (v, row["ts"], "GAP_END", a)]
                visit["has_gap"] = True
        else:
            stopped = False
            if was_in:
                if was_stopped:
                    events.append((v, row["ts"], "STOP_END", area))
                if dt is not None and dt >= gap:
                    events += [(v, prev["ts"] + gap, "GAP_BEGIN", area),
                               (v, row["ts"], "GAP_END", area)]
                    visit["has_gap"] = True
                events.append((v, row["ts"], "EXIT", area))
                visit["has_exit"] = True
                visit["exit_ts"] = row["ts"]
                close(row["ts"])
        prev = row
    close(None)
    for vis in visits:
        vis["confidence"] = _confidence(vis)
    return events, [vis for vis in visits if vis["confidence"] > 0]


ORDER = {"ENTRY": 0, "GAP_BEGIN": 1, "GAP_END": 2, "STOP_BEGIN": 3, "STOP_END": 4, "EXIT": 5}


def reference_frames(cleaned: pl.DataFrame, areas: list[PortArea],
                     params: Params) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The reference output shaped like the engines' events and visits (core columns)."""
    ev, vis = reference(cleaned, areas, params)
    ids = [a.area_id for a in areas]
    ev_sorted = sorted(ev, key=lambda e: (e[0], e[1], ORDER[e[2]]))
    events = pl.DataFrame(
        {"vessel": [e[0] for e in ev_sorted], "ts": [e[1] for e in ev_sorted],
         "event": [e[2] for e in ev_sorted], "area_id": [ids[e[3]] for e in ev_sorted]},
        schema={"vessel": pl.Int64, "ts": pl.Datetime("us", "UTC"), "event": pl.String,
                "area_id": pl.String})
    visits = pl.DataFrame(
        [{"vessel": v["vessel"], "area_id": ids[v["area"]], "start": v["first_ts"],
          "end": v["exit_ts"] or v["last_ts"], "start_lo": v["prev_ts"],
          "end_hi": v["exit_ts"] or v["next_ts"], "confidence": v["confidence"],
          "n_positions": v["n_positions"]} for v in vis],
        schema={"vessel": pl.Int64, "area_id": pl.String, "start": pl.Datetime("us", "UTC"),
                "end": pl.Datetime("us", "UTC"), "start_lo": pl.Datetime("us", "UTC"),
                "end_hi": pl.Datetime("us", "UTC"), "confidence": pl.Int8,
                "n_positions": pl.Int64})
    return events, visits
