"""Every tunable of the detectors, declared once with GFW's defaults where GFW has one."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Params:
    stop_begin_kn: float = 0.2  # GFW stopped_begin_speed_knots
    stop_end_kn: float = 0.5  # GFW stopped_end_speed_knots
    port_gap_h: float = 4.0  # GFW minimum_port_gap_duration_minutes = 240
    # longer silences split a visit (GFW's segmenter opens a new segment after 2.5 days,
    # and a new segment starts a new visit): the ship may have left and come back dark
    max_port_gap_h: float = 60.0
    gap_min_h: float = 6.0  # GFW naive gaps
    gap_long_h: float = 12.0  # GFW: shorter gaps are unreliable under satellite revisit
    gap_density_positions: int = 14  # GFW: positions in the 12 h before a likely disabling
    max_speed_kn: float = 30.0  # implied speed beyond which a point starts a new segment
    noise_nm: float = 1.0  # position noise allowance in the implied-speed test
    max_open_segments: int = 10
    min_segment_points: int = 10  # shorter segments overlapping a longer one are dropped
    min_visit_confidence: int = 2  # GFW recommends >= 2
    sighting_merge_days: float = 3.0
    conflict_km: float = 20.0
    conflict_window_h: float = 2.0
    # possible dark calls (detect/darkcalls.py)
    dark_underway_kn: float = 2.0  # median SOG in the hour before the gap: under way
    dark_closing_ratio: float = 0.5  # closing on the port at >= this share of cruise speed
    dark_route_factor: float = 1.3  # sea route length / great-circle distance
    dark_call_min_dwell_h: float = 8.0  # time left in port for a call
    min_ts: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    max_ts: datetime | None = None  # None: the time of the run

    def as_lineage(self) -> dict[str, str]:
        return {k: (v.isoformat() if isinstance(v, datetime) else str(v))
                for k, v in asdict(self).items()}


EVENT_ORDER = {"ENTRY": 0, "GAP_BEGIN": 1, "GAP_END": 2, "STOP_BEGIN": 3, "STOP_END": 4,
               "EXIT": 5}

