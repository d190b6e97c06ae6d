"""An ``argparse`` parser whose usage errors are one line, like every other compose error.

``Parser(prog=...)`` raises ``InputError`` (exit 2, ``compose: error: ...``) instead of
printing the usage block; ``parse(parser, argv)`` returns None when ``--help`` was
printed, so a command's ``run`` can return 0 rather than raise ``SystemExit``.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from composer.errors import InputError


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see {self.prog} --help)")


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | None:
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:  # only --help gets here: errors raise InputError
        if exc.code not in (0, None):
            raise
        return None
