"""``compose --to TARGET.json ...``: draft one note, check it, print it with the verdict.

Human output: the profile audits first (warnings that never block), then the note,
then the checker's findings in the manner of a linter and a verdict line naming the
engine. ``--json`` prints exactly one JSON object, ``DraftResult.to_dict()``.
Exit status: 0 the note is ok, 1 the best note still has errors, 2 bad input or usage.
"""

from __future__ import annotations

import json
import sys

from composer.commands._common import (
    SENDER_ENV,
    Parser,
    add_goal,
    add_json,
    add_lang,
    add_limit,
    add_sender,
    audit_line,
    finding_line,
    goal_of,
    load_sender,
    parse,
    plural,
)
from composer.config.settings import add_engine_arguments, settings_from_args
from composer.core.contract import DraftRequest, DraftResult
from composer.core.errors import InputError
from composer.profile import load_profile


def build_parser() -> Parser:
    parser = Parser(
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
    add_sender(parser, "your own profile, to introduce you and to find common ground")
    add_goal(parser)
    add_limit(parser)
    add_lang(parser)
    parser.add_argument(
        "--seed", type=int, default=None, metavar="N",
        help="another variant of the offline draft (same N, same note)",
    )  # fmt: skip
    add_json(parser)
    add_engine_arguments(parser)
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    from composer.drafting.pipeline import compose_note

    settings = settings_from_args(args)
    request = DraftRequest(
        target=load_profile(args.to),
        sender=load_sender(args.sender),
        goal=goal_of(args),
        limit=args.limit,
        language=args.lang,
        candidates=getattr(settings, "candidates", 3),
        seed=args.seed,
        register=settings.register,
    )
    if request.sender is not None and request.target.identity() == request.sender.identity():
        raise InputError("this is your own profile (the same person as --from): nobody to invite",
                         path=args.to)  # fmt: skip
    from composer.drafting.recording import record_in_history
    from composer.history import notice_for

    notice = notice_for(request.target)  # drafted for or invited before: say so first
    if notice:
        print(f"compose: note: {notice}", file=sys.stderr)
    from composer.linkedin.standing import network_audits

    standing = network_audits(request.target)  # already connected or invited: shown first
    result = compose_note(request, settings, record=record_in_history("cli"))
    result.audits = [*standing, *result.audits]  # not in the history: only the note's
    from composer.config.settings import load_account
    from composer.linkedin.budget import budget_notice, current_budget

    budget = current_budget(load_account(tier=args.tier))
    # On stderr, as the history's notice (stdout stays the note); said once anything
    # was marked sent or imported: before that there is nothing to count.
    if budget is not None and budget.known:
        print(f"compose: {budget_notice(budget)}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_result(result))
        if request.sender is None and "no-self-intro" in result.report.rules():
            # Nobody to introduce: the fix is a sender profile, not an invented intro.
            print(f"hint: pass --from ME.json (or set {SENDER_ENV}) so the note can introduce you")
    return 0 if result.ok else 1


# --- human output -----------------------------------------------------------------------


def format_result(result: DraftResult) -> str:
    """Audits, the note, the findings and a verdict line, as the terminal shows them."""
    lines = [audit_line(audit) for audit in result.audits]
    if lines:
        lines.append("")
    lines.append(result.note if result.note else "(no note)")
    lines.append("")
    lines += [finding_line(result.note, finding) for finding in result.report.findings]
    report = result.report
    verdict = "ok" if report.ok else "NOT ok: fix the errors before sending"
    counts = f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}"
    engine = result.engine + (f" ({result.model})" if result.model else "")
    hook = f", hook: {result.hook}" if result.hook else ""
    hook += "".join(f"; {remark}" for remark in result.remarks)
    lines.append(
        f"{report.length}/{report.limit} characters, {counts}: {verdict} "
        f"[{result.language}, {engine} engine{hook}]"
    )
    return "\n".join(lines) + "\n"
