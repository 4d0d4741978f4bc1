"""``python -m geo lookup`` and ``python -m geo gazetteer build|stats|import``: the place index."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_gazetteer_commands(sub: argparse._SubParsersAction) -> None:
    """Register the ``lookup`` and ``gazetteer`` subcommands."""
    lookup = sub.add_parser("lookup", help="ranked gazetteer candidates for a name")
    lookup.add_argument("name")
    lookup.add_argument("--country", help="ISO 3166-1 alpha-2 code to restrict to")
    lookup.add_argument("--limit", type=int, default=10)
    lookup.add_argument("--json", action="store_true")
    lookup.set_defaults(func=run_lookup)

    gaz = sub.add_parser("gazetteer", help="build, inspect or extend the place index")
    gaz_sub = gaz.add_subparsers(dest="action", required=True)
    gaz_sub.add_parser("build", help="(re)build the index from its sources")
    stats = gaz_sub.add_parser("stats", help="counts by kind and source")
    stats.add_argument("--json", action="store_true")
    imp = gaz_sub.add_parser("import", help="add GeoNames dumps (XX.txt or XX.zip, standard format)")
    imp.add_argument("files", nargs="+", type=Path)
    gaz.set_defaults(func=run_gazetteer)


def run_lookup(args: argparse.Namespace) -> int:
    from geo.gazetteer import load_gazetteer

    hits = load_gazetteer().lookup(args.name, country=args.country, limit=args.limit)
    rows: list[dict[str, Any]] = [
        {"id": h.place.id, "name": h.place.name, "kind": h.place.kind, "country_code": h.place.country_code,
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


def run_gazetteer(args: argparse.Namespace) -> int:
    from geo.gazetteer import store

    try:
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
    except store.GazetteerError as err:
        print(f"gazetteer: {err}".replace("\n", " "), file=sys.stderr)
        return 1
    # import: each file all or nothing; a file that cannot be imported is one line on stderr
    status = 0
    for path in args.files:
        try:
            added, problems = store.import_dump(path)
        except store.GazetteerError as err:
            print(str(err).replace("\n", " "), file=sys.stderr)
            status = 1
            continue
        for problem in problems:
            where = f"{path.name}:{problem.member}" if problem.member else path.name
            print(f"{where}:{problem.line}: skipped: {problem.reason}", file=sys.stderr)
        print(f"{path.name}: imported {added:,} places, skipped {len(problems):,} malformed lines")
    return status
