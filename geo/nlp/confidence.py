"""A calibrated confidence: the chance that a resolved mention is right, from what the resolver saw.

The resolver's own share (the softmax of its scores) says how clearly one reading beat the others, not
whether the words were a place at all, nor how often such readings are right. ``calibrated`` turns the
evidence of a mention into a probability with a logistic model whose weights (``WEIGHTS``) were fitted on the
dev corpora (TR-News and LGL) by ``benchmarks/calibrate_confidence.py``, which prints them; a mention is
"right" there when it lies within 161 km of the gold point or holds it in its shape, and "wrong" when it is
resolved elsewhere or is no toponym of the gold. ``geo.settings.CONFIDENT_MIN`` is the threshold from
which at least 95 % of the dev corpora's mentions are right (``geo.model.is_confident``).
"""

from __future__ import annotations

import math

from geo.gazetteer.store import NAME_ABBREVIATION, NAME_ADJECTIVE, NAME_FOLDED, NAME_PRIMARY
from geo.model import Place
from geo.vocabulary import Kind

#: Names of the evidence entries, in order (``geo.model.Mention.evidence``).
EVIDENCE = (
    "share",  # the resolver's softmax share of the winning reading
    "log_margin",  # log(1 + score of the winner - score of the runner-up), 0 when alone
    "alone",  # 1 when the name has one reading only
    "kind_country",  # the winner is a country, region, group or a directional part
    "kind_admin1",
    "kind_water",
    "kind_county",
    "kind_city",
    "kind_town",
    "kind_street",  # a street placed at its town (geo.nlp.streets)
    "log_population",  # log10(population + 1) / 7 of a settlement
    "repeated",  # log(number of mentions of this place in the article)
    "demonym",
    "abbreviation",
    "alternate",  # the winning name is an alternate (or folded) spelling
    "embedded",  # inside a longer capitalised name ("U.S. Census Bureau")
    "common_word",  # Zipf frequency / 7 of a one-word surface as an English word
)

#: Logistic weights over EVIDENCE, then the intercept (fitted by benchmarks/calibrate_confidence.py).
WEIGHTS: tuple[float, ...] = (
    0.3583,  # share
    1.8411,  # log_margin
    2.0444,  # alone
    1.0555,  # kind_country
    1.7696,  # kind_admin1
    -0.4634,  # kind_water
    2.7083,  # kind_county
    -0.8659,  # kind_city
    -0.6584,  # kind_town
    -3.5457,  # kind_street
    2.2804,  # log_population
    0.1716,  # repeated
    -0.2345,  # demonym
    0.3092,  # abbreviation
    -1.3939,  # alternate
    -0.7616,  # embedded
    -0.4112,  # common_word
)
INTERCEPT = -1.8090

_COUNTRYLIKE = frozenset({Kind.COUNTRY, Kind.REGION, Kind.GROUP, Kind.PART})


def evidence(place: Place, *, share: float, margin: float | None, mentions: int, cue: str, name_type: int,
             embedded: bool, zipf: float) -> tuple[float, ...]:
    """The evidence vector of one mention (see EVIDENCE)."""
    kind = place.kind
    settlement = kind in (Kind.CITY, Kind.TOWN)
    return (
        share,
        math.log1p(max(margin, 0.0)) if margin is not None else 0.0,
        1.0 if margin is None else 0.0,
        float(kind in _COUNTRYLIKE),
        float(kind == Kind.ADMIN1),
        float(kind == Kind.WATER),
        float(kind == Kind.COUNTY),
        float(kind == Kind.CITY),
        float(kind == Kind.TOWN),
        float(kind == Kind.ROAD),
        math.log10(max(place.population, 0) + 1) / 7 if settlement else 0.0,
        math.log(max(mentions, 1)),
        float(cue == "adjective" or name_type == NAME_ADJECTIVE),
        float(cue == "abbreviation" or name_type == NAME_ABBREVIATION),
        float(name_type not in (NAME_PRIMARY, NAME_ADJECTIVE, NAME_ABBREVIATION) or name_type == NAME_FOLDED),
        float(embedded),
        zipf / 7,
    )


def calibrated(values: tuple[float, ...]) -> float:
    """The probability that a mention with this evidence is right (logistic model, WEIGHTS)."""
    z = INTERCEPT + sum(w * x for w, x in zip(WEIGHTS, values, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
