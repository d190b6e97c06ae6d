"""Where an export's files come from: the unpacked folder or the ``.zip`` LinkedIn sends.

``ExportSource.open(path)`` accepts either. Files are found by name, case-blind, in the
one folder that holds the export's files (the top, or a dated folder some archives wrap
everything in); a folder holding two exports side by side is refused rather than mixed
(Profile.csv from one, Invitations.csv from the other). ``read(name)`` returns the
file's text or ``None`` when the export does not have it (optional files are often
missing from a partial export). Errors name the archive or folder and the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from composer.core.errors import InputError
from composer.export.table import decode, text_lines

# A LinkedIn export's largest file we read (Connections.csv at the 30,000-connection cap)
# is a few MB: refuse more, as the archive declares it and as it is read (zip bombs).
MAX_FILE_BYTES = 64 * 1024 * 1024
# The files Composer reads; a folder holding one of them is an export.
EXPORT_FILES = frozenset(
    {"profile.csv", "positions.csv", "education.csv", "skills.csv", "languages.csv",
     "invitations.csv", "connections.csv"}
)  # fmt: skip


def is_export_path(path: str | Path) -> bool:
    """True for a folder or a ``.zip``: what ``--from`` reads as a LinkedIn export."""
    p = Path(path)
    return p.is_dir() or p.suffix.lower() == ".zip"


@dataclass(slots=True)
class ExportSource:
    """An opened export: a folder or a zip, with its files indexed by lower-case name."""

    path: Path
    _zip: zipfile.ZipFile | None = None
    _files: dict[str, str] = field(default_factory=dict)  # "connections.csv" -> member/path

    @classmethod
    def open(cls, path: str | Path) -> ExportSource:
        p = Path(path)
        if p.is_dir():
            # The top level and one folder down: never walk a whole home directory.
            found = [*p.glob("*.csv"), *p.glob("*/*.csv")]
            names = (f.relative_to(p).as_posix() for f in found)
            return cls(p, None, _index_names(names, str(path)))
        if not p.exists():
            raise InputError("no such file or folder", path=str(path))
        if p.suffix.lower() == ".csv":
            raise InputError(
                "one file of a LinkedIn export: give the export folder that holds it"
                f" ({p.parent}) or the .zip",
                path=str(path),
            )
        try:
            archive = zipfile.ZipFile(p)
        except zipfile.BadZipFile:
            raise InputError(
                "not a zip archive (or a damaged one): expected a LinkedIn export folder or .zip",
                path=str(path),
            ) from None
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", path=str(path)) from None
        names = (i.filename for i in archive.infolist() if not i.is_dir())
        try:
            return cls(p, archive, _index_names(names, str(path)))
        except InputError:
            archive.close()
            raise

    def __enter__(self) -> ExportSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def has(self, name: str) -> bool:
        return name.lower() in self._files

    def where(self, name: str) -> str:
        """How errors name a file of this export: ``export.zip:Connections.csv``."""
        member = self._files.get(name.lower(), name)
        if self._zip is not None:
            return f"{self.path}:{member}"
        return str(self.path / member)

    def read(self, name: str) -> str | None:
        """The text of ``name`` (e.g. ``"Profile.csv"``), or ``None`` if it is absent."""
        member = self._files.get(name.lower())
        if member is None:
            return None
        return decode(self._read_bytes(member), self.where(name))

    @contextmanager
    def lines(self, name: str) -> Iterator[Iterator[str | None] | None]:
        """The lines of ``name`` as text, read as they are needed (a file is never held
        whole in memory), or ``None`` if the export does not have it."""
        member = self._files.get(name.lower())
        if member is None:
            yield None
            return
        where = self.where(name)
        try:
            if self._zip is not None:
                info = self._zip.getinfo(member)
                if info.file_size > MAX_FILE_BYTES:
                    raise InputError(_too_large(info.file_size), path=where)
                stream: IO[bytes] = self._zip.open(member)
            else:
                path = self.path / member
                if (size := path.stat().st_size) > MAX_FILE_BYTES:
                    raise InputError(_too_large(size), path=where)
                stream = path.open("rb")
        except (zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError) as exc:
            raise InputError(f"cannot extract ({exc})", path=where) from None
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", path=where) from None
        with stream:
            try:
                yield text_lines(_Capped(stream, MAX_FILE_BYTES, where), where)
            except (zipfile.BadZipFile, EOFError, RuntimeError) as exc:
                raise InputError(f"cannot extract ({exc})", path=where) from None
            except OSError as exc:
                raise InputError(f"cannot read file ({exc.strerror})", path=where) from None

    def _read_bytes(self, member: str) -> bytes:
        where = self.where(PurePosixPath(member).name)
        try:
            if self._zip is not None:
                info = self._zip.getinfo(member)
                if info.file_size > MAX_FILE_BYTES:
                    raise InputError(_too_large(info.file_size), path=where)
                with self._zip.open(member) as stream:
                    return _Capped(stream, MAX_FILE_BYTES, where).read()
            return (self.path / member).read_bytes()
        except (zipfile.BadZipFile, EOFError, RuntimeError) as exc:
            raise InputError(f"cannot extract ({exc})", path=where) from None
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", path=where) from None


def _index_names(names: Iterable[str], where: str) -> dict[str, str]:
    """The export's files by lower-case name, from the shallowest folder holding any of
    ``EXPORT_FILES``; an error when two folders at that depth each hold some."""
    folders: dict[PurePosixPath, dict[str, str]] = {}
    for name in sorted(names):
        path = PurePosixPath(name.replace("\\", "/"))
        folders.setdefault(path.parent, {}).setdefault(path.name.lower(), name)
    exports = [folder for folder, files in folders.items() if EXPORT_FILES & files.keys()]
    if not exports:
        return {}
    top = min(len(folder.parts) for folder in exports)
    chosen = sorted(str(f) for f in exports if len(f.parts) == top)
    if len(chosen) > 1:
        shown = ", ".join(chosen[:3]) + (", ..." if len(chosen) > 3 else "")
        raise InputError(
            f"holds {len(chosen)} LinkedIn exports ({shown}): give the one to read", path=where
        )
    return folders[PurePosixPath(chosen[0])]


def _too_large(size: int | None) -> str:
    what = f"{size:,} bytes" if size is not None else "more"
    return (
        f"file too large for an export ({what} uncompressed; the limit is {MAX_FILE_BYTES:,} bytes)"
    )


class _Capped:
    """A byte stream that refuses to give more than ``limit`` bytes in all: what a zip
    member really inflates to, whatever its header says."""

    def __init__(self, stream: IO[bytes], limit: int, where: str) -> None:
        self._stream = stream
        self._left = limit
        self._where = where

    def read(self, size: int = -1, /) -> bytes:
        want = self._left + 1 if size < 0 else min(size, self._left + 1)
        data = self._stream.read(want)
        self._left -= len(data)
        if self._left < 0:
            raise InputError(_too_large(None), path=self._where)
        return data
