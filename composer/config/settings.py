"""Settings: which engine drafts, and how it reaches an OpenAI-compatible LLM.

One documented order of precedence: command-line flags > environment > ``.env`` in the
working directory > defaults. ``settings_from_args(args)`` applies it for a command that
called ``add_engine_arguments(parser)``; ``load_settings(**flags)`` does the same for code
that has no argparse namespace (the TUI, batch workers, tests).

The API key is held in a ``Secret`` whose ``repr``/``str`` never show it, and
``Settings.__repr__`` leaves it out, so logging or printing settings cannot leak it.
This module is stdlib only: the offline path imports it. ``.env`` itself is read by
``composer.config.dotenv``.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.config.dotenv import read_dotenv
from composer.core.errors import ConfigError

if TYPE_CHECKING:
    from composer.config.backoff import Backoff

# What --engine accepts: "auto" and the engines' names. Only data here: which engine
# "auto" means is the engine registry's choice (``composer.drafting.engine.resolve``).
ENGINES = ("auto", "openai", "offline")

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 30.0  # seconds per HTTP request (the SDK's own default is 10 minutes)
DEFAULT_MAX_ATTEMPTS = 4  # HTTP attempts per request, retries included
DEFAULT_DEADLINE = 60.0  # seconds for one draft's requests, retries and waits included
DEFAULT_RETRY_AFTER_CAP = 20.0  # a longer Retry-After is not waited for: the note fails
DEFAULT_CANDIDATES = 3
DEFAULT_TEMPERATURE = 0.8
MAX_CANDIDATES = 8


class Secret:
    """A string that does not show itself: ``repr``/``str`` print ``'****'``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The real value, for the one place that needs it (the HTTP client)."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('****')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(slots=True)
class Settings:
    """Everything the drafting engines need; build it with ``load_settings``."""

    engine: str = "auto"  # what was asked: auto or an engine's name (``ENGINES``)
    model: str = DEFAULT_MODEL
    api_key: Secret | None = field(default=None, repr=False)
    base_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    deadline: float = DEFAULT_DEADLINE
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP
    candidates: int = DEFAULT_CANDIDATES
    temperature: float = DEFAULT_TEMPERATURE
    verbose: bool = False
    # Spanish notes: "tu" or "usted"; None lets the profiles and the goal decide (tú by
    # default, usted for "Dr."/"Dra." or a goal written with "usted"/"Estimado").
    register: str | None = None
    # A ``composer.drafting.llm.Backoff`` shared by concurrent workers (batch): a 429 pauses all.
    backoff: Backoff | None = field(default=None, repr=False, compare=False)
    # Where each value came from ("flag", "env", ".env", "default"), for --verbose.
    sources: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.api_key, str):  # callers may pass a plain string
            self.api_key = Secret(self.api_key) if self.api_key else None

    def endpoint(self) -> str:
        """The base URL requests go to, for messages (credentials in it removed)."""
        return redact_url(self.base_url or "https://api.openai.com/v1")


def redact_url(url: str) -> str:
    """``https://user:pw@host/v1?key=sk-1#t`` -> ``https://host/v1?key=***``: URLs in
    messages hide credentials, in the user part and in every query value (a key passed
    as ``?key=``/``?api-key=``) and the fragment."""
    url = re.sub(r"//[^/@\s]*@", "//", url)
    url = re.sub(r"([?&;][^=&;#\s]*=)[^&;#\s]*", r"\1***", url)
    return re.sub(r"#\S*", "", url)


# --- resolution ---------------------------------------------------------------------------

