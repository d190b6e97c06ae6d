"""``.env`` in the working directory: the variables Composer reads, parsed without a
dependency, and ``env_value(name)``, one variable by the documented order (the
environment, then ``.env``).

Standard library only, and apart from ``composer.config.settings``: ``compose check`` reads
``COMPOSER_SENDER`` and the history ``COMPOSER_HOME`` without the engine settings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path

from composer.core.errors import ConfigError

# Every variable Composer reads (documented in .env.example). A .env file may set only these.
ENV_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "COMPOSER_ENGINE",
    "COMPOSER_MODEL",
    "COMPOSER_TIMEOUT",
    "COMPOSER_MAX_ATTEMPTS",
    "COMPOSER_DEADLINE",
    "COMPOSER_RETRY_AFTER_CAP",
    "COMPOSER_CANDIDATES",
    "COMPOSER_TEMPERATURE",
    "COMPOSER_SENDER",
    "COMPOSER_HOME",
    "COMPOSER_TIER",
    "COMPOSER_NOTES_PER_MONTH",
    "COMPOSER_WEEKLY_INVITES",
)

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def parse_dotenv(
    text: str, source: str = ".env", only: Collection[str] | None = None
) -> dict[str, str]:
    """Parse ``KEY=VALUE`` lines: ``#`` comments, ``export``, single or double quotes.

    Double-quoted values understand ``\\n``, ``\\t``, ``\\"`` and ``\\\\``; single-quoted
    values are literal; quoted values may span lines; an unquoted value ends at `` #``.
    A malformed line raises ``ConfigError`` naming the file and the line. With ``only``,
    just those variables are returned, and malformed lines about other variables are
    skipped: a ``.env`` is often shared with other tools and their syntax.
    """
    values: dict[str, str] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        ours = only is None or _first_word(line) in only
        if not match:
            if ours:
                # The line itself is never echoed: it may be a pasted secret.
                raise ConfigError(f"{source}:{number}: expected KEY=VALUE")
            continue
        key, raw = match.groups()
        if raw[:1] in ("'", '"'):  # a quoted value may go on over the next lines
            while _closing_quote(raw, raw[0]) < 0 and index < len(lines):
                raw += "\n" + lines[index]
                index += 1
        try:
            value = _dotenv_value(raw, source, number)
        except ConfigError:
            if ours:
                raise
            continue
        if ours:
            values[key] = value
    return values


def _first_word(line: str) -> str:
    """The variable a line is about, even a malformed one ('' if none)."""
    match = re.match(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)", line)
    return match.group(1) if match else ""


def _dotenv_value(raw: str, source: str, number: int) -> str:
    if raw[:1] in ("'", '"'):
        quote = raw[0]
        end = _closing_quote(raw, quote)
        if end < 0:
            raise ConfigError(f"{source}:{number}: unterminated {quote} quote")
        rest = raw[end + 1 :].strip()
        if rest and not rest.startswith("#"):
            raise ConfigError(f"{source}:{number}: unexpected text after the closing quote")
        inner = raw[1:end]
        if quote == '"':
            escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
            inner = re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), inner)
        return inner
    return re.split(r"\s+#", raw, maxsplit=1)[0].strip()


def _closing_quote(raw: str, quote: str) -> int:
    i = 1
    while i < len(raw):
        if raw[i] == "\\" and quote == '"':
            i += 2
            continue
        if raw[i] == quote:
            return i
        i += 1
    return -1


def read_dotenv(directory: Path | None = None) -> dict[str, str]:
    """The known variables from ``.env`` in ``directory`` (default: the working directory)."""
    path = (directory or Path.cwd()) / ".env"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({type(exc).__name__})") from None
    return parse_dotenv(text, str(path), only=ENV_VARS)


def env_value(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """One variable by the documented order: environment, then ``.env``. Empty is unset."""
    env = os.environ if environ is None else environ
    if env.get(name):
        return env[name]
    return read_dotenv().get(name) or None
