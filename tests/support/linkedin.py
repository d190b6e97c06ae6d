"""The LinkedIn export fixture and the same export as another export version writes it.

``build_variant`` rewrites the fixture export the way another export version writes it
(other header spellings, column order, date formats, CRLF, BOM, no ``Notes:`` preamble,
no Direction column); test modules use it to prove their figures do not move.
Rebuild the committed zip with ``python -m tests.support.linkedin``.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

from composer.export.dates import parse_date

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin-export"


# The same export as another export version writes it (``build_variant``), zipped inside a
# dated folder as LinkedIn sends it. Rebuilt with ``python -m tests.support.linkedin``.
VARIANT_ZIP = FIXTURE.parent / "linkedin-export-variant.zip"


VARIANT_FOLDER = "Basic_LinkedInDataExport_03-05-2024/"


def zip_export(folder: Path, dest: Path, *, prefix: str = "") -> Path:
    """Zip an export folder as LinkedIn does (optionally inside a dated folder)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, prefix + path.name)
    return dest


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    text = (FIXTURE / name).read_text(encoding="utf-8-sig")
    if text.startswith("Notes:"):
        text = text.split("\n\n", 1)[1]
    records = list(csv.reader(io.StringIO(text, newline="")))
    return records[0], records[1:]


def _write(path: Path, header: list[str], rows: list[list[str]], *, bom: bool) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(("\ufeff" if bom else "") + buf.getvalue(), encoding="utf-8", newline="")


def _reorder(
    header: list[str],
    rows: list[list[str]],
    order: list[str],
    rename: dict[str, str],
    convert: dict[str, object] | None = None,
) -> tuple[list[str], list[list[str]]]:
    idx = [header.index(c) for c in order]
    convert = convert or {}
    out = []
    for row in rows:
        cells = []
        for i, col in zip(idx, order, strict=True):
            fn = convert.get(col)
            cells.append(fn(row[i]) if callable(fn) else row[i])
        out.append([*cells, "stray"])
    return [rename.get(c, c) for c in order] + ["Some New Column"], out


def _iso(text: str) -> str:
    parsed = parse_date(text)
    return parsed.iso() if parsed else text


def build_variant(dest: Path) -> Path:
    """The fixture export as another export version would write it."""
    dest.mkdir(parents=True, exist_ok=True)
    h, r = _rows("Profile.csv")
    _write(dest / "Profile.csv", *_reorder(h, r,
        ["Headline", "Last Name", "First Name", "Summary", "Geo Location"],
        {"First Name": "first_name", "Last Name": "lastName", "Geo Location": "geo_location"},
    ), bom=False)  # fmt: skip
    h, r = _rows("Positions.csv")
    _write(dest / "Positions.csv", *_reorder(h, r,
        ["Title", "Company Name", "Started On", "Finished On"],
        {"Company Name": "companyName", "Started On": "Start Date", "Finished On": "End Date"},
        {"Started On": _iso, "Finished On": _iso},
    ), bom=True)  # fmt: skip
    for name in ("Education.csv", "Skills.csv", "Languages.csv"):
        (dest / name).write_bytes((FIXTURE / name).read_bytes())
    h, r = _rows("Connections.csv")
    _write(dest / "Connections.csv", *_reorder(h, r,
        ["Connected On", "URL", "Last Name", "First Name", "Position", "Company"],
        {"Connected On": "connected_on", "URL": "Profile URL"},
        {"Connected On": _iso},
    ), bom=True)  # fmt: skip
    h, r = _rows("Invitations.csv")
    _write(dest / "Invitations.csv", *_reorder(h, r,
        ["Message", "Sent At", "To", "From", "inviteeProfileUrl", "inviterProfileUrl"],
        {"Sent At": "sent_at", "inviteeProfileUrl": "Invitee Profile URL"},
        {"Sent At": lambda s: _iso(s) + " 10:00:00 UTC"},
    ), bom=False)  # fmt: skip
    return dest


if __name__ == "__main__":  # rebuild tests/fixtures/linkedin-export-variant.zip
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        zip_export(build_variant(Path(tmp) / "v"), VARIANT_ZIP, prefix=VARIANT_FOLDER)
    print(f"wrote {VARIANT_ZIP}")


def copy_export(tmp_path: Path, name: str, invitations: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(FIXTURE, folder)
    (folder / "Invitations.csv").write_text(invitations, encoding="utf-8")
    return folder