# Settings field -> (environment variable, parser). The parser gets the text and its origin.
_NUMBERS: dict[str, tuple[str, type, float, float]] = {
    # field: (variable, type, minimum, maximum)
    "timeout": ("COMPOSER_TIMEOUT", float, 0.1, 3600),
    "max_attempts": ("COMPOSER_MAX_ATTEMPTS", int, 1, 20),
    "deadline": ("COMPOSER_DEADLINE", float, 1, 3600),
    "retry_after_cap": ("COMPOSER_RETRY_AFTER_CAP", float, 0, 600),
    "candidates": ("COMPOSER_CANDIDATES", int, 1, MAX_CANDIDATES),
    "temperature": ("COMPOSER_TEMPERATURE", float, 0, 2),
}
_FLAG_NAMES = {
    "timeout": "--timeout",
    "max_attempts": "--max-attempts",
    "deadline": "--deadline",
    "retry_after_cap": "--retry-after-cap",
    "candidates": "--candidates",
    "temperature": "--temperature",
    "model": "--model",
    "engine": "--engine",
    "base_url": "--base-url",
    "register": "--register",
}
REGISTERS = ("tu", "usted")
_REGISTER_SPELLINGS = {"tu": "tu", "tú": "tu", "usted": "usted"}


def load_settings(
    *,
    environ: Mapping[str, str] | None = None,
    dotenv_dir: Path | None = None,
    **flags: Any,
) -> Settings:
    """Resolve settings: ``flags`` (None = not given) > environment > ``.env`` > defaults.

    Raises ``ConfigError`` (one line naming the flag or variable) for a bad value.
    """
    env = dict(os.environ if environ is None else environ)
    dotenv = read_dotenv(dotenv_dir)
    sources: dict[str, str] = {}

    def pick(name: str, variable: str | None) -> tuple[Any, str]:
        if flags.get(name) is not None:
            return flags[name], _FLAG_NAMES.get(name, name)
        if variable and env.get(variable):
            return env[variable], variable
        if variable and dotenv.get(variable):
            return dotenv[variable], f"{variable} (.env)"
        return None, "default"

    text: dict[str, str | None] = {}
    for name, variable in (
        ("engine", "COMPOSER_ENGINE"),
        ("model", "COMPOSER_MODEL"),
        ("base_url", "OPENAI_BASE_URL"),
        ("api_key", "OPENAI_API_KEY"),
    ):
        value, sources[name] = pick(name, variable)
        text[name] = str(value).strip() or None if value is not None else None
    key = text["api_key"]
    settings = Settings(
        engine=text["engine"] or "auto",
        model=text["model"] or DEFAULT_MODEL,
        api_key=Secret(key) if key else None,
        base_url=text["base_url"],
    )
    settings.model = settings.model or DEFAULT_MODEL
    settings.engine = (settings.engine or "auto").lower()
    if settings.engine not in ENGINES:
        raise ConfigError(
            f"{sources['engine']}: unknown engine '{settings.engine}' "
            f"(choose one of: {', '.join(ENGINES)})"
        )
    if settings.base_url:
        settings.base_url = settings.base_url.rstrip("/")
        if not re.match(r"^https?://[^/\s]+", settings.base_url):
            raise ConfigError(
                f"{sources['base_url']}: expected an http(s) URL such as "
                f"http://localhost:11434/v1, got '{redact_url(settings.base_url)}'"
            )
    for name, (variable, kind, low, high) in _NUMBERS.items():
        value, origin = pick(name, variable)
        sources[name] = origin
        if value is not None:
            setattr(settings, name, _number(value, kind, low, high, origin))
    value, sources["register"] = pick("register", "COMPOSER_REGISTER")
    if value is not None and str(value).strip():
        register = _REGISTER_SPELLINGS.get(str(value).strip().casefold())
        if register is None:
            raise ConfigError(
                f"{sources['register']}: expected tu or usted, got '{str(value).strip()[:30]}'"
            )
        settings.register = register
    settings.verbose = bool(flags.get("verbose"))
    settings.sources = sources
    return settings


def _number(value: Any, kind: type, low: float, high: float, origin: str) -> Any:
    what = "a whole number" if kind is int else "a number"
    try:
        number = kind(str(value).strip())
    except ValueError:
        raise ConfigError(f"{origin}: expected {what}, got '{str(value)[:30]}'") from None
    if not low <= number <= high:
        raise ConfigError(f"{origin}: expected {what} from {low:g} to {high:g}, got {number:g}")
    return number


