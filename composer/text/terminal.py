"""``safe_text``: text from strangers made safe to print on a terminal.

A profile's name, an invitation's message, a line of a file echoed in an error are
written by someone else: an ``ESC [2J`` in them would clear the user's screen, an
``ESC ] 52 ; c ; ... BEL`` write their clipboard, a right-to-left override reorder what
they read. ``safe_text`` shows every such character as a visible ``\\uXXXX`` escape
(valid inside a JSON string too) and keeps newlines and tabs; ``SafeStream`` applies
it to everything a command prints, and the readers apply it to what they read, so no
control character reaches a note either.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates (the "Trojan Source" characters). ESC starts every terminal sequence, so
# escaping it (and the single-byte CSI, U+009B) leaves no sequence a terminal can run.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe_text(text: str) -> str:
    """``text`` with every control character (but ``\\n`` and ``\\t``) and bidi override
    shown as ``\\uXXXX``: what Composer prints of text it did not write."""
    if text.isprintable():  # the usual case, fast (and it has no newline or tab either)
        return text
    return _UNSAFE.sub(_escape, text)


class SafeStream:
    """A text stream that passes what is written through ``safe_text``. Composer's own
    terminal sequences (the batch progress bar) go to ``raw``."""

    def __init__(self, stream: TextIO) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(safe_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under a ``SafeStream`` (for Composer's own escape sequences)."""
    return stream.raw if isinstance(stream, SafeStream) else stream
