"""Reading a JSONL corpus as a stream: one record per line, every bad line reported, nothing else lost.

``read_jsonl`` yields a ``JsonlRecord`` for each good line and a ``JsonlProblem`` (line number and a
one-line reason) for each bad one, and never raises for what a line holds. It reads line by line
(memory bounded by the longest accepted line), drops a UTF-8 byte-order mark, rejects NaN/Infinity,
ids that are not a string or an integer, ids and texts with lone surrogates in the id, deeply nested
values, over-long lines and ids seen earlier in the same input.
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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


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


def parse_record(number: int, raw: bytes) -> JsonlRecord | JsonlProblem:
    """One line's bytes to a record, or the problem with it."""
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as err:
        return JsonlProblem(number, f"not UTF-8 (byte {err.start})")
    except RecursionError:
        return JsonlProblem(number, "JSON nested too deeply")
    except ValueError as err:
        return JsonlProblem(number, f"not JSON: {str(err)[:120]}")
    if not isinstance(value, dict):
        return JsonlProblem(number, 'expected an object with "id" and a string "text"')
    ident, text = value.get("id"), value.get("text")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or (isinstance(ident, str) and not ident.strip()):
        return JsonlProblem(number, '"id" must be a non-empty string or an integer')
    if isinstance(ident, float) and not math.isfinite(ident):
        return JsonlProblem(number, '"id" must be a non-empty string or an integer')
    if isinstance(ident, str) and _has_surrogate(ident):
        return JsonlProblem(number, '"id" is not valid Unicode (a lone surrogate)')
    if not isinstance(text, str):
        return JsonlProblem(number, 'expected a string "text"')
    if _has_surrogate(text):  # one replacement character per lone surrogate: offsets keep their meaning
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    fields = {k: value[k] for k in OPTIONAL_FIELDS if isinstance(value.get(k), str) and not _has_surrogate(value[k])}
    return JsonlRecord(number, ident, text, fields)


def read_jsonl(stream: IO[bytes], *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[JsonlRecord | JsonlProblem]:
    """Every line of a binary stream as a record or a problem, in order; blank lines are skipped."""
    seen: dict[bytes, int] = {}
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
        item = parse_record(number, raw)
        if isinstance(item, JsonlRecord):
            key = hashlib.blake2b(repr(item.id).encode("utf-8"), digest_size=12).digest()
            if key in seen:
                item = JsonlProblem(number, f"duplicate id {str(item.id)[:60]!r} (first on line {seen[key]})")
            else:
                seen[key] = number
        yield item

