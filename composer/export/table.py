"""A tolerant reader for the CSV files of a LinkedIn data export.

Export files drift between versions, so columns are matched by name, never by
position: header names are compared case-, space-, underscore- and camelCase-blind
(``Connected On``, ``connected_on`` and ``connectedOn`` are one column), missing
columns read as ``""`` and extra ones are ignored. The header need not be the first
line: ``Connections.csv`` opens with a ``Notes:`` paragraph, so the header is the
first record that names our columns. A BOM, CRLF line ends, quoted newlines inside a
message, short rows and stray trailing fields are all fine. What cannot be read at
all (not text, no header) raises ``InputError`` naming the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from composer.core.errors import InputError
from composer.text.terminal import safe_text

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEP = re.compile(r"[\s_\-./]+")


def normalize_header(name: str) -> str:
    """``"inviterProfileUrl"`` -> ``"inviter profile url"``, ``" First_Name "`` ->
    ``"first name"``: the spelling header names are compared in."""
    name = name.replace("\ufeff", "").strip()
    name = _CAMEL.sub(" ", name)
    return _SEP.sub(" ", name).strip().lower()


@dataclass(slots=True)
class Table:
    """The rows of one export file, keyed by our column names."""

    source: str
    present: frozenset[str] = frozenset()  # our columns the file actually has
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line each row starts on

    def __len__(self) -> int:
        return len(self.rows)


def decode(raw: bytes, source: str) -> str:
    """Export bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, or the
    Windows code page a spreadsheet may have re-saved the file in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("not valid UTF-16 text", path=source) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if b"\x00" in raw[:4096]:
        raise InputError(f"not a text file (binary data at offset {bad})", path=source)
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            f"not UTF-8 text (bad byte at offset {bad}); save the file as UTF-8", path=source
        ) from None


MAX_LINE_CHARS = 1024 * 1024  # one physical line; a LinkedIn message is a few KB
MAX_ROWS = 200_000  # LinkedIn caps connections at 30,000: more is not an export


