"""``compose check "the note" [--to T] ...``: lint a note you wrote against the rule catalogue.

The note comes as an argument, or ``-`` (or a pipe with no argument) for stdin. Human
output in the manner of a linter, one diagnostic per finding and a ``help:`` line
saying why, then a summary; ``--json`` prints one object. Without ``--to`` the rules
that need the target (wrong name, language) are skipped.
Exit status: 0 no errors, 1 the note has errors, 2 bad input or usage.
Imports neither jinja2, openai nor textual: it starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, NoReturn

from composer.errors import InputError
from composer.findings import Finding, Report
from composer.goals import PRESETS, make_goal
from composer.profile import Profile, load_profile

SENDER_ENV = "COMPOSER_SENDER"
MAX_NOTE_BYTES = 64 * 1024  # a note is 300 characters at most; anything huge is a mistake


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (exit 2) instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see compose check --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    parser.add_argument(
        "--from", dest="sender", metavar="ME.json",
        help=f"your own profile [{SENDER_ENV}]: recognises your self-introduction",
    )  # fmt: skip
    goal = parser.add_mutually_exclusive_group()
    goal.add_argument("--goal", metavar="TEXT", help="why you want this contact, in your words")
    goal.add_argument("--goal-preset", metavar="NAME", help=f"a preset goal: {', '.join(PRESETS)}")
    parser.add_argument(
        "--limit", type=int, choices=(200, 300), default=200,
        help="the note's limit: 200 (free account, default) or 300 (Premium)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help printed its text
        return exc.code if isinstance(exc.code, int) else 0
    note = _read_note(args.note)
    target = load_profile(args.to) if args.to else None
    sender = _sender(args.sender)
    goal = make_goal(args.goal, args.goal_preset)

    from composer.audits import audit_sender, audit_target
    from composer.checker import check_note

    report = check_note(note, target, sender, goal if goal else None, args.limit)
    audits: list[Finding] = []
    if sender is not None:
        audits += audit_sender(sender)
    if target is not None:
        audits += audit_target(target, sender, goal if goal else None)
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


def _sender(path: str | None) -> Profile | None:
    if path:
        return load_profile(path)
    env_path = os.environ.get(SENDER_ENV, "").strip()
    if not env_path:
        return None
    try:
        return load_profile(env_path)
    except InputError as exc:
        raise InputError(f"{exc.message} (set by {SENDER_ENV})") from None


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


def location(note: str, finding: Finding) -> str:
    """``note:LINE:COL`` (1-based) for a finding with a span, else ``note``."""
    if finding.start is None or finding.start > len(note):
        return "note"
    before = note[: finding.start]
    line = before.count("\n") + 1
    col = finding.start - (before.rfind("\n") + 1) + 1
    return f"note:{line}:{col}"


def format_report(note: str, report: Report, audits: list[Finding]) -> str:
    """Audits, one diagnostic and help line per finding, and a summary line."""
    from composer.checker.rules import RULES

    lines = [f"profile: {a.rule} [{a.severity}] {a.message}" for a in audits]
    for finding in report.findings:
        lines.append(
            f"{location(note, finding)}: {finding.rule} [{finding.severity}] {finding.message}"
        )
        rule = RULES.get(finding.rule)
        if rule is not None:
            lines.append(f"  help: {rule.help}")
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "ok to send" if report.ok else "fix the errors before sending"
    language = f" [{report.language}]" if report.language else ""
    lines.append(
        f"{report.length}/{report.limit} characters, {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}: {verdict}{language}"
    )
    return "\n".join(lines) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
