"""``python -m geo corpus ...``: ingest articles into a store, query it, export it, map it."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.corpus.store import StoreError

if TYPE_CHECKING:
    from geo.time import PartialDate
from geo.vocabulary import TILE_CHOICES


def add_corpus_command(sub: argparse._SubParsersAction) -> None:
    """Register ``corpus`` and its actions (ingest, compact, stats, places, articles, export, map)."""
    corpus = sub.add_parser("corpus", help="ingest many articles into a GeoParquet store; query, export, map it")
    actions = corpus.add_subparsers(dest="action", required=True)

    ingest = actions.add_parser("ingest", help="geoparse articles into the store (Dask)")
    ingest.add_argument("inputs", nargs="+", metavar="INPUT",
                        help='JSONL ({"id","text"} per line; optional title, date, url, source, lang), a folder '
                             "or glob of .txt/.md/.html, a .zip of them, or - for JSONL on stdin")
    _store_arg(ingest)
    ingest.add_argument("--workers", type=int, default=None,
                        help="local Dask worker processes (default: one per core; 0 = no Dask, this process)")
    ingest.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on an existing Dask cluster (tcp://HOST:PORT); its workers need the store path")
    ingest.add_argument("--batch-size", type=int, default=500, help="articles per task (500)")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.add_argument("--set-aside-old", action="store_true",
                        help="if the store was written by an older schema version, move it aside "
                             "(renamed, nothing deleted) and build a new one")
    ingest.set_defaults(func=_guarded(run_ingest))

    compact = actions.add_parser("compact", help="rewrite the store's parts as a few large sorted files "
                                                 "(ingest does it at its end)")
    _store_arg(compact)
    compact.add_argument("--full", action="store_true", help="merge every generation of compacted files into one")
    compact.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    compact.set_defaults(func=_guarded(run_compact))

    stats = actions.add_parser("stats", help="counts of articles, mentions and places")
    _store_arg(stats)
    _corrections_args(stats)
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=_guarded(run_stats))

    places = actions.add_parser("places", help="places by mentions, with filters")
    _query_args(places, limit=50)
    places.add_argument("--json", action="store_true")
    places.set_defaults(func=_guarded(run_places))

    articles = actions.add_parser("articles", help="articles that mention a place (or match the filters)")
    _query_args(articles, limit=50)
    articles.add_argument("--place", metavar="ID", help="place id, as `corpus places` lists (e.g. country:ML)")
    articles.add_argument("--json", action="store_true")
    articles.set_defaults(func=_guarded(run_articles))

    export = actions.add_parser("export", help="places or mentions to GeoJSON, CSV, GeoParquet or GeoPackage")
    _query_args(export, limit=None)
    export.add_argument("--format", required=True, choices=["geojson", "csv", "parquet", "gpkg"])
    export.add_argument("--what", choices=["places", "mentions"], default="places",
                        help="one row per place (default) or one per mention")
    export.add_argument("--place", metavar="ID", help="only this place")
    export.add_argument("-o", "--out", type=Path, required=True)
    export.set_defaults(func=_guarded(run_export))

    fmap = actions.add_parser("map", help="the static HTML map of the most mentioned places")
    _query_args(fmap, limit=300)
    fmap.add_argument("--place", metavar="ID", help="only this place")
    fmap.add_argument("--sentences", type=int, default=40, help="sentences listed per place (40)")
    fmap.add_argument("--title", default="")
    fmap.add_argument("--tiles", choices=TILE_CHOICES, default="none")
    fmap.add_argument("-o", "--out", type=Path, default=Path("corpus-map.html"))
    fmap.set_defaults(func=_guarded(run_map))


def _store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=None, metavar="DIR",
                        help="the corpus store folder (default: <cache folder>/store, the one `make run` fills)")


def _store_path(args: argparse.Namespace) -> Path:
    """The store named with --store, else the default one in the cache folder."""
    from geo import settings

    return args.store if args.store is not None else settings.corpus_store_path()


def _corrections_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--corrections", type=Path, metavar="DB",
                       help="readers' corrections database (default: $NEWS_ATLAS_DB or .cache/corrections.sqlite)")
    group.add_argument("--no-corrections", action="store_true", help="the stored parse, without corrections")


def _query_args(parser: argparse.ArgumentParser, *, limit: int | None) -> None:
    _store_arg(parser)
    _corrections_args(parser)
    parser.add_argument("--from", dest="start", type=_first_day, metavar="DATE",
                        help="events from this date (YYYY-MM-DD; a month YYYY-MM or a year means its first day)")
    parser.add_argument("--to", dest="end", type=_last_day, metavar="DATE",
                        help="events up to this date, inclusive (a month or a year means its last day)")
    parser.add_argument("--kind", action="append", default=[], help="place kinds (city,town,country,...)")
    parser.add_argument("--country", action="append", default=[], help="ISO 3166-1 alpha-2 codes")
    parser.add_argument("--q", default="", help="text in the sentence or the place's name (case-insensitive)")
    parser.add_argument("--limit", type=int, default=limit, help=f"most rows ({limit or 'all'})")


def _first_day(value: str) -> date:
    return _partial_date(value).start


def _last_day(value: str) -> date:
    return _partial_date(value).end


def _partial_date(value: str) -> PartialDate:
    from geo.time import parse_published

    parsed = parse_published(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return parsed


def _guarded(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The action, with store and cluster problems as one line on stderr and exit status 1."""

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        from geo.corpus.engine import EngineError

        try:
            return func(args)
        except (StoreError, EngineError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1

    return run


def _open(args: argparse.Namespace) -> Any:
    from geo.corpus.query import open_store

    corrections = False if args.no_corrections else args.corrections
    return open_store(_store_path(args), corrections=corrections)


def _filters(args: argparse.Namespace) -> Any:
    from geo.corpus.query import Filters

    return Filters(start=args.start, end=args.end, kinds=_split(args.kind), countries=_split(args.country),
                   q=args.q, place=getattr(args, "place", None) or "")


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


# --- actions ------------------------------------------------------------------------------------------


def run_ingest(args: argparse.Namespace) -> int:
    from geo.corpus.driver import ingest

    if args.workers is not None and args.workers < 0:
        print("error: --workers must be 0 or more", file=sys.stderr)
        return 2
    if args.set_aside_old:
        from geo.corpus.store import set_aside_old_store

        moved = set_aside_old_store(_store_path(args))
        if moved is not None:
            print(f"the store had an older schema version: moved to {moved}; building a new one", file=sys.stderr)
    summary = ingest(args.inputs, _store_path(args), workers=args.workers, scheduler=args.scheduler,
                     batch_size=max(1, args.batch_size), progress=not args.no_progress)
    print(summary.line(), file=sys.stderr)
    if args.json:
        print(json.dumps(summary.as_dict(), indent=1))
    return 1 if summary.missing_inputs else 0


def run_compact(args: argparse.Namespace) -> int:
    from geo.corpus.compact import compact
    from geo.corpus.store import Store

    store = Store.open(_store_path(args))
    with store.lock():
        store.remove_leftovers()
        store.verify_parts()
        store.drop_superseded()
        summary = compact(store, full=args.full)
    before, after = summary.files_before, summary.files_after
    print(f"compacted {store.root}: " + ", ".join(f"{t} {before[t]:,} -> {after[t]:,} files" for t in before)
          + f" in {summary.seconds:.1f} s" + ("" if summary.clean else " (not verified clean)"), file=sys.stderr)
    if args.json:
        print(json.dumps(summary.as_dict(), indent=1))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with _open(args) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, indent=1))
        return 0
    print(f"{stats['articles']:,} articles, {stats['mentions']:,} mentions, {stats['places']:,} places "
          f"in {stats['countries']:,} countries ({stats['store']})")
    print(f"dates {stats['first_date'] or '-'} to {stats['last_date'] or '-'} "
          f"({stats['articles_without_date']:,} articles undated); {stats['corrected_mentions']:,} corrected mentions; "
          f"{stats['runs']} ingest runs; {stats['size_bytes'] / 1e6:.1f} MB")
    return 0


