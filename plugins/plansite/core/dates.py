"""Dates, periods and recurrence as Vietnamese plans write them.

Dates are day first (``20/11/2020``, ``ngày 20 tháng 11 năm 2020``) and also ISO
(``2022-01-18``). A deadline is a :class:`Period`: a day, a month, half a month, a quarter,
half a year or a year; its deadline (:attr:`Period.by`) is the period's last day, and it is
shown as a period ("Quý I/2023"), never as a made-up exact day. Recurring deadlines
("quý I hằng năm", "định kỳ 6 tháng") are a :class:`Recurrence`.

A plan states years from :data:`MIN_YEAR` to :data:`MAX_YEAR` (:func:`check_year`); the
readers here refuse any other, so that what a plan's dates lead to (the occurrences of a
recurring deadline over its term, a calendar's end dates) always stays within what
:class:`datetime.date` can hold.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Literal

from .text import fold

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "TZ",
    "DateError",
    "Period",
    "Recurrence",
    "check_year",
    "parse_date",
    "parse_period",
    "parse_recurrence",
    "roman",
    "to_datetime",
]

#: Asia/Ho_Chi_Minh has had no daylight saving since 1975: a fixed +07:00 is exact.
TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

PeriodKind = Literal["day", "half-month", "month", "quarter", "half-year", "year"]

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}


class DateError(ValueError):
    """A date or period that cannot be read or does not exist; the message is Vietnamese."""


def _shown(written: str, limit: int = 60) -> str:
    """A value as a message quotes it: cut short when long (a pasted paragraph)."""
    return written if len(written) <= limit else written[: limit - 1] + "…"


def roman(n: int) -> str:
    """Quarter number as a Roman numeral (1 → ``I``)."""
    return _ROMAN_OF[n]


#: The years a plan may state (four digits, from the last century on), wherever it states
#: one: dates, deadlines, its term. What they lead to (a rule's occurrences some years on, a
#: calendar's day after the last) stays far inside what :class:`datetime.date` holds.
MIN_YEAR = 1900
MAX_YEAR = 2999


def check_year(year: int, what: str) -> int:
    """``year`` when a plan may state it; :class:`DateError` otherwise, naming ``what`` (the
    value as written: ``ngày '18/01/20222'``)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(
            f"{what} có năm {year}, ngoài khoảng năm được chấp nhận (từ {MIN_YEAR} đến "
            f"{MAX_YEAR}): kiểm tra lại năm"
        )
    return year


def _check_month(year: int, month: int) -> None:
    """Refuse a month that does not exist, or a year :class:`date` cannot hold with room to
    spare (what :func:`check_year` allows, and what follows from it, is far inside it)."""
    if not 1 <= month <= 12:
        raise DateError(f"tháng {month}/{year} không tồn tại (tháng từ 1 đến 12)")
    if not 1 <= year < 9999:
        check_year(year, "thời hạn")


def _make_date(year: int, month: int, day: int, written: str) -> date:
    if not 1 <= month <= 12:
        raise DateError(
            f"ngày '{written}' không tồn tại: tháng {month} không có (tháng từ 1 đến 12)"
        )
    check_year(year, f"ngày '{written}'")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"ngày '{written}' không tồn tại: tháng {month}/{year} chỉ có {last} ngày")
    return date(year, month, day)


_ISO = re.compile(r"(\d{4,5})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4,5})")
_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4,5})")


