"""Command line: gazetteer look-ups and maintenance, parsing articles, making maps."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def _lookup(args: argparse.Namespace) -> int:
    from geo.gazetteer import load_gazetteer

    hits = load_gazetteer().lookup(args.name, country=args.country, limit=args.limit)
    rows = [{"id": h.place.id, "name": h.place.name, "kind": h.place.kind, "country_code": h.place.country_code,
             "lat": round(h.place.lat, 5), "lon": round(h.place.lon, 5), "population": h.place.population}
            for h in hits]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not rows:
        print(f"no place called {args.name!r}", file=sys.stderr)
    else:
        for r in rows:
            print(f"{r['id']:<24} {r['name'][:30]:<30} {r['kind']:<8} {r['country_code']:<3} "
                  f"{r['lat']:>9.4f} {r['lon']:>10.4f} {r['population']:>11,}")
    return 0 if rows else 1


def _gazetteer(args: argparse.Namespace) -> int:
    from geo.gazetteer import store

    if args.action == "build":
        store.build_index(store.cache_dir() / store.INDEX_FILENAME)
        return 0
    if args.action == "stats":
        stats = store.load_gazetteer().stats()
        if args.json:
            print(json.dumps(stats, indent=1))
        else:
            print(f"{stats['places']:,} places, {stats['names']:,} names ({stats['path']})")
            for kind, count in stats["by_kind"].items():
                print(f"  {kind:<10} {count:>9,}")
        return 0
    # import
    status = 0
    for path in args.files:
        if not path.exists():
            print(f"{path}: no such file", file=sys.stderr)
            status = 1
            continue
        added, problems = store.import_dump(path)
        for problem in problems:
            print(f"{path.name}:{problem.line}: skipped: {problem.reason}", file=sys.stderr)
        print(f"{path.name}: imported {added:,} places, skipped {len(problems):,} malformed lines")
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="News Atlas: put the news on a map.")
    sub = parser.add_subparsers(dest="command", required=True)

    lookup = sub.add_parser("lookup", help="ranked gazetteer candidates for a name")
    lookup.add_argument("name")
    lookup.add_argument("--country", help="ISO 3166-1 alpha-2 code to restrict to")
    lookup.add_argument("--limit", type=int, default=10)
    lookup.add_argument("--json", action="store_true")
    lookup.set_defaults(func=_lookup)

    gaz = sub.add_parser("gazetteer", help="build, inspect or extend the place index")
    gaz_sub = gaz.add_subparsers(dest="action", required=True)
    gaz_sub.add_parser("build", help="(re)build the index from its sources")
    stats = gaz_sub.add_parser("stats", help="counts by kind and source")
    stats.add_argument("--json", action="store_true")
    imp = gaz_sub.add_parser("import", help="add GeoNames dumps (XX.txt or XX.zip, standard format)")
    imp.add_argument("files", nargs="+", type=Path)
    gaz.set_defaults(func=_gazetteer)

    from geo.parse_cli import add_parse_command

    add_parse_command(sub)

    from geo.map_cli import add_map_command

    add_map_command(sub)

    from geo.corpus.cli import add_corpus_command

    add_corpus_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
