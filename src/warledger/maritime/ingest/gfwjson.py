"""Global Fishing Watch decoded-message JSON lines (one message per line, NaN allowed)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from warledger.maritime.schema import Rejects, where


def _opt(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def read_gfw_json(handle: TextIO, path: Path, rejects: Rejects,
                  source: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows from an open text stream of JSON lines; ``path`` names it in messages."""
    source = source or path.stem
    for lineno, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            rec = json.loads(text)
            lat, lon = _opt(rec.get("lat")), _opt(rec.get("lon"))
            if lat is None or lon is None:
                rejects.skip("static or no-position message")
                continue
            msg_type = int(str(rec.get("type", "AIS.1")).split(".")[-1] or 1)
            heading, status = _opt(rec.get("heading")), _opt(rec.get("status"))
            yield {
                "mmsi": int(rec["ssvid"]),
                "ts": datetime.fromisoformat(rec["timestamp"].replace("Z", "+00:00")),
                "lat": lat,
                "lon": lon,
                "sog": _opt(rec.get("speed")),
                "cog": _opt(rec.get("course")),
                "heading": None if heading is None else int(heading),
                "nav_status": None if status is None else int(status),
                "msg_type": msg_type,
                "source": str(rec.get("receiver_type") or source),
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            rejects.reject("bad-json-record", where(path, lineno))
