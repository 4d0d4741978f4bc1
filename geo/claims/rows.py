"""Claims as rows of the layers table (``geo.model.LayerRow``): names, claimant colours, sentences."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from geo.claims.extract import extract_claims
from geo.claims.records import UNATTRIBUTED, Claim
from geo.gazetteer.sources import country_name
from geo.model import CLAIM_COLUMN, Document, LayerRow, Mention, sentence_link
from geo.time import EventTime
from geo.vocabulary import Kind

#: Colours given to claimants in order of appearance (unattributed claims are grey).
CLAIMANT_COLORS = ("#d7301f", "#2171b5", "#238b45", "#6a51a3", "#cc4c02", "#ce1256", "#01665e", "#8c510a")
UNATTRIBUTED_COLOR = "#636363"


def claimant_colors(claims: Sequence[Claim]) -> dict[str, str]:
    """A colour per claimant name, stable in order of first appearance."""
    colors: dict[str, str] = {}
    for c in claims:
        if c.claimant == UNATTRIBUTED:
            colors.setdefault(c.claimant.name, UNATTRIBUTED_COLOR)
        elif c.claimant.name not in colors:
            used = sum(1 for v in colors.values() if v != UNATTRIBUTED_COLOR)
            colors[c.claimant.name] = CLAIMANT_COLORS[used % len(CLAIMANT_COLORS)]
    return colors


def short_name(claim: Claim) -> str:
    """Layer-list name: "Algeria: more than 2 km inside Algeria"."""
    who = claim.claimant.name if claim.claimant != UNATTRIBUTED else "Unattributed"
    if claim.distance is None:
        return f"{who}: near {claim.anchor.name if claim.anchor else ''}".strip()
    where = f" inside {country_name(claim.territory)}" if claim.territory else \
        (f" {claim.direction} of {claim.anchor.name}" if claim.direction and claim.anchor else
         (f" from {claim.anchor.name}" if claim.relation == "from_place" and claim.anchor else " from the border"))
    return f"{who}: {claim.distance.describe()}{where}"


def claim_rows(doc: Document, claims: Sequence[Claim], colors: dict[str, str],
               timed: Sequence[tuple[Mention, EventTime]] = ()) -> list[LayerRow]:
    """Layer rows of kind "claim", each with its sentence and its properties in ``claim``. With ``timed``
    (the document's mentions and their event times, geo.time), a claim's sentence link carries the event
    time of the mention of its sentence nearest to it."""
    rows = []
    for c in claims:
        point = c.geometry.representative_point()
        sent = doc.sentences[c.sentence]
        spans = [[c.start - sent.start, c.end - sent.start]]
        if c.claimant.surface:
            found = re.search(rf"(?<!\w){re.escape(c.claimant.surface)}(?!\w)", sent.text)
            if found and found.start() < spans[0][0]:
                spans.insert(0, [found.start(), found.end()])
            elif found and found.start() >= spans[0][1]:
                spans.append([found.start(), found.end()])
        props = c.as_properties() | {"color": colors.get(c.claimant.name, UNATTRIBUTED_COLOR),
                                     "title": doc.title, "doc_id": doc.doc_id}
        link = sentence_link(doc, sent, spans)
        same_sentence = [(abs(m.start - c.start), event) for m, event in timed if m.sentence == c.sentence]
        if same_sentence:
            link.update(min(same_sentence, key=lambda pair: pair[0])[1].as_dict())  # type: ignore[typeddict-item]
        rows.append(LayerRow(
            place_id=c.id, name=short_name(c), kind=Kind.CLAIM, country_code=c.territory, lat=point.y, lon=point.x,
            mentions=1, confidence=1.0, sentences=[link], geometry=c.geometry, claim=props,
        ))
    return rows


def claims_rows(parsed: Sequence[tuple[Document, Sequence[Mention]]], *, near: bool = False,
                events: Sequence[Sequence[EventTime]] | None = None) -> list[LayerRow]:
    """The claims of parsed documents as layer rows, in text order, coloured by claimant across documents.
    ``events``: each document's mention event times (geo.time), so that claims carry theirs."""
    found = [(doc, mentions, extract_claims(doc, mentions, near=near)) for doc, mentions in parsed]
    colors = claimant_colors([c for _doc, _mentions, claims in found for c in claims])
    timed = [list(zip(mentions, events[i], strict=True)) if events is not None else []
             for i, (_doc, mentions, _claims) in enumerate(found)]
    return [row for (doc, _mentions, claims), pairs in zip(found, timed, strict=True)
            for row in claim_rows(doc, claims, colors, pairs)]


def claim_props(row: object) -> dict[str, Any]:
    """The ``claim`` properties of a layers row (a LayerRow, namedtuple or Series), {} for places."""
    value = getattr(row, CLAIM_COLUMN, None)
    if value is None and isinstance(row, Mapping):
        value = row.get(CLAIM_COLUMN)
    return value if isinstance(value, dict) else {}
