"""``compose pending [--older-than 3w] [--json]``: outgoing invitations still unanswered.

The list is ``Budget.stale`` (``composer.linkedin.budget``): notes marked sent and never
marked accepted, ignored or withdrawn, and the outgoing invitations of imported exports
whose invitee never became a connection, each invitation counted once, oldest first.
Withdrawing is a trade-off, and the command says which: it frees the weekly pace and
protects the account, but LinkedIn then blocks re-inviting that person for about 3 weeks.
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from datetime import timedelta

from composer.commands._common import EXIT_STATUS, Parser, add_json, parse, plural
from composer.config.settings import load_account
from composer.history import History
from composer.linkedin.budget import STALE_AFTER, Budget, Sent, compute_budget

EXPIRES_AFTER = timedelta(days=183)  # LinkedIn: invitations expire after about 6 months

TRADE_OFF = (
    "Withdrawing frees room in the weekly pace and protects the account (many invitations"
    " left pending or ignored can get it restricted for about a week), but LinkedIn then"
    " blocks re-inviting the same person for about 3 weeks. Left alone, an invitation"
    " expires after about 6 months."
)
HOW = (
    "Withdraw on LinkedIn (My Network > Manage > Sent), then record it with"
    " compose mark ID withdrawn; an invitation known only from an export needs no mark:"
    " the next export you import no longer lists it."
)

_PART = re.compile(r"(\d+)([dw])")


def duration(text: str) -> timedelta:
    """An argparse type: ``3w``, ``21d``, ``2w3d`` (weeks and days)."""
    value = text.strip().lower()
    parts = _PART.findall(value)
    if not value or "".join(n + u for n, u in parts) != value:
        raise argparse.ArgumentTypeError(f"expected weeks and days such as 3w or 21d, got {text!r}")
    days = sum(int(n) * (7 if unit == "w" else 1) for n, unit in parts)
    return timedelta(days=min(days, 36500))


def build_parser() -> Parser:
    parser = Parser(
        prog="compose pending",
        description=(
            "The invitations you sent that are still waiting for an answer after --older-than,"
            " oldest first, with how long each has waited: from the notes marked sent (never"
            " marked accepted, ignored or withdrawn) and the imported exports, each counted"
            " once. Says what withdrawing them gains and costs."
        ),
        epilog=EXIT_STATUS,
    )
    parser.add_argument(
        "--older-than", type=duration, default=STALE_AFTER, metavar="AGE",
        help="list invitations waiting longer than this: 3w, 21d, 2w3d (default 3w)",
    )  # fmt: skip
    add_json(parser, "print the list as JSON")
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    with History() as history:
        budget = compute_budget(history, load_account())
    budget.stale_after = args.older_than
    if args.json:
        print(json.dumps(to_dict(budget), ensure_ascii=False, indent=2))
    else:
        print(render(budget), end="")
    return 0


def to_dict(budget: Budget) -> dict[str, object]:
    return {
        "older_than_days": budget.stale_after.days,
        "now": budget.now.isoformat(timespec="minutes"),
        "pending": len(budget.pending),
        "stale": [
            {**s.to_dict(budget.now), "waited": waited(s, budget), "expired": _expired(s, budget)}
            for s in budget.stale
        ],
        "trade_off": TRADE_OFF,
    }


def _expired(sent: Sent, budget: Budget) -> bool:
    return sent.waited(budget.now) > EXPIRES_AFTER


def waited(sent: Sent, budget: Budget) -> str:
    """'5 days', '3 weeks 2 days', '4 months', '1 year 2 months'."""
    days = sent.waited(budget.now).days
    if days < 14:
        return plural(days, "day")
    if days < 9 * 7:
        weeks, rest = divmod(days, 7)
        return plural(weeks, "week") + (f" {plural(rest, 'day')}" if rest else "")
    months = int(days / 30.44)
    years, months = divmod(months, 12)
    if not years:
        return plural(months, "month")
    return plural(years, "year") + (f" {plural(months, 'month')}" if months else "")


def _age(budget: Budget) -> str:
    days = budget.stale_after.days
    return plural(days // 7, "week") if days % 7 == 0 and days else plural(days, "day")


def render(budget: Budget) -> str:
    stale = budget.stale
    if not budget.known:
        return (
            "No invitations known yet: mark the notes you send (compose mark ID sent) or"
            " import a LinkedIn export (compose import EXPORT).\n"
        )
    if not stale:
        return (
            f"No invitation has waited over {_age(budget)}"
            f" ({plural(len(budget.pending), 'invitation')} without an answer in all).\n"
        )
    lines = [
        f"{plural(len(stale), 'invitation')} pending for over {_age(budget)}"
        f" (of {len(budget.pending)} without an answer), oldest first:",
    ]
    width = max(len(s.name) for s in stale)
    for s in stale:
        ident = f"#{s.record_id}" if s.record_id is not None else "export"
        note = "with a note" if s.with_note else "no note"
        expired = "  (probably expired)" if _expired(s, budget) else ""
        lines.append(
            f"  {ident:<7} {s.name:<{width}}  sent {s.at:%d %b %Y}  waiting {waited(s, budget)}"
            f"  {note}{expired}"
        )
    old = sum(1 for s in stale if _expired(s, budget))
    lines.append("")
    if old:
        lines += _wrap(
            f"{plural(old, 'invitation')} waited over 6 months: LinkedIn has probably let"
            f" {'it' if old == 1 else 'them'} expire already (a newer export will say)."
        )
    lines += [*_wrap(TRADE_OFF), *_wrap(HOW)]
    return "\n".join(lines) + "\n"


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=88, break_on_hyphens=False)
