"""Reading a JSONL corpus as a stream: one record per line, every bad line reported, nothing else lost.

``read_jsonl`` yields a ``JsonlRecord`` for each good line and a ``JsonlProblem`` (line number and a
one-line reason) for each bad one, and never raises for what a line holds. It reads line by line
(memory bounded by the longest accepted line), drops a UTF-8 byte-order mark, and rejects
ids that are NaN or not a string or an integer, lone surrogates in an id (in a text they become U+FFFD),
deeply nested values, over-long lines and ids seen earlier in the same input. ``read_json_lines`` is the
line level alone (the corpus reader validates records its own way on top of it).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from geo.settings import MAX_UPLOAD_BYTES

#: Longest line accepted, in bytes: an article of MAX_UPLOAD_BYTES plus its JSON escaping and metadata.
MAX_LINE_BYTES = 4 * MAX_UPLOAD_BYTES
#: Optional string fields kept from a record.
OPTIONAL_FIELDS = ("title", "date", "url", "source", "lang")
_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class JsonlRecord:
    """A good line: its number, its id (as written: a string or an integer) and text, and optional fields."""

    line: int
    id: str | int
    text: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class JsonlProblem:
    """A bad line, skipped: its number and why."""

    line: int
    reason: str


def _read_line(stream: IO[bytes], limit: int) -> bytes | None:
    """The next line without its newline; None at the end of the stream; b"" ... see ``_CUT``."""
    line = stream.readline(limit + 1)
    if not line:
        return None
    if len(line) <= limit or line.endswith(b"\n"):
        return line.rstrip(b"\r\n")
    while True:  # skip the rest of an over-long line without keeping it
        rest = stream.readline(_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return _CUT


#: Returned by ``_read_line`` for a line longer than the limit (its bytes are not kept).
_CUT = b"\x00<cut>"


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (from a JSON ``\\udXXX`` escape) replaced by U+FFFD: offsets keep
    their meaning and the text can be written as UTF-8."""
    if not _has_surrogate(text):
        return text
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def parse_line(number: int, raw: bytes) -> Any | JsonlProblem:
    """One line's bytes to its JSON value, or the problem with it (not UTF-8, not JSON, nested too deeply)."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        return JsonlProblem(number, f"not UTF-8 text (byte {err.start} of the line cannot be decoded)")
    except RecursionError:
        return JsonlProblem(number, "bad JSON (nested too deeply)")
    except ValueError as err:
        return JsonlProblem(number, f"bad JSON ({getattr(err, 'msg', str(err))[:120]})")


def read_json_lines(stream: IO[bytes], *,
                    max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, Any] | JsonlProblem]:
    """(line number, JSON value) for every non-blank line of a binary stream, or the line's problem.

    Streams line by line; a BOM on line 1 is dropped; a line over ``max_line_bytes`` is skipped unread.
    """
    number = 0
    while (raw := _read_line(stream, max_line_bytes)) is not None:
        number += 1
        if raw is _CUT:
            yield JsonlProblem(number, f"line longer than {max_line_bytes:,} bytes")
            continue
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if not raw.strip():
            continue
        value = parse_line(number, raw)
        yield value if isinstance(value, JsonlProblem) else (number, value)


def parse_record(number: int, value: Any) -> JsonlRecord | JsonlProblem:
    """A JSON value to a record ({"id", "text"} and optional string fields), or the problem with it."""
    if not isinstance(value, dict):
        return JsonlProblem(number, 'expected a JSON object with "id" and "text"')
    if "id" not in value:
        return JsonlProblem(number, 'missing "id"')
    ident = value["id"]
    if isinstance(ident, float) and math.isnan(ident):
        return JsonlProblem(number, '"id" is NaN')
    if isinstance(ident, bool) or not isinstance(ident, str | int) or (isinstance(ident, str) and not ident.strip()):
        return JsonlProblem(number, '"id" must be a non-empty string or an integer')
    if isinstance(ident, str) and _has_surrogate(ident):
        return JsonlProblem(number, '"id" is not valid Unicode (a lone surrogate)')
    if "text" not in value:
        return JsonlProblem(number, 'missing "text"')
    if not isinstance(value["text"], str):
        return JsonlProblem(number, '"text" must be a string')
    fields = {k: without_surrogates(value[k]) for k in OPTIONAL_FIELDS if isinstance(value.get(k), str)}
    return JsonlRecord(number, ident, without_surrogates(value["text"]), fields)


def read_jsonl(stream: IO[bytes], *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[JsonlRecord | JsonlProblem]:
    """Every line of a binary stream as a record or a problem, in order; blank lines are skipped; an id
    seen earlier in the stream is a problem."""
    seen: dict[bytes, int] = {}
    for item in read_json_lines(stream, max_line_bytes=max_line_bytes):
        if isinstance(item, JsonlProblem):
            yield item
            continue
        record = parse_record(*item)
        if isinstance(record, JsonlRecord):
            key = hashlib.blake2b(repr(record.id).encode("utf-8"), digest_size=12).digest()
            if key in seen:
                record = JsonlProblem(record.line, f"duplicate id {str(record.id)[:60]!r} (first at line {seen[key]})")
            else:
                seen[key] = record.line
        yield record
