"""The geoparser pipeline: Document -> recognised spans -> resolved mentions."""

from __future__ import annotations

from functools import lru_cache

from geo.text.document import make_document
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.model import Document, Mention, Place
from geo.nlp.recognize import recognize
from geo.nlp.resolve import resolve

DIRECTION_ADJECTIVES = {"north": "northern", "south": "southern", "east": "eastern", "west": "western",
                        "central": "central", "northeast": "north-eastern", "northwest": "north-western",
                        "southeast": "south-eastern", "southwest": "south-western"}


@lru_cache(maxsize=4096)
def directional_part(area: Place, direction: str) -> Place:
    """The place standing for "northern Mali": its id names the direction and the parent area."""
    from geo.geometry.shapes import part_id, representative_point, shape_for

    part = Place(id=part_id(direction, area.id), name=f"{DIRECTION_ADJECTIVES[direction]} {area.name}",
                 kind="part", country_code=area.country_code, lat=area.lat, lon=area.lon, source=area.source)
    lat, lon = representative_point(shape_for(part))
    return Place(id=part.id, name=part.name, kind="part", country_code=area.country_code, lat=lat, lon=lon,
                 source=area.source)


@lru_cache(maxsize=65536)
def area_contains(area: Place, place: Place) -> bool:
    """Whether the area's shape holds the place's point."""
    from shapely.geometry import Point

    from geo.geometry.shapes import shape_for

    return bool(shape_for(area).contains(Point(place.lon, place.lat)))


def warm_up(gazetteer: Gazetteer | None = None) -> Gazetteer:
    """Load what parsing needs once per process: the gazetteer, the word-frequency list and the borders."""
    from geo.geometry.borders import load_admin1, load_countries
    from geo.nlp.recognize import word_zipf

    gazetteer = gazetteer or load_gazetteer()
    word_zipf("the")
    load_countries()
    load_admin1()
    return gazetteer


def parse_document(doc: Document, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every place mention of a document, resolved."""
    gazetteer = gazetteer or load_gazetteer()
    return resolve(doc.text, recognize(doc, gazetteer), make_part=directional_part, contains=area_contains)


def geoparse(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every place mention of ``text``: offsets, sentence, place, confidence and alternatives."""
    return parse_document(make_document(text), gazetteer)
