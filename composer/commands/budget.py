"""``compose budget``: the notes left this month, the weekly pace and pending invitations.

Counts come from ``compose mark ID sent`` (with or without ``--without-note``) and from
imported exports (``compose import``), one invitation counted once. ``--json`` prints the
figures as one object.
"""

from __future__ import annotations

import json
from datetime import datetime

from composer.commands._common import EXIT_STATUS, Parser, add_json, parse, plural
from composer.config.settings import Account, account_from_args, add_account_arguments
from composer.history import History
from composer.linkedin.budget import Budget, compute_budget


def build_parser() -> Parser:
    parser = Parser(
        prog="compose budget",
        description=(
            "How many personalised notes are left this calendar month, how many invitations"
            " went out in the last 7 days against the weekly limit, how many are still"
            " pending (and how many for over 3 weeks), and when the next note is available."
        ),
        epilog=EXIT_STATUS,
    )
    add_account_arguments(parser)
    add_json(parser, "print the figures as JSON")
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    account = account_from_args(args)
    with History() as history:
        budget = compute_budget(history, account)
    if args.json:
        print(json.dumps(budget.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(budget, account), end="")
    return 0


def notes_line(budget: Budget) -> str:
    """'2 of 5 notes left this month (3 sent with a note since 1 Mar)' and the like."""
    used = (
        f"{plural(budget.notes_used_this_month, 'invitation')} sent with a note "
        f"since 1 {budget.now:%b}"
    )
    if budget.notes_left is None:
        return f"notes: no monthly limit ({budget.tier}); {used}"
    return f"notes: {budget.notes_left} of {budget.notes_per_month} left this month ({used})"


def next_note_line(budget: Budget) -> str:
    if budget.next_note <= budget.now:
        return "next note: available now"
    return (
        f"next note: {_day(budget.next_note)} (none left this month: send without a note now "
        "and keep the words for a first message once they accept)"
    )


def _day(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M %Z}".strip()


def render(budget: Budget, account: Account) -> str:
    week = (
        f"invitations: {budget.invitations_last_7_days} of {budget.weekly_limit} in the last "
        f"7 days ({budget.invitations_left_this_week} left this week)"
    )
    stale = budget.stale
    pending = f"pending: {plural(len(budget.pending), 'invitation')} without an answer"
    if stale:
        pending += f", {len(stale)} for over 3 weeks (withdrawing them frees the weekly pace)"
    lines = [
        f"account: {account.tier}, notes up to {budget.note_limit} characters",
        notes_line(budget),
        next_note_line(budget),
        week,
        pending,
    ]
    if budget.invitations_last_7_days >= budget.weekly_limit:
        lines.append("warning: the weekly limit is reached; LinkedIn may restrict the account")
    return "\n".join(lines) + "\n"
