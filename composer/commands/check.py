"""``compose check "the note" [--to T] ...``: lint a note you wrote against the rule catalogue.

The note comes as an argument, or ``-`` (or a pipe with no argument) for stdin. Human
output in the manner of a linter, one diagnostic per finding and a ``help:`` line
saying why, then a summary; ``--json`` prints one object. Without ``--to`` the rules
that need the target (wrong name, language) are skipped.
Exit status: 0 no errors, 1 the note has errors, 2 bad input or usage.
Imports neither jinja2, openai nor textual: it starts fast.
"""

from __future__ import annotations

import gc
import json
import sys
from typing import Any

from composer.commands._common import (
    Parser,
    add_goal,
    add_json,
    add_limit,
    add_sender,
    audit_line,
    finding_line,
    goal_of,
    load_sender,
    parse,
    plural,
)
from composer.core.errors import InputError
from composer.core.findings import Finding, Report
from composer.profile import load_profile

MAX_NOTE_BYTES = 64 * 1024  # a note is 300 characters at most; anything huge is a mistake


def build_parser() -> Parser:
    parser = Parser(
        prog="compose check",
        description="Check a connection-request note against the rule catalogue "
        "(compose rules lists it).",
        epilog="exit status: 0 no errors, 1 the note has errors, 2 bad input or usage",
    )
    parser.add_argument(
        "note", nargs="?", default=None,
        help="the note; '-' or a pipe reads it from standard input",
    )  # fmt: skip
    parser.add_argument(
        "--to", metavar="TARGET.json",
        help="the profile of the person it is for (enables the name and language rules)",
    )  # fmt: skip
    add_sender(parser, "your own profile, to recognise your self-introduction")
    add_goal(parser)
    add_limit(parser)
    add_json(parser)
    return parser


def run(argv: list[str]) -> int:
    # A check makes many small objects (the parsed profiles, the lexicon) and no garbage
    # worth collecting: the collector's passes over them are ~3 ms of a 50 ms process
    # that editors run on every save. Paused for the command, then restored (tests call
    # this in-process).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check(argv)
    finally:
        if enabled:
            gc.enable()


def _check(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    note = _read_note(args.note)
    target = load_profile(args.to) if args.to is not None else None  # "" is an error
    sender = load_sender(args.sender)
    goal = goal_of(args)

    from composer.checker import check_note
    from composer.checker.audits import audit_people

    report = check_note(note, target, sender, goal if goal else None, args.limit)
    audits = audit_people(target, sender, goal if goal else None)
    if args.json:
        print(json.dumps(to_json(note, report, audits), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_report(note, report, audits))
    return 0 if report.ok else 1


def _read_note(arg: str | None) -> str:
    if arg is not None and arg != "-":
        return arg
    if arg is None and (sys.stdin is None or sys.stdin.isatty()):
        raise InputError("give the note as an argument, or '-' to read it from standard input")
    stream = sys.stdin.buffer if sys.stdin is not None else None
    raw = stream.read(MAX_NOTE_BYTES + 1) if stream is not None else b""
    if len(raw) > MAX_NOTE_BYTES:
        raise InputError(f"note is over {MAX_NOTE_BYTES // 1024} KB", path="<stdin>")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (bad byte at offset {exc.start})", path="<stdin>"
        ) from None
    # `echo "note" | compose check` adds a newline that is not part of the note.
    return text.removesuffix("\n").removesuffix("\r")


def to_json(note: str, report: Report, audits: list[Finding]) -> dict[str, Any]:
    return {
        "note": note,
        "length": report.length,
        "limit": report.limit,
        "language": report.language,
        "ok": report.ok,
        "findings": [f.to_dict() for f in report.findings],
        "audits": [f.to_dict() for f in audits],
    }


def format_report(note: str, report: Report, audits: list[Finding]) -> str:
    """Audits, one diagnostic and help line per finding, and a summary line."""
    from composer.checker.rules import RULES

    lines = [audit_line(audit) for audit in audits]
    for finding in report.findings:
        lines.append(finding_line(note, finding))
        rule = RULES.get(finding.rule)
        if rule is not None:
            lines.append(f"  help: {rule.help}")
    errors, warnings = len(report.errors), len(report.warnings)
    # The words of `compose --to`'s verdict, so that one grep serves both commands.
    verdict = "ok" if report.ok else "NOT ok: fix the errors before sending"
    language = f" [{report.language}]" if report.language else ""
    lines.append(
        f"{report.length}/{report.limit} characters, {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}: {verdict}{language}"
    )
    return "\n".join(lines) + "\n"
