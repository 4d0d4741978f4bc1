"""``python -m geo map``: articles to one self-contained HTML map (heavy imports happen on use)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def add_map_command(sub: argparse._SubParsersAction) -> None:
    """Register the ``map`` subcommand."""
    cmd = sub.add_parser("map", help="draw the places of articles on a self-contained HTML map")
    cmd.add_argument("files", nargs="+", type=Path, help="articles (.txt, .md, .html)")
    cmd.add_argument("-o", "--out", type=Path, default=Path("atlas.html"), help="output HTML (atlas.html)")
    cmd.add_argument("--tiles", choices=["none", "osm"], default="none",
                     help="background: none (offline, borders only) or osm (OpenStreetMap tiles, online)")
    cmd.add_argument("--title", help="map title (default: the article's title)")
    cmd.set_defaults(func=run_map)


def run_map(args: argparse.Namespace) -> int:
    from geo.webmap import write_map

    if not any(path.is_file() for path in args.files):
        for path in args.files:
            print(f"{path}: {'is a directory' if path.is_dir() else 'no such file'}", file=sys.stderr)
        print("error: none of the inputs is an article file; no map written", file=sys.stderr)
        return 1
    started = time.perf_counter()
    out = write_map(args.files, args.out, tiles=args.tiles, title=args.title)
    size = out.stat().st_size
    print(f"wrote {out} ({size / 1e6:.2f} MB, {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0
