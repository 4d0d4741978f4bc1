"""Streaming the ingest input: JSONL files or stdin, folders and globs of articles, zip archives.

``read_inputs`` yields, in input order, an ``InputRecord`` per well-formed article and a ``Problem`` per
malformed record (with its file and line), per warning, and per input that cannot be opened. Nothing is
read whole: JSONL is read line by line, files and zip members one at a time.

Article ids: the ``id`` of a JSONL record (a string, or an integer written as text); for a file, its path
inside the folder or zip given, or its name when the file (or a glob) is given directly.
"""

from __future__ import annotations

import glob
import json
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal

from geo.corpus.records import InputRecord
from geo.settings import MAX_TEXT_CHARS
from geo.text.jsonl import JsonlProblem, read_json_lines, without_surrogates
from geo.text.reading import ArticleError, decode_article, first_line_title, looks_like_web_page
from geo.time import PartialDate, parse_published

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

#: Optional JSONL fields, all strings (or null).
OPTIONAL_FIELDS = ("title", "date", "url", "source", "lang")

#: Largest article file read from a folder or zip, in bytes.
MAX_FILE_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class Problem:
    """A record skipped (``record``), a record kept with a remark (``warning``), or an input not found."""

    origin: str
    reason: str
    kind: Literal["record", "warning", "input"] = "record"

    def __str__(self) -> str:
        label = {"record": "skipped", "warning": "warning", "input": "error"}[self.kind]
        return f"{self.origin}: {label}: {self.reason}"


Item = InputRecord | Problem


