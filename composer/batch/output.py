"""The batch output file: JSONL appended one whole line at a time, and resumed safely.

``prepare(path)`` repairs the file left by an interrupted run (a torn last line is cut
off back to the last good newline) and returns the identities already done, so a rerun
skips them. ``LineWriter`` appends each line with a single ``write`` on an ``O_APPEND``
descriptor, so a killed process leaves at most one partial line, which ``prepare`` drops.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from composer.core.errors import InputError


@dataclass(slots=True)
class Resume:
    done: set[str] = field(default_factory=set)  # identities already in the output
    lines: int = 0  # good lines kept
    dropped_torn: bool = False  # a torn last line was cut off
    retried: int = 0  # failed lines removed to be drafted again (--retry-failed)
    failed: int = 0  # kept lines that record an error
    with_errors: int = 0  # kept lines whose note the checker rejects
    notes_given: int = 0  # kept lines that hold one of the --notes (``"send": "with-note"``)


def prepare(path: Path, *, retry: Callable[[dict[str, Any]], bool] | None = None) -> Resume:
    """Make ``path`` a clean JSONL file to append to; return what it already holds.

    ``retry(line)`` true removes that line so its target is drafted again (the file is
    rewritten atomically). A bad line that is not the last one, or a last one that is
    not the start of a batch line, is not ours to guess about: it is an ``InputError``
    naming the line (so pointing --out at the wrong file never truncates it).
    """
    resume = Resume()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return resume
    except OSError as exc:
        raise unusable_output(path, exc, "read") from None
    good_end = 0  # offset just after the last good line
    kept: list[bytes] = []
    removed = 0
    pieces = data.split(b"\n")  # the last piece is what follows the final "\n"
    for index, raw in enumerate(pieces):
        complete = index < len(pieces) - 1
        if not raw.strip():
            if complete:
                good_end += len(raw) + 1
            continue
        entry = _parse(raw) if complete else None
        if entry is None:
            if _only_blank(pieces[index + 1 :]) and _ours(raw):
                resume.dropped_torn = True  # the line being written when the run died
                break
            raise InputError(
                f"line {index + 1} is not a batch result (invalid JSON); fix or delete that "
                "line, then run the same command again",
                path=str(path),
            )
        good_end += len(raw) + 1
        if retry is not None and retry(entry):
            removed += 1
            continue
        kept.append(raw)
        resume.done.add(str(entry["target"]))
        if entry.get("send") == "with-note":
            resume.notes_given += 1
        if entry.get("error"):
            resume.failed += 1
        elif entry.get("note") is not None and not entry.get("ok"):
            resume.with_errors += 1
    resume.lines = len(kept)
    resume.retried = removed
    try:
        if removed:
            _rewrite(path, kept)
        elif resume.dropped_torn:
            with path.open("r+b") as handle:
                handle.truncate(good_end)
    except OSError as exc:
        raise unusable_output(path, exc, "write") from None
    return resume


def unusable_output(path: Path, exc: OSError, action: str) -> InputError:
    """The one-line error for an output file (--out) that cannot be read or written."""
    code = exc.errno
    if code == errno.ENOENT:
        reason = f"the directory {path.parent} does not exist; create it, or choose another path"
    elif code == errno.ENOTDIR:
        reason = f"{path.parent} is not a directory"
    elif code == errno.EISDIR:
        reason = "that is a directory; give a file name such as drafts.jsonl"
    elif code in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    else:
        reason = (exc.strerror or str(exc)).lower()
    return InputError(f"cannot {action} the output (--out): {reason}", path=str(path))


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(entry, dict) or "target" not in entry:
        return None
    return entry


# Every line LineWriter writes starts so (``target`` is the first key of every entry).
LINE_START = b'{"target": '


def _ours(raw: bytes) -> bool:
    """Whether a bad last line can be the start of one of our lines, cut short (or the
    zeros a power cut can leave): only then is it cut off. Anything else is another
    file given as --out by mistake, and is not ours to truncate."""
    fragment = raw.strip(b"\x00").strip()
    return not fragment or fragment.startswith(LINE_START) or LINE_START.startswith(fragment)


def _only_blank(rest: list[bytes]) -> bool:
    return all(not piece.strip() for piece in rest)


def _rewrite(path: Path, lines: list[bytes]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as handle:
        handle.write(b"".join(line + b"\n" for line in lines))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class OutputLock:
    """One batch per output file at a time: two runs resuming the same file would both
    draft what is missing and write it twice. An advisory lock on ``.FILE.lock`` next to
    it (POSIX ``flock``; the kernel releases it when the process dies, even by SIGKILL).
    The lock file stays: removing it could let two runs lock two different files."""

    def __init__(self, path: Path) -> None:
        self.output = path
        self.path = path.with_name(f".{path.name}.lock")
        self.fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks, no check
            return self
        if self.output.is_dir():
            raise unusable_output(self.output, IsADirectoryError(errno.EISDIR, ""), "write")
        if self.output.exists() and not self.output.is_file():  # /dev/stdout, a FIFO
            raise InputError(
                "cannot write the output (--out): not a regular file; the output is read "
                "back to resume, so give a file such as drafts.jsonl",
                path=str(self.output),
            )
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            # Named after --out: the lock file next to it is not something the user chose.
            raise unusable_output(self.output, exc, "write") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise InputError(
                "another compose batch is writing this file; wait for it to finish "
                "(or stop it), then run this command again",
                path=str(self.output),
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock
            self.fd = None


class LineWriter:
    """Appends JSON lines, each with one ``write`` call; ``fsync=True`` also syncs each."""

    def __init__(self, path: Path, *, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        try:
            self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise unusable_output(path, exc, "write") from None

    def write(self, entry: dict[str, Any]) -> None:
        data = (json.dumps(entry, ensure_ascii=False) + "\n").encode()
        view = memoryview(data)
        try:
            while view:  # a regular file takes it all at once; loop in case it does not
                written = os.write(self.fd, view)
                view = view[written:]
            if self.fsync:
                os.fsync(self.fd)
        except OSError as exc:  # a full disk: a partial line is repaired by the rerun
            raise unusable_output(self.path, exc, "write") from None

    def close(self) -> None:
        os.close(self.fd)
