"""The geoparser pipeline: Document -> recognised spans -> resolved mentions."""

from __future__ import annotations

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.gazetteer.languages import language_index
from geo.gazetteer.store import NAME_PRIMARY
from geo.geometry.shapes import area_contains, directional_place, town_province
from geo.model import Document, Mention
from geo.nlp.confidence import evidence
from geo.nlp.lexicon import LEXICONS
from geo.nlp.recognize import Span, recognize
from geo.nlp.resolve import resolve
from geo.nlp.streets import Street, find_streets, place_streets
from geo.settings import MAX_MENTIONS_PER_ARTICLE
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
    """Every place mention of a document, resolved, read in the document's language (``doc.lang``); streets
    at the town they lie in (geo.nlp.streets).

    A language that is not parsed (``geo.text.language.is_parsed``) gives no mentions: callers say so
    (``geo.text.language.unparsed_notice``) rather than show half-results read with English words.
    """
    lexicon = LEXICONS.get(doc.lang)
    if lexicon is None:
        return []
    gazetteer = gazetteer or load_gazetteer()
    index = language_index(gazetteer, doc.lang)
    spans = recognize(doc, index, lexicon=lexicon)
    # streets are read with English street words and word order ("Dean Woods Road"): English articles only
    streets = find_streets(doc.text, [(s.index, s.start, s.end) for s in doc.sentences]) if lexicon.lang == "en" else []
    if len(spans) >= MAX_MENTIONS_PER_ARTICLE:  # recognition stopped there: so do streets
        streets = [street for street in streets if street.start < spans[-1].end]
    spans, streets = _settle_streets(spans, streets)
    mentions = resolve(doc.text, spans, make_part=directional_place, contains=area_contains,
                       distinct_places=lexicon.lang != "en", locate=town_province)
    if not streets:
        return mentions
    placed = place_streets(doc.text, streets, mentions, street_evidence())
    return sorted(mentions + placed, key=lambda m: m.start)[:MAX_MENTIONS_PER_ARTICLE]


def _settle_streets(spans: list[Span], streets: list[Street]) -> tuple[list[Span], list[Street]]:
    """A place inside a street's name is the street ("Columbus Avenue"); a street inside or across a
    recognised place's name is no street. Both lists are in text order; one merge-like pass over them."""
    kept_streets = []
    k = 0
    for street in streets:  # drop streets that cut across a span or lie inside one
        while k < len(spans) and spans[k].end <= street.start:
            k += 1
        clash, m = False, k
        while m < len(spans) and spans[m].start < street.end:  # the spans overlapping the street
            if not (street.start <= spans[m].start and spans[m].end <= street.end):
                clash = True
                break
            m += 1
        if not clash:
            kept_streets.append(street)
    kept_spans = []
    k = 0
    for span in spans:  # drop spans inside a kept street
        while k < len(kept_streets) and kept_streets[k].end <= span.start:
            k += 1
        inside = k < len(kept_streets) and kept_streets[k].start <= span.start and span.end <= kept_streets[k].end
        if not inside:
            kept_spans.append(span)
    return kept_spans, kept_streets


def street_evidence() -> tuple[float, ...]:
    """The evidence of a street placed at its town, for the calibrated confidence (geo.nlp.confidence)."""
    from geo.model import Place
    from geo.vocabulary import Kind

    street = Place(id="street:", name="", kind=Kind.ROAD, country_code="", lat=0.0, lon=0.0)
    return evidence(street, share=1.0, margin=None, mentions=1, cue="street", name_type=NAME_PRIMARY,
                    embedded=False, zipf=0.0)


def geoparse(text: str, gazetteer: Gazetteer | None = None, *, lang: str = "") -> list[Mention]:
    """Every place mention of ``text``: offsets, sentence, place, confidence and alternatives.
    ``lang`` (ISO 639-1) is detected when not given."""
    return parse_document(make_document(text, lang=lang), gazetteer)
