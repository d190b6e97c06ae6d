"""The errors Composer raises on purpose, each with the exit status the CLI uses.

Every message is one line a person can act on: it names the file and the field
for bad input, the URL for an unreachable server, and never contains a secret.
"""

from __future__ import annotations

from collections.abc import Iterable


class ComposerError(Exception):
    """Base class: an expected failure with a one-line message and an exit status."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(ComposerError):
    """Bad input from the user: a profile, a note, a CSV row, a flag. Exit 2."""

    def __init__(self, message: str, *, path: str | None = None, field: str | None = None) -> None:
        where = path or ""
        if field:
            where = f"{where}: field '{field}'" if where else f"field '{field}'"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.field = field


class ConfigError(ComposerError):
    """Bad or missing configuration (model, base URL, key). Exit 2."""


class ProviderError(ComposerError):
    """The LLM provider failed after the retries (auth, rate limit, unreachable). Exit 3."""

    exit_code = 3


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'check'?"`` for the choice closest to a mistyped ``word``, or ""."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
