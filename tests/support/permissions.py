"""A permission error where the system would give one, for root too (CI runs as root,
and root writes through ``chmod`` bits): tests simulate it instead of skipping."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def refuse_writes(monkeypatch: pytest.MonkeyPatch, refused: Callable[[Path], bool]) -> None:
    """``os.open`` for writing (or creating) a path for which ``refused(path)`` holds
    raises ``PermissionError`` (EACCES), as for a file or folder without write
    permission; reading and every other path work as usual."""
    real_open = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & WRITE_FLAGS and refused(Path(os.fsdecode(path))):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
