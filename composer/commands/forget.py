"""``compose forget T``: delete everything recorded about one person."""

from __future__ import annotations

import argparse
import sys

from composer.history import History
from composer.history.lookup import resolve_target


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compose forget",
        description="Delete every note and outcome recorded about one person.",
    )
    parser.add_argument(
        "target", metavar="T",
        help="a profile JSON file, a profile URL, an identity from compose history, or a name",
    )  # fmt: skip
    return parser


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    with History() as history:
        identity = resolve_target(history, args.target)
        deleted = history.forget(identity) if identity else 0
    if not deleted:
        print(f"compose forget: nothing recorded for '{args.target}'", file=sys.stderr)
        return 0
    plural = "" if deleted == 1 else "s"
    print(f"forgot {identity}: {deleted} record{plural} deleted")
    return 0
