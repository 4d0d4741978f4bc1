"""Tests for geo.geometry.regions: gold containment constraints and spec validation."""

from __future__ import annotations

import textwrap

import pytest
from shapely.geometry import Point

from geo.geometry.borders import load_admin1, load_countries
from geo.geometry.regions import (
    RegionSpecError,
    compose,
    load_region_specs,
    parse_spec,
    region_geometries,
)

GOLD = {  # id: (inside, outside) as (lat, lon)
    "region:sahel": ([(14.5, -1.0), (15.5, 5.0), (13.5, 15.0)], [(36.75, 3.06), (5.6, -0.2)]),
    "region:maghreb": ([(30, 3), (32, -6), (34, 9.5)], [(12.6, -8), (13.5, 2.1)]),
    "region:north-africa": ([(30, 3), (27, 30)], [(12.6, -8)]),
    "region:west-africa": ([(12.6, -8), (9, 7.4)], [(36.75, 3.06)]),
    "region:liptako-gourma": ([(14.5, 0.5), (14.03, -0.03), (14.2, 1.45)],
                              [(12.6392, -8.0029), (36.75, 3.06), (18.44, 1.41)]),
    "region:africa": ([(5, 20)], [(48.85, 2.35)]),
    "group:aes": ([(17, -4), (12.37, -1.52), (16, 8)], [(28, 3)]),
    "region:azawad": ([(18.44, 1.41), (16.77, -3.0)], [(12.6392, -8.0029), (14.5, 0.5)]),
    "group:ecowas": ([(5.6, -0.2), (9, 7.4)], [(12.6392, -8.0029), (13.5, 2.1)]),
    "region:europe": ([(48.85, 2.35), (55.75, 37.6)], [(55.0, 82.9), (4.9, -52.3)]),
}

REQUIRED = [
    "region:sahel", "region:maghreb", "region:west-africa", "region:north-africa",
    "region:africa", "region:liptako-gourma", "region:azawad", "region:lake-chad-basin",
    "region:sub-saharan-africa", "region:east-africa", "region:central-africa",
    "region:southern-africa", "region:horn-of-africa", "region:middle-east", "region:europe",
    "region:latin-america", "region:southeast-asia", "region:central-asia", "region:balkans",
    "region:caucasus", "region:gulf-states", "region:scandinavia", "group:aes", "group:ecowas",
    "group:african-union", "group:eu", "group:nato", "group:arab-league", "group:g5-sahel",
    "group:gcc",
]


@pytest.mark.parametrize("region_id", sorted(GOLD))
def test_gold_containment(region_id):
    geom = region_geometries()[region_id]
    inside, outside = GOLD[region_id]
    for lat, lon in inside:
        assert geom.contains(Point(lon, lat)), (region_id, lat, lon)
    for lat, lon in outside:
        assert not geom.contains(Point(lon, lat)), (region_id, lat, lon)


def test_required_regions_present_and_described():
    specs = {s.id: s for s in load_region_specs()}
    assert set(REQUIRED) <= set(specs)
    for spec in specs.values():
        assert spec.definition and spec.source and spec.names
        assert spec.id.startswith(spec.kind + ":")
    assert "AES" in specs["group:aes"].names
    assert "Confederation of Sahel States" in specs["group:aes"].names
    assert "Sahelian" in specs["region:sahel"].adjectives
    assert "West African" in specs["region:west-africa"].adjectives


def test_all_geometries_valid_and_non_empty():
    for region_id, geom in region_geometries().items():
        assert geom.is_valid and not geom.is_empty, region_id


def test_group_memberships():
    specs = {s.id: s for s in load_region_specs()}
    assert set(specs["group:aes"].countries) == {"ML", "BF", "NE"}
    assert len(specs["group:ecowas"].countries) == 12
    assert not {"ML", "BF", "NE"} & set(specs["group:ecowas"].countries)
    assert len(specs["group:african-union"].countries) == 55
    assert len(specs["group:eu"].countries) == 27
    assert len(specs["group:nato"].countries) == 32
    assert len(specs["group:arab-league"].countries) == 22
    assert "NO" in specs["group:nato"].countries  # YAML's Norway problem is quoted away


def _spec(extra: str) -> dict:
    import yaml

    return yaml.safe_load(textwrap.dedent("""
        id: region:test
        name: Test
        kind: region
        definition: a test
        source: tests
    """) + textwrap.dedent(extra))


def test_unknown_admin1_raises_clear_error():
    spec = parse_spec(_spec("admin1:\n  ML: [Atlantis]\n"))
    with pytest.raises(RegionSpecError, match="Atlantis"):
        compose(spec, load_countries(), load_admin1())


def test_unknown_country_raises_clear_error():
    spec = parse_spec(_spec("countries: [ML, QQ]\n"))
    with pytest.raises(RegionSpecError, match="QQ"):
        compose(spec, load_countries(), load_admin1())


def test_bare_no_is_rejected():
    with pytest.raises(RegionSpecError, match="list of strings"):
        parse_spec(_spec("countries: [DK, NO]\n"))


def test_admin1_names_match_without_accents():
    spec = parse_spec(_spec("admin1:\n  NE: [tillaberi]\n  BF: [SENO]\n"))
    geom = compose(spec, load_countries(), load_admin1())
    assert geom.contains(Point(1.45, 14.2)) and geom.contains(Point(-0.03, 14.03))


def test_latitude_clip():
    spec = parse_spec(_spec("countries: [DZ]\nmax_lat: 25\n"))
    geom = compose(spec, load_countries(), load_admin1())
    assert geom.bounds[3] <= 25.0001
    assert geom.contains(Point(5.0, 22.0))


def test_duplicate_ids_rejected(tmp_path):
    path = tmp_path / "regions.yaml"
    entry = "- {id: 'region:x', name: X, kind: region, definition: d, source: s, countries: [ML]}\n"
    path.write_text(entry * 2, encoding="utf-8")
    with pytest.raises(RegionSpecError, match="duplicate"):
        load_region_specs(path)


def test_uk_nations_are_composed_from_iso_parents() -> None:
    """England, Scotland, Wales and Northern Ireland: the admin-1 units under GB-ENG, GB-SCT... (units the
    borders build could not join to ISO take their parent by name or from their neighbours)."""
    from shapely.geometry import Point

    from geo.geometry.regions import admin1_parents, region_geometry

    parents = admin1_parents("GB")
    assert set(parents.values()) == {"GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"}
    england, scotland = region_geometry("region:england"), region_geometry("region:scotland")
    london, edinburgh, belfast = Point(-0.1276, 51.5072), Point(-3.1883, 55.9533), Point(-5.9301, 54.5973)
    assert england.contains(london) and not england.contains(edinburgh)
    assert scotland.contains(edinburgh) and not scotland.contains(london)
    assert region_geometry("region:northern-ireland").contains(belfast)
