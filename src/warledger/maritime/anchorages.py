"""Port areas from Global Fishing Watch's anchorage table, grouped by port.

GFW publishes one row per anchorage point (an S2 cell): ``s2id, lat, lon, label, sublabel,
iso3`` (``latitude``/``longitude`` in some copies). Every point of one port, i.e. one
(label, iso3), becomes one MultiPoint area with GFW's 3 km entry and 4 km exit radii; its id
is ``ISO3:LABEL`` so ports of one name in two countries stay apart, its group the iso3.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from warledger.maritime.errors import AreaError

CITATION = "Global Fishing Watch anchorages (attribute Global Fishing Watch)"


def _column(fields: list[str], *names: str) -> str | None:
    lower = {f.strip().lower(): f for f in fields}
    return next((lower[n] for n in names if n in lower), None)


def anchorage_features(path: Path) -> list[dict[str, Any]]:
    """GeoJSON features, one per (label, iso3), from a GFW anchorage CSV."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise AreaError(f"{path}: cannot read anchorages: {exc}") from exc
    ports: dict[tuple[str, str], list[list[float]]] = {}
    with handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        lat_c = _column(fields, "lat", "latitude")
        lon_c = _column(fields, "lon", "longitude")
        label_c, iso_c = _column(fields, "label"), _column(fields, "iso3")
        if not (lat_c and lon_c and label_c and iso_c):
            raise AreaError(f"{path}: not a GFW anchorage table (needs lat/latitude, "
                            "lon/longitude, label and iso3 columns)")
        for rec in reader:
            label, iso3 = rec[label_c].strip().upper(), rec[iso_c].strip().upper()
            try:
                lat, lon = float(rec[lat_c]), float(rec[lon_c])
            except (TypeError, ValueError):
                raise AreaError(f"{path}, line {reader.line_num}: latitude/longitude "
                                f"'{rec[lat_c]}', '{rec[lon_c]}' are not numbers") from None
            if not label:
                raise AreaError(f"{path}, line {reader.line_num}: an anchorage without a label")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise AreaError(f"{path}, line {reader.line_num}: position {lat}, {lon} is "
                                "out of range")
            ports.setdefault((label, iso3), []).append([lon, lat])
    if not ports:
        raise AreaError(f"{path}: the anchorage table has no rows")
    return [{
        "type": "Feature",
        "geometry": {"type": "MultiPoint", "coordinates": sorted(coords)},
        "properties": {"id": f"{iso3}:{label}", "name": label, "group": iso3,
                       "country": iso3, "entry_km": 3.0, "exit_km": 4.0,
                       "n_anchorage_points": len(coords),
                       "source": f"{CITATION}: {len(coords)} point(s) labelled {label} ({iso3})"},
    } for (label, iso3), coords in sorted(ports.items())]
