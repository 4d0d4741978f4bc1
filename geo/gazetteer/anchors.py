"""GeoNames country and first-level-division rows as the reference points of the index's areas.

The index draws countries and admin-1 units from Natural Earth shapes and places their point at the
shape's centroid. GeoNames gives each of them a conventional point instead (Canada at 60.1 N 113.6 W,
Alberta at 52.3 N 117.5 W), and news corpora linked to GeoNames measure distances from it. When a
user imports a GeoNames dump (``python -m geo gazetteer import allCountries.zip``), a country or ADM1
row therefore does not become a second "Canada" beside ours: it moves our area's point to GeoNames'
point (when that point lies in or near the shape) and adds its names to it.
"""

from __future__ import annotations

import sqlite3

from shapely.geometry import Point

from geo.gazetteer.normalize import normalize_name
from geo.gazetteer.sources import PlaceRecord

#: GeoNames feature codes of independent and dependent political entities.
COUNTRY_FEATURE_CODES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX"})
ADMIN1_FEATURE_CODE = "ADM1"
#: How far (degrees) outside our simplified shape a GeoNames point may lie and still be that area's.
SHAPE_TOLERANCE_DEG = 0.5
#: Appended to an anchored area's source: "naturalearth-admin1; point from gn:5883102".
POINT_NOTE = "; point from "


def area_for(db: sqlite3.Connection, record: PlaceRecord) -> tuple[int, str] | None:
    """(pid, id) of the index's country or admin-1 unit that a GeoNames row describes, or None."""
    if record.feature_code in COUNTRY_FEATURE_CODES:
        rows = db.execute("SELECT pid, id FROM places WHERE id = ?", (f"country:{record.country_code}",)).fetchall()
    elif record.feature_code == ADMIN1_FEATURE_CODE:
        norms = sorted({normalize_name(n) for n in (record.name, *record.alt_names)} - {""})
        marks = ",".join("?" * len(norms))
        rows = db.execute(
            "SELECT DISTINCT p.pid, p.id FROM places p JOIN names n ON n.pid = p.pid "
            f"WHERE p.kind = 'admin1' AND p.country_code = ? AND n.norm IN ({marks}) AND n.type <= 1 ORDER BY p.pid",
            (record.country_code, *norms),
        ).fetchall()
    else:
        return None
    point = Point(record.lon, record.lat)
    for pid, ident in rows:
        if _near_shape(ident, point):
            return pid, ident
    return None


def _near_shape(ident: str, point: Point) -> bool:
    from geo.geometry.shapes import shape_by_id

    shape = shape_by_id(ident)
    return shape is not None and shape.distance(point) <= SHAPE_TOLERANCE_DEG


def anchor(db: sqlite3.Connection, pid: int, record: PlaceRecord) -> None:
    """Give the area ``pid`` the GeoNames row's point and note where it came from."""
    (source,) = db.execute("SELECT source FROM places WHERE pid = ?", (pid,)).fetchone()
    base = source.split(POINT_NOTE)[0]
    db.execute(
        "UPDATE places SET lat = ?, lon = ?, source = ? WHERE pid = ?",
        (record.lat, record.lon, f"{base}{POINT_NOTE}{record.id}", pid),
    )