def parse_date(value: str | date) -> date:
    """Read ``2022-01-18``, ``18/01/2022``, ``18/1/2022`` or ``ngày 18 tháng 1 năm 2022``.

    Raises :class:`DateError` for anything else or for a day that does not exist.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    written = value.strip()
    folded = fold(written)
    if m := _ISO.fullmatch(written):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), written)
    if m := _DMY.fullmatch(written):
        return _make_date(int(m[3]), int(m[2]), int(m[1]), written)
    if m := _WORDS.fullmatch(folded):
        return _make_date(int(m[3]), int(m[2]), int(m[1]), written)
    raise DateError(
        f"không đọc được ngày '{_shown(written)}': hãy viết theo dạng ngày/tháng/năm (18/01/2022) "
        "hoặc năm-tháng-ngày (2022-01-18)"
    )


@dataclass(frozen=True, order=True)
class Period:
    """A deadline as a span of time; ordered by its last day, then its first."""

    end: date
    start: date
    kind: PeriodKind

    @property
    def by(self) -> date:
        """The deadline: the period's last day."""
        return self.end

    @property
    def code(self) -> str | None:
        """Machine code of a period (``2023-Q1``, ``2022-02``, ``2022-02-H1``); None for a day."""
        s = self.start
        match self.kind:
            case "day":
                return None
            case "half-month":
                return f"{s.year}-{s.month:02d}-H{1 if s.day == 1 else 2}"
            case "month":
                return f"{s.year}-{s.month:02d}"
            case "quarter":
                return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
            case "half-year":
                return f"{s.year}-H{1 if s.month == 1 else 2}"
            case "year":
                return f"{s.year}"

    @property
    def label(self) -> str:
        """Vietnamese label: ``20/11/2020``, ``Tháng 02/2022``, ``Nửa đầu tháng 02/2022``,
        ``Quý I/2023``, ``6 tháng đầu năm 2022``, ``Năm 2022``."""
        s = self.start
        match self.kind:
            case "day":
                return f"{s.day:02d}/{s.month:02d}/{s.year}"
            case "half-month":
                half = "Nửa đầu" if s.day == 1 else "Nửa cuối"
                return f"{half} tháng {s.month:02d}/{s.year}"
            case "month":
                return f"Tháng {s.month:02d}/{s.year}"
            case "quarter":
                return f"Quý {roman((s.month - 1) // 3 + 1)}/{s.year}"
            case "half-year":
                return f"6 tháng {'đầu' if s.month == 1 else 'cuối'} năm {s.year}"
            case "year":
                return f"Năm {s.year}"

    @property
    def iso(self) -> str:
        """``by`` as an ISO date."""
        return self.end.isoformat()

    @classmethod
    def day(cls, d: date) -> Period:
        return cls(d, d, "day")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_month(year, month)
        return cls(
            date(year, month, calendar.monthrange(year, month)[1]), date(year, month, 1), "month"
        )

    @classmethod
    def half_month(cls, year: int, month: int, half: int) -> Period:
        _check_month(year, month)
        if half == 1:
            return cls(date(year, month, 15), date(year, month, 1), "half-month")
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, last), date(year, month, 16), "half-month")

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if not 1 <= q <= 4:
            raise DateError(f"quý {q} không tồn tại (quý từ I đến IV)")
        _check_month(year, 1)
        last_month = q * 3
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return cls(end, date(year, last_month - 2, 1), "quarter")

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        _check_month(year, 1)
        if half == 1:
            return cls(date(year, 6, 30), date(year, 1, 1), "half-year")
        return cls(date(year, 12, 31), date(year, 7, 1), "half-year")

    @classmethod
    def year(cls, year: int) -> Period:
        _check_month(year, 1)
        return cls(date(year, 12, 31), date(year, 1, 1), "year")


_Y = r"(\d{4,5})"
_CODE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_Y}-(\d{{1,2}})-h([12])"), "half-month"),
    (re.compile(rf"{_Y}-q([1-4])"), "quarter"),
    (re.compile(rf"{_Y}-h([12])"), "half-year"),
    (re.compile(rf"{_Y}-(\d{{1,2}})"), "month"),
    (re.compile(rf"{_Y}"), "year"),
    # Vietnamese phrases, folded: "quý I/2023", "quý I năm 2023", "tháng 02/2022", …
    (re.compile(rf"(?:nua dau|nua thang dau)\s+thang\s+(\d{{1,2}})\s*(?:/|nam)\s*{_Y}"), "h1-vi"),
    (re.compile(rf"(?:nua cuoi|nua thang cuoi)\s+thang\s+(\d{{1,2}})\s*(?:/|nam)\s*{_Y}"), "h2-vi"),
    (re.compile(rf"(?:cuoi\s+)?quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*{_Y}"), "quarter-vi"),
    (re.compile(rf"6 thang dau nam\s+{_Y}"), "h1-year-vi"),
    (re.compile(rf"6 thang cuoi nam\s+{_Y}"), "h2-year-vi"),
    (re.compile(rf"(?:cuoi\s+|het\s+)?thang\s+(\d{{1,2}})\s*(?:/|nam)\s*{_Y}"), "month-vi"),
    (re.compile(rf"(\d{{1,2}})/{_Y}"), "month-dmy"),
    (re.compile(rf"nam\s+{_Y}"), "year-vi"),
]


