"""The geoparser pipeline: Document -> recognised spans -> resolved mentions."""

from __future__ import annotations

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.gazetteer.languages import language_index
from geo.geometry.shapes import area_contains, directional_place
from geo.model import Document, Mention
from geo.nlp.lexicon import LEXICONS
from geo.nlp.recognize import recognize
from geo.nlp.resolve import resolve
from geo.text.document import make_document


def warm_up(gazetteer: Gazetteer | None = None) -> Gazetteer:
    """Load what parsing needs once per process: the gazetteer, the word-frequency list and the borders."""
    from geo.geometry.borders import load_admin1, load_countries
    from geo.nlp.recognize import word_zipf
    from geo.text.language import detect_language

    gazetteer = gazetteer or load_gazetteer()
    word_zipf("the")
    detect_language("warm up the language detector")
    load_countries()
    load_admin1()
    return gazetteer


def parse_document(doc: Document, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every place mention of a document, resolved, read in the document's language (``doc.lang``).

    A language that is not parsed (``geo.text.language.is_parsed``) gives no mentions: callers say so
    (``geo.text.language.unparsed_notice``) rather than show half-results read with English words.
    """
    lexicon = LEXICONS.get(doc.lang)
    if lexicon is None:
        return []
    gazetteer = gazetteer or load_gazetteer()
    index = language_index(gazetteer, doc.lang)
    spans = recognize(doc, index, lexicon=lexicon)
    return resolve(doc.text, spans, make_part=directional_place, contains=area_contains)


def geoparse(text: str, gazetteer: Gazetteer | None = None, *, lang: str = "") -> list[Mention]:
    """Every place mention of ``text``: offsets, sentence, place, confidence and alternatives.
    ``lang`` (ISO 639-1) is detected when not given."""
    return parse_document(make_document(text, lang=lang), gazetteer)
