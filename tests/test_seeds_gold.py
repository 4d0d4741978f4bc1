"""Acceptance on the two seed articles against ../shared/seeds/gold.json (read, never copied)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.geometry.metric import haversine_km
from geo.geometry.shapes import shape_for
from geo.nlp.pipeline import parse_document
from geo.text.articles import bundled_articles
from geo.text.document import make_document

GOLD = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "gold.json"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="shared/seeds/gold.json is not beside this checkout")


def _cases() -> list[tuple[str, dict]]:
    if not GOLD.exists():
        return []
    gold = json.loads(GOLD.read_text())
    return [(name, entity) for name, art in gold["articles"].items() for entity in art["entities"]]


@pytest.fixture(scope="module")
def parsed() -> dict[str, list]:
    out = {}
    for info in bundled_articles():
        doc = make_document(info.path.read_text(encoding="utf-8"), title=info.title)
        out[info.path.name] = parse_document(doc)
    return out


def _satisfies(mention, entity: dict) -> bool:
    if "iso" in entity:
        return mention.place.kind == "country" and mention.country_code == entity["iso"]
    if "tol_km" in entity:
        return haversine_km(mention.lat, mention.lon, entity["lat"], entity["lon"]) <= entity["tol_km"]
    shape = shape_for(mention.place)
    return all(shape.contains(Point(lon, lat)) for lat, lon in entity["inside"]) and not any(
        shape.contains(Point(lon, lat)) for lat, lon in entity.get("outside", [])
    )


@pytest.mark.parametrize(("article", "entity"), _cases(), ids=lambda v: v if isinstance(v, str) else v["name"])
def test_every_surface_is_recognised_and_resolved(parsed, article: str, entity: dict) -> None:
    mentions = parsed[article]
    for surface in entity["surfaces"]:
        found = [m for m in mentions if m.text == surface or m.text in (f"{surface}'s", f"{surface}’s")]
        assert found, f"{surface!r} not recognised in {article}"
        assert all(_satisfies(m, entity) for m in found), [(m.text, m.name, m.kind) for m in found]


@pytest.mark.parametrize("article", sorted(json.loads(GOLD.read_text())["articles"]) if GOLD.exists() else [])
def test_no_trap_word_is_tagged(parsed, article: str) -> None:
    traps = set(json.loads(GOLD.read_text())["articles"][article]["traps"])
    tagged = {m.text for m in parsed[article]}
    assert not tagged & traps