def run_places(args: argparse.Namespace) -> int:
    with _open(args) as store:
        frame = store.places(_filters(args), limit=args.limit)
    rows = _records(frame.drop(columns="geometry"))
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    print(f"{'place_id':<28} {'name':<28} {'kind':<8} {'cc':<3} {'mentions':>8} {'articles':>8}  first - last")
    for r in rows:
        print(f"{r['place_id'][:28]:<28} {(r['name'] or '')[:28]:<28} {r['kind']:<8} {r['country_code'] or '':<3} "
              f"{r['mentions']:>8,} {r['articles']:>8,}  {r['first_date'] or '-'} - {r['last_date'] or '-'}")
    if not rows:
        print("no place matches", file=sys.stderr)
    return 0


def run_articles(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = _records(store.articles(_filters(args), limit=args.limit))
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r['date'] or '----------':<10}  {r['article_id'][:40]:<40} {r['mentions']:>4}  "
              f"{(r['title'] or '')[:70]}")
    if not rows:
        print("no article matches", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from geo.corpus.export import export

    with _open(args) as store:
        n = export(store, args.format, args.out, what=args.what, filters=_filters(args), limit=args.limit)
    print(f"wrote {args.out} ({n:,} {args.what})", file=sys.stderr)
    return 0


def run_map(args: argparse.Namespace) -> int:
    from geo.corpus.export import write_map

    with _open(args) as store:
        n = write_map(store, args.out, filters=_filters(args), limit=args.limit or 300, sentences=args.sentences,
                      title=args.title, tiles=args.tiles)
    print(f"wrote {args.out} ({n:,} places, {args.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


def _records(frame: Any) -> list[dict[str, Any]]:
    from geo.corpus.export import _plain

    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
