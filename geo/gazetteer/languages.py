"""The place index as an article in another language reads it: the index's names plus that language's.

French (``fr``) names, each tied to a place of the index by its id:

* countries: CLDR territory names (Babel) and the ISO 3166-1 names of the iso-codes project's French
  translation (pycountry's locale files): "Algérie", "Côte d’Ivoire", "République centrafricaine",
  "Congo-Kinshasa";
* regions and groups of ``data/regions.yaml``: ``data/gazetteer/names_fr.csv`` (authored; CLDR's name where
  CLDR has the region): "Afrique de l'Ouest", "Union africaine", "zone des trois frontières";
* demonyms in their four forms: ``data/gazetteer/demonyms_fr.csv`` ("malien, malienne, maliens,
  maliennes"; authored from the French government's list of country names and demonyms);
* towns and cities: GeoNames alternate names, already in the index ("Alger", "Tombouctou", "Le Caire").

English articles read the index alone (``language_index(g, "en") is g``), so nothing here touches them.
"""

from __future__ import annotations

import csv
import gettext
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from weakref import WeakKeyDictionary

from geo.gazetteer.normalize import normalize_name
from geo.gazetteer.store import NAME_ABBREVIATION, NAME_ADJECTIVE, NAME_PRIMARY, NameHit
from geo.model import Place
from geo.settings import GAZETTEER_DATA_DIR

NAMES_FR_FILE = GAZETTEER_DATA_DIR / "names_fr.csv"
DEMONYMS_FR_FILE = GAZETTEER_DATA_DIR / "demonyms_fr.csv"
_NAME_TYPES = {"name": NAME_PRIMARY, "adjective": NAME_ADJECTIVE, "abbreviation": NAME_ABBREVIATION}
_TOKEN = re.compile(r"[^\W_]+")
#: CLDR names that say which Congo in brackets or after a dash keep both parts as names.
_BRACKETS = re.compile(r"\s*\(([^)]*)\)")


class BaseIndex(Protocol):
    """What a language view needs of the index: the recogniser's two questions and places by id."""

    def candidates(self, norm: str) -> tuple[NameHit, ...]: ...

    def extends(self, norm: str) -> bool: ...

    def get(self, place_id: str) -> Place | None: ...


def read_names(path: Path = NAMES_FR_FILE) -> list[tuple[str, str, int]]:
    """(place id, name, name type) rows of an authored ``place_id,name,type,source`` table."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            kind = row["type"].strip()
            if kind not in _NAME_TYPES or not row["name"].strip() or not row["place_id"].strip():
                raise ValueError(f"{path}:{line}: bad row {row}")
            rows.append((row["place_id"].strip(), row["name"].strip(), _NAME_TYPES[kind]))
    return rows


def read_demonyms_fr(path: Path = DEMONYMS_FR_FILE) -> dict[str, str]:
    """Every French demonym form ("maliennes") -> ISO a2 code; a form listed for two countries is an error."""
    table: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code = row.pop("country_code").strip().upper()
            forms = [f.strip() for f in row.values() if f and f.strip()]
            if len(code) != 2 or len(forms) != 4:
                raise ValueError(f"{path}:{line}: a country code and four forms expected")
            for form in forms:
                if table.get(form, code) != code:
                    raise ValueError(f"{path}:{line}: {form!r} is listed for {table[form]} and {code}")
                table[form] = code
    return table


def country_names_fr() -> Iterator[tuple[str, str]]:
    """(ISO a2, French name) from CLDR (Babel) and from pycountry's French ISO 3166-1 translation."""
    import pycountry
    from babel import Locale

    for code, name in Locale("fr").territories.items():
        if len(code) == 2 and code.isalpha():
            yield code, name
            inner = _BRACKETS.search(name)
            if inner:  # "Myanmar (Birmanie)": both names
                yield code, _BRACKETS.sub("", name)
                yield code, inner.group(1)
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                yield country.alpha_2, translation.gettext(value)


