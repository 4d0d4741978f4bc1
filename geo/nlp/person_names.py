"""Given names and surnames from the 1990 US Census lists, as shipped by the PyPI package ``names``.

The recogniser uses them for one cue only: a given name followed by a surname ("Jordan Smith",
"Chad Johnson", "Paris Hilton") is a person, so the first word is not the country or city it spells.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

#: Words that follow a place name in names of places and institutions ("Jordan Valley", "Georgia Power",
#: "Madison Avenue"); many are also surnames in the census list, so they never make a person's name.
GENERIC_NAME_WORDS = frozenset(
    "lake lakes river valley hill hills park beach street avenue road boulevard lane drive bay island islands "
    "falls springs creek point heights gardens square power energy light gate delta basin mountain mountains "
    "sea ocean coast plains desert forest woods sun times daily today tech north south east west central "
    "city county state post mail globe record register observer chronicle bee star journal herald tribune "
    "national international united union republic".split()
)


def _read(name: str) -> frozenset[str]:
    """Lower-cased first column of one census list inside the ``names`` package."""
    text = files("names").joinpath(name).read_text(encoding="ascii")
    return frozenset(line.split(maxsplit=1)[0].lower() for line in text.splitlines() if line.strip())


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """5,494 given names (male and female lists)."""
    return _read("dist.male.first") | _read("dist.female.first")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """88,799 surnames."""
    return _read("dist.all.last")


def looks_like_full_name(first: str, second: str) -> bool:
    """True when ``first second`` reads as given name + surname ("Jordan Smith"), not "Jordan Valley"."""
    first, second = first.lower(), second.lower()
    return first in given_names() and second in surnames() and second not in GENERIC_NAME_WORDS
