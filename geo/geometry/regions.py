"""Named regions and groups (Sahel, Liptako-Gourma, AES...) composed from border polygons.

``data/regions.yaml`` describes each one as a union of countries and admin-1 units,
optionally clipped by a latitude/longitude box; :func:`compose` turns a spec into a shape.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
import yaml
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo import settings
from geo.geometry.borders import load_admin1, load_countries
from geo.vocabulary import Kind

#: Simplification applied to composed shapes, degrees (borders are already simplified).
COMPOSE_TOLERANCE = 0.01
KINDS = frozenset({Kind.REGION, Kind.GROUP})
#: Composed region shapes kept per process (regions.yaml has a few dozen).
REGION_CACHE_SIZE = 128


class RegionSpecError(ValueError):
    """A region spec is malformed or references a country/admin-1 unit that does not exist."""


@dataclass(frozen=True, slots=True)
class RegionSpec:
    """One entry of ``regions.yaml``."""

    id: str
    name: str
    kind: str
    definition: str
    source: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    continents: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    admin1: tuple[tuple[str, str], ...] = ()  # (iso_a2, admin-1 name)
    iso_parent: tuple[str, ...] = ()  # ISO 3166-2 parents ("GB-ENG"): the admin-1 units under them
    exclude: tuple[str, ...] = ()
    bounds: tuple[float | None, float | None, float | None, float | None] = field(
        default=(None, None, None, None))  # min_lat, max_lat, min_lon, max_lon


def _norm(text: str) -> str:
    """Accent/case-insensitive comparison key."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


