"""Dates as LinkedIn exports write them, read into ``datetime.date``.

Exports from different years write dates differently: ``Mar 2021`` (positions),
``05 Mar 2024`` (connections), ``2024-03-05`` and ``2024-03-05 10:12:00 UTC`` (newer
files), ``3/5/24, 10:12 AM`` (invitations, US month/day/year; read day-first when the first
number cannot be a month), or only a year.
``parse_date`` returns the date and how precise it was, or ``None`` for text that is
not a date; it never raises, so one odd cell does not lose a whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

Precision = Literal["year", "month", "day"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # Spanish exports (LinkedIn localises month names in some files)
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}  # fmt: skip

_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:[, ].*)?$")
_DAY_MON_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{2}|\d{4})(?:[, ].*)?$")
_MON_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:[, ].*)?$")
_MON_YEAR = re.compile(r"([A-Za-z]{3,9})\.?[ -](\d{4})$")
_YEAR = re.compile(r"(\d{4})$")


@dataclass(frozen=True, slots=True)
class ExportDate:
    """A date from an export, with the precision it was written in."""

    value: date
    precision: Precision

    def iso(self) -> str:
        """``2021``, ``2021-03`` or ``2021-03-05``, as precise as the source."""
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def parse_date(text: str | None) -> ExportDate | None:
    """Read one date cell; ``None`` when empty or not a date we recognise."""
    if not text:
        return None
    return _parse(text)


@lru_cache(maxsize=8192)  # exports repeat the same dates thousands of times
def _parse(text: str) -> ExportDate | None:
    s = " ".join(text.strip().split())
    if not s:
        return None
    for parser in (_iso, _us, _day_mon_year, _mon_day_year, _mon_year, _year):
        found = parser(s)
        if found is not None:
            return found
    return None


def _make(year: int, month: int, day: int, precision: Precision) -> ExportDate | None:
    try:
        return ExportDate(date(year, month, day), precision)
    except ValueError:
        return None  # 31 Feb and friends: not a date


def _year4(text: str) -> int:
    # Two-digit years in exports are this century: "3/5/24" is 2024.
    y = int(text)
    return 2000 + y if y < 100 else y


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower()[:4]) or _MONTHS.get(name.lower()[:3])


def _iso(s: str) -> ExportDate | None:
    m = _ISO.match(s)
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2]), m[3]
    if day is None:
        return _make(year, month, 1, "month")
    return _make(year, month, int(day), "day")


def _us(s: str) -> ExportDate | None:
    m = _US.match(s)
    if not m:
        return None
    month, day = int(m[1]), int(m[2])
    if month > 12 >= day:
        month, day = day, month  # "25/3/24": an export from a day-first locale
    return _make(_year4(m[3]), month, day, "day")


def _day_mon_year(s: str) -> ExportDate | None:
    m = _DAY_MON_YEAR.match(s)
    month = _month(m[2]) if m else None
    if not m or month is None:
        return None
    return _make(_year4(m[3]), month, int(m[1]), "day")


def _mon_day_year(s: str) -> ExportDate | None:
    m = _MON_DAY_YEAR.match(s)
    month = _month(m[1]) if m else None
    if not m or month is None:
        return None
    return _make(int(m[3]), month, int(m[2]), "day")


def _mon_year(s: str) -> ExportDate | None:
    m = _MON_YEAR.match(s)
    month = _month(m[1]) if m else None
    if not m or month is None:
        return None
    return _make(int(m[2]), month, 1, "month")


def _year(s: str) -> ExportDate | None:
    m = _YEAR.match(s)
    if not m:
        return None
    return _make(int(m[1]), 1, 1, "year")
