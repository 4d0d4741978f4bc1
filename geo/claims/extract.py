"""Spatial claims: what a sentence says about distance and direction, drawn as geometry.

"Algiers has maintained that the drone violated its airspace by more than two kilometers" becomes a
band inside Algeria, 2–5 km from the Algeria–Mali border, near Tin Zaouatine, claimed by Algeria.

Recognition (per sentence, regular expressions over the text plus the resolved mentions)
----------------------------------------------------------------------------------------
A distance (``geo.text.quantities.find_distances``) is a claim only when a relation ties it to a
territory, a border or a place; a bare length ("10 kilometers of road", "a 5 km race") is not.

``inside``        "10 km within/inside/into <territory>", "violated its airspace by 2 km",
                  "3 km inside Lebanon [from the Israeli border]": a band on <territory>'s side.
``from_border``   "5 km from the [Syrian] border", "within 10 km of the border": a band along the
                  border, on the side the sentence names, else on both sides.
``beyond``        "2 km beyond/across the Algerian border": crossing X's border means entering X,
                  unless the sentence says where to ("... into Mali").
``from_place``    "20 miles north of Denver", "30 km from Gao", "12 nautical miles off Gaza": a ring,
                  or a 45-degree sector when a direction is given.
``near``          (only with ``near=True``) "near Tin Zaouatine": a buffer of ``NEAR_KM``.

<territory> is a country or a place in it ("inside Lebanon", "into Kursk"), a demonym with a noun
("Malian territory"), or a possessive ("its airspace", "their territory") standing for the claimant.

Who says so: a country, a capital (it stands for its government), a demonym ("Malian authorities")
or a group named as the subject of a reporting verb ("maintained", "claim", "said"...) before the
distance, or after "according to". Otherwise the claim is unattributed.

Geometry (metric, in an azimuthal equidistant projection centred on the anchor; EPSG:4326 out)
---------------------------------------------------------------------------------------------
* Bounds: an open "more than N" is drawn from N to ``OPEN_FACTOR`` × N (2 → 2–5 km); a bare
  figure N, stated as one value, is drawn N ± ``EXACT_SLACK`` (10 km → 9–11 km); ranges and
  "up to"/"about" bounds as ``geo.text.quantities`` gives them. The label always says both.
* Border bands: the part of the territory whose distance to the shared border line lies in the
  drawn bounds, kept within ``VICINITY_KM`` of the anchor place (widened to reach the band when the
  anchor is farther than that from the border). The anchor is a town or city named in the same
  sentence, else the previous one, else the latest one earlier in the article, that lies within
  ``ANCHOR_BORDER_KM`` of the border. With no anchor the band runs along the whole shared border.
  The border line is the simplified Natural Earth line (``geo.geometry.borders``: 0.05° coverage
  simplification) and can stray a few km from the true one; the label says so.
* The other side of the border: the country named with it ("the Israeli border", "border with
  Mali"), else a neighbour of the territory named in this or the previous sentence, else the
  neighbour whose border passes nearest the anchor.

French (``doc.lang == "fr"``) goes through the same relations, claimants and geometry with French phrases
(``geo.claims.words``): "à 10 kilomètres à l'intérieur de leur territoire", "violé son espace aérien sur
plus de deux kilomètres", "à 5 km de la frontière", "à 20 km au nord de Gao", "Alger affirme", "les
autorités maliennes soutiennent", "selon l'armée malienne".

Everything here is pure except the cached reads of the borders through ``geo.geometry.borders``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import shapely

from geo.claims import words as fr
from geo.claims.geometry import (
    BORDER_NOTE,
    EXACT_SLACK,
    OPEN_FACTOR,
    SECTOR_HALF_ANGLE,
    border_band,
    choose_anchor,
    choose_counterpart,
    drawn_bounds,
    first_neighbour,
    km_to_border,
    neighbours,
    place_ring,
)
from geo.claims.records import NEAR_KM, UNATTRIBUTED, Claim, Claimant
from geo.gazetteer.sources import country_name
from geo.model import Document, Mention, Place, Sentence
from geo.text.quantities import Distance, describe_bounds, find_distances
from geo.vocabulary import COMPASS_NOUN_PATTERN, SETTLEMENT_KINDS, Kind, direction_of

#: Largest distance (km) turned into geometry: beyond it a figure is not a local claim.
MAX_CLAIM_KM = 1000.0
#: Characters before a distance searched for "within" and for a violation ("violated its airspace by").
CONTEXT_BEFORE_CHARS = 80

_POSS = r"(?:its|their|our|his|her)"
_TERR_NOUN = (r"(?:(?:own|national|sovereign)\s+)*(?:territory|territories|airspace|air\s+space|"
              r"territorial\s+waters|waters|soil|land|side(?:\s+of\s+the\s+border)?)")
_REPORTING = (r"(?:has\s+|have\s+|had\s+)?(?:maintain|claim|say|said|insist|assert|allege|argue|state|report|"
              r"contend|told|announce|den(?:y|ies|ied)|accuse|confirm|acknowledg|estimat|show|believ|add)\w*")
_ROLE_WORDS = (r"(?:[’']s\b|\s+(?:authorities|officials?|government|regime|ministry|army|military|forces|"
               r"defen[cs]e|foreign|spokes(?:man|woman|person)|sources?|junta|state|media|presidency|"
               r"command|of|the|interior|also|for|its|own|and|,))*")
_VIOLATION = re.compile(
    r"(?:violat\w*|breach\w*|penetrat\w*|intrud\w*\s+(?:into|on)|entered|encroach\w*\s+(?:into|on)|"
    r"incursion\s+into|strayed\s+into|crossed\s+into)\s+(?P<terr>.{1,60}?)\s+by\s*$",
    re.IGNORECASE,
)


def country_of(m: Mention) -> str:
    """The country a mention stands for as an actor or a territory: countries, demonyms, capitals."""
    if m.kind == Kind.COUNTRY or (m.cue == "demonym" and m.country_code):
        return m.country_code
    if m.kind in SETTLEMENT_KINDS and m.place.feature_code.startswith("PPLC"):
        return m.country_code
    return ""


@dataclass(frozen=True, slots=True)
class _Hit:
    """A recognised expression before geometry: positions are sentence-relative."""

    start: int
    end: int
    relation: str
    distance: Distance | None
    territory: str = ""  # ISO code, "@claimant", or ""
    counterpart: str = ""
    place: Mention | None = None  # for from_place / near
    direction: str = ""
    within: bool = False  # "within N km of": bounds from 0


def _mention_at(mentions: Sequence[Mention], pos: int) -> Mention | None:
    return next((m for m in mentions if m.start == pos), None)


def _territory_at(text: str, pos: int, mentions: Sequence[Mention], *, bare_country: bool) -> tuple[str, int] | None:
    """The territory named at ``text[pos:]`` and where its phrase ends; None when there is none."""
    rest = text[pos:]
    m = re.match(rf"\s*(?:the\s+)?{_TERR_NOUN}\s+of\s+(?:the\s+)?", rest, re.IGNORECASE)
    if m:
        hit = _mention_at(mentions, pos + m.end())
        if hit and hit.country_code:
            return hit.country_code, hit.end
    m = re.match(rf"\s*{_POSS}\s+{_TERR_NOUN}\b", rest, re.IGNORECASE)
    if m:
        return "@claimant", pos + m.end()
    m = re.match(r"\s*(?:the\s+)?", rest)
    hit = _mention_at(mentions, pos + (m.end() if m else 0))
    if hit and hit.country_code:
        noun = re.match(rf"(?:[’']s)?\s+{_TERR_NOUN}\b", text[hit.end:], re.IGNORECASE)
        if noun:
            return hit.country_code, hit.end + noun.end()
        if bare_country and hit.cue != "demonym":
            return hit.country_code, hit.end
    return None


def _border_phrase(text: str, pos: int, mentions: Sequence[Mention]) -> tuple[str, int] | None:
    """ "the [Israeli] border [with Mali]" at ``text[pos:]``: (other country or "", end) or None."""
    m = re.match(r"\s*(?:the\s+|their\s+|its\s+|our\s+)?(?:(?:common|shared|joint)\s+)?", text[pos:], re.IGNORECASE)
    at = pos + (m.end() if m else 0)
    code = ""
    hit = _mention_at(mentions, at)
    if hit and hit.country_code and hit.kind == Kind.COUNTRY:
        code, at = hit.country_code, hit.end
        possessive = re.match(r"(?:[’']s)?\s*", text[at:])  # matches, if only the empty string
        at += possessive.end() if possessive else 0
    b = re.match(r"(?:border|frontier|boundary)\b", text[at:], re.IGNORECASE)
    if not b:
        return None
    end = at + b.end()
    w = re.match(r"\s+(?:with|between)\s+", text[end:], re.IGNORECASE)
    if w:
        other = _mention_at(mentions, end + w.end())
        if other and other.country_code:
            return (code or other.country_code), other.end
    return code, end


def _recognise(text: str, mentions: Sequence[Mention], *, near: bool, lang: str = "en") -> list[_Hit]:
    """Spatial expressions of one sentence (sentence-relative offsets)."""
    if lang == "fr":
        return _recognise_fr(text, mentions, near=near)
    hits: list[_Hit] = []
    for d in find_distances(text):
        if (d.max_km is not None and d.max_km <= 0) or d.min_km > MAX_CLAIM_KM:
            continue
        before = text[max(0, d.start - CONTEXT_BEFORE_CHARS):d.start]
        within = bool(re.search(r"\bwithin\s*$", before, re.IGNORECASE))
        hit = _after(text, d, mentions, within=within) or _violation(text, d, before, mentions)
        if hit:
            hits.append(hit)
    if near:
        for m in re.finditer(r"\b(?:near|close\s+to|outside)\s+(?:the\s+(?:town|city|village)\s+of\s+)?", text,
                             re.IGNORECASE):
            place = _mention_at(mentions, m.end())
            if place and place.kind in SETTLEMENT_KINDS and not any(h.start <= m.start() < h.end for h in hits):
                hits.append(_Hit(m.start(), place.end, "near", None, place=place))
    return hits


def _after(text: str, d: Distance, mentions: Sequence[Mention], *, within: bool) -> _Hit | None:
    """A relation right after the distance: inside/into X, from the border, beyond it, N km north of X."""
    pos = d.end
    start = d.start - (len("within ") if within else 0)
    rel = re.match(r"\s*(?:deep\s+|further\s+|farther\s+)?(within|inside|into|in)\b", text[pos:], re.IGNORECASE)
    if rel and not within:
        terr = _territory_at(text, pos + rel.end(), mentions, bare_country=rel.group(1).lower() != "in")
        if terr:
            code, end = terr
            counterpart = ""
            frm = re.match(r"\s*,?\s*(?:from|of)\s+", text[end:], re.IGNORECASE)
            if frm:
                border = _border_phrase(text, end + frm.end(), mentions)
                if border:
                    counterpart, end = border
            return _Hit(start, end, "inside", d, territory=code, counterpart=counterpart)
    frm = re.match(rf"\s*(?:away\s+)?(?:to\s+the\s+)?(?:(?P<dir>{COMPASS_NOUN_PATTERN})(?:wards?)?\s+)?"
                   r"(?P<prep>of|from|off|outside)\s+", text[pos:], re.IGNORECASE)
    if frm:
        direction = direction_of(frm.group("dir") or "")
        at = pos + frm.end()
        border = _border_phrase(text, at, mentions)
        if border:
            counterpart, end = border
            side = re.match(r"\s*,?\s*(?:inside|in|into|on)\s+", text[end:], re.IGNORECASE)
            territory = ""
            if side:
                terr = _territory_at(text, end + side.end(), mentions, bare_country=True)
                if terr:
                    territory, end = terr
            if frm.group("prep").lower() == "of" and not (direction or within):
                return None
            return _Hit(start, end, "from_border", d, territory=territory, counterpart=counterpart,
                        direction=direction, within=within)
        if frm.group("prep").lower() == "of" and not (direction or within):
            return None  # "10 kilometers of road": a length, not a position
        tm = re.match(r"(?:the\s+(?:(?:town|city|village|capital|port|settlement)\s+(?:of\s+)?)?)?", text[at:],
                      re.IGNORECASE)
        place = _mention_at(mentions, at + (tm.end() if tm else 0))
        if place:
            return _Hit(start, place.end, "from_place", d, place=place, direction=direction, within=within)
    beyond = re.match(r"\s*(?:beyond|across|past|over|behind)\s+", text[pos:], re.IGNORECASE)
    if beyond and not within:
        border = _border_phrase(text, pos + beyond.end(), mentions)
        if border:
            named, end = border
            into = re.match(r"\s*,?\s*(?:into|inside|in)\s+", text[end:], re.IGNORECASE)
            territory = ""
            if into:
                terr = _territory_at(text, end + into.end(), mentions, bare_country=True)
                if terr:
                    territory, end = terr
            territory = territory or named
            counterpart = named if named and named != territory else ""
            return _Hit(start, end, "beyond", d, territory=territory, counterpart=counterpart)
    return None


def _violation(text: str, d: Distance, before: str, mentions: Sequence[Mention]) -> _Hit | None:
    """ "violated its airspace by more than two kilometers": a depth inside the violated territory."""
    v = _VIOLATION.search(before)
    if not v:
        return None
    offset = d.start - len(before)
    terr = _territory_at(text, offset + v.start("terr"), mentions, bare_country=True)
    if not terr:
        return None
    return _Hit(offset + v.start(), d.end, "inside", d, territory=terr[0])


def find_claimant(
    text: str, mentions: Sequence[Mention], before: int, after: int | None = None, *, lang: str = "en"
) -> Claimant:
    """Who the sentence says asserts the expression at ``text[before:after]``: "Algiers has maintained",
    "Malian authorities claim", "according to Mali's army", "..., Lebanese officials said";
    else ``UNATTRIBUTED``."""
    if lang == "fr":
        return _find_claimant_fr(text, mentions, before, after)
    actors = [m for m in mentions if country_of(m) or m.kind == Kind.GROUP]
    for m in reversed([m for m in actors if m.end <= before]):
        if re.match(rf"{_ROLE_WORDS}\s*{_REPORTING}\b", text[m.end:before], re.IGNORECASE):
            return _claimant(m, text)
        if re.search(r"\baccording\s+to\s+(?:the\s+)?(?:\w+\s+){0,3}$", text[:m.start], re.IGNORECASE):
            return _claimant(m, text)
    if after is not None:
        for m in [m for m in actors if m.start >= after]:
            tail = re.match(r"[^;:]*?(?:,|—|–)\s*(?:according\s+to\s+)?(?:the\s+)?(?:(?:officials?|authorities|"
                            r"sources?|government|military|army)\s+(?:in|of|from)\s+)?$", text[after:m.start],
                            re.IGNORECASE)
            if tail and (re.match(rf"{_ROLE_WORDS}\s*{_REPORTING}\b", text[m.end:], re.IGNORECASE)
                         or "according" in tail.group().lower()):
                return _claimant(m, text)
    return UNATTRIBUTED


def _claimant(m: Mention, text: str) -> Claimant:
    """The claimant of a mention; its surface keeps the role words after it ("Malian authorities")."""
    code = country_of(m)
    role = re.match(r"(?:[’']s)?(?:\s+(?:(?:foreign|defen[cs]e|interior)\s+)?(?:authorities|officials?|government|"
                    r"regime|army|military|forces|ministry|spokes(?:man|woman|person)|sources?|junta|presidency))+",
                    text[m.end:], re.IGNORECASE)
    return Claimant(code, country_name(code) if code else m.name, m.text + (role.group() if role else ""))


def may_hold_claims(text: str) -> bool:
    """Whether ``text`` gives a distance in any language read here: without one it holds no claim (but
    "near X" buffers), so it need not be parsed to look for claims. Linear in the text."""
    return any(find_distances(text, lang) for lang in ("en", "fr"))


def extract_claims(doc: Document, mentions: Sequence[Mention], *, near: bool = False) -> list[Claim]:
    """Every spatial claim of ``doc`` with its geometry (EPSG:4326), in text order.

    ``mentions`` are the resolved mentions of ``doc`` (``geo.nlp.pipeline.parse_document``); ``near``
    also turns plain "near <town>" into buffers of ``NEAR_KM``.
    """
    by_sentence: dict[int, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        by_sentence.setdefault(m.sentence, []).append(m)
    claims: list[Claim] = []
    for sentence in doc.sentences:
        local = [_shift(m, -sentence.start) for m in by_sentence.get(sentence.index, [])]
        for hit in _recognise(sentence.text, local, near=near, lang=doc.lang):
            claim = _build(doc, sentence, hit, local, by_sentence)
            if claim is not None and not claim.geometry.is_empty:
                claims.append(claim)
    return claims


def _shift(m: Mention, delta: int) -> Mention:
    return Mention(m.start + delta, m.end + delta, m.text, m.sentence, m.place, m.confidence, m.alternatives, m.cue)


def _build(doc: Document, sentence: Sentence, hit: _Hit, local: list[Mention],
           by_sentence: dict[int, list[Mention]]) -> Claim | None:
    claimant = find_claimant(sentence.text, local, hit.start, hit.end, lang=doc.lang)
    claimant_mention = next((m for m in local if m.end <= hit.start and (
        claimant.surface.startswith(m.text) or (doc.lang == "fr" and claimant.surface.endswith(m.text)))), None)
    territory = claimant.code if hit.territory == "@claimant" else hit.territory
    if hit.territory == "@claimant" and not territory:
        subject = [country_of(m) for m in local if m.end <= hit.start and country_of(m)]
        territory = subject[0] if subject else ""
    notes: list[str] = []
    d = hit.distance
    lo, hi = drawn_bounds(d) if d else (0.0, NEAR_KM)
    if hit.within and d is not None:
        lo, hi = 0.0, d.max_km if d.max_km is not None else hi
    anchor: Place | None = None
    counterpart = hit.counterpart
    start, end = sentence.start + hit.start, sentence.start + hit.end
    if hit.relation in ("from_place", "near"):
        assert hit.place is not None
        anchor = hit.place.place
        geom = place_ring(anchor, lo, hi, hit.direction)
        territory = ""
        where = f"{hit.direction + ' of ' if hit.direction else 'from '}{anchor.name}" if d else \
            f"near {anchor.name} (drawn within {NEAR_KM:g} km)"
        if hit.direction:
            notes.append(f"sector {2 * SECTOR_HALF_ANGLE:g}° wide toward {hit.direction}")
        if not d:
            notes.append(f"'near' drawn as a {NEAR_KM:g} km buffer")
        radius = 0.0
    else:
        earlier = [m for i in sorted(by_sentence) if i < sentence.index - 1 for m in by_sentence[i]]
        previous = [_shift(m, -_sentence_start(doc, m.sentence)) for m in by_sentence.get(sentence.index - 1, [])]
        ordered = [*local, *previous, *reversed(earlier)]
        named = [country_of(m) or m.country_code for m in [*local, *previous] if country_of(m)]
        if not territory and not counterpart:
            counterpart = _implied_border(ordered, named, claimant.code)
            if not counterpart:
                return None
        if territory and not counterpart:
            pairs = [(territory, n) for n in sorted(neighbours(territory))]
            anchor = choose_anchor(ordered, pairs, claimant_mention)
            counterpart = choose_counterpart(territory, named, anchor)
        else:
            pairs = ([(territory, counterpart)] if territory else
                     [(counterpart, n) for n in sorted(neighbours(counterpart))])
            anchor = choose_anchor(ordered, pairs, claimant_mention)
            if not territory and hit.counterpart and anchor is not None \
                    and anchor.country_code not in ("", counterpart) and anchor.country_code in neighbours(counterpart):
                territory = anchor.country_code
        if not counterpart or (territory and counterpart not in neighbours(territory)):
            return None
        if anchor is not None:
            source = next((m.sentence for m in ordered if m.place is anchor), sentence.index)
            if source < sentence.index:
                notes.append(f"anchor {anchor.name} taken from sentence {source + 1} (event place)")
        other_side = ""
        if territory:
            geom, radius = border_band(territory, counterpart, lo, hi, anchor)
        else:
            other_side = _other_side(counterpart, anchor, pairs)
            one, radius = border_band(counterpart, other_side, lo, hi, anchor)
            two, _ = border_band(other_side, counterpart, lo, hi, anchor)
            geom = shapely.union_all([g for g in (one, two) if not g.is_empty])
            notes.append("side of the border not stated: drawn on both sides")
        notes.append(BORDER_NOTE)
        border_name = "–".join(country_name(c) for c in (territory or other_side, counterpart))
        where = (f"{'inside ' + country_name(territory) + ', ' if territory else ''}from the {border_name} border"
                 f"{' near ' + anchor.name if anchor else ''}")
        if anchor is not None:
            notes.append(f"drawn within {radius:.1f} km of {anchor.name}")
        else:
            notes.append("no anchor place: drawn along the whole shared border")
    if d is not None:
        stated = d.describe() if not hit.within else describe_bounds(0.0, d.max_km)
        if d.unit != "km":
            stated = f"{'within ' if hit.within else ''}{_plain_surface(d)} ({stated})"
        drawn = f"{lo:.3g}–{hi:.3g} km"
        if d.max_km is None:
            notes.insert(0, f"no upper bound stated: drawn {drawn} ({OPEN_FACTOR:g}× the lower bound)")
        elif d.exact and not hit.within:
            notes.insert(0, f"a single figure: drawn {drawn} (±{EXACT_SLACK:.0%})")
        else:
            notes.insert(0, f"drawn {drawn}")
    else:
        stated = ""
    who = claimant.name if claimant != UNATTRIBUTED else "Unattributed"
    label = re.sub(r"\s+", " ", f"{who}: {stated} {where}").strip()
    cid = f"claim:{doc.doc_id or 'doc'}:{sentence.index}:{start}"
    return Claim(cid, sentence.index, sentence.text, start, end, doc.text[start:end], hit.relation, d, (lo, hi),
                 claimant, anchor, territory, counterpart, hit.direction, label, tuple(notes), geom,
                 round(radius, 3))


def _implied_border(ordered: Sequence[Mention], named: Sequence[str], claimant: str) -> str:
    """For "5 km from the border": a country named nearby (or the claimant's) whose border passes
    within ``ANCHOR_BORDER_KM`` of a town of the sentence or the previous one."""
    for code in dict.fromkeys([*named, claimant]):
        if code and choose_anchor(ordered, [(code, n) for n in sorted(neighbours(code))], None):
            return code
    return ""


def _other_side(code: str, anchor: Place | None, pairs: Sequence[tuple[str, str]]) -> str:
    """The neighbour of ``code`` whose border passes nearest the anchor (any neighbour without one)."""
    if anchor is None or not pairs:
        return first_neighbour(code)
    return min((b for _a, b in pairs), key=lambda c: km_to_border(anchor, code, c))


def _plain_surface(d: Distance) -> str:
    return re.sub(r"\s+", " ", d.surface)


def _sentence_start(doc: Document, index: int) -> int:
    return doc.sentences[index].start if 0 <= index < len(doc.sentences) else 0


# --- French ----------------------------------------------------------------------------------------------

_ARTICLE_FR = r"\s*(?:(?:le|la|les)\s+|l['’]\s*)?"


def _territory_at_fr(text: str, pos: int, mentions: Sequence[Mention], *, bare_country: bool) -> tuple[str, int] | None:
    """The territory named at ``text[pos:]``: "le territoire du Mali", "son espace aérien", "le territoire
    malien", "l'espace aérien algérien", and with ``bare_country`` "le Mali"."""
    rest = text[pos:]
    m = re.match(rf"\s*{fr.DET}{fr.TERR_NOUN}\s+{fr.OF}", rest, re.IGNORECASE)
    if m:
        hit = _mention_at(mentions, pos + m.end())
        if hit and hit.country_code and hit.cue != "demonym":
            return hit.country_code, hit.end
    m = re.match(rf"\s*{fr.POSS}\s+{fr.TERR_NOUN}\b", rest, re.IGNORECASE)
    if m:
        return "@claimant", pos + m.end()
    m = re.match(rf"\s*{fr.DET}{fr.TERR_NOUN}\s+", rest, re.IGNORECASE)
    if m:
        hit = _mention_at(mentions, pos + m.end())
        if hit and hit.country_code and hit.cue == "demonym":
            return hit.country_code, hit.end
    m = re.match(_ARTICLE_FR, rest, re.IGNORECASE)
    hit = _mention_at(mentions, pos + (m.end() if m else 0))
    if bare_country and hit and hit.country_code and hit.cue != "demonym":
        return hit.country_code, hit.end
    return None


def _border_phrase_fr(text: str, pos: int, mentions: Sequence[Mention]) -> tuple[str, int] | None:
    """ "la frontière [algérienne] [avec le Mali]" at ``text[pos:]``: (the country named or "", end) or None."""
    m = re.match(rf"\s*(?:(?:la|les|leur|leurs|sa|ses|notre)\s+)?{fr.BORDER}(?:\s+(?:commune|communes|partagée))?",
                 text[pos:], re.IGNORECASE)
    if not m:
        return None
    end, code = pos + m.end(), ""
    adjective = _mention_at(mentions, end + 1) if text[end : end + 1] == " " else None
    if adjective and adjective.cue == "demonym" and adjective.country_code:
        code, end = adjective.country_code, adjective.end
    w = re.match(rf"\s+(?:avec|entre){_ARTICLE_FR}", text[end:], re.IGNORECASE)
    if w:
        other = _mention_at(mentions, end + w.end())
        if other and other.country_code:
            return (code or other.country_code), other.end
    return code, end


def _recognise_fr(text: str, mentions: Sequence[Mention], *, near: bool) -> list[_Hit]:
    """Spatial expressions of one French sentence (sentence-relative offsets)."""
    hits: list[_Hit] = []
    for d in find_distances(text, "fr"):
        if (d.max_km is not None and d.max_km <= 0) or d.min_km > MAX_CLAIM_KM:
            continue
        before = text[max(0, d.start - CONTEXT_BEFORE_CHARS):d.start]
        within = bool(re.search(r"\bdans\s+un\s+rayon\s+(?:de|d['’])\s*$", before, re.IGNORECASE))
        hit = _after_fr(text, d, mentions, before, within=within) or _violation_fr(text, d, before, mentions)
        if hit:
            hits.append(hit)
    if near:
        for m in re.finditer(fr.NEAR, text, re.IGNORECASE):
            place = _mention_at(mentions, m.end())
            if place and place.kind in SETTLEMENT_KINDS and not any(h.start <= m.start() < h.end for h in hits):
                hits.append(_Hit(m.start(), place.end, "near", None, place=place))
    return hits


def _after_fr(text: str, d: Distance, mentions: Sequence[Mention], before: str, *, within: bool) -> _Hit | None:
    """A relation after a French distance: à l'intérieur de X, de la frontière, au-delà, au nord de X."""
    pos, start = d.end, d.start
    rel = re.match(fr.INSIDE, text[pos:], re.IGNORECASE)
    if rel and not within:
        deep = rel.group("rel").lower().startswith(("à", "au cœur"))
        terr = _territory_at_fr(text, pos + rel.end(), mentions, bare_country=deep)
        if terr:
            code, end = terr
            counterpart = ""
            frm = re.match(rf"\s*,?\s*(?:{fr.OF}|depuis\s+)", text[end:], re.IGNORECASE)
            if frm:
                border = _border_phrase_fr(text, end + frm.end(), mentions)
                if border:
                    counterpart, end = border
            return _Hit(start, end, "inside", d, territory=code, counterpart=counterpart)
    frm = re.match(fr.FROM, text[pos:], re.IGNORECASE)
    if frm:
        direction = direction_of(frm.group("dir") or "", lang="fr")
        at = pos + frm.end()
        border = _border_phrase_fr(text, at, mentions)
        if border:
            counterpart, end = border
            territory = ""
            side = re.match(r"\s*,?\s*(?P<side>côté|en|dans|au|sur)\s+", text[end:], re.IGNORECASE)
            if side:
                if side.group("side").lower() == "côté":  # "côté malien"
                    adjective = _mention_at(mentions, end + side.end())
                    if adjective and adjective.country_code:
                        territory, end = adjective.country_code, adjective.end
                else:
                    terr = _territory_at_fr(text, end + side.end(), mentions, bare_country=True)
                    if terr:
                        territory, end = terr
            return _Hit(start, end, "from_border", d, territory=territory, counterpart=counterpart,
                        direction=direction, within=within)
        if not (direction or within or re.search(fr.POSITION_BEFORE, before, re.IGNORECASE)):
            return None  # "30 km de route": a length, not a position
        tm = re.match(fr.TOWN_NOUN, text[at:], re.IGNORECASE)
        place = _mention_at(mentions, at + (tm.end() if tm else 0))
        if place:
            return _Hit(start, place.end, "from_place", d, place=place, direction=direction, within=within)
    beyond = re.match(fr.BEYOND, text[pos:], re.IGNORECASE)
    if beyond and not within:
        border = _border_phrase_fr(text, pos + beyond.end(), mentions)
        if border:
            named, end = border
            into = re.match(r"\s*,?\s*(?:en|dans|au)\s+", text[end:], re.IGNORECASE)
            territory = ""
            if into:
                terr = _territory_at_fr(text, end + into.end(), mentions, bare_country=True)
                if terr:
                    territory, end = terr
            territory = territory or named
            return _Hit(start, end, "beyond", d, territory=territory,
                        counterpart=named if named and named != territory else "")
    return None


_VIOLATION_FR = re.compile(fr.VIOLATION, re.IGNORECASE)


def _violation_fr(text: str, d: Distance, before: str, mentions: Sequence[Mention]) -> _Hit | None:
    """ "a violé son espace aérien sur plus de deux kilomètres": a depth inside the violated territory."""
    v = _VIOLATION_FR.search(before)
    if not v:
        return None
    offset = d.start - len(before)
    terr = _territory_at_fr(text, offset + v.start("terr"), mentions, bare_country=True)
    if not terr:
        return None
    return _Hit(offset + v.start(), d.end, "inside", d, territory=terr[0])


def _find_claimant_fr(text: str, mentions: Sequence[Mention], before: int, after: int | None) -> Claimant:
    """French claimants: "Alger affirme", "les autorités maliennes soutiennent", "selon l'armée malienne",
    "..., a affirmé le gouvernement malien", "..., selon Bamako"."""
    actors = [m for m in mentions if country_of(m) or m.kind == Kind.GROUP]
    for m in reversed([m for m in actors if m.end <= before]):
        if re.match(rf"{fr.ROLE_WORDS}\s*{fr.REPORTING}\b", text[m.end:before], re.IGNORECASE):
            return _claimant_fr(m, text)
        if re.search(fr.ACCORDING, text[:m.start], re.IGNORECASE):
            return _claimant_fr(m, text)
    if after is not None:
        for m in [m for m in actors if m.start >= after]:
            tail = re.match(rf"[^;:]*?(?:,|—|–)\s*(?P<verb>{fr.REPORTING}\s+)?(?P<selon>selon\s+|d['’]après\s+)?"
                            rf"{_ARTICLE_FR}(?:{fr.ROLE_NOUNS}\s+)?$", text[after:m.start], re.IGNORECASE)
            if tail and (tail.group("verb") or tail.group("selon")):
                return _claimant_fr(m, text)
    return UNATTRIBUTED


def _claimant_fr(m: Mention, text: str) -> Claimant:
    """The claimant of a French mention; its surface keeps the role before it ("les autorités maliennes")."""
    code = country_of(m)
    role = re.search(rf"(?:(?:les|le|la)\s+|l['’]\s*)?{fr.ROLE_NOUNS}\s+$", text[: m.start], re.IGNORECASE)
    surface = text[role.start() : m.end] if role else m.text
    return Claimant(code, country_name(code) if code else m.name, surface)
