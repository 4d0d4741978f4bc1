"""The geoparser pipeline: Document -> recognised spans -> resolved mentions."""

from __future__ import annotations

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geometry.shapes import area_contains, directional_place
from geo.model import Document, Mention
from geo.nlp.recognize import recognize
from geo.nlp.resolve import resolve
from geo.text.document import make_document


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
    return resolve(doc.text, recognize(doc, gazetteer), make_part=directional_place, contains=area_contains)


def geoparse(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every place mention of ``text``: offsets, sentence, place, confidence and alternatives."""
    return parse_document(make_document(text), gazetteer)