# --- argparse --------------------------------------------------------------------------------


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the flags that choose and configure the drafting engine."""
    group = parser.add_argument_group("drafting engine (flags > environment > .env > defaults)")
    group.add_argument(
        "--engine", default=None, choices=ENGINES,
        help="who drafts: auto (the LLM if OPENAI_API_KEY or OPENAI_BASE_URL is set, "
        "else offline), openai, offline [COMPOSER_ENGINE]",
    )  # fmt: skip
    group.add_argument(
        "--model", default=None,
        help=f"LLM model name [COMPOSER_MODEL, default {DEFAULT_MODEL}]",
    )  # fmt: skip
    group.add_argument(
        "--base-url", default=None, metavar="URL",
        help="OpenAI-compatible server, e.g. http://localhost:11434/v1 [OPENAI_BASE_URL]",
    )  # fmt: skip
    group.add_argument(
        "--candidates", default=None, metavar="K",
        help=f"drafts to ask the LLM for, the checker picks the best "
        f"[COMPOSER_CANDIDATES, default {DEFAULT_CANDIDATES}]",
    )  # fmt: skip
    group.add_argument(
        "--temperature", default=None, metavar="T",
        help=f"LLM sampling temperature [COMPOSER_TEMPERATURE, default {DEFAULT_TEMPERATURE}]",
    )  # fmt: skip
    group.add_argument(
        "--timeout", default=None, metavar="SECONDS",
        help=f"per-request timeout [COMPOSER_TIMEOUT, default {DEFAULT_TIMEOUT:g}]",
    )  # fmt: skip
    group.add_argument(
        "--max-attempts", default=None, metavar="N",
        help=f"attempts per request, retries included "
        f"[COMPOSER_MAX_ATTEMPTS, default {DEFAULT_MAX_ATTEMPTS}]",
    )  # fmt: skip
    group.add_argument(
        "--deadline", default=None, metavar="SECONDS",
        help=f"total time for one draft, retries included "
        f"[COMPOSER_DEADLINE, default {DEFAULT_DEADLINE:g}]",
    )  # fmt: skip
    group.add_argument(
        "--retry-after-cap", default=None, metavar="SECONDS",
        help=f"the longest Retry-After waited for; a server asking for longer fails the "
        f"note at once, saying how long [COMPOSER_RETRY_AFTER_CAP, default "
        f"{DEFAULT_RETRY_AFTER_CAP:g}]",
    )  # fmt: skip
    group.add_argument(
        "--register", default=None, metavar="tu|usted",
        help="Spanish notes: say tú or usted to the target (default: tú, usted when the "
        "target's name carries Dr./Dra./Sr./Sra. or the goal is written formally) "
        "[COMPOSER_REGISTER]",
    )  # fmt: skip
    group.add_argument(
        "--verbose", "-v", action="store_true", default=None,
        help="print the engine, model, prompt size, requests and tokens to stderr",
    )  # fmt: skip


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings for a command whose parser went through ``add_engine_arguments``."""
    names = ("engine", "model", "base_url", "candidates", "temperature", "timeout",
             "max_attempts", "deadline", "retry_after_cap", "register", "verbose")  # fmt: skip
    return load_settings(**{name: getattr(args, name, None) for name in names})


# --- the LinkedIn account: note length, notes a month, invitations a week -----------------
#
# LinkedIn publishes none of these as a fixed number; they are settings with documented
# defaults (docs/history.md, "LinkedIn's limits"). Sources, as of 2025-2026: the note
# length is 200 characters on free accounts (cut from 300 in 2023) and 300 on Premium;
# LinkedIn's help pages (as mirrored in 2025-2026) give free accounts 5 personalised notes
# a month (vendors report 3 to 10; enforced since at least October 2023), Premium none;
# about 100 invitations a week over a rolling 7 days (observed since 2021, vendors report
# 100-200, never confirmed by LinkedIn).

TIERS = ("free", "premium")
NOTE_LIMITS = {"free": 200, "premium": 300}
DEFAULT_NOTES_PER_MONTH: dict[str, int | None] = {"free": 5, "premium": None}  # None: no limit
DEFAULT_WEEKLY_INVITES = 100
UNLIMITED = ("unlimited", "none", "no-limit")


