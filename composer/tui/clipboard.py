"""The system clipboard, for terminals that ignore OSC 52 (macOS Terminal, tmux by default).

Textual's ``copy_to_clipboard`` asks the terminal (OSC 52); this also hands the text to
the platform's clipboard tool when one is there: ``pbcopy`` on macOS, ``wl-copy`` under
Wayland, ``xclip`` or ``xsel`` under X11. Over SSH without a display none applies and
OSC 52 alone reaches the user's own terminal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping


def clipboard_command(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> list[str] | None:
    """The command that puts its standard input on the clipboard here, if any
    (``env``/``platform``: ``os.environ`` and ``sys.platform`` unless given)."""
    env = os.environ if env is None else env
    candidates: list[list[str]] = []
    if (platform or sys.platform) == "darwin":
        candidates.append(["pbcopy"])
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if env.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    for command in candidates:
        found = shutil.which(command[0], path=env.get("PATH"))
        if found:
            return [found, *command[1:]]
    return None


def copy_with_system_tool(text: str) -> bool:
    """Put ``text`` on the system clipboard with the platform's tool; False if none
    worked. Blocks (up to 2 s): call it from a thread."""
    command = clipboard_command()
    if command is None:
        return False
    try:
        # No pipes kept: xclip stays running to own the selection and would hold them.
        done = subprocess.run(
            command,
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