def read_inputs(inputs: Iterable[str], *, stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Every article of every input, in order; ``-`` reads JSONL from ``stdin``."""
    for spec in inputs:
        if spec == "-":
            import sys

            yield from read_jsonl(stdin if stdin is not None else sys.stdin.buffer, "<stdin>")
            continue
        path = Path(spec)
        if path.is_dir():
            yield from read_folder(path)
        elif path.is_file():
            yield from read_path(path, path.name)
        elif glob.has_magic(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield Problem(spec, "no file matches this pattern", "input")
            for match in matches:
                found = Path(match)
                yield from read_folder(found) if found.is_dir() else read_path(found, found.name)
        else:
            yield Problem(spec, "no such file or directory", "input")


def read_path(path: Path, article_id: str) -> Iterator[Item]:
    """One file given by the user: a JSONL corpus, a zip archive or a single article."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with open(path, "rb") as stream:
                yield from read_jsonl(stream, str(path))
        except OSError as err:
            yield Problem(str(path), err.strerror or str(err), "input")
    elif suffix == ".zip":
        yield from read_zip(path)
    elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        try:
            size = path.stat().st_size
            data = path.read_bytes() if size <= MAX_FILE_BYTES else b""
        except OSError as err:
            yield Problem(str(path), err.strerror or str(err), "input")
            return
        if size > MAX_FILE_BYTES:
            yield Problem(str(path), f"{size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            return
        yield from article_from_bytes(data, name=path.name, article_id=article_id, origin=str(path),
                                      meta=sidecar_metadata(path.parent).get(path.name, {}))
    else:
        yield Problem(str(path), f"not an article file ({suffix or 'no suffix'}); expected "
                                 ".jsonl, .zip, .txt, .md or .html", "input")


def read_folder(root: Path) -> Iterator[Item]:
    """Every article file under ``root`` (hidden files and folders left out), in path order."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    for path in files:
        yield from read_path(path, path.relative_to(root).as_posix())


def read_zip(path: Path) -> Iterator[Item]:
    """Every article member of a zip archive; ids are the members' paths inside it."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        yield Problem(str(path), f"not a readable zip archive ({err})", "input")
        return
    with archive:
        members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
        for member in members:
            name = member.filename
            suffix = Path(name).suffix.lower()
            if suffix not in ARTICLE_SUFFIXES or any(p.startswith((".", "__MACOSX")) for p in name.split("/")):
                continue
            origin = f"{path}!{name}"
            try:
                if suffix in JSONL_SUFFIXES:
                    with archive.open(member) as stream:
                        yield from read_jsonl(stream, origin)
                    continue
                if member.file_size > MAX_FILE_BYTES:
                    yield Problem(origin, f"{member.file_size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
                    continue
                data = archive.read(member)
            except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as err:
                yield Problem(origin, f"cannot be read from the archive ({err})")
                continue
            yield from article_from_bytes(data, name=Path(name).name, article_id=name, origin=origin, meta={})


def read_jsonl(stream: IO[bytes], name: str) -> Iterator[Item]:
    """Records of a JSONL stream, line by line (``geo.text.jsonl``: BOM, line cap, UTF-8, JSON)."""
    for item in read_json_lines(stream):
        if isinstance(item, JsonlProblem):
            yield Problem(f"{name}:{item.line}", item.reason)
        else:
            number, obj = item
            yield from record_from_json(obj, f"{name}:{number}")


def record_from_json(obj: Any, origin: str) -> Iterator[Item]:
    """An InputRecord from one decoded JSONL value, or the Problem that prevents it."""
    if not isinstance(obj, dict):
        yield Problem(origin, f'expected a JSON object with "id" and "text", not {_json_type(obj)}')
        return
    article_id, reason = _article_id(obj)
    if reason:
        yield Problem(origin, reason)
        return
    text = obj.get("text")
    if "text" not in obj:
        yield Problem(origin, 'missing "text"')
        return
    if not isinstance(text, str):
        yield Problem(origin, f'"text" must be a string, not {_json_type(text)}')
        return
    text = without_surrogates(text)
    reason = _text_problem(text)
    if reason:
        yield Problem(origin, reason)
        return
    fields: dict[str, str] = {}
    for key in OPTIONAL_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            yield Problem(origin, f'"{key}" must be a string or null, not {_json_type(value)}')
            return
        fields[key] = without_surrogates((value or "").strip())
    published = parse_published(fields["date"])
    if fields["date"] and published is None:
        yield Problem(origin, f'date {fields["date"][:40]!r} not understood; stored without a date', "warning")
    yield InputRecord(article_id=article_id, text=text, title=fields["title"], url=fields["url"],
                      source=fields["source"], lang=fields["lang"], origin=origin, **_dated(published))


def article_from_bytes(data: bytes, *, name: str, article_id: str, origin: str,
                       meta: dict[str, str]) -> Iterator[Item]:
    """A single article file (text, Markdown or a saved web page) as an InputRecord."""
    title = url = source = lang = ""
    day: PartialDate | None = None
    try:
        if Path(name).suffix.lower() in HTML_SUFFIXES or \
                looks_like_web_page(data[:4096].decode("utf-8", "ignore").lstrip("\ufeff"), name):
            from geo.text.webpage import read_web_page

            page = read_web_page(data, filename=name)
            text, title, url, source, lang = page.text, page.title, page.url, page.site, page.lang
            day = parse_published(page.date)
        else:
            text = decode_article(data, filename=name)
            title = first_line_title(text, name, limit=200)
    except ArticleError as err:
        yield Problem(origin, str(err).removeprefix(f"{name}: "))
        return
    reason = _text_problem(text)
    if reason:
        yield Problem(origin, reason)
        return
    yield InputRecord(article_id=article_id, text=text, title=meta.get("title") or title, url=meta.get("url") or url,
                      source=meta.get("source") or source, lang=meta.get("lang") or lang, origin=origin,
                      **_dated(parse_published(meta.get("date", "")) or day))


@cache
def sidecar_metadata(folder: Path) -> dict[str, dict[str, str]]:
    """``articles.json`` beside article files (as in data/articles): file name -> title, source, date, url."""
    path = folder / "articles.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, dict[str, str]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("file"), str):
            out[entry["file"]] = {k: v for k, v in entry.items() if isinstance(v, str) and k != "file"}
    return out


def _dated(published: PartialDate | None) -> dict[str, Any]:
    """InputRecord's two date fields from a publication date: its first day and its ISO text."""
    if published is None:
        return {"date": None, "published": ""}
    return {"date": published.start, "published": published.iso()}


def _article_id(obj: dict) -> tuple[str, str]:
    if "id" not in obj:
        return "", 'missing "id"'
    value = obj["id"]
    if isinstance(value, bool) or value is None:
        return "", f'"id" must be a string or an integer, not {_json_type(value)}'
    if isinstance(value, int):
        return str(value), ""
    if isinstance(value, float):
        return "", '"id" is NaN' if math.isnan(value) else '"id" must be a string or an integer, not a number'
    if not isinstance(value, str):
        return "", f'"id" must be a string or an integer, not {_json_type(value)}'
    if not value.strip():
        return "", '"id" is empty'
    if without_surrogates(value) != value:
        return "", '"id" is not valid Unicode (a lone surrogate)'
    if len(value) > 1000:
        return "", '"id" is longer than 1,000 characters'
    return value, ""


def _text_problem(text: str) -> str:
    if not text.strip():
        return "empty text"
    if len(text) > MAX_TEXT_CHARS:
        return f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
    return ""


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