@dataclass(frozen=True, slots=True)
class Account:
    """The user's LinkedIn account, as far as its limits go (``load_account``)."""

    tier: str = "free"
    notes_per_month: int | None = 5  # None: no monthly limit (Premium)
    weekly_invites: int = DEFAULT_WEEKLY_INVITES
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def note_limit(self) -> int:
        """The longest note, in characters: 200 on free accounts, 300 on Premium."""
        return NOTE_LIMITS[self.tier]


def load_account(
    *,
    tier: str | None = None,
    notes_per_month: str | int | None = None,
    weekly_invites: str | int | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv_dir: Path | None = None,
) -> Account:
    """The account settings: flags (None = not given) > environment > ``.env`` > defaults.

    ``COMPOSER_NOTES_PER_MONTH`` takes a number or ``unlimited``; its default follows
    the tier (5 free, unlimited Premium). Raises ``ConfigError`` naming the flag or
    variable for a bad value.
    """
    env = dict(os.environ if environ is None else environ)
    dotenv = read_dotenv(dotenv_dir)
    sources: dict[str, str] = {}

    def pick(value: object, flag: str, variable: str) -> tuple[str | None, str]:
        if value is not None:
            return str(value), flag
        if env.get(variable):
            return env[variable], variable
        if dotenv.get(variable):
            return dotenv[variable], f"{variable} (.env)"
        return None, "default"

    text, sources["tier"] = pick(tier, "--tier", "COMPOSER_TIER")
    chosen = (text or "free").strip().lower()
    if chosen not in TIERS:
        raise ConfigError(
            f"{sources['tier']}: unknown tier '{chosen[:30]}' (choose one of: {', '.join(TIERS)})"
        )
    text, sources["notes_per_month"] = pick(
        notes_per_month, "--notes-per-month", "COMPOSER_NOTES_PER_MONTH"
    )
    notes = DEFAULT_NOTES_PER_MONTH[chosen]
    if text is not None:
        if text.strip().lower() in UNLIMITED:
            notes = None
        else:
            notes = _number(text, int, 0, 10_000, sources["notes_per_month"])
    text, sources["weekly_invites"] = pick(
        weekly_invites, "--weekly-invites", "COMPOSER_WEEKLY_INVITES"
    )
    weekly = DEFAULT_WEEKLY_INVITES
    if text is not None:
        weekly = _number(text, int, 1, 10_000, sources["weekly_invites"])
    return Account(tier=chosen, notes_per_month=notes, weekly_invites=weekly, sources=sources)


def add_account_arguments(parser: argparse.ArgumentParser, *, tier: bool = True) -> None:
    """Add --notes-per-month and --weekly-invites (and --tier unless the command's
    ``add_limit`` already added it)."""
    group = parser.add_argument_group("your LinkedIn account (flags > environment > .env)")
    if tier:
        add_tier_argument(group)
    group.add_argument(
        "--notes-per-month", default=None, metavar="N",
        help="personalised notes LinkedIn allows a month, or 'unlimited' "
        "[COMPOSER_NOTES_PER_MONTH, default 5 on free, unlimited on premium]",
    )  # fmt: skip
    group.add_argument(
        "--weekly-invites", default=None, metavar="N",
        help=f"invitations a rolling 7 days may hold "
        f"[COMPOSER_WEEKLY_INVITES, default {DEFAULT_WEEKLY_INVITES}]",
    )  # fmt: skip


def add_tier_argument(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--tier", default=None, choices=TIERS,
        help="your LinkedIn account: free (200-character notes, a few notes a month) or "
        "premium (300 characters, no monthly note limit) [COMPOSER_TIER, default free]",
    )  # fmt: skip


def account_from_args(args: argparse.Namespace) -> Account:
    """Account settings for a command whose parser has --tier (and maybe the others)."""
    return load_account(
        tier=getattr(args, "tier", None),
        notes_per_month=getattr(args, "notes_per_month", None),
        weekly_invites=getattr(args, "weekly_invites", None),
    )
