"""``compose mark ID sent|accepted|ignored``: record what happened to a drafted note."""

from __future__ import annotations

from composer.commands._parser import Parser, parse
from composer.history import OUTCOMES, History


def build_parser() -> Parser:
    parser = Parser(
        prog="compose mark",
        description="Record what happened to a note (the ID is shown by compose history).",
    )
    parser.add_argument("id", type=int, metavar="ID", help="the record's id in compose history")
    parser.add_argument("outcome", choices=OUTCOMES, help="what happened")
    parser.add_argument(
        "--without-note", action="store_true",
        help="the invitation went out without this note (for the with/without statistics)",
    )  # fmt: skip
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    with History() as history:
        record = history.mark(args.id, args.outcome, with_note=not args.without_note)
    how = " (sent without the note)" if not record.with_note else ""
    print(f"#{record.id} {record.target_name}: {record.outcome}{how}")
    return 0
