"""What the commands share: their parser, their common flags, the sender, finding lines.

- ``Parser(prog=...)``: an ``argparse`` parser whose usage errors are one line, like every
  other compose error (``InputError``: exit 2, ``compose: error: ... (see PROG --help)``).
  ``parse(parser, argv)`` returns None when ``--help`` was printed, so a command's ``run``
  returns 0 instead of raising ``SystemExit``.
- ``add_sender``, ``add_goal``, ``add_limit``, ``add_lang``, ``add_json``: the flags several
  commands take (``--from``, ``--goal``/``--goal-preset``, ``--limit``, ``--lang``, ``--json``),
  declared once; a command passes its own help text where the flag means more there.
- ``sender_path(flag)`` / ``load_sender(flag)``: the user's own profile from ``--from``,
  else ``COMPOSER_SENDER`` (the environment, then ``.env``), else none.
- ``goal_of(args)``: the ``Goal`` from ``--goal``/``--goal-preset``.
- ``given_path(value, what, expected)``: a path argument, refused when empty.
- ``audit_line``, ``finding_line``, ``plural``: one diagnostic per line, linter style.
- ``EXIT_STATUS`` (the epilog of commands that judge nothing) and ``PERSON`` (how
  history, mark and forget describe the person they take).

Standard library and light composer modules only: ``compose check`` imports this.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, NoReturn

from composer.config.dotenv import env_value
from composer.core.errors import InputError, did_you_mean
from composer.core.findings import Finding
from composer.core.goals import PRESETS, Goal, make_goal
from composer.profile import Profile, load_profile

SENDER_ENV = "COMPOSER_SENDER"
LANGUAGES = ("en", "es")
# What history, mark and forget accept for a person (see composer.history.lookup).
PERSON = "a profile JSON file, a profile URL, an identity from compose history, or a name"
LIMITS = (200, 300)  # composer.core.contract.LIMITS; not imported, so `compose check` stays light
EXIT_STATUS = "exit status: 0 done, 2 bad input or usage"  # commands that judge nothing


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` tells it ($COLUMNS, then the
    terminal, else 80), without importing shutil."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the width found as above. argparse makes one for every
    ``add_argument``; its own width lookup imports shutil (and bz2, lzma with it), ~2 ms
    of a ``compose check`` that must stay within 5x of an empty Python's start."""

    def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("width", max(_columns() - 2, 20))  # argparse's own margin
        super().__init__(prog, *args, **kwargs)


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (exit 2) instead of a usage dump."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message}{self._suggestion(message)} (see {self.prog} --help)")

    def _suggestion(self, message: str) -> str:
        """ "did you mean" for a mistyped flag (``--too``) or choice (``sen``)."""
        if message.startswith("unrecognized arguments: "):
            for token in message.split(": ", 1)[1].split():
                if token.startswith("--"):
                    flags = [f for f in self._option_string_actions if f.startswith("--")]
                    return did_you_mean(token.split("=")[0], flags)
            return ""
        if "invalid choice: '" in message:
            word = message.split("invalid choice: '", 1)[1].split("'", 1)[0]
            for action in self._actions:
                if action.choices and message.startswith(f"argument {_name(action)}:"):
                    return did_you_mean(word, [str(c) for c in action.choices])
        return ""


