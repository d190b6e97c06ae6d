"""``compose --to TARGET.json ...``: draft one note, check it, print it with the verdict.

Human output: the profile audits first (warnings that never block), then the note,
then the checker's findings in the manner of a linter and a verdict line naming the
engine. ``--json`` prints exactly one JSON object, ``DraftResult.to_dict()``.
Exit status: 0 the note is ok, 1 the best note still has errors, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import NoReturn

from composer.config import add_engine_arguments, settings_from_args
from composer.draft import LIMITS, DraftRequest, DraftResult
from composer.errors import InputError
from composer.findings import Finding
from composer.goals import PRESETS, make_goal
from composer.profile import Profile, load_profile

SENDER_ENV = "COMPOSER_SENDER"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (exit 2) instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see compose --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="compose",
        description="Draft a LinkedIn connection-request note for one person, check it "
        "against the rule catalogue and print it with the verdict.",
        epilog="exit status: 0 note ok, 1 note still has errors, 2 bad input or usage, "
        "3 the LLM provider failed",
    )
    parser.add_argument(
        "--to", required=True, metavar="TARGET.json",
        help="the profile of the person you are writing to (native or JSON Resume)",
    )  # fmt: skip
    parser.add_argument(
        "--from", dest="sender", metavar="ME.json",
        help=f"your own profile [{SENDER_ENV}]; used to introduce you and to find common ground",
    )  # fmt: skip
    goal = parser.add_mutually_exclusive_group()
    goal.add_argument("--goal", metavar="TEXT", help="why you want this contact, in your words")
    goal.add_argument(
        "--goal-preset", metavar="NAME",
        help=f"a preset goal: {', '.join(PRESETS)}",
    )  # fmt: skip
    parser.add_argument(
        "--limit", type=int, choices=LIMITS, default=200,
        help="the note's limit: 200 (free account, default) or 300 (Premium)",
    )  # fmt: skip
    parser.add_argument(
        "--lang", choices=("en", "es"), default=None,
        help="write in this language (default: the target's language)",
    )  # fmt: skip
    parser.add_argument(
        "--seed", type=int, default=None, metavar="N",
        help="another variant of the offline draft (same N, same note)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_engine_arguments(parser)
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help printed its text
        return exc.code if isinstance(exc.code, int) else 0
    from composer.pipeline import compose_note

    settings = settings_from_args(args)
    request = DraftRequest(
        target=load_profile(args.to),
        sender=_sender(args.sender),
        goal=make_goal(args.goal, args.goal_preset),
        limit=args.limit,
        language=args.lang,
        candidates=getattr(settings, "candidates", 3),
        seed=args.seed,
    )
    from composer.history import notice_for, record_draft

    notice = notice_for(request.target)  # drafted for or invited before: say so first
    if notice:
        print(f"compose: note: {notice}", file=sys.stderr)
    result = compose_note(request, settings)
    record_draft(request, result, source="cli")
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_result(result))
        if request.sender is None and "no-self-intro" in result.report.rules():
            # Nobody to introduce: the fix is a sender profile, not an invented intro.
            print(f"hint: pass --from ME.json (or set {SENDER_ENV}) so the note can introduce you")
    return 0 if result.ok else 1


def _sender(path: str | None) -> Profile | None:
    """The sender from ``--from``, else from ``$COMPOSER_SENDER``, else none."""
    if path:
        return load_profile(path)
    env_path = os.environ.get(SENDER_ENV, "").strip()
    if not env_path:
        return None
    try:
        return load_profile(env_path)
    except InputError as exc:
        raise InputError(f"{exc.message} (set by {SENDER_ENV})") from None


# --- human output -----------------------------------------------------------------------


def format_result(result: DraftResult) -> str:
    """Audits, the note, the findings and a verdict line, as the terminal shows them."""
    lines: list[str] = []
    for audit in result.audits:
        lines.append(f"profile: {audit.rule} [{audit.severity}] {audit.message}")
    if lines:
        lines.append("")
    lines.append(result.note if result.note else "(no note)")
    lines.append("")
    for finding in result.report.findings:
        lines.append(format_finding(result.note, finding))
    report = result.report
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "ok" if report.ok else "NOT ok: fix the errors before sending"
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    engine = result.engine + (f" ({result.model})" if result.model else "")
    hook = f", hook: {result.hook}" if result.hook else ""
    lines.append(
        f"{report.length}/{report.limit} characters, {counts}: {verdict} "
        f"[{result.language}, {engine} engine{hook}]"
    )
    return "\n".join(lines) + "\n"


def format_finding(note: str, finding: Finding) -> str:
    """``note:LINE:COL: rule [severity] message``, the way linters print a diagnostic."""
    where = "note"
    if finding.start is not None and finding.start <= len(note):
        before = note[: finding.start]
        line = before.count("\n") + 1
        col = finding.start - (before.rfind("\n") + 1) + 1
        where = f"note:{line}:{col}"
    return f"{where}: {finding.rule} [{finding.severity}] {finding.message}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
