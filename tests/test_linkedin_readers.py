"""The tolerant CSV reader and date parser for LinkedIn exports, on odd input."""

from __future__ import annotations

import csv
import io
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.core.errors import InputError
from composer.export.dates import parse_date
from composer.export.table import decode, normalize_header, read_table

COLS = {
    "first_name": ("First Name",),
    "message": ("Message",),
    "sent_at": ("Sent At",),
}


@pytest.mark.parametrize(
    ("text", "expected", "iso"),
    [
        ("Mar 2021", date(2021, 3, 1), "2021-03"),
        ("March 2021", date(2021, 3, 1), "2021-03"),
        ("05 Mar 2024", date(2024, 3, 5), "2024-03-05"),
        ("5-Mar-24", date(2024, 3, 5), "2024-03-05"),
        ("2024-03-05", date(2024, 3, 5), "2024-03-05"),
        ("2024-03-05 10:12:00 UTC", date(2024, 3, 5), "2024-03-05"),
        ("2024-03", date(2024, 3, 1), "2024-03"),
        ("3/5/24, 10:12 AM", date(2024, 3, 5), "2024-03-05"),
        ("25/3/24, 10:12", date(2024, 3, 25), "2024-03-25"),  # a day-first locale
        ("12/31/2023", date(2023, 12, 31), "2023-12-31"),
        ("Mar 5, 2024", date(2024, 3, 5), "2024-03-05"),
        ("2015", date(2015, 1, 1), "2015"),
        ("  05   Mar 2024 ", date(2024, 3, 5), "2024-03-05"),
    ],
)
def test_dates_in_every_export_format(text: str, expected: date, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.value == expected
    assert parsed.iso() == iso


@pytest.mark.parametrize("text", ["", "   ", "Present", "31 Feb 2024", "13/45/24", "soon", None])
def test_non_dates_are_none_not_errors(text: str | None) -> None:
    assert parse_date(text) is None


@given(st.text(max_size=40))
def test_parse_date_never_raises(text: str) -> None:
    parse_date(text)


def test_header_names_fold_case_spaces_and_camel_case() -> None:
    assert normalize_header("inviterProfileUrl") == "inviter profile url"
    assert normalize_header("\ufeff First_Name ") == "first name"
    assert normalize_header("Connected On") == normalize_header("connected_on")


def test_notes_preamble_bom_and_drifted_header() -> None:
    text = (
        "\ufeffNotes:\n"
        '"Some addresses are missing, First Name, Message, see https://x.example"\n'
        "\n"
        "sent_at,Extra,first_name,MESSAGE\n"
        '"3/5/24, 10:12 AM",x,Ana,"Hola Ana,\nsegunda línea"\n'
    )
    table = read_table(text, COLS, source="Invitations.csv")
    assert table.present == {"first_name", "message", "sent_at"}
    assert table.rows == [
        {"first_name": "Ana", "message": "Hola Ana,\nsegunda línea", "sent_at": "3/5/24, 10:12 AM"}
    ]


def test_missing_columns_read_empty_and_short_rows_are_padded() -> None:
    table = read_table("First Name,Sent At\nAna\nLuis,2024-01-01,stray,more\n", COLS, source="f")
    assert table.rows == [
        {"first_name": "Ana", "message": "", "sent_at": ""},
        {"first_name": "Luis", "message": "", "sent_at": "2024-01-01"},
    ]
    assert table.lines == [2, 3]


def test_empty_file_is_an_empty_table() -> None:
    assert read_table("", COLS, source="f").rows == []
    assert read_table("\ufeff\n\n", COLS, source="f").rows == []


def test_a_file_with_no_header_names_the_file() -> None:
    with pytest.raises(InputError, match=r"^export/Invitations.csv: no header row"):
        read_table("a,b,c\n1,2,3\n", COLS, source="export/Invitations.csv")


def test_a_required_column_missing_names_file_and_column() -> None:
    with pytest.raises(InputError, match=r"Invitations.csv: missing column 'Message'"):
        read_table(
            "First Name,Sent At\nAna,x\n", COLS, source="Invitations.csv", required=("message",)
        )


def test_decode_utf8_bom_utf16_and_cp1252() -> None:
    assert decode("\ufeffLucía".encode(), "f") == "Lucía"
    assert decode("Lucía".encode("utf-16"), "f") == "Lucía"
    assert decode("Lucía".encode("cp1252"), "f") == "Lucía"
    with pytest.raises(InputError, match=r"^f: not a text file"):
        decode(b"\x00\x01\xff\xfe\x00\x9d" * 10, "f")


_cell = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + ' ,"\n;áñ€😀'), max_size=30
)


