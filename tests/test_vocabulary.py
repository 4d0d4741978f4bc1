"""geo.vocabulary: every kind of place and every direction word is defined there and only there."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geo.settings import PROJECT_ROOT
from geo.vocabulary import (
    DIRECTION_WORD_PATTERN,
    DIRECTION_WORDS,
    DIRECTIONS,
    KINDS,
    Kind,
    direction_of,
    kind_group,
    kind_rank,
)

SOURCES = [*sorted((PROJECT_ROOT / "geo").rglob("*.py")), PROJECT_ROOT / "app.py"]


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings, with their line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


#: Literals that spell a kind or direction word but mean something else.
NOT_A_KIND = {
    ("geo/model.py", "claim"),  # CLAIM_COLUMN: the layers-table column holding a claim's properties
    ("geo/geometry/regions.py", "admin1"),  # the regions.yaml key listing a region's admin-1 units
    ("geo/nlp/recognize.py", "county"),  # the English noun of "Orange and Cook counties", not the kind
    ("app.py", "center"),  # Streamlit's vertical_alignment, not a direction
    ("geo/dashboard/url.py", "country"),  # the shared link's parameter (?country=ML), not the kind
}


@pytest.mark.parametrize("vocabulary, words", [
    ("kinds", {k.value for k in Kind}),
    ("directions", set(DIRECTION_WORDS)),
])
def test_defined_only_in_the_vocabulary_module(vocabulary: str, words: set[str]) -> None:
    found = []
    for path in SOURCES:
        rel = path.relative_to(PROJECT_ROOT).as_posix()
        if rel == "geo/vocabulary.py":
            continue
        for line, value in _string_literals(path):
            if value in words and (rel, value) not in NOT_A_KIND:
                found.append(f"{rel}:{line}: {value!r}")
    assert not found, f"{vocabulary} spelled outside geo/vocabulary.py:\n" + "\n".join(found)


def test_every_kind_has_a_label_group_and_style() -> None:
    assert set(KINDS) == set(Kind)
    for info in KINDS.values():
        assert info.label and info.group and info.color.startswith("#")
    assert kind_rank("county") < kind_rank("town") and kind_rank("claim") < kind_rank("county")
    assert kind_rank("no such kind") == len(KINDS)
    assert kind_group("city") == kind_group("town")


def test_direction_words_and_pattern_agree() -> None:
    import re

    for word, name in DIRECTION_WORDS.items():
        assert re.fullmatch(DIRECTION_WORD_PATTERN, word), word
        assert direction_of(word) == name
    assert direction_of("North East") == "northeast" and direction_of("south-Western") == "southwest"
    assert direction_of("up") == "" and direction_of("up", "central") == "central"
    assert {d.adjective for d in DIRECTIONS.values()} >= {"northern", "north-eastern", "central"}
