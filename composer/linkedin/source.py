"""Where an export's files come from: the unpacked folder or the ``.zip`` LinkedIn sends.

``ExportSource.open(path)`` accepts either. Files are found by name, case-blind, at any
depth (some archives wrap everything in a dated folder); ``read(name)`` returns the
file's text or ``None`` when the export does not have it (optional files are often
missing from a partial export). Errors name the archive or folder and the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from composer.errors import InputError
from composer.linkedin.table import decode

MAX_FILE_BYTES = 512 * 1024 * 1024  # a very large export is ~100 MB; refuse zip bombs


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
            return cls(p, None, _index_names(f.relative_to(p).as_posix() for f in found))
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
        return cls(p, archive, _index_names(names))

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

    def _read_bytes(self, member: str) -> bytes:
        where = self.where(PurePosixPath(member).name)
        try:
            if self._zip is not None:
                info = self._zip.getinfo(member)
                if info.file_size > MAX_FILE_BYTES:
                    raise InputError("file too large for an export", path=where)
                return self._zip.read(member)
            return (self.path / member).read_bytes()
        except (zipfile.BadZipFile, EOFError, RuntimeError) as exc:
            raise InputError(f"cannot extract ({exc})", path=where) from None
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", path=where) from None


def _index_names(names: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    # Shallowest first, so a top-level Profile.csv wins over one in a sub-folder.
    for name in sorted(names, key=lambda n: (n.count("/"), n)):
        base = PurePosixPath(name.replace("\\", "/")).name.lower()
        found.setdefault(base, name)
    return found