class ByteStream(Protocol):
    """What ``text_lines`` reads from: a file, a zip member, a capped wrapper."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(slots=True)
class Record:
    """One CSV record: the line it starts on, and its cells or why it is unreadable."""

    line: int
    cells: list[str] | None
    error: str = ""


class _Lines:
    """Physical lines for ``csv.reader``, counted, with the ones of the current record
    kept so that a broken record can hand them back to be read again."""

    def __init__(self, lines: Iterable[str | None], max_line: int) -> None:
        self._lines = iter(lines)
        self._back: deque[str | None] = deque()
        self.max_line = max_line
        self.number = 0  # lines consumed so far
        self.record: list[str | None] = []  # the lines of the record being read
        self.eof = False
        self.too_long = False

    def begin(self) -> None:
        self.record, self.eof, self.too_long = [], False, False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            line = self._back.popleft()
        else:
            try:
                line = next(self._lines)
            except StopIteration:
                self.eof = True
                raise
        self.number += 1
        self.record.append(line)
        if line is None or len(line) > self.max_line:
            self.too_long = True
            return "\n"  # ends the record (or the line, inside quotes)
        return line

    def reread_after_first(self) -> None:
        """Give back every line of the current record but its first."""
        rest = self.record[1:]
        self._back.extendleft(reversed(rest))
        self.number -= len(rest)


def csv_records(lines: Iterable[str | None], *, max_line: int = MAX_LINE_CHARS) -> Iterator[Record]:
    """The records of CSV ``lines`` (``None`` stands for a line too long to keep), one at a
    time. A broken record never takes the rest of the file with it: a quote left open
    (the csv module would read every later line into that one field), a line over
    ``max_line`` characters or an unreadable record is reported on its first line, and
    reading goes on from the line after it."""
    src = _Lines(lines, max_line)
    while True:
        reader = csv.reader(src)
        while True:
            src.begin()
            start = src.number + 1
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                yield Record(start, None, f"unreadable CSV ({exc})")
                src.reread_after_first()
                break
            if cells is None:
                return
            if src.too_long:
                yield Record(start, None, f"a line longer than {max_line // 1024} KB")
                src.reread_after_first()
                break
            if src.eof:  # the reader asked for more lines inside a quoted field
                yield Record(start, None, "a quoted field is never closed")
                src.reread_after_first()
                break
            yield Record(start, cells)


def text_lines(
    stream: ByteStream, source: str, *, max_line: int = MAX_LINE_CHARS
) -> Iterator[str | None]:
    """The lines of a byte stream as text, read one at a time (never the whole file):
    UTF-8 (with or without BOM), UTF-16 with a BOM, or a Windows code page line by line.
    A line longer than ``max_line`` bytes is skipped to its end and given as ``None``."""
    head = stream.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        wrapper = io.TextIOWrapper(
            io.BufferedReader(_Prefixed(head, stream)), encoding="utf-16", newline=""
        )
        try:
            while line := wrapper.readline(max_line + 1):
                yield _capped_text(line, wrapper, max_line)
        except UnicodeDecodeError:
            raise InputError("not valid UTF-16 text", path=source) from None
        return
    reader = io.BufferedReader(_Prefixed(head, stream))
    offset = 0
    first = True
    while raw := reader.readline(max_line + 1):
        if len(raw) > max_line and not raw.endswith(b"\n"):
            while (more := reader.readline(max_line + 1)) and not more.endswith(b"\n"):
                offset += len(more)
            offset += len(raw) + len(more)
            yield None
            continue
        if first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        first = False
        yield _decode_line(raw, offset, source)
        offset += len(raw)


def _capped_text(line: str, wrapper: io.TextIOWrapper, max_line: int) -> str | None:
    if len(line) <= max_line or line.endswith("\n"):
        return line
    while (more := wrapper.readline(max_line + 1)) and not more.endswith("\n"):
        pass
    return None


def _decode_line(raw: bytes, offset: int, source: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = offset + exc.start
    if b"\x00" in raw:
        raise InputError(f"not a text file (binary data at offset {bad})", path=source)
    return raw.decode("cp1252", "replace")


class _Prefixed(io.RawIOBase):
    """``head`` then the rest of ``stream``: the bytes read to sniff a BOM, given back."""

    def __init__(self, head: bytes, stream: ByteStream) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_table(
    text: str | Iterable[str | None],
    columns: Mapping[str, tuple[str, ...]],
    *,
    source: str,
    required: tuple[str, ...] = (),
) -> Table:
    """Parse CSV (``text``, or its lines as ``text_lines`` gives them) into rows keyed by
    the keys of ``columns``.

    ``columns`` maps our key to the header names accepted for it (any spelling that
    ``normalize_header`` folds together). ``required`` keys must have a column in the
    header; an empty file is an empty table.
    """
    wanted = {normalize_header(alias): key for key, names in columns.items() for alias in names}
    # A header has at least two of our names (one when we know only one column, or when
    # it has no other cells), so a stray preamble cell saying "Name" is not the header.
    needed = min(2, len(columns))
    lines = io.StringIO(text, newline="") if isinstance(text, str) else text
    index: dict[str, int] | None = None
    keys: list[tuple[str, int]] = []
    table = Table(source=source)
    anything = False
    for record in csv_records(lines):
        if record.cells is None:
            raise InputError(f"line {record.line}: {record.error}", path=source)
        cells = record.cells
        if record.line == 1 and cells:
            cells = [cells[0].lstrip("\ufeff"), *cells[1:]]
        anything = anything or any(cell.strip() for cell in cells)
        if index is None:
            index = _header_index(cells, wanted, needed)
            if index is not None:
                _check_required(index, required, columns, source)
                table.present = frozenset(index)
                keys = _all_keys(index, columns)
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank line between sections or at the end
        if len(table.rows) >= MAX_ROWS:
            raise InputError(
                f"more than {MAX_ROWS:,} rows: too many for a LinkedIn export", path=source
            )
        table.rows.append({key: (_clean(cells[i]) if i < len(cells) else "") for key, i in keys})
        table.lines.append(record.line)
    if index is None and anything:
        names = ", ".join(names[0] for names in columns.values())
        raise InputError(f"no header row naming the columns ({names})", path=source)
    return table


def _clean(cell: str) -> str:
    """A cell as Composer keeps it: stripped, line ends as ``\n``, and a control character
    or bidi override escaped (``safe_text``): an inviter's name or message is a
    stranger's text, and must never drive the user's terminal."""
    return safe_text(cell.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _header_index(record: list[str], wanted: dict[str, str], needed: int) -> dict[str, int] | None:
    index: dict[str, int] = {}
    for i, cell in enumerate(record):
        key = wanted.get(normalize_header(cell))
        if key is not None and key not in index:
            index[key] = i
    # A record made only of our names is a header too (a Languages.csv with just "Name").
    whole = bool(index) and len(index) == sum(1 for cell in record if cell.strip())
    return index if len(index) >= needed or whole else None


def _check_required(
    index: dict[str, int],
    required: tuple[str, ...],
    columns: Mapping[str, tuple[str, ...]],
    source: str,
) -> None:
    missing = [columns[key][0] for key in required if key not in index]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        raise InputError(f"missing {noun} {', '.join(repr(m) for m in missing)}", path=source)


def _all_keys(
    index: dict[str, int], columns: Mapping[str, tuple[str, ...]]
) -> list[tuple[str, int]]:
    # Absent columns point past any row, so they read as "".
    return [(key, index.get(key, 1 << 30)) for key in columns]