def _quarter_number(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN[token.upper()]


def parse_period(value: str | date) -> Period:
    """Read a deadline: a date (see :func:`parse_date`) or a period.

    Periods: ``2022-02`` / ``02/2022`` / ``tháng 02/2022``; ``2022-02-H1`` / ``nửa đầu tháng
    02/2022``; ``2023-Q1`` / ``quý I/2023`` / ``quý I năm 2023``; ``2022-H1`` / ``6 tháng đầu
    năm 2022``; ``2022`` / ``năm 2022``. Raises :class:`DateError` otherwise.
    """
    if isinstance(value, date):
        return Period.day(parse_date(value))
    written = value.strip()
    try:
        return Period.day(parse_date(written))
    except DateError as error:
        if _DMY.fullmatch(written) or _ISO.fullmatch(written):
            raise  # a full date that does not exist: say so, not "unreadable period"
        day_error = error
    folded = fold(written)
    for pattern, kind in _CODE_PATTERNS:
        m = pattern.fullmatch(folded)
        if not m:
            continue
        g = m.groups()
        year = next(int(v) for v in g[::-1] if v and v.isdigit() and len(v) >= 4)
        check_year(year, f"thời hạn '{written}'")
        match kind:
            case "half-month":
                return Period.half_month(int(g[0]), int(g[1]), int(g[2]))
            case "quarter":
                return Period.quarter(int(g[0]), int(g[1]))
            case "half-year":
                return Period.half_year(int(g[0]), int(g[1]))
            case "month":
                return Period.month(int(g[0]), int(g[1]))
            case "year" | "year-vi":
                return Period.year(int(g[0]))
            case "h1-vi":
                return Period.half_month(int(g[1]), int(g[0]), 1)
            case "h2-vi":
                return Period.half_month(int(g[1]), int(g[0]), 2)
            case "quarter-vi":
                return Period.quarter(int(g[1]), _quarter_number(g[0]))
            case "h1-year-vi":
                return Period.half_year(int(g[0]), 1)
            case "h2-year-vi":
                return Period.half_year(int(g[0]), 2)
            case "month-vi" | "month-dmy":
                return Period.month(int(g[1]), int(g[0]))
    raise DateError(
        f"không đọc được thời hạn '{_shown(written)}': viết một ngày (20/11/2020), một tháng "
        "(2022-02), nửa đầu tháng (2022-02-H1), một quý (2023-Q1) hoặc 6 tháng đầu năm (2022-H1)"
    ) from day_error


@dataclass(frozen=True)
class Recurrence:
    """A recurring deadline: ``yearly`` (optionally in a quarter), ``every-6-months``…"""

    code: str

    @property
    def label(self) -> str:
        """Vietnamese rule as plans write it: ``Quý I hằng năm``, ``Định kỳ 6 tháng``."""
        if self.code.startswith("yearly-Q"):
            return f"Quý {roman(int(self.code[-1]))} hằng năm"
        return _RECURRENCE_LABELS[self.code]

    @property
    def months(self) -> int:
        """Interval in months."""
        return _RECURRENCE_MONTHS[self.code.split("-Q")[0]]

    @property
    def quarter(self) -> int | None:
        """The quarter of a yearly rule tied to a quarter (``yearly-Q1`` → 1)."""
        return int(self.code[-1]) if self.code.startswith("yearly-Q") else None

    def occurrences(self, first_year: int, last_year: int) -> list[Period]:
        """The periods this rule falls in between two years, both included."""
        periods: list[Period] = []
        for year in range(first_year, last_year + 1):
            if self.quarter:
                periods.append(Period.quarter(year, self.quarter))
            elif self.code == "yearly":
                periods.append(Period.year(year))
            elif self.code == "every-6-months":
                periods += [Period.half_year(year, 1), Period.half_year(year, 2)]
            elif self.code == "quarterly":
                periods += [Period.quarter(year, q) for q in range(1, 5)]
            elif self.code == "monthly":
                periods += [Period.month(year, m) for m in range(1, 13)]
        return periods


_RECURRENCE_LABELS = {
    "yearly": "Hằng năm",
    "every-6-months": "Định kỳ 6 tháng",
    "quarterly": "Hằng quý",
    "monthly": "Hằng tháng",
}
_RECURRENCE_MONTHS = {"yearly": 12, "every-6-months": 6, "quarterly": 3, "monthly": 1}
#: Every recurrence code, as a form offers them (``yearly-Q1`` … ``monthly``).
RECURRENCE_CODES = (*(f"yearly-Q{q}" for q in range(1, 5)), *_RECURRENCE_LABELS)
#: A date as ``2022-01-18`` (what :func:`parse_date` reads first).
ISO_DATE = _ISO.pattern
_RECURRENCE_WORDS = [
    (re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\s+(?:hang|hàng)\s+nam"), "yearly-Q"),
    (re.compile(r"dinh ky 6 thang(?: mot lan)?|6 thang mot lan|hang 6 thang"), "every-6-months"),
    (re.compile(r"hang quy|dinh ky hang quy"), "quarterly"),
    (re.compile(r"hang thang|dinh ky hang thang"), "monthly"),
    (re.compile(r"hang nam|dinh ky hang nam"), "yearly"),
]


def parse_recurrence(value: str) -> Recurrence:
    """Read ``yearly``, ``yearly-Q1``, ``every-6-months``, ``quarterly``, ``monthly`` or the
    Vietnamese phrase (``quý I hằng năm``, ``định kỳ 6 tháng``, ``hằng năm``)."""
    written = value.strip()
    folded = fold(written)
    if re.fullmatch(r"yearly-q[1-4]", folded):
        return Recurrence("yearly-Q" + folded[-1])
    if folded in _RECURRENCE_LABELS:
        return Recurrence(folded)
    for pattern, code in _RECURRENCE_WORDS:
        if m := pattern.fullmatch(folded):
            if code == "yearly-Q":
                return Recurrence(f"yearly-Q{_quarter_number(m[1])}")
            return Recurrence(code)
    raise DateError(
        f"không đọc được chu kỳ '{_shown(written)}': dùng yearly-Q1 (quý I hằng năm), "
        "every-6-months (định kỳ 6 tháng), quarterly, monthly hoặc yearly"
    )


def to_datetime(d: date) -> datetime:
    """Midnight of ``d`` in Asia/Ho_Chi_Minh, as an aware datetime (feeds need one)."""
    return datetime.combine(d, time(0, 0), TZ)
