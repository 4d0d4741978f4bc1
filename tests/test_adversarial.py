"""Pathological inputs finish: each took from 12 s to days before the text stages were made linear.

These assert that the work completes (pytest-timeout fails a test that hangs), not how fast: the limits
are 20-40 times what these tests take on a loaded 2-core machine (benchmarks/bench_adversarial.py).
"""

from __future__ import annotations

import pytest

from geo.dashboard.highlight import highlight_article
from geo.dashboard.state import place_at, tooltip_parts
from geo.layers import build_layers
from geo.nlp.pipeline import parse_document
from geo.settings import MAX_MENTIONS_PER_ARTICLE
from geo.text.document import make_document

MB = 1_000_000


def fill(unit: str, size: int = MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("text", [
    "Mali" + "." * 60_000,  # 34 s to split before
    "Mr. Abc " * 16_000,  # 35 s to split before
    fill("Mali!!! … ?! "),
    fill("Mr. Abc Mali. "),
    "Mali " + "A" * (MB - 5),
], ids=["dots", "initials", "exclamations", "initials and names", "long token"])
def test_pathological_texts_are_split_and_parsed(text: str) -> None:
    doc = make_document(text)
    mentions = parse_document(doc)
    assert len(mentions) <= MAX_MENTIONS_PER_ARTICLE
    assert sum(len(s.text) for s in doc.sentences) <= len(text)


@pytest.mark.timeout(30)
def test_one_name_repeated_on_one_line_builds_its_layers() -> None:
    doc = make_document("Mali " * 100_000)  # 70 s to build the layers before
    mentions = parse_document(doc)
    assert len(mentions) == MAX_MENTIONS_PER_ARTICLE
    layers = build_layers([(doc, mentions)])
    assert list(layers["place_id"]) == ["country:ML"] and int(layers["mentions"].iloc[0]) == len(mentions)
    assert highlight_article(doc.text, mentions).count("<mark") == len(mentions)


@pytest.mark.timeout(25)
def test_thousands_of_distinct_towns_are_resolved(gazetteer) -> None:
    import sqlite3

    db = sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True)
    names = [r[0] for r in db.execute("SELECT DISTINCT name FROM places WHERE kind = 'town' AND name GLOB '[A-Z]*' "
                                      "AND length(name) BETWEEN 5 AND 12 LIMIT 8000")]
    db.close()
    text = " ".join(f"Troops reached {name}." for name in names)  # 50 s to resolve before
    mentions = parse_document(make_document(text))
    assert len({m.place.id for m in mentions}) > 1000


@pytest.mark.timeout(5)
def test_a_crafted_click_value_is_read_in_linear_time() -> None:
    crafted = "a" * 1200 + " ·" * 1200  # 3.6 KB: the old tooltip pattern took 12 s
    assert tooltip_parts(crafted) is None
    assert tooltip_parts("x" * 2_000_000 + " · town") is None  # over the length cap
    assert tooltip_parts("Tin Zaouatine · town") == ("Tin Zaouatine", "town")
    doc = make_document("Protests in Niamey.")
    layers = build_layers([(doc, parse_document(doc))])
    assert place_at(layers, 13.5, 2.1, crafted) == "gn:2440485"  # falls back to the click point
