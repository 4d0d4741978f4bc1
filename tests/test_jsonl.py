"""geo.text.jsonl: any bytes give records or problems, never an exception; good records are clean."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.text.jsonl import JsonlProblem, JsonlRecord, read_jsonl

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries({"id": st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()),
                                 "text": st.one_of(st.text(), st.integers(), st.none())},
                                optional={"title": st.text(), "date": json_values})


def _check(data: bytes) -> list[JsonlRecord | JsonlProblem]:
    items = list(read_jsonl(io.BytesIO(data), max_line_bytes=4096))
    numbers = [i.line for i in items]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    ids = set()
    for item in items:
        if isinstance(item, JsonlRecord):
            assert isinstance(item.id, str | int) and not isinstance(item.id, bool)
            assert isinstance(item.text, str)
            item.text.encode("utf-8")  # no lone surrogate reaches the pipeline or an output file
            if isinstance(item.id, str):
                item.id.encode("utf-8")
            assert repr(item.id) not in ids
            ids.add(repr(item.id))
            json.dumps({"id": item.id, "text": item.text}, ensure_ascii=False, allow_nan=False)
        else:
            assert item.reason and "\n" not in item.reason
    return items


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=6000))
def test_any_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(records, json_values), max_size=8))
def test_any_json_lines(values: list) -> None:
    lines = []
    for value in values:
        try:
            lines.append(json.dumps(value))
        except ValueError:
            lines.append("{}")
    _check("\n".join(lines).encode("utf-8", "surrogatepass"))


def test_bom_blank_lines_and_numbers() -> None:
    items = _check(b'\xef\xbb\xbf{"id": 1, "text": "a"}\n\n\n{"id": "1", "text": "b"}\r\n{"id": 1, "text": "c"}')
    assert [(i.line, type(i).__name__) for i in items] == [(1, "JsonlRecord"), (4, "JsonlRecord"),
                                                           (5, "JsonlProblem")]


def test_over_long_lines_are_skipped_without_being_kept() -> None:
    data = b'{"id": "a", "text": "' + b"x" * 100_000 + b'"}\n{"id": "b", "text": "ok"}\n'
    items = list(read_jsonl(io.BytesIO(data), max_line_bytes=1000))
    assert isinstance(items[0], JsonlProblem) and "longer than" in items[0].reason
    assert isinstance(items[1], JsonlRecord) and items[1].id == "b"