def french_rows() -> Iterator[tuple[str, str, int]]:
    """Every French name of the sources above as (place id, name, name type)."""
    for code, name in country_names_fr():
        yield f"country:{code}", name, NAME_PRIMARY
    for form, code in read_demonyms_fr().items():
        yield f"country:{code}", form, NAME_ADJECTIVE
    yield from read_names()


def token_prefixes(name: str) -> list[str]:
    """Normalised prefixes of a name at each of its word ends but the last, as the recogniser grows a
    span token by token: "Afrique de l'Ouest" -> "afrique", "afrique de", "afrique de l"."""
    ends = [m.end() for m in _TOKEN.finditer(name)][:-1]
    return [p for p in (normalize_name(name[:end]) for end in ends) if p]


@dataclass(frozen=True, slots=True)
class LanguageNames:
    """One language's names: hits by normalised name, their prefixes, and the names written in lower case."""

    lang: str
    hits: dict[str, tuple[NameHit, ...]]
    prefixes: frozenset[str]
    #: Normalised names written with a lower-case first letter ("malienne", "zone des trois frontières").
    lowercase: frozenset[str]
    #: First words (normalised) of those names: where a lower-case match may start.
    lowercase_starts: frozenset[str]


def build_names(base: BaseIndex, rows: Iterator[tuple[str, str, int]], lang: str) -> LanguageNames:
    """Tie each (place id, name, type) row to its place in ``base``; rows of places it lacks are skipped."""
    places: dict[str, Place | None] = {}
    hits: dict[str, dict[str, NameHit]] = {}
    prefixes: set[str] = set()
    lowercase: set[str] = set()
    for place_id, name, name_type in rows:
        if place_id not in places:
            places[place_id] = base.get(place_id)
        place = places[place_id]
        norm = normalize_name(name)
        if place is None or not norm:
            continue
        known = hits.setdefault(norm, {})
        if place_id not in known or known[place_id].name_type > name_type:
            known[place_id] = NameHit(place, name_type)
        prefixes.update(token_prefixes(name))
        if name[0].islower():
            lowercase.add(norm)
    return LanguageNames(
        lang=lang,
        hits={norm: tuple(by_place.values()) for norm, by_place in hits.items()},
        prefixes=frozenset(prefixes),
        lowercase=frozenset(lowercase),
        lowercase_starts=frozenset(n.split(" ")[0] for n in lowercase),
    )


class LanguageIndex:
    """The index read in one language: ``candidates`` and ``extends`` answer with both sets of names."""

    def __init__(self, base: BaseIndex, names: LanguageNames) -> None:
        self.base = base
        self.names = names
        self.lang = names.lang

    def candidates(self, norm: str) -> tuple[NameHit, ...]:
        own = self.names.hits.get(norm)
        found = self.base.candidates(norm)
        return found + own if own else found

    def extends(self, norm: str) -> bool:
        return norm in self.names.prefixes or self.base.extends(norm)

    def get(self, place_id: str) -> Place | None:
        return self.base.get(place_id)

    def lowercase_candidates(self, norm: str) -> tuple[NameHit, ...]:
        """The places a name written in lower case refers to ("malienne" -> Mali); () for other names."""
        return self.names.hits.get(norm, ()) if norm in self.names.lowercase else ()

    def starts_lowercase_name(self, norm: str) -> bool:
        """Whether a name written in lower case starts with this word."""
        return norm in self.names.lowercase_starts


#: Sources of each language's names (English: the index alone).
LANGUAGE_ROWS = {"fr": french_rows}
_VIEWS: WeakKeyDictionary[object, dict[str, LanguageIndex]] = WeakKeyDictionary()
_VIEWS_LOCK = threading.Lock()


def language_index(base: BaseIndex, lang: str) -> BaseIndex:
    """``base`` as read in ``lang``: itself for English and languages without names here, else a
    LanguageIndex built once per index and language (~0.2 s)."""
    rows = LANGUAGE_ROWS.get(lang)
    if rows is None:
        return base
    with _VIEWS_LOCK:
        views = _VIEWS.setdefault(base, {})
        if lang not in views:
            views[lang] = LanguageIndex(base, build_names(base, rows(), lang))
        return views[lang]
