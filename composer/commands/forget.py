"""``compose forget T``: delete everything recorded about one person.

That is the notes drafted for them and their outcomes, and the invitations and
connections imported from a LinkedIn export (``compose import``) that name them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from composer.commands._common import EXIT_STATUS, PERSON, Parser, parse
from composer.history import History
from composer.history.lookup import resolve_target


def build_parser() -> Parser:
    parser = Parser(
        prog="compose forget",
        description="Delete every note, outcome and imported invitation recorded about one person.",
        epilog=EXIT_STATUS,
    )
    parser.add_argument(
        "target", metavar="T",
        help=PERSON,
    )  # fmt: skip
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    with History() as history:
        identity = resolve_target(history, args.target)
        name = _name(history, args.target, identity)
        notes = history.forget(identity) if identity else 0
        imported = _forget_imported(history, identity or "", name)
        history.checkpoint()  # nothing of theirs left behind in the WAL file
    if not notes and not imported:
        print(f"compose forget: nothing recorded for '{args.target}'", file=sys.stderr)
        return 0
    who = identity or name
    parts = [f"{notes} note record{'' if notes == 1 else 's'}"]
    if imported:
        parts.append(f"{imported} imported LinkedIn row{'' if imported == 1 else 's'}")
    print(f"forgot {who}: {' and '.join(parts)} deleted")
    return 0


def _name(history: History, text: str, identity: str | None) -> str:
    """The person's name, to find imported rows that have no profile URL."""
    if identity:
        record = history.latest_for(identity)
        if record is not None:
            return record.target_name
    looks_like_name = "/" not in text and not text.startswith("sha256:")
    return text.strip() if looks_like_name and not Path(text).is_file() else ""


def _forget_imported(history: History, identity: str, name: str) -> int:
    from composer.linkedin.store import forget_person

    return forget_person(history, identity, name)
