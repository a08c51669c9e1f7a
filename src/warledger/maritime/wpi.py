"""Port areas from the World Port Index (NGA Pub. 150), with GFW anchorage points.

Each area is a MultiPoint of anchorage points: the WPI position itself plus, where present,
the GFW named anchorage cells of the same port within ``gfw_radius_km``. Ports the index
lacks (the naval harbour at Dunai) come from :data:`EXTRA_PORTS`, each with its citation.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np

from warledger.maritime.areas import bundled_areas_path, haversine_km
from warledger.maritime.errors import AreaError

WPI_FILE = "wpi_pub150_kp_ru.csv"  # the North Korean and Russian rows of UpdatedPub150.csv
GFW_FILE = "gfw_anchorages_rus.csv"  # the Russian rows of GFW's anchorage_overrides.csv
WPI_CITATION = "US NGA World Port Index (Pub. 150), UpdatedPub150.csv"
GFW_CITATION = "Global Fishing Watch anchorages_pipeline, anchorage_overrides.csv (Apache-2.0)"
# GFW labels differ from WPI names for some ports
GFW_LABELS = {"RUVYP": "VOSTOCHNYY", "RUNJK": "NAKHODKA", "KPRJN": "RAJIN"}
EXTRA_PORTS: dict[str, dict[str, Any]] = {
    "RUDUN": {
        "name": "Dunai", "country": "RUS", "lat": 42.88028, "lon": 132.33750,
        "source": "Wikipedia, 'Dunay, Primorsky Krai' (settlement coordinates 42°52′49″N "
                  "132°20′15″E; https://en.wikipedia.org/wiki/Dunay,_Primorsky_Krai). Not in "
                  "the World Port Index; the naval harbour on Konyushkov Bay lies within the "
                  "3 km entry radius of this point. No UN/LOCODE: RUDUN is our own key.",
    },
}
ISO3 = {"KP": "PRK", "RU": "RUS", "CN": "CHN", "UA": "UKR", "IR": "IRN", "SY": "SYR"}


def bundled_ports_dir() -> Path:
    """The bundled ``data/ports`` folder (in a wheel: ``warledger/_bundled/ports``).

    It holds the KP and RU rows of the World Port Index and the Russian GFW anchorage
    points; pass ``wpi_csv``/``gfw_csv`` (CLI ``--wpi``/``--gfw``) for ports elsewhere.
    """
    return bundled_areas_path().parent


def norm_locode(code: str) -> str:
    return code.replace(" ", "").upper()


def _wpi_rows(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        raise AreaError(f"{path}: World Port Index CSV not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        need = {"UN/LOCODE", "Main Port Name", "Latitude", "Longitude"}
        if not need <= set(reader.fieldnames or []):
            raise AreaError(f"{path}: not a WPI Pub. 150 CSV (lacks {sorted(need)})")
        return {norm_locode(r["UN/LOCODE"]): r for r in reader if r["UN/LOCODE"].strip()}


def _gfw_points(path: Path | None, label: str, lat: float, lon: float,
                radius_km: float) -> list[tuple[float, float]]:
    if path is None or not path.is_file():
        return []
    pts: list[tuple[float, float]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["label"].upper() != label:
                continue
            plat, plon = float(row["latitude"]), float(row["longitude"])
            if float(haversine_km(lat, lon, plat, plon)) <= radius_km:
                pts.append((plat, plon))
    return sorted(pts)


def _feature(locode: str, name: str, country: str, lat: float, lon: float,
             extra_pts: list[tuple[float, float]], source: str, group: str,
             radius: tuple[float, float] = (3.0, 4.0)) -> dict[str, Any]:
    coords = [[lon, lat]] + [[p[1], p[0]] for p in extra_pts]
    return {
        "type": "Feature",
        "geometry": {"type": "MultiPoint", "coordinates": coords},
        "properties": {
            "id": locode, "name": name, "country": country, "group": group,
            "ref_lat": lat, "ref_lon": lon, "entry_km": radius[0], "exit_km": radius[1],
            "n_anchorage_points": len(coords), "source": source,
        },
    }


def areas_from_wpi(
    locodes: list[str],
    *,
    wpi_csv: Path | None = None,
    gfw_csv: Path | None = None,
    gfw_radius_km: float = 10.0,
    groups: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    radii: dict[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection for the given UN/LOCODEs (``KPRJN`` or ``KP RJN``).

    ``radii`` gives (entry_km, exit_km) per LOCODE instead of GFW's (3, 4): for a small
    harbour whose boats work within 4 km of it (docs/maritime.md, "Small harbours")."""
    data = bundled_ports_dir()
    wpi = _wpi_rows(wpi_csv or data / WPI_FILE)
    gfw = gfw_csv if gfw_csv is not None else data / GFW_FILE
    groups = groups or {}
    feats = []
    for raw in locodes:
        code = norm_locode(raw)
        if code in wpi:
            row = wpi[code]
            lat, lon = float(row["Latitude"]), float(row["Longitude"])
            name = row["Main Port Name"].strip()
            country = ISO3.get(code[:2], code[:2])
            pts = _gfw_points(gfw, GFW_LABELS.get(code, name.upper()), lat, lon, gfw_radius_km)
            source = f"{WPI_CITATION}, World Port Index Number {row['World Port Index Number']}"
            if pts:
                source += f"; {len(pts)} anchorage point(s) from {GFW_CITATION}"
        elif code in EXTRA_PORTS:
            extra = EXTRA_PORTS[code]
            lat, lon, name, country = extra["lat"], extra["lon"], extra["name"], extra["country"]
            pts, source = [], extra["source"]
        else:
            raise AreaError(f"UN/LOCODE '{raw}' is neither in the World Port Index nor in "
                            f"the cited extra entries ({', '.join(EXTRA_PORTS)})")
        name = (names or {}).get(code, name)
        radius = (radii or {}).get(code, (3.0, 4.0))
        if radius[1] < radius[0]:
            raise AreaError(f"{raw}: exit radius {radius[1]} km is smaller than the entry "
                            f"radius {radius[0]} km")
        feats.append(_feature(code, name, country, lat, lon, pts, source,
                              groups.get(code, country), radius))
    return {"type": "FeatureCollection", "features": feats}


def write_areas(collection: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(collection, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def reference_offset_km(feature: dict[str, Any], lat: float, lon: float) -> float:
    """Distance from a coordinate to the nearest anchorage point of a written feature."""
    coords = np.array(feature["geometry"]["coordinates"], dtype=np.float64)
    return float(haversine_km(lat, lon, coords[:, 1], coords[:, 0]).min())
