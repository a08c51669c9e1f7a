"""An independent port-visit oracle: docs/maritime.md's rules in plain Python, thresholds as
literals. It imports nothing from warledger, so a changed constant or rule in the package
shows up as a disagreement with it.

Rules (docs/maritime.md, "Visits, events and confidence"):
- nearest area; in port at <= 3 km of an anchorage point (entry), out at >= 4 km (exit),
  in between the state is kept; a vessel starts out of port;
- a run (visit) starts on entering, on a change of nearest area while in port, or after an
  in-port silence of more than 60 h;
- stopped at SOG <= 0.2 kn, moving again at >= 0.5 kn, in between kept; reset at each run
  (speeds read at 0.001 kn, so a float32 0.2 is 0.2);
- a port gap is a silence of >= 4 h between an in-port row and the next row of the run or
  the exit row;
- confidence: 4 = entry + exit + (stop or gap); 3 = one of entry/exit + (stop or gap);
  2 = stop or gap only; 1 = entry or exit only; runs with nothing are not visits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ENTRY_KM, EXIT_KM = 3.0, 4.0
STOP_BEGIN_KN, STOP_END_KN = 0.2, 0.5
PORT_GAP_S, MAX_PORT_GAP_S = 4 * 3600, 60 * 3600
EARTH_KM = 6371.0088


@dataclass
class Area:
    area_id: str
    points: list[tuple[float, float]]
    entry_km: float = ENTRY_KM
    exit_km: float = EXIT_KM


@dataclass
class Visit:
    area_id: str
    start: float  # epoch seconds
    end: float
    confidence: int


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(math.sqrt(min(h, 1.0)))


def nearest(areas: list[Area], lat: float, lon: float) -> tuple[int, float]:
    best, dist = -1, math.inf
    for i, area in enumerate(areas):
        d = min(km(lat, lon, p[0], p[1]) for p in area.points)
        if d < dist:
            best, dist = i, d
    return best, dist


def visits(rows: list[tuple[float, float, float, float]], areas: list[Area]) -> list[Visit]:
    """Visits of one vessel; rows are (epoch seconds, lat, lon, sog knots) in time order."""
    out: list[Visit] = []
    in_port, prev_in, prev_area, prev_t = False, False, -1, None
    run: dict | None = None
    stopped = False
    for t, lat, lon, sog in rows:
        sog = None if sog is None else round(sog, 3)  # AIS reports 0.1 kn; float32 storage
        area, dist = nearest(areas, lat, lon)
        if area >= 0 and dist <= areas[area].entry_km:
            in_port = True
        elif area < 0 or dist >= areas[area].exit_km:
            in_port = False
        dt = None if prev_t is None else t - prev_t
        if run is not None and not in_port:  # the exit row closes the run
            run["exit"] = t
            run["gap"] |= dt is not None and dt >= PORT_GAP_S
            out.append(_close(run, areas))
            run = None
        elif in_port:
            new = (not prev_in or area != prev_area
                   or (dt is not None and dt > MAX_PORT_GAP_S))
            if new:
                if run is not None:
                    out.append(_close(run, areas))
                run = {"area": area, "first": t, "last": t, "entry": prev_t is not None
                       and not prev_in, "exit": None, "stop": False, "gap": False}
                stopped = False
            else:
                run["gap"] |= dt is not None and dt >= PORT_GAP_S
                run["last"] = t
            if sog is not None and sog <= STOP_BEGIN_KN:
                stopped = True
            elif sog is not None and sog >= STOP_END_KN:
                stopped = False
            run["stop"] |= stopped
        prev_in, prev_area, prev_t = in_port, area, t
    if run is not None:
        out.append(_close(run, areas))
    return [v for v in out if v.confidence > 0]


def _close(run: dict, areas: list[Area]) -> Visit:
    entry, exit_, sg = run["entry"], run["exit"] is not None, run["stop"] or run["gap"]
    if sg:
        conf = 4 if entry and exit_ else 3 if entry or exit_ else 2
    else:
        conf = 1 if entry or exit_ else 0
    end = run["exit"] if run["exit"] is not None else run["last"]
    return Visit(areas[run["area"]].area_id, run["first"], end, conf)