@settings(max_examples=100)
@given(
    rows=st.lists(st.tuples(_cell, _cell, _cell), max_size=8),
    stray=st.lists(_cell, max_size=3),
    preamble=st.booleans(),
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_round_trip_of_any_cells(
    rows: list[tuple[str, str, str]], stray: list[str], preamble: bool, bom: bool, crlf: bool
) -> None:
    """Whatever the cells hold (commas, quotes, newlines, emoji), what csv wrote is read
    back, with stray trailing fields ignored and blank rows dropped."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(["Message", "First Name", "Sent At"])
    for row in rows:
        writer.writerow([*row, *stray])
    text = ("\ufeff" if bom else "") + ('Notes:\n"A note, about things"\n\n' if preamble else "")
    text += buf.getvalue()
    table = read_table(text, COLS, source="f")
    expected = [
        {"message": m.strip(), "first_name": f.strip(), "sent_at": s.strip()}
        for m, f, s in rows
        if any(c.strip() for c in (m, f, s, *stray))
    ]
    # A row blank in our columns but with stray text is kept (as blanks): compare ours.
    assert table.rows == expected


@given(st.dates(min_value=date(2003, 1, 1), max_value=date(2099, 12, 31)))
def test_every_export_date_format_reads_back_the_same_day(day: date) -> None:
    month = day.strftime("%b")
    written = [
        f"{day:%d} {month} {day.year}",
        f"{day.isoformat()} 10:12:00 UTC",
        f"{day.month}/{day.day}/{day:%y}, 10:12 AM",
        f"{month} {day.day}, {day.year}",
    ]
    for text in written:
        parsed = parse_date(text)
        assert parsed is not None and parsed.value == day, text
    month_only = parse_date(f"{month} {day.year}")
    assert month_only is not None and month_only.iso() == f"{day:%Y-%m}"


def test_an_oversized_zip_member_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from composer.export import source as source_module

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Connections.csv", "First Name,Last Name\n" + "Ana,Gil\n" * 100)
    monkeypatch.setattr(source_module, "MAX_FILE_BYTES", 100)
    with (
        source_module.ExportSource.open(archive) as src,
        pytest.raises(InputError, match=r"export\.zip:Connections\.csv: file too large"),
    ):
        src.read("Connections.csv")


def test_a_header_of_only_known_names_is_a_header_however_short() -> None:
    cols = {"name": ("Name",), "proficiency": ("Proficiency",)}
    assert read_table("Name\nEspañol\n", cols, source="Languages.csv").rows == [
        {"name": "Español", "proficiency": ""}
    ]
    # One known name among unknown cells is not enough: that is a preamble line.
    with pytest.raises(InputError, match="no header row"):
        read_table("Name,whatever this is\nx,y\n", cols, source="Languages.csv")


@settings(max_examples=100)
@given(
    rows=st.lists(st.tuples(_cell, _cell, _cell), max_size=6),
    message=_cell,
    crlf=st.booleans(),
)
def test_a_file_cut_inside_a_quoted_field_is_an_error_not_a_swallowed_tail(
    rows: list[tuple[str, str, str]], message: str, crlf: bool
) -> None:
    """A file cut short inside a quoted message would otherwise be read as one field
    holding everything after it: an error names the line the field starts on. The
    same file, whole, reads fine."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_ALL)
    writer.writerows([("Message", "First Name", "Sent At"), *rows])
    whole = buf.getvalue()
    assert len(read_table(whole, COLS, source="f").rows) <= len(rows)
    line = 1 + whole.count("\n")
    cut = whole + '"' + message.replace('"', '""')  # the closing quote and the rest: lost
    with pytest.raises(InputError, match=rf"^f: line {line}: a quoted field is never closed"):
        read_table(cut, COLS, source="f")


def test_a_stray_quote_inside_an_unquoted_cell_is_kept() -> None:
    table = read_table('First Name,Message\nAna,Hola "Ana\nLuis,x\n', COLS, source="f")
    assert [r["message"] for r in table.rows] == ['Hola "Ana', "x"]
    assert table.lines == [2, 3]


def test_rows_remember_the_line_they_start_on() -> None:
    text = 'First Name,Message\nAna,"two\nlines"\nLuis,x\n'
    assert read_table(text, COLS, source="f").lines == [2, 4]
