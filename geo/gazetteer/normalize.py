"""Name normalisation shared by the index builder and every query.

Case, accents, apostrophes and hyphens do not distinguish names: "Ménaka" == "Menaka",
"Tin-Zaouatine" == "Tin Zaouatine", "N'Djamena" == "Ndjamena".
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()\[\]\"“”]+")
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "œ": "oe"})


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
