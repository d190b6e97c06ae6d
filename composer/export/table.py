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
from collections.abc import Mapping
from dataclasses import dataclass, field

from composer.core.errors import InputError

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


def read_table(
    text: str,
    columns: Mapping[str, tuple[str, ...]],
    *,
    source: str,
    required: tuple[str, ...] = (),
) -> Table:
    """Parse CSV ``text`` into rows keyed by the keys of ``columns``.

    ``columns`` maps our key to the header names accepted for it (any spelling that
    ``normalize_header`` folds together). ``required`` keys must have a column in the
    header; an empty file is an empty table.
    """
    wanted = {normalize_header(alias): key for key, names in columns.items() for alias in names}
    # A header has at least two of our names (one when we know only one column, or when
    # it has no other cells), so a stray preamble cell saying "Name" is not the header.
    needed = min(2, len(columns))
    body = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(body, newline=""))
    index: dict[str, int] | None = None
    keys: list[tuple[str, int]] = []
    table = Table(source=source)
    start = end = 0  # the lines the current record spans
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if index is None:
                index = _header_index(record, wanted, needed)
                if index is not None:
                    _check_required(index, required, columns, source)
                    table.present = frozenset(index)
                    keys = _all_keys(index, columns)
                continue
            if not any(cell.strip() for cell in record):
                continue  # blank line between sections or at the end
            table.rows.append(
                {key: (record[i].strip() if i < len(record) else "") for key, i in keys}
            )
            table.lines.append(start)
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: unreadable CSV ({exc})", path=source) from None
    if body.count('"') % 2 and _quote_left_open(body, start):
        # The csv module reads the rest of the file into that one field, silently.
        raise InputError(
            f"line {start}: a quoted field is never closed (is the file cut short?)",
            path=source,
        )
    if index is None and text.lstrip("\ufeff").strip():
        names = ", ".join(names[0] for names in columns.values())
        raise InputError(f"no header row naming the columns ({names})", path=source)
    return table


_LINE_END = re.compile(r"\r\n|\r|\n")


def _quote_left_open(body: str, line: int) -> bool:
    """Does the record starting on ``line`` run to the end of the file inside quotes?
    (Only asked of a file with an odd number of quote marks.)"""
    offset = 0
    for i, m in enumerate(_LINE_END.finditer(body), start=2):
        if i > line:
            break
        offset = m.end()
    try:
        for _ in csv.reader(io.StringIO(body[offset:], newline=""), strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


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
