"""``python -m geo map``: articles to one self-contained HTML map (heavy imports happen on use)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from geo.cli.parse import add_export_option, check_exports
from geo.vocabulary import TILE_CHOICES, Tiles


def add_map_command(sub: argparse._SubParsersAction) -> None:
    """Register the ``map`` subcommand."""
    cmd = sub.add_parser("map", help="draw the places of articles on a self-contained HTML map")
    cmd.add_argument("files", nargs="+", type=Path, help="articles (.txt, .md, .html; - for standard input)")
    cmd.add_argument("-o", "--out", type=Path, default=Path("atlas.html"), help="output HTML (atlas.html)")
    cmd.add_argument("--tiles", choices=TILE_CHOICES, default="none",
                     help="background: none (offline, borders only) or osm (OpenStreetMap tiles, online)")
    cmd.add_argument("--title", help="map title (default: the article's title)")
    add_export_option(cmd)
    cmd.set_defaults(func=run_map)


def run_map(args: argparse.Namespace) -> int:
    if not any(path.is_file() or str(path) == "-" for path in args.files):
        for path in args.files:
            print(f"{path}: {'is a directory' if path.is_dir() else 'no such file'}", file=sys.stderr)
        print("error: none of the inputs is an article file; no map written", file=sys.stderr)
        return 1
    problem = check_exports(args.export)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    started = time.perf_counter()
    out = write_map(args.files, args.out, tiles=args.tiles, title=args.title, exports=args.export)
    size = out.stat().st_size
    print(f"wrote {out} ({size / 1e6:.2f} MB, {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


def write_map(paths: Sequence[Path], out: Path, *, tiles: Tiles = "none", title: str | None = None,
              exports: Sequence[Path] = ()) -> Path:
    """Parse ``paths`` as ``python -m geo parse`` does, build the layers and write the self-contained
    map to ``out`` (and the layers to each of ``exports``, by suffix). Unreadable articles are reported on
    stderr and skipped."""
    from geo.cli.parse import load_and_parse, write_exports
    from geo.layers import build_layers
    from geo.render.webmap import render_html

    parsed, _status = load_and_parse(list(map(Path, paths)))
    layers = build_layers(parsed)
    if title is None:
        title = parsed[0][0].title if len(parsed) == 1 else f"News Atlas: {len(parsed)} articles"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(layers, title=title, tiles=tiles), encoding="utf-8")
    write_exports(layers, list(exports))
    return out
