"""``compose mark ID sent|accepted|ignored|withdrawn|replied``: record what happened to
a drafted note or follow-up.

ID is the number ``compose history`` shows; a person (profile file, URL or name) works
too and marks the note of theirs the user last took (copied or saved in the UI), else
the latest drafted for them; ``replied`` with a person marks their latest follow-up
(else their invitation). A follow-up is sent, replied or ignored, never accepted.
"""

from __future__ import annotations

from composer.commands._common import EXIT_STATUS, PERSON, Parser, parse
from composer.core.errors import InputError
from composer.history import OUTCOMES, History, Record
from composer.history.lookup import resolve_target


def build_parser() -> Parser:
    parser = Parser(
        prog="compose mark",
        description="Record what happened to a note (the ID is shown by compose history).",
        epilog=EXIT_STATUS,
    )
    parser.add_argument(
        "id", metavar="ID",
        help=f"the note's id in compose history, or a person ({PERSON}): the note you"
        " last copied or saved for them, else their latest",
    )  # fmt: skip
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
        record_id = _record_id(history, args.id, args.outcome)
        _check_kind(history.get(record_id), args.outcome)
        record = history.mark(record_id, args.outcome, with_note=not args.without_note)
    how = " (sent without the note)" if not record.with_note else ""
    print(f"#{record.id} {record.target_name}: {record.outcome}{how}")
    return 0


FOLLOW_UP_OUTCOMES = ("sent", "replied", "ignored")


def _check_kind(record: Record | None, outcome: str) -> None:
    if record is not None and record.kind == "follow-up" and outcome not in FOLLOW_UP_OUTCOMES:
        raise InputError(
            f"#{record.id} is a follow-up message: mark it "
            f"{', '.join(FOLLOW_UP_OUTCOMES)}, not {outcome}"
        )


def _record_id(history: History, text: str, outcome: str) -> int:
    if text.strip().lstrip("#").isdigit():
        return int(text.strip().lstrip("#"))
    identity = resolve_target(history, text)
    record = None
    if identity and outcome == "replied":
        record = history.to_mark(identity, kind="follow-up")
    if identity and record is None:
        record = history.to_mark(identity)
    if record is None:
        raise InputError(f"no note recorded for '{text}' (see compose history)")
    return record.id
