"""``compose history``: list the notes drafted so far, newest first."""

from __future__ import annotations

import json
import sys

from composer.commands._common import EXIT_STATUS, PERSON, Parser, add_json, count, parse
from composer.history import KINDS, OUTCOMES, History, Record
from composer.history.lookup import resolve_target

DEFAULT_LIMIT = 50


def build_parser() -> Parser:
    parser = Parser(
        prog="compose history",
        description="List the notes drafted so far (one-shot, batch and UI), newest first.",
        epilog=EXIT_STATUS,
    )
    parser.add_argument(
        "--to", metavar="T",
        help=f"only this person: {PERSON}",
    )  # fmt: skip
    parser.add_argument(
        "--outcome", choices=("drafted", *OUTCOMES), help="only notes with this outcome"
    )
    parser.add_argument(
        "--kind", choices=KINDS,
        help="only invitation notes, or only follow-ups (messages after acceptance)",
    )  # fmt: skip
    parser.add_argument(
        "-n", "--limit", type=count, default=DEFAULT_LIMIT, metavar="N",
        help=f"show at most N records (default {DEFAULT_LIMIT})",
    )  # fmt: skip
    parser.add_argument("--all", action="store_true", help="show every record")
    add_json(parser, "one JSON object per line")
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    limit = None if args.all else args.limit
    with History() as history:
        target_id = None
        if args.to is not None:
            target_id = resolve_target(history, args.to)
            if target_id is None:
                print(f"compose history: nothing recorded for '{args.to}'", file=sys.stderr)
                return 0
        records = history.iter_records(
            target_id=target_id, outcome=args.outcome, limit=limit, kind=args.kind
        )
        out = sys.stdout
        shown = 0
        for record in records:
            text = json.dumps(record.to_dict(), ensure_ascii=False) if args.json else line(record)
            out.write(text + "\n")
            shown += 1
        total = history.count()
    if not args.json:
        if shown == 0:
            print(_nothing_shown(args.to, args.outcome, total), file=sys.stderr)
        elif limit is not None and shown == limit and total > shown:
            print(f"({shown} shown; --all for every record)", file=sys.stderr)
    return 0


def _nothing_shown(to: str | None, outcome: str | None, total: int) -> str:
    if total == 0:
        return "no notes recorded yet: compose --to PROFILE.json drafts one"
    if to is not None:
        what = f" {outcome}" if outcome else ""
        return f"compose history: nothing{what} recorded for '{to}'"
    if outcome is not None:
        return f"compose history: no {outcome} notes ({total} recorded in all)"
    return "compose history: nothing shown (--limit 0)"


def line(record: Record) -> str:
    """One line per record: id, date, person, kind ("note", "follow-up 2"), status,
    checker verdict, the note's start."""
    verdict = "ok" if record.ok else f"{record.errors} err"
    if record.warnings:
        verdict += f" {record.warnings}w"
    note = " ".join(record.note.split())
    if len(note) > 48:
        note = note[:47] + "…"
    kind = "note" if record.kind == "note" else f"{record.kind} {record.nth}"
    name = record.target_name if len(record.target_name) <= 22 else record.target_name[:21] + "…"
    return (
        f"{record.id:>5}  {record.created_at[:10]}  {name:<22}  {kind:<11}  {record.status:<8}  "
        f"{verdict:<9}  {note}"
    )