def _name(action: argparse.Action) -> str:
    """How argparse names an argument in its messages ("--engine", "outcome")."""
    return "/".join(action.option_strings) or str(action.metavar or action.dest)


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | None:
    """The parsed arguments, or None when ``--help`` printed its text."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # only --help gets here: errors raise InputError
        if exc.code not in (0, None):
            raise
        return None
    if getattr(args, "limit_from_tier", False) and args.limit is None:
        from composer.config.settings import load_account

        args.limit = load_account(tier=args.tier).note_limit  # --tier > COMPOSER_TIER
    return args


# --- the flags several commands take -----------------------------------------------------


def add_sender(parser: argparse.ArgumentParser, help_text: str = "your own profile") -> None:
    """``--from ME.json`` (stored as ``args.sender``); the help names the variable."""
    parser.add_argument(
        "--from", dest="sender", metavar="ME.json",
        help=f"{help_text} (JSON, or a LinkedIn data export) [{SENDER_ENV}]",
    )  # fmt: skip


def add_goal(
    parser: argparse.ArgumentParser,
    help_text: str = "why you want this contact, in your words",
) -> None:
    """``--goal TEXT`` and/or ``--goal-preset NAME``: the preset sets the kind of goal,
    the words say what exactly (as in batch rows and the UI)."""
    parser.add_argument("--goal", metavar="TEXT", help=help_text)
    parser.add_argument(
        "--goal-preset", metavar="NAME",
        help=f"a preset goal, alone or with --goal: {', '.join(PRESETS)}",
    )  # fmt: skip


MAX_COUNT = 2**62  # SQLite's INTEGER holds up to 2**63 - 1


def count(value: str) -> int:
    """An argparse type for a count: a whole number from 0 up (a huge one is capped
    where SQLite would overflow, "-1" is an error rather than a silent 0)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return min(number, MAX_COUNT)


def add_limit(parser: argparse.ArgumentParser) -> None:
    """``--limit 200|300`` and ``--tier free|premium``: without --limit, the tier's limit
    (``parse`` fills ``args.limit`` in: 200 free, 300 premium)."""
    from composer.config.settings import add_tier_argument

    parser.add_argument(
        "--limit", type=int, choices=LIMITS, default=None,
        help="the note's limit in characters: 200 (free account) or 300 (Premium) "
        "[default: the --tier's]",
    )  # fmt: skip
    add_tier_argument(parser)
    parser.set_defaults(limit_from_tier=True)


def add_lang(
    parser: argparse.ArgumentParser,
    help_text: str = "write in this language (default: the target's language)",
) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=help_text)


def add_json(parser: argparse.ArgumentParser, help_text: str = "print one JSON object") -> None:
    parser.add_argument("--json", action="store_true", help=help_text)


# --- reading what the flags name -----------------------------------------------------------


def sender_path(flag: str | None) -> str | None:
    """``--from``, else ``COMPOSER_SENDER`` from the environment or ``.env``, else None."""
    if flag is not None:  # even "": `--from "$ME"` with ME unset is a mistake to report
        return flag
    return (env_value(SENDER_ENV) or "").strip() or None


def load_sender(flag: str | None) -> Profile | None:
    """The user's own profile (see ``sender_path``); a bad file named by the variable
    says so, since the user did not type it on this command line."""
    if flag is not None:
        return load_profile(flag)
    path = sender_path(None)
    if path is None:
        return None
    try:
        return load_profile(path)
    except InputError as exc:
        raise InputError(f"{exc.message} (set by {SENDER_ENV})") from None


def given_path(value: str, what: str, expected: str) -> str:
    """``value`` unless it is empty: ``Path("")`` is the current folder, which a command
    would read (or write) as if the user had named it. ``--out "$OUT"`` with OUT unset."""
    if not value.strip():
        raise InputError(f"the {what} path is empty: give {expected}")
    return value


def goal_of(args: argparse.Namespace) -> Goal:
    """The goal from ``--goal``/``--goal-preset`` (an unknown preset is an ``InputError``)."""
    return make_goal(args.goal, args.goal_preset)


# --- human output ---------------------------------------------------------------------------


def audit_line(audit: Finding) -> str:
    """``profile: rule [severity] message``: a warning about a profile, not the note."""
    return f"profile: {audit.rule} [{audit.severity}] {audit.message}"


def location(note: str, finding: Finding) -> str:
    """``note:LINE:COL`` (1-based) for a finding with a span, else ``note``."""
    if finding.start is None or finding.start > len(note):
        return "note"
    before = note[: finding.start]
    line = before.count("\n") + 1
    col = finding.start - (before.rfind("\n") + 1) + 1
    return f"note:{line}:{col}"


def finding_line(note: str, finding: Finding) -> str:
    """``note:LINE:COL: rule [severity] message``, the way linters print a diagnostic."""
    return f"{location(note, finding)}: {finding.rule} [{finding.severity}] {finding.message}"


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {word}" + ("" if n == 1 else "s")