def _strings(entry: dict, key: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        # YAML 1.1 reads a bare NO (Norway) as False: quote it.
        raise RegionSpecError(f"{entry.get('id')}: {key!r} must be a list of strings")
    return tuple(value)


def _degrees(entry: dict, key: str) -> float | None:
    """An optional bound of a spec, in degrees."""
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RegionSpecError(f"{entry.get('id')}: {key!r} must be a number of degrees")
    return float(value)


def parse_spec(entry: dict) -> RegionSpec:
    """Validate one YAML mapping and build its :class:`RegionSpec`."""
    missing = [k for k in ("id", "name", "kind", "definition", "source") if not entry.get(k)]
    if missing:
        raise RegionSpecError(f"region spec {entry.get('id', entry)!r} lacks {missing}")
    if entry["kind"] not in KINDS or not str(entry["id"]).startswith(f"{entry['kind']}:"):
        raise RegionSpecError(f"{entry['id']}: kind must be one of {sorted(KINDS)} "
                              "and the id must start with '<kind>:'")
    admin1 = tuple((str(cc), str(name)) for cc, names in (entry.get("admin1") or {}).items()
                   for name in names)
    spec = RegionSpec(
        id=str(entry["id"]), name=str(entry["name"]), kind=str(entry["kind"]),
        definition=str(entry["definition"]), source=str(entry["source"]),
        names=_strings(entry, "names"), adjectives=_strings(entry, "adjectives"),
        countries=_strings(entry, "countries"), continents=_strings(entry, "continents"),
        subregions=_strings(entry, "subregions"), admin1=admin1, iso_parent=_strings(entry, "iso_parent"),
        exclude=_strings(entry, "exclude"),
        bounds=(_degrees(entry, "min_lat"), _degrees(entry, "max_lat"), _degrees(entry, "min_lon"),
                _degrees(entry, "max_lon")),
    )
    if not (spec.countries or spec.continents or spec.subregions or spec.admin1 or spec.iso_parent):
        raise RegionSpecError(f"{spec.id}: no countries, continents, subregions, admin1 or iso_parent")
    return spec


def load_region_specs(path: Path | None = None) -> list[RegionSpec]:
    """Read and validate ``regions.yaml`` (ids must be unique)."""
    entries = yaml.safe_load((path or settings.REGIONS_FILE).read_text(encoding="utf-8"))
    specs = [parse_spec(e) for e in entries or []]
    ids = [s.id for s in specs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise RegionSpecError(f"duplicate region ids: {dupes}")
    return specs


def _select(frame: gpd.GeoDataFrame, column: str, wanted: tuple[str, ...],
            spec_id: str) -> gpd.GeoDataFrame:
    """Rows whose ``column`` is in ``wanted``; every wanted value must exist."""
    unknown = sorted(set(wanted) - set(frame[column]))
    if unknown:
        raise RegionSpecError(f"{spec_id}: unknown {column} {unknown}")
    return frame[frame[column].isin(wanted)]


def member_countries(spec: RegionSpec, countries: gpd.GeoDataFrame) -> list[str]:
    """ISO a2 codes of the whole countries a spec is made of (sorted)."""
    coded = countries[countries["iso_a2"] != ""]
    picked = set(_select(coded, "iso_a2", spec.countries, spec.id)["iso_a2"])
    picked |= set(_select(coded, "continent", spec.continents, spec.id)["iso_a2"])
    picked |= set(_select(coded, "subregion", spec.subregions, spec.id)["iso_a2"])
    unknown = sorted(set(spec.exclude) - set(coded["iso_a2"]))
    if unknown:
        raise RegionSpecError(f"{spec.id}: unknown excluded iso_a2 {unknown}")
    return sorted(picked - set(spec.exclude))


def _admin1_geoms(spec: RegionSpec, admin1: gpd.GeoDataFrame) -> list[BaseGeometry]:
    """Admin-1 polygons named by a spec, matched accent/case-insensitively within the country."""
    geoms = []
    for iso_a2, name in spec.admin1:
        rows = admin1[(admin1["iso_a2"] == iso_a2)
                      & (admin1["name"].map(_norm) == _norm(name))]
        if rows.empty:
            raise RegionSpecError(f"{spec.id}: no admin-1 unit {name!r} in {iso_a2!r}")
        geoms.extend(rows.geometry)
    return geoms


def _name_key(text: str) -> str:
    return _norm(text).replace(" city of", "").replace(" city", "")


#: How far apart (degrees) two admin-1 units may lie and still count as neighbours (borders are simplified).
NEIGHBOUR_DEGREES = 0.02


@cache
def admin1_parents(iso_a2: str) -> dict[str, str]:
    """The ISO 3166-2 parent ("GB-ENG") of each admin-1 unit of a country, by unit id.

    From the unit's own ISO code (pycountry's ``parent_code``); a unit the borders build could not join to ISO
    takes the parent of the ISO subdivisions whose names hold its name or are held by it, when they agree
    ("Aberdeen": Aberdeen City, Aberdeenshire), else the parent most of its neighbours have (old districts).
    """
    import pycountry

    units = load_admin1()
    units = units[units["iso_a2"] == iso_a2]
    subdivisions = list(pycountry.subdivisions.get(country_code=iso_a2) or [])
    parent_of = {s.code: s.parent_code for s in subdivisions if getattr(s, "parent_code", None)}
    parents: dict[str, str] = {}
    named = [(_name_key(s.name), parent_of[s.code]) for s in subdivisions if s.code in parent_of]
    for unit in units.itertuples(index=False):
        if unit.iso_3166_2 and parent_of.get(unit.iso_3166_2):
            parents[unit.id] = parent_of[unit.iso_3166_2]
            continue
        key = _name_key(unit.name)
        found = {parent for name, parent in named if key and (key in name or name in key)}
        if len(found) == 1:
            parents[unit.id] = found.pop()
    missing = units[~units["id"].isin(parents)]
    if missing.empty:
        return parents
    ids = list(units["id"])
    tree = shapely.STRtree(list(units.geometry))
    near: dict[str, list[str]] = {unit: [] for unit in missing["id"]}
    sources, targets = tree.query(shapely.buffer(missing.geometry.values, NEIGHBOUR_DEGREES), predicate="intersects")
    for source, target in zip(sources, targets, strict=True):
        near[missing["id"].iloc[source]].append(ids[target])
    for _ in range(3):  # the rest: the parent most of their neighbours have, a few rounds
        for unit, neighbours in near.items():
            votes = [parents[n] for n in neighbours if n != unit and n in parents]
            if unit not in parents and votes:
                parents[unit] = max(sorted(set(votes)), key=votes.count)
    return parents


def _parent_geoms(spec: RegionSpec, admin1: gpd.GeoDataFrame) -> list[BaseGeometry]:
    """Admin-1 polygons under a spec's ISO 3166-2 parents (England: GB's units under GB-ENG)."""
    geoms = []
    for parent in spec.iso_parent:
        ids = {unit for unit, p in admin1_parents(parent[:2]).items() if p == parent}
        if not ids:
            raise RegionSpecError(f"{spec.id}: no admin-1 unit under {parent!r}")
        geoms.extend(admin1[admin1["id"].isin(ids)].geometry)
    return geoms


def _clip_box(spec: RegionSpec) -> BaseGeometry | None:
    min_lat, max_lat, min_lon, max_lon = spec.bounds
    if all(b is None for b in spec.bounds):
        return None
    return box(-180.0 if min_lon is None else min_lon, -90.0 if min_lat is None else min_lat,
               180.0 if max_lon is None else max_lon, 90.0 if max_lat is None else max_lat)


def compose(spec: RegionSpec, countries: gpd.GeoDataFrame,
            admin1: gpd.GeoDataFrame) -> BaseGeometry:
    """Union of a spec's countries and admin-1 units, clipped, repaired and lightly simplified."""
    codes = member_countries(spec, countries)
    parts = list(countries[countries["iso_a2"].isin(codes)].geometry)
    parts += _admin1_geoms(spec, admin1)
    under_parents = _parent_geoms(spec, admin1)
    if under_parents:  # neighbouring units of one layer: a coverage, whose union is much faster
        parts.append(shapely.coverage_union_all(under_parents))
    shape = shapely.union_all(parts)
    clip = _clip_box(spec)
    if clip is not None:
        shape = shape.intersection(clip)
    shape = shapely.make_valid(shape.simplify(COMPOSE_TOLERANCE, preserve_topology=True))
    if shape.is_empty:
        raise RegionSpecError(f"{spec.id}: composed shape is empty")
    return shape


@cache
def region_specs_by_id() -> dict[str, RegionSpec]:
    """The specs of ``regions.yaml`` keyed by id."""
    return {s.id: s for s in load_region_specs()}


@lru_cache(maxsize=REGION_CACHE_SIZE)
def region_geometry(ident: str) -> BaseGeometry | None:
    """One region/group shape by id, composed on first use (the dashboard draws only what articles name)."""
    spec = region_specs_by_id().get(ident)
    return None if spec is None else compose(spec, load_countries(), load_admin1())


def region_geometries() -> dict[str, BaseGeometry]:
    """Every region/group shape keyed by id (``region:sahel``, ``group:aes``...)."""
    countries, admin1 = load_countries(), load_admin1()
    return {ident: compose(spec, countries, admin1) for ident, spec in region_specs_by_id().items()}
