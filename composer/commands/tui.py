"""``compose tui``: open the terminal UI, optionally pre-filled.

``compose`` with no arguments and ``compose --goal X`` without ``--to`` land here too.
With a target and a goal the UI drafts at once. Textual is imported only here, after
the arguments are known to be good.
"""

from __future__ import annotations

import sys
from pathlib import Path

from composer.commands._common import (
    EXIT_STATUS,
    Parser,
    add_goal,
    add_lang,
    add_limit,
    add_sender,
    goal_of,
    parse,
    sender_path,
)
from composer.config.settings import add_engine_arguments, load_account, settings_from_args
from composer.core.errors import InputError


def has_terminal() -> bool:
    """True when the UI can take over a terminal: stdin and stdout are both one."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def build_parser(prog: str = "compose tui") -> Parser:
    parser = Parser(
        prog=prog,
        description="Compose, check and edit a connection note interactively.",
        epilog=EXIT_STATUS,
    )
    parser.add_argument(
        "--to", metavar="TARGET.json", help="the profile of the person you are writing to"
    )
    add_sender(parser)
    add_goal(parser)
    add_limit(parser)
    add_lang(parser)
    parser.add_argument("--theme", choices=("dark", "light"), default=None,
                        help="the colour theme (default dark)")  # fmt: skip
    add_engine_arguments(parser)
    return parser


def run(argv: list[str], prog: str = "compose tui") -> int:
    """``prog``: "compose" when the UI opens from options without a command."""
    args = parse(build_parser(prog), argv)
    if args is None:  # --help
        return 0
    settings = settings_from_args(args)
    goal = goal_of(args)
    sender = sender_path(args.sender)
    if not has_terminal():  # a pipe or a script: the UI would draw into it and wait for keys
        raise InputError(
            "the terminal UI needs a terminal (stdin and stdout); for a one-shot note give"
            " --to TARGET.json (see compose --help)"
        )

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
        account=load_account(tier=args.tier),
    )
    app.run()
    return 0
