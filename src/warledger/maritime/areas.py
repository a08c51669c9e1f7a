"""Named port areas (anchorage points or polygons) with groups and entry/exit hysteresis.

A GeoJSON Feature is one area. Point/MultiPoint geometries are GFW-style anchorage points:
in port at <= ``entry_km`` of any point, out at >= ``exit_km``. Polygon geometries use
buffers: ``entry_km`` (default 0: inside) and ``exit_km`` (default 1 km outside).
:func:`nearest_area` is the one geometry routine every engine calls, so engines agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from warledger.maritime.errors import AreaError

EARTH_KM = 6371.0088
KM_PER_DEG_LAT = 111.195  # mean, consistent with EARTH_KM
BUNDLED_AREAS = "dprk_russia_ports.geojson"


@dataclass(frozen=True)
class PortArea:
    area_id: str
    name: str
    group: str
    country: str
    points: np.ndarray  # (n, 2) lat, lon for anchorage-point areas; empty for polygons
    polygon: Any = None  # shapely geometry in local km coordinates around (lat0, lon0)
    entry_km: float = 3.0
    exit_km: float = 4.0
    lat0: float = 0.0
    lon0: float = 0.0
    properties: dict[str, Any] = field(default_factory=dict)


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def _local_xy(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    dlon = (lon - lon0 + 540.0) % 360.0 - 180.0  # antimeridian-safe
    x = dlon * KM_PER_DEG_LAT * np.cos(np.radians(lat0))
    return np.column_stack([x, (lat - lat0) * KM_PER_DEG_LAT])


def _feature_area(feat: dict[str, Any], where: str) -> PortArea:
    import shapely
    from shapely.geometry import shape

    props = dict(feat.get("properties") or {})
    geom = feat.get("geometry") or {}
    name = props.get("name")
    if not name:
        raise AreaError(f"{where}: a feature without a 'name' property")
    area_id = str(props.get("id") or name)
    kind = geom.get("type")
    common = {"area_id": area_id, "name": str(name), "group": str(props.get("group") or area_id),
              "country": str(props.get("country") or ""), "properties": props}
    if kind in ("Point", "MultiPoint"):
        coords = [geom["coordinates"]] if kind == "Point" else geom["coordinates"]
        pts = np.array([[c[1], c[0]] for c in coords], dtype=np.float64)
        return PortArea(points=pts, entry_km=float(props.get("entry_km", 3.0)),
                        exit_km=float(props.get("exit_km", 4.0)),
                        lat0=float(pts[:, 0].mean()), lon0=float(pts[:, 1].mean()), **common)
    if kind in ("Polygon", "MultiPolygon"):
        shp = shape(geom)
        lat0, lon0 = shp.centroid.y, shp.centroid.x
        local = shapely.transform(
            shp, lambda xy: _local_xy(xy[:, 1], xy[:, 0], lat0, lon0))
        return PortArea(points=np.empty((0, 2)), polygon=local,
                        entry_km=float(props.get("entry_km", 0.0)),
                        exit_km=float(props.get("exit_km", 1.0)), lat0=lat0, lon0=lon0, **common)
    raise AreaError(f"{where}: geometry type '{kind}' is not Point, MultiPoint or Polygon")


def load_areas(path: Path | None = None) -> list[PortArea]:
    """Areas from a GeoJSON FeatureCollection (the bundled DPRK-Russia file by default) or
    from a GFW anchorage CSV (one area per port). Point features that share an id are one
    area with all their points (a port given as its anchorages)."""
    path = path or bundled_areas_path()
    if path.suffix.lower() == ".csv":
        from warledger.maritime.anchorages import anchorage_features

        feats: Any = anchorage_features(path)
    else:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise AreaError(f"{path}: cannot read port areas: {exc}") from exc
        feats = doc.get("features") if isinstance(doc, dict) else None
    if not feats:
        raise AreaError(f"{path}: not a GeoJSON FeatureCollection with features")
    areas = _merge_points([_feature_area(f, f"{path} feature {i}")
                           for i, f in enumerate(feats)], path)
    for area in areas:
        if area.exit_km < area.entry_km:
            raise AreaError(f"{path}: area '{area.name}': exit_km is smaller than entry_km")
    return areas


def _merge_points(areas: list[PortArea], path: Path) -> list[PortArea]:
    """One area per id: point areas of one id are joined; any other repeat is an error."""
    by_id: dict[str, list[PortArea]] = {}
    for area in areas:
        by_id.setdefault(area.area_id, []).append(area)
    out = []
    for area_id, same in by_id.items():
        if len(same) == 1:
            out.append(same[0])
            continue
        if any(a.polygon is not None for a in same) or len(
                {(a.entry_km, a.exit_km, a.group) for a in same}) > 1:
            raise AreaError(f"{path}: duplicate area id '{area_id}' (only point features "
                            "with the same radii and group can be joined into one port)")
        pts = np.vstack([a.points for a in same])
        out.append(replace(same[0], points=pts, lat0=float(pts[:, 0].mean()),
                           lon0=float(pts[:, 1].mean()),
                           properties=same[0].properties | {"n_anchorage_points": len(pts)}))
    return out


@cache
def bundled_areas_path() -> Path:
    here = Path(__file__).resolve()
    for base in (here.parents[1] / "_bundled", here.parents[3] / "data"):
        candidate = base / "ports" / BUNDLED_AREAS
        if candidate.is_file():
            return candidate
    raise AreaError("the bundled port areas were not found; reinstall warledger")


def _area_distance(area: PortArea, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    if area.polygon is not None:
        import shapely

        xy = _local_xy(lat, lon, area.lat0, area.lon0)
        return np.asarray(shapely.distance(area.polygon, shapely.points(xy)), dtype=np.float64)
    if len(area.points) == 1:
        return np.asarray(haversine_km(lat, lon, area.points[0, 0], area.points[0, 1]))
    # pick the nearest anchorage point on a flat local projection (no trigonometry per
    # point), then measure the great-circle distance to that one point
    kx = KM_PER_DEG_LAT * np.cos(np.radians(area.lat0))
    best = np.full(lat.shape, np.inf)
    arg = np.zeros(lat.shape, dtype=np.int64)
    for k, (plat, plon) in enumerate(area.points):
        d2 = ((lon - plon) * kx) ** 2 + ((lat - plat) * KM_PER_DEG_LAT) ** 2
        closer = d2 < best
        best[closer] = d2[closer]
        arg[closer] = k
    near = area.points[arg]
    return np.asarray(haversine_km(lat, lon, near[:, 0], near[:, 1]))


def nearest_area(
    lat: np.ndarray, lon: np.ndarray, areas: list[PortArea]
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest area (-1 none) and the distance in km (inf when far away).

    A cheap bounding-box test on the exit radius keeps almost every row away from exact
    geometry, the way GFW buckets anchorages in S2 cells.
    """
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    idx = np.full(lat.shape, -1, dtype=np.int32)
    dist = np.full(lat.shape, np.inf)
    for i, area in enumerate(areas):
        box = _bbox(area)
        cand = np.flatnonzero((lat >= box[0]) & (lat <= box[1]) & (lon >= box[2]) & (lon <= box[3]))
        if cand.size == 0:
            continue
        d = _area_distance(area, lat[cand], lon[cand])
        closer = d < dist[cand]
        dist[cand[closer]] = d[closer]
        idx[cand[closer]] = i
    far = dist > max((a.exit_km for a in areas), default=0.0) * 2
    dist[far], idx[far] = np.inf, -1
    return idx, dist


@cache
def _bbox_cached(area_id: str, lat0: float, lon0: float, key: bytes, reach: float) -> tuple[
        float, float, float, float]:
    del area_id, key
    dlat = reach / KM_PER_DEG_LAT
    dlon = reach / (KM_PER_DEG_LAT * max(np.cos(np.radians(min(abs(lat0) + dlat, 89.0))), 1e-3))
    return lat0 - dlat, lat0 + dlat, lon0 - dlon, lon0 + dlon


def _bbox(area: PortArea) -> tuple[float, float, float, float]:
    """Box around the area that holds every point within 2 x exit_km of it."""
    if area.polygon is not None:
        minx, miny, maxx, maxy = area.polygon.bounds
        spread = max(abs(minx), abs(maxx), abs(miny), abs(maxy))
    else:
        spread = float(haversine_km(area.points[:, 0], area.points[:, 1],
                                    area.lat0, area.lon0).max())
    return _bbox_cached(area.area_id, area.lat0, area.lon0, area.points.tobytes(),
                        spread + 2 * area.exit_km + 1.0)
