"""Build ``data/boundaries/water.parquet``: the shapes of the named seas, oceans, gulfs, straits and lakes
of ``data/water.yaml`` (see that file and data/SOURCES.md).

Seas and oceans are the ocean (the world minus the union of ``admin0.parquet``'s land) clipped by each
entry's boxes, minus the entries it excludes. Lakes are the Natural Earth 10m lake polygon holding the
entry's ``lake_at`` point, from the Debian package the admin-1 borders come from (``apt-get download``
into a temporary directory, ``dpkg -x``, never installed; ``--deb PATH`` reuses a downloaded .deb).

Run: .venv/bin/python scripts/build_water.py [--deb libgnudatalanguage0_*.deb] [--out data/boundaries]
The output is deterministic (same writer as scripts/build_data.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely
import yaml
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_data import (
    ADMIN1_DEB_PACKAGE,
    DEFAULT_OUT,
    ROOT,
    deb_version,
    fetch_admin1_deb,
    write_parquet,
)

WATER_FILE = ROOT / "data" / "water.yaml"
LAKES_SHP = "usr/share/gnudatalanguage/resource/maps/high/ne_10m_lakes.shp"
#: Simplification of the composed shapes, degrees (the land they are cut from is simplified at 0.05).
TOLERANCE = 0.02
COLUMNS = ["id", "name", "feature", "geometry"]


def load_specs(path: Path = WATER_FILE) -> list[dict]:
    specs = yaml.safe_load(path.read_text(encoding="utf-8"))
    ids = [s["id"] for s in specs]
    if len(ids) != len(set(ids)):
        raise SystemExit(f"{path}: duplicate ids")
    for spec in specs:
        if not (spec.get("boxes") or spec.get("lake_at")) or not spec["id"].startswith("water:"):
            raise SystemExit(f"{path}: {spec['id']} needs boxes or lake_at and an id starting with 'water:'")
        unknown = set(spec.get("exclude") or []) - set(ids)
        if unknown:
            raise SystemExit(f"{path}: {spec['id']} excludes unknown {sorted(unknown)}")
    return specs


def ocean(admin0: gpd.GeoDataFrame) -> BaseGeometry:
    """The world's water: everything no admin-0 polygon covers."""
    land = shapely.union_all(shapely.make_valid(admin0.geometry.values))
    return shapely.make_valid(box(-180, -90, 180, 90).difference(land))


def compose(specs: list[dict], sea: BaseGeometry, lakes: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """Each entry's shape: its boxes of ocean minus what it excludes, or the lake at its point."""
    base: dict[str, BaseGeometry] = {}
    for spec in specs:
        if spec.get("lake_at"):
            lat, lon = spec["lake_at"]
            holding = lakes[lakes.geometry.contains(Point(lon, lat))]
            if holding.empty:
                raise SystemExit(f"{spec['id']}: no Natural Earth lake holds {lat}, {lon}")
            base[spec["id"]] = shapely.union_all(holding.geometry.values)
        else:
            base[spec["id"]] = shapely.union_all([sea.intersection(box(*b)) for b in spec["boxes"]])
    shapes = {}
    for spec in specs:
        shape = base[spec["id"]]
        for other in spec.get("exclude") or []:
            shape = shape.difference(base[other])
        shape = shapely.make_valid(shape.simplify(TOLERANCE, preserve_topology=True))
        polygons = [g for g in shapely.get_parts(shape) if g.geom_type == "Polygon" and g.area > 1e-4]
        if not polygons:
            raise SystemExit(f"{spec['id']}: empty shape")
        shapes[spec["id"]] = shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
    return shapes


def build(out: Path, deb: Path | None) -> Path:
    specs = load_specs()
    admin0 = gpd.read_parquet(out / "admin0.parquet")
    with tempfile.TemporaryDirectory(prefix="news-atlas-deb-") as tmp:
        workdir = Path(tmp)
        deb = deb or fetch_admin1_deb(workdir)
        version = deb_version(deb)
        import subprocess

        subprocess.run(["dpkg", "-x", str(deb), str(workdir / "x")], check=True)
        lakes = gpd.read_file(workdir / "x" / LAKES_SHP)
        lakes["geometry"] = shapely.make_valid(lakes.geometry.values)
    shapes = compose(specs, ocean(admin0), lakes)
    gdf = gpd.GeoDataFrame(
        {"id": [s["id"] for s in specs], "name": [s["name"] for s in specs],
         "feature": [s["feature"] for s in specs], "geometry": [shapes[s["id"]] for s in specs]},
        geometry="geometry", crs="EPSG:4326").sort_values("id").reset_index(drop=True)[COLUMNS]
    path = out / "water.parquet"
    write_parquet(gdf, path, {"source": f"data/water.yaml; admin0.parquet; Debian {ADMIN1_DEB_PACKAGE} {version} "
                                        f"{Path(LAKES_SHP).name}", "tolerance": str(TOLERANCE)})
    print(f"water: {len(gdf)} shapes ({(gdf.feature == 'lake').sum()} lakes), {path.stat().st_size:,} bytes")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--deb", type=Path, default=None, help=f"reuse a downloaded {ADMIN1_DEB_PACKAGE} .deb")
    build(parser.parse_args(argv).out, parser.parse_args(argv).deb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
