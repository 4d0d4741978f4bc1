"""Command line: ``python -m geo lookup | gazetteer | parse | map | corpus``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m geo`` parser with every subcommand (each registered by its module)."""
    from geo.cli.gazetteer import add_gazetteer_commands
    from geo.cli.map import add_map_command
    from geo.cli.parse import add_parse_command
    from geo.corpus.cli import add_corpus_command

    parser = argparse.ArgumentParser(prog="python -m geo", description="News Atlas: put the news on a map.")
    sub = parser.add_subparsers(dest="command", required=True)
    add_gazetteer_commands(sub)
    add_parse_command(sub)
    add_map_command(sub)
    add_corpus_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from geo.gazetteer.store import GazetteerError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except GazetteerError as err:  # the index cannot be built or read: one line, not a traceback
        print(f"gazetteer: {err}", file=sys.stderr)
        return 1
