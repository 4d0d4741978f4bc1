"""Name normalisation shared by the index builder and every query.

Case, accents, apostrophes and hyphens do not distinguish names: "Ménaka" == "Menaka",
"Tin-Zaouatine" == "Tin Zaouatine", "N'Djamena" == "Ndjamena".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()\[\]\"“”]+")
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "œ": "oe"})


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """Fold a place name to its matching key: lower case, no accents, no apostrophes, single spaces."""
    if name.isascii():  # fast path: most names and all English text need no accent folding
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def is_latin_name(name: str) -> bool:
    """True when the folded name holds only Latin letters, digits and spaces (names usable in English text)."""
    folded = normalize_name(name)
    return bool(folded) and all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in folded)


#: Countries whose place names reach English text transliterated from Arabic (the Arab League's members, Western
#: Sahara, Chad, Israel): only their places get folded spellings in the index.
ARABIC_NAME_COUNTRIES = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH TD IL".split())

#: The Arabic article as transliterations write it before a name ("Al Qamishli", "Ar Raqqah", "Ash Shaddadi").
_ARABIC_ARTICLES = frozenset("al el ad adh ar as ash at ath az an ed er es et ez".split())
_DOUBLED = re.compile(r"(\w)\1")
_TA_MARBUTA = re.compile(r"(?<=[aeiu])h\b")


def strip_article(norm: str) -> str:
    """A normalised name without a leading Arabic article ("al mayadin" -> "mayadin")."""
    head, _, rest = norm.partition(" ")
    return rest if rest and head in _ARABIC_ARTICLES else norm


@lru_cache(maxsize=65536)
def fold_spelling(norm: str) -> str:
    """A looser key for transliterated names, applied to a normalised name (``normalize_name``).

    Folds the variants Arabic names show in English text: the leading article ("Al Qamishli" ->
    "qamishli"), "ou" for "u" ("Ghouta"), doubled letters ("Raqqa" -> "raqa"), a final "h" after a vowel
    ("Ghutah" -> "ghuta"). Accents ("ā") are already folded by ``normalize_name``. Both index names and text
    are folded the same way, so "Qamishli" finds the index's "Al Qāmishlī".
    """
    folded = strip_article(norm).replace("ou", "u")
    return _TA_MARBUTA.sub("", _DOUBLED.sub(r"\1", folded))
