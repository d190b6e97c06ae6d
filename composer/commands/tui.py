"""``compose tui``: open the terminal UI, optionally pre-filled.

``compose`` with no arguments and ``compose --goal X`` without ``--to`` land here too.
With a target and a goal the UI drafts at once. Textual is imported only here, after
the arguments are known to be good.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from composer.config import add_engine_arguments, env_value, settings_from_args
from composer.draft import LIMITS
from composer.goals import Goal, make_goal


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compose tui",
        description="Compose, check and edit a connection note interactively.",
    )
    parser.add_argument("--to", metavar="TARGET", help="the target's profile (JSON)")
    parser.add_argument(
        "--from", dest="sender", metavar="SENDER",
        help="your own profile (JSON, or a LinkedIn export); default $COMPOSER_SENDER",
    )  # fmt: skip
    goal = parser.add_mutually_exclusive_group()
    goal.add_argument("--goal", metavar="TEXT", help="what you want, in your words")
    goal.add_argument("--goal-preset", metavar="NAME", help="a named goal, e.g. job-search")
    parser.add_argument("--limit", type=int, choices=LIMITS, default=200,
                        help="the note's limit: 200 (free) or 300 (Premium)")  # fmt: skip
    parser.add_argument("--lang", choices=("en", "es"), default=None,
                        help="write in this language (default: the target's)")  # fmt: skip
    parser.add_argument("--theme", choices=("dark", "light"), default=None,
                        help="the colour theme (default dark)")  # fmt: skip
    add_engine_arguments(parser)
    return parser


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_from_args(args)
    goal: Goal = make_goal(args.goal, args.goal_preset)
    sender = args.sender or env_value("COMPOSER_SENDER")  # the environment, then .env

    from composer.tui.app import make_app

    app = make_app(
        target=Path(args.to) if args.to else None,
        sender=Path(sender) if sender else None,
        goal=goal,
        settings=settings,
        limit=args.limit,
        language=args.lang,
        candidates=int(getattr(settings, "candidates", 3)),
        theme={"dark": "textual-dark", "light": "textual-light"}.get(args.theme or ""),
    )
    app.run()
    return 0
