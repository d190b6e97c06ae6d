"""The ``compose`` command: a small dispatcher that imports only what a command needs.

``compose --to T ...`` drafts a note (``composer.commands.compose``); ``compose NAME ...``
runs a subcommand from ``composer.commands``; ``compose`` alone opens the terminal UI.
Heavy modules (jinja2, openai, textual) are imported by the commands that use them,
never here, so ``compose --help`` and ``compose check`` start fast.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

from composer import __version__
from composer.core.errors import ComposerError
from composer.text.terminal import SafeStream, safe_text

# name -> (module under composer.commands, one-line summary). Order is the help order.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "lint a note you wrote against the rule catalogue"),
    "tui": ("tui", "open the interactive terminal UI"),
    "follow-up": ("follow_up", "draft the first message to someone who accepted"),
    "batch": ("batch", "draft notes for many targets, resumable"),
    "history": ("history", "list the notes drafted so far"),
    "mark": ("mark", "record what happened to a note: sent, accepted, ignored, withdrawn"),
    "forget": ("forget", "delete everything recorded about a person"),
    "stats": ("stats", "acceptance rates from recorded outcomes"),
    "budget": ("budget", "notes left this month, the weekly pace, pending invitations"),
    "pending": (
        "pending",
        "invitations waiting over 3 weeks, oldest first, and whether to withdraw",
    ),
    "import": ("import_", "import a LinkedIn data export into the history"),
    "triage": ("triage", "judge incoming invitations: accept, consider or ignore"),
    "rules": ("rules", "list the rule catalogue"),
    "eval": ("eval", "measure note quality per engine, model and prompt on a suite"),
}

USAGE = f"""\
usage: compose --to TARGET.json [--from ME.json] [--goal TEXT] [--goal-preset NAME]
               [--limit 200|300] [--lang en|es] [--engine auto|openai|offline] [--json]
       compose COMMAND [ARGS]   (compose COMMAND --help for its options)
       compose                  (opens the terminal UI)

Drafts a LinkedIn connection-request note that introduces you, gives a reason
about this person, stays under the limit, and passes the rule checker.

commands:
{chr(10).join(f"  {name:<9} {summary}" for name, (_, summary) in COMMANDS.items())}

every drafting option (--seed, --verbose, the LLM's): compose --to T --help

exit status: 0 note ok, 1 note still has errors, 2 bad input or usage,
             3 the LLM provider failed, 130 interrupted
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    try:
        return _dispatch(args)
    except ComposerError as exc:
        print(f"compose: error: {safe_text(exc.message)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("compose: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `compose ... | head`): not an error worth a traceback.
        sys.stderr.close()
        return 0
    except Exception as exc:
        # A write to the history that failed (read-only, locked). sqlite3 is looked up,
        # not imported: commands that never open the history must not load it.
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(exc, sqlite3.Error):
            raise
        from composer.config.paths import default_db_path
        from composer.history.store import database_error

        error = database_error(default_db_path(), exc)
        print(f"compose: error: {safe_text(error.message)}", file=sys.stderr)
        return error.exit_code


def _tolerant_streams() -> None:
    """On a terminal that cannot show every character (PYTHONIOENCODING=ascii, a legacy
    Windows code page), print "Luc\\u00eda" rather than die with a traceback. The escape
    is JSON's own, so ``--json`` output stays valid JSON; the history keeps the note."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            import codecs

            codecs.register_error(_ESCAPE, _json_escape)
            stream.reconfigure(errors=_ESCAPE)


_ESCAPE = "composer.json-escape"


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """An encoding error handler: each character the stream cannot encode as ``\\uXXXX``
    (a surrogate pair past U+FFFF), which reads as well as it parses."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


def _dispatch(args: list[str]) -> int:
    if args and args[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    if args and args[0] == "--version":
        print(f"compose {__version__}")
        return 0
    if not args:
        return _run_command("tui", [])
    if args[0] in COMMANDS:
        return _run_command(args[0], args[1:])
    if not args[0].startswith("-"):
        from composer.core.errors import did_you_mean

        close = did_you_mean(args[0], COMMANDS)
        print(f"compose: error: unknown command '{args[0]}'{close} (see compose --help)",
              file=sys.stderr)  # fmt: skip
        return 2
    if "--to" not in args and not any(a.startswith("--to=") for a in args):
        if any(a in ("-h", "--help") for a in args):
            sys.stdout.write(USAGE)
            return 0
        # Options without a command open the UI: its errors point at `compose --help`.
        return int(importlib.import_module("composer.commands.tui").run(args, prog="compose"))
    module = importlib.import_module("composer.commands.compose")
    return _safely(module.run, args)


def _run_command(name: str, args: list[str]) -> int:
    module = importlib.import_module(f"composer.commands.{COMMANDS[name][0]}")
    if name == "tui":  # Textual owns the terminal; the UI shows text safely itself
        return int(module.run(args))
    return _safely(module.run, args)


def _safely(run: Callable[[list[str]], int], args: list[str]) -> int:
    """Run a command with stdout and stderr passed through ``safe_text``: names, notes,
    messages and file contents are text from strangers, and none of it may drive the
    user's terminal."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return int(run(args))
    finally:
        sys.stdout, sys.stderr = saved


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
