"""Distances written in news text: "more than two kilometers", "10 km", "some 300 kilometres", "5 miles".

``find_distances(text)`` returns every distance with its offsets and honest bounds in kilometres:
a bare figure is exact as stated (``min_km == max_km``), a qualifier widens it one way or both.

============================  =====================  ===================================
qualifier                     bounds of N            example
============================  =====================  ===================================
(none)                        [N, N]                 "10 kilometers"
more than, over, beyond,      [N, open]              "by more than two kilometers"
  in excess of
at least, no less than        [N, open]              "at least 5 km"
less than, under, fewer than  [0, N]                 "less than 3 miles"
up to, at most, no more than  [0, N]                 "up to 12 nautical miles"
nearly, almost, just under    [0.8 N, N]             "nearly 20 km"
about, around, some,          [0.8 N, 1.2 N]         "about 15 km"
  roughly, approximately, ~
N to M, N-M, between N and M  [N, M]                 "between 5 and 8 km"
============================  =====================  ===================================

French (``find_distances(text, lang="fr")``) reads the same way with French words from the tables below:
"plus de deux kilomètres", "à 9,5 km" (decimal comma), "1 400 kilomètres" (spaced thousands), "une
vingtaine de kilomètres" (about 20), "entre 5 et 8 km", "de 5 à 8 km", "12 milles marins".

Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: Kilometres per unit; keys are the normalised unit names.
UNIT_KM: dict[str, float] = {"km": 1.0, "m": 0.001, "mi": 1.609344, "nmi": 1.852, "ft": 0.0003048, "yd": 0.0009144}

#: Relative slack of "about N" (both sides) and "nearly N" (below only).
ABOUT_SLACK = 0.2
NEARLY_SLACK = 0.2

_UNIT_FORMS: tuple[tuple[str, str], ...] = (
    (r"nautical\s+miles?|nmi|NM", "nmi"),
    (r"kilomet(?:er|re)s?|kms?|KM", "km"),
    (r"miles?|mi", "mi"),
    (r"met(?:er|re)s?|m", "m"),
    (r"f(?:ee|oo)t|ft", "ft"),
    (r"yards?|yds?", "yd"),
)

_SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "half": 0.5,
}
_SCALE = {"hundred": 100, "thousand": 1000}

_WORD = "|".join(sorted((w for w in (*_SMALL, *_SCALE) if w not in ("a", "an", "half", "zero")), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: A number in digits or words: "10", "1,200", "2.5", "two", "twenty-five", "three hundred", "a dozen", "half a".
_NUMBER = (
    rf"(?:{_DIGITS})(?:\s*(?:thousand|hundred))?"
    rf"|(?:a\s+)?(?:(?:{_WORD})(?:[\s-]+(?:and\s+)?(?:{_WORD}))*)(?:\s+and\s+a\s+half)?"
    r"|half\s+an?|an?(?=\s+(?:kilomet|mile|met|nautical))"
)
_QUALIFIERS: dict[str, str] = {
    "more than": "more", "over": "more", "in excess of": "more", "upwards of": "more", "beyond": "more",
    "at least": "least", "no less than": "least", "not less than": "least", "a minimum of": "least",
    "less than": "less", "under": "less", "fewer than": "less", "below": "less",
    "up to": "upto", "at most": "upto", "no more than": "upto", "not more than": "upto", "a maximum of": "upto",
    "nearly": "nearly", "almost": "nearly", "just under": "nearly", "close to": "nearly",
    "about": "about", "around": "about", "some": "about", "roughly": "about", "approximately": "about",
    "an estimated": "about", "circa": "about", "~": "about", "approx.": "about",
}
_QUAL = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True))
_UNIT = "|".join(f"(?P<u_{name}{i}>{form})" for i, (form, name) in enumerate(_UNIT_FORMS))

_DISTANCE = re.compile(
    rf"(?<![\w.$£€])(?:(?P<qual>{_QUAL})\s*)?"
    rf"(?:between\s+(?P<lo>{_NUMBER})\s+and\s+|(?P<lo2>{_DIGITS})\s*(?:-|–|to)\s*|(?P<lo3>{_NUMBER})\s+to\s+)?"
    rf"(?P<num>{_NUMBER})\s*-?\s*(?:{_UNIT})(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Distance:
    """A distance found in text: ``text[start:end] == surface``; bounds in km (``max_km`` None: open)."""

    start: int
    end: int
    surface: str
    value: float  # the stated figure, in its unit
    unit: str  # km | m | mi | nmi | ft | yd
    qualifier: str  # "" | more | least | less | upto | nearly | about | range
    min_km: float
    max_km: float | None

    @property
    def exact(self) -> bool:
        """True for a bare figure ("10 kilometers"): stated as a single value."""
        return self.qualifier == ""

    def describe(self) -> str:
        """Bounds in words: "more than 2 km", "at least 5 km", "10 km", "up to 5 km"."""
        words = describe_bounds(self.min_km, self.max_km)
        return words.replace("more than", "at least") if self.qualifier == "least" else words


def describe_bounds(min_km: float, max_km: float | None) -> str:
    """``(2, None)`` -> "more than 2 km"; ``(10, 10)`` -> "10 km"; ``(0, 5)`` -> "up to 5 km"."""
    if max_km is None:
        return f"more than {_fmt(min_km)} km"
    if min_km == max_km:
        return f"{_fmt(min_km)} km"
    if min_km == 0:
        return f"up to {_fmt(max_km)} km"
    return f"{_fmt(min_km)}–{_fmt(max_km)} km"


def _fmt(km: float) -> str:
    return f"{km:.0f}" if abs(km - round(km)) < 1e-9 else f"{km:.3g}"


def parse_number(text: str) -> float | None:
    """ "10" -> 10, "1,200" -> 1200, "two" -> 2, "twenty-five" -> 25, "three hundred" -> 300,
    "two and a half" -> 2.5, "a dozen" -> 12, "half a" -> 0.5; None when not a number."""
    text = text.strip().lower()
    if not text:
        return None
    digits = re.fullmatch(rf"({_DIGITS})(?:\s*(thousand|hundred))?", text)
    if digits:
        return float(digits.group(1).replace(",", "")) * (_SCALE[digits.group(2)] if digits.group(2) else 1)
    if re.fullmatch(r"half\s+an?", text):
        return 0.5
    half = 0.5 if re.search(r"\s+and\s+a\s+half$", text) else 0.0
    text = re.sub(r"\s+and\s+a\s+half$", "", text)
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if words and words[0] in ("a", "an"):
        words = words[1:] or ["one"]
    total, current = 0.0, 0.0
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _SCALE:
            current = (current or 1) * _SCALE[word]
            if word == "thousand":
                total, current = total + current, 0.0
        else:
            return None
    return total + current + half


def _unit_of(match: re.Match[str]) -> str:
    for key, value in match.groupdict().items():
        if key.startswith("u_") and value:
            return key[2:].rstrip("0123456789")
    raise ValueError("no unit matched")  # unreachable: the pattern requires a unit


def bounds(value_km: float, qualifier: str, low_km: float | None = None) -> tuple[float, float | None]:
    """Honest (min_km, max_km) of a stated figure and its qualifier (see the module table)."""
    if low_km is not None:
        return (min(low_km, value_km), max(low_km, value_km))
    match qualifier:
        case "more" | "least":
            return (value_km, None)
        case "less" | "upto":
            return (0.0, value_km)
        case "nearly":
            return (value_km * (1 - NEARLY_SLACK), value_km)
        case "about":
            return (value_km * (1 - ABOUT_SLACK), value_km * (1 + ABOUT_SLACK))
        case _:
            return (value_km, value_km)


# --- French ----------------------------------------------------------------------------------------------

_UNIT_FORMS_FR: tuple[tuple[str, str], ...] = (
    (r"milles?\s+(?:marins|nautiques)|nq", "nmi"),
    (r"kilom[èe]tres?|kms?|KM", "km"),
    (r"m[èe]tres?|m", "m"),
    (r"milles?", "mi"),
)
_SMALL_FR = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "quatre-vingt": 80,
    "quatre-vingts": 80, "demi": 0.5,
}
_SCALE_FR = {"cent": 100, "cents": 100, "mille": 1000}
#: "une dizaine de kilomètres": about ten.
_APPROX_FR = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
              "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100}
_WORD_FR = "|".join(sorted((w for w in (*_SMALL_FR, *_SCALE_FR) if w not in ("un", "une", "demi")),
                           key=len, reverse=True))
_DIGITS_FR = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_FR = (
    rf"(?:{_DIGITS_FR})"
    rf"|(?:{_WORD_FR})(?:[\s-]+(?:et[\s-]+)?(?:{_WORD_FR}))*(?:\s+et\s+demi)?"
    rf"|une?\s+(?:{'|'.join(_APPROX_FR)})\s+d[e'’]\s*"
    r"|une?(?=\s+(?:kilom|m[èe]t|mille))"
)
_QUALIFIERS_FR: dict[str, str] = {
    "plus de": "more", "plus d'": "more", "plus d’": "more", "au-delà de": "more", "au delà de": "more",
    "au moins": "least", "pas moins de": "least", "un minimum de": "least",
    "moins de": "less", "moins d'": "less", "moins d’": "less",
    "jusqu'à": "upto", "jusqu’à": "upto", "au plus": "upto", "au maximum": "upto", "pas plus de": "upto",
    "près de": "nearly", "presque": "nearly", "quasiment": "nearly", "pas loin de": "nearly",
    "environ": "about", "quelque": "about", "approximativement": "about", "autour de": "about",
    "une distance d'environ": "about", "~": "about",
}
_QUAL_FR = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(_QUALIFIERS_FR, key=len, reverse=True))
_UNIT_FR = "|".join(f"(?P<u_{name}{i}>{form})" for i, (form, name) in enumerate(_UNIT_FORMS_FR))
_DISTANCE_FR = re.compile(
    rf"(?<![\w.$£€])(?:(?P<qual>{_QUAL_FR})\s*)?"
    rf"(?:entre\s+(?P<lo>{_NUMBER_FR})\s+et\s+|(?P<lo2>{_DIGITS_FR})\s*(?:-|–|à)\s*|de\s+(?P<lo3>{_NUMBER_FR})\s+à\s+)?"
    rf"(?P<num>{_NUMBER_FR})\s*-?\s*(?:{_UNIT_FR})(?![\w])",
    re.IGNORECASE,
)


def parse_number_fr(text: str) -> float | None:
    """ "10" -> 10, "9,5" -> 9.5, "1 400" -> 1400, "deux" -> 2, "vingt-cinq" -> 25, "trois cents" -> 300,
    "deux et demi" -> 2.5, "une vingtaine de" -> 20, "un" -> 1; None when not a number."""
    text = text.strip().lower()
    if not text:
        return None
    if re.fullmatch(_DIGITS_FR, text):
        return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
    approx = re.fullmatch(rf"une?\s+({'|'.join(_APPROX_FR)})\s+d[e'’]\s*", text)
    if approx:
        return float(_APPROX_FR[approx.group(1)])
    half = 0.5 if re.search(r"\s+et\s+demi$", text) else 0.0
    text = re.sub(r"\s+et\s+demi$", "", text)
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "et"]
    words = ["quatre-vingt" if w == "vingt" and i and words[i - 1] == "quatre" else w for i, w in enumerate(words)]
    words = [w for i, w in enumerate(words)
             if not (w == "quatre" and i + 1 < len(words) and words[i + 1] == "quatre-vingt")]
    total, current = 0.0, 0.0
    for word in words:
        if word in _SMALL_FR:
            current += _SMALL_FR[word]
        elif word in _SCALE_FR:
            current = (current or 1) * _SCALE_FR[word]
            if word == "mille":
                total, current = total + current, 0.0
        else:
            return None
    return total + current + half


#: Each language's pattern, unit forms, qualifiers and number reader.
_LANGUAGES = {
    "en": (None, _UNIT_FORMS, _QUALIFIERS, parse_number),
    "fr": (_DISTANCE_FR, _UNIT_FORMS_FR, _QUALIFIERS_FR, parse_number_fr),
}


def find_distances(text: str, lang: str = "en") -> list[Distance]:
    """Every distance with a unit in ``text``, in order. Figures without a unit are not distances.
    ``lang`` picks the words ("fr": "plus de deux kilomètres"); other languages read as English."""
    pattern, unit_forms, qualifiers, number = _LANGUAGES.get(lang, _LANGUAGES["en"])
    if pattern is not None:
        return _find(text, pattern, unit_forms, qualifiers, number)
    out: list[Distance] = []
    for match in _DISTANCE.finditer(text):
        unit = _unit_of(match)
        surface_unit = match.group(f"u_{unit}{[n for _f, n in _UNIT_FORMS].index(unit)}")
        if unit == "nmi" and surface_unit == "NM" and not match.group("num")[0].isdigit():
            continue
        if unit == "m" and surface_unit.lower() == "m" and not match.group("num")[0].isdigit():
            continue  # "two m" is not a distance; "300 m" is
        value = parse_number(match.group("num"))
        if value is None or value <= 0:
            continue
        low_text = match.group("lo") or match.group("lo2") or match.group("lo3")
        low = parse_number(low_text) if low_text else None
        if low_text and low is None:
            continue
        qual = _QUALIFIERS.get(re.sub(r"\s+", " ", (match.group("qual") or "").lower()), "")
        factor = UNIT_KM[unit]
        lo_km, hi_km = bounds(value * factor, "" if low is not None else qual,
                              None if low is None else low * factor)
        start = match.start("qual") if match.group("qual") else match.start()
        out.append(Distance(start, match.end(), text[start:match.end()], value, unit,
                            "range" if low is not None else qual, lo_km, hi_km))
    return out


def _find(text: str, pattern: re.Pattern[str], unit_forms: tuple[tuple[str, str], ...], qualifiers: dict[str, str],
          number: Callable[[str], float | None]) -> list[Distance]:
    """find_distances with another language's tables (the same bounds and records)."""
    names = [n for _f, n in unit_forms]
    out: list[Distance] = []
    for match in pattern.finditer(text):
        unit = _unit_of(match)
        surface_unit = match.group(f"u_{unit}{names.index(unit)}")
        if unit == "m" and surface_unit.lower() == "m" and not match.group("num")[0].isdigit():
            continue
        value = number(match.group("num"))
        if value is None or value <= 0:
            continue
        low_text = match.group("lo") or match.group("lo2") or match.group("lo3")
        low = number(low_text) if low_text else None
        if low_text and low is None:
            continue
        qual = qualifiers.get(re.sub(r"\s+", " ", (match.group("qual") or "").lower()), "")
        if not qual and re.match(r"une?\s+\w+aine", match.group("num"), re.IGNORECASE):
            qual = "about"  # "une vingtaine de kilomètres"
        factor = UNIT_KM[unit]
        lo_km, hi_km = bounds(value * factor, "" if low is not None else qual, None if low is None else low * factor)
        start = match.start("qual") if match.group("qual") else match.start()
        out.append(Distance(start, match.end(), text[start:match.end()], value, unit,
                            "range" if low is not None else qual, lo_km, hi_km))
    return out
