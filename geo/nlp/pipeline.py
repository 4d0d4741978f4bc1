"""The geoparser pipeline: Document -> recognised spans -> resolved mentions."""

from __future__ import annotations

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.gazetteer.store import NAME_PRIMARY
from geo.geometry.shapes import area_contains, directional_place
from geo.model import Document, Mention
from geo.nlp.confidence import evidence
from geo.nlp.recognize import Span, recognize
from geo.nlp.resolve import resolve
from geo.nlp.streets import Street, find_streets, place_streets
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
    """Every place mention of a document, resolved; streets at the town they lie in (geo.nlp.streets)."""
    gazetteer = gazetteer or load_gazetteer()
    spans = recognize(doc, gazetteer)
    streets = find_streets(doc.text, [(s.index, s.start, s.end) for s in doc.sentences])
    spans, streets = _settle_streets(spans, streets)
    mentions = resolve(doc.text, spans, make_part=directional_place, contains=area_contains)
    if not streets:
        return mentions
    return sorted(mentions + place_streets(doc.text, streets, mentions, street_evidence()), key=lambda m: m.start)


def _settle_streets(spans: list[Span], streets: list[Street]) -> tuple[list[Span], list[Street]]:
    """A place inside a street's name is the street ("Columbus Avenue"); a street inside or across a
    recognised place's name is no street."""
    kept_streets = [st for st in streets if not any(
        sp.start < st.end and st.start < sp.end and not (st.start <= sp.start and sp.end <= st.end) for sp in spans)]
    kept_spans = [sp for sp in spans if not any(st.start <= sp.start and sp.end <= st.end for st in kept_streets)]
    return kept_spans, kept_streets


def street_evidence() -> tuple[float, ...]:
    """The evidence of a street placed at its town, for the calibrated confidence (geo.nlp.confidence)."""
    from geo.model import Place
    from geo.vocabulary import Kind

    street = Place(id="street:", name="", kind=Kind.ROAD, country_code="", lat=0.0, lon=0.0)
    return evidence(street, share=1.0, margin=None, mentions=1, cue="street", name_type=NAME_PRIMARY,
                    embedded=False, zipf=0.0)


def geoparse(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every place mention of ``text``: offsets, sentence, place, confidence and alternatives."""
    return parse_document(make_document(text), gazetteer)
