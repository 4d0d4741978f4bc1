"""``python -m geo parse``: geoparse files, or a JSONL corpus, to text, JSON, GeoJSON or CSV."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from geo.model import Document, Mention
from geo.text.document import ArticleError, make_document
from geo.text.language import is_parsed, unparsed_notice
from geo.text.reading import read_documents


def add_parse_command(sub: argparse._SubParsersAction) -> None:
    parse = sub.add_parser("parse", help="find and resolve the places of articles")
    parse.add_argument("files", nargs="*", type=Path, help="articles (.txt, .md, .html; - for standard input)")
    parse.add_argument("--format", choices=["text", "json", "geojson", "csv", "mentions"], default="text",
                       help="csv: one line per place; mentions: spreadsheet-safe CSV, one line per mention")
    parse.add_argument("--jsonl", type=Path, help='input JSONL, one {"id", "text"} per line ("-": standard input)')
    parse.add_argument("--out", type=Path, help="output JSONL (with --jsonl)")
    add_export_option(parse)
    parse.set_defaults(func=run_parse)


def add_export_option(cmd: argparse.ArgumentParser) -> None:
    """``--export PATH`` (repeatable): the places as a file whose suffix names the type."""
    cmd.add_argument("--export", type=Path, action="append", default=[], metavar="PATH",
                     help="also write the places to PATH: .geojson, .gpkg, .kml, .parquet (GeoParquet) or .csv "
                          "(spreadsheet-safe, one row per mention); repeatable")


def check_exports(paths: list[Path]) -> str | None:
    """An error message when an ``--export`` path has a suffix no writer knows, else None."""
    from geo.layers.export import EXPORT_SUFFIXES

    bad = [str(p) for p in paths if p.suffix.lower() not in EXPORT_SUFFIXES]
    return f"--export: unknown type for {', '.join(bad)} (use {', '.join(EXPORT_SUFFIXES)})" if bad else None


def write_exports(layers: Any, paths: list[Path]) -> None:
    """Write ``layers`` to each ``--export`` path, saying what was written on stderr."""
    from geo.layers.export import write_layers

    for path in paths:
        write_layers(layers, path)
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)


def run_parse(args: argparse.Namespace) -> int:
    if args.jsonl:
        if not args.out:
            print("--jsonl needs --out OUT.jsonl", file=sys.stderr)
            return 2
        return parse_jsonl(args.jsonl, args.out)
    if not args.files:
        print("give article files, or --jsonl IN --out OUT", file=sys.stderr)
        return 2
    problem = check_exports(args.export)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    parsed, status = load_and_parse(args.files)
    if args.format == "text":
        for doc, mentions in parsed:
            print(f"# {doc.title}")
            print(f"# language: {doc.lang}")
            if not is_parsed(doc.lang):
                print(f"# {unparsed_notice(doc.lang)}")
            for m in mentions:
                print(f"{m.start:>6}-{m.end:<6} {m.text[:40]:<40} -> {m.name[:32]:<32} {m.kind:<8} "
                      f"{m.country_code:<3} {m.lat:8.3f} {m.lon:9.3f}  conf {m.confidence:.2f}")
    elif args.format == "json":
        out = [{"file": doc.doc_id, "title": doc.title, **time_record(doc, mentions, doc.published, alternatives=True)}
               for doc, mentions in parsed]
        print(json.dumps(out, ensure_ascii=False, indent=1))
    layers = None
    if args.format in ("geojson", "csv", "mentions") or args.export:
        from geo.layers import build_layers, layers_to_csv, layers_to_geojson, mentions_to_csv

        layers = build_layers(parsed)
        write = {"geojson": layers_to_geojson, "csv": layers_to_csv, "mentions": mentions_to_csv}.get(args.format)
        if write is not None:
            print(write(layers), end="")
        write_exports(layers, args.export)
    return status


def time_record(doc: Document, mentions: list[Mention], published: str, *,
                alternatives: bool = False) -> dict[str, Any]:
    """``published``, ``dates`` and the mentions, each with its ``event_start``, ``event_end`` and
    ``event_source`` (geo.time): the time fields of every JSON output."""
    from geo.time import date_document
    from geo.time.fields import document_fields

    when = date_document(doc, mentions, published or None)
    fields = document_fields(when.published, when.dates)
    rows = [m.as_dict(with_alternatives=alternatives) | dict(event.as_dict())
            for m, event in zip(mentions, when.events, strict=True)]
    notice = {} if is_parsed(doc.lang) else {"notice": unparsed_notice(doc.lang)}
    return {"lang": doc.lang, **notice, "published": fields["published"], "dates": fields["dates"], "mentions": rows}


def load_and_parse(paths: list[Path]) -> tuple[list[tuple[Document, list[Mention]]], int]:
    """Read and geoparse article files; unreadable ones are reported on stderr and skipped (status 1)."""
    from geo.nlp.pipeline import parse_document

    docs, problems = read_documents(paths)
    for path, reason in problems:
        print(f"{path}: {reason}", file=sys.stderr)
    for doc in docs:
        if not is_parsed(doc.lang):
            print(f"{doc.doc_id}: {unparsed_notice(doc.lang)}", file=sys.stderr)
    return [(doc, parse_document(doc)) for doc in docs], 1 if problems else 0


def parse_jsonl(src: Path, dst: Path) -> int:
    """Geoparse a JSONL corpus as a stream (``-`` reads standard input). A bad line, or any failure while
    parsing one record, is reported with its line number and skipped; the run goes on. Exit status 1 when
    any line was skipped."""
    from tqdm import tqdm

    from geo.nlp.pipeline import parse_document
    from geo.text.jsonl import JsonlProblem, read_jsonl

    name = "<stdin>" if str(src) == "-" else str(src)
    skipped = written = 0
    with _open_input(src) as stream, open(dst, "w", encoding="utf-8") as out:
        for item in tqdm(read_jsonl(stream), desc="geoparsing", unit="doc", file=sys.stderr):
            if isinstance(item, JsonlProblem):
                print(f"{name}:{item.line}: skipped: {item.reason}", file=sys.stderr)
                skipped += 1
                continue
            try:
                published = item.fields.get("date", "")
                doc = make_document(item.text, title=item.fields.get("title", ""), doc_id=str(item.id),
                                    published=published, lang=_given_language(item.fields.get("lang")))
                record = time_record(doc, parse_document(doc), published)
            except ArticleError as err:
                print(f"{name}:{item.line}: skipped: {err}", file=sys.stderr)
                skipped += 1
                continue
            except Exception as err:  # one record never stops the run; say what went wrong and go on
                print(f"{name}:{item.line}: skipped: {type(err).__name__}: {str(err)[:200]}", file=sys.stderr)
                skipped += 1
                continue
            for m in record["mentions"]:
                m.pop("sentence")
            out.write(json.dumps({"id": item.id, **record}, ensure_ascii=False, allow_nan=False) + "\n")
            written += 1
    print(f"wrote {dst} ({written} documents, {skipped} lines skipped)", file=sys.stderr)
    return 1 if skipped else 0


def _given_language(value: object) -> str:
    """A JSONL record's ``"lang"`` when it is a plausible ISO 639-1 code, else "" (detected)."""
    return value.strip().lower() if isinstance(value, str) and value.strip().isalpha() and len(value.strip()) <= 3 \
        else ""


@contextlib.contextmanager
def _open_input(src: Path) -> Iterator[IO[bytes]]:
    """The input file as a binary stream, or standard input for ``-``."""
    if str(src) == "-":
        yield sys.stdin.buffer
    else:
        with open(src, "rb") as stream:
            yield stream
