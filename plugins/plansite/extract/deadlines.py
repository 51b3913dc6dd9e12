"""Deadlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.dates import DateError, Period, roman
from .sentences import read_period, read_recurrence
from .vocabulary import cap, squash

_LEAD_DAY = re.compile(
    r"(?:(?:hoàn\s+thành|xong|thực\s+hiện\s+xong|gửi\s+về)\s+)?"
    r"(?:trước|chậm\s+nhất|muộn\s+nhất|đến\s+hết|đến|hạn\s+chót|hạn\s+cuối|thời\s+hạn|hạn"
    r"|không\s+quá)(?:\s+(?:là|vào))?(?:\s+ngày)?\s*[:,]?\s*$"
)
_LEAD_PERIOD = re.compile(
    r"(?:(?:hoàn\s+thành|xong)\s+)?(?:(?:trong|vào|đến\s+hết|hết|đến|trước\s+cuối"
    r"|(?:chậm|muộn)\s+nhất(?:\s+(?:trong|vào|là))?)\s+(?:cuối\s+)?|cuối\s+)$"
)
_LEAD_OPTIONAL = re.compile(r"(?:(?:hoàn\s+thành\s+)?(?:trong|vào|đến\s+hết)\s+)?$")
_LEAD_YEAR = re.compile(
    r"(?:(?:hoàn\s+thành|xong)\s+(?:trong\s+)?|(?:đến\s+hết|đến\s+cuối|trước\s+cuối|trước\s+hết"
    r"|hết|cuối)\s+)$"
)
_DMY = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?!\d)(?:\s*/\s*(?P<y>\d{4})(?!\d))?")
_NGAY_DATE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})\s*[.\-]\s*(?P<m>\d{1,2})(?!\d)(?:\s*[.\-]\s*(?P<y>\d{4})(?!\d))?"
)
#: What joins a month or a quarter to its year: "tháng 9/2021", "tháng 9 năm 2021", and the
#: dot of several papers' house style, "tháng 9.2021", "quý III.2022".
_OF_YEAR = r"(?:\s*/\s*|\.|\s*,?\s*năm\s*)"
_THANG = re.compile(rf"tháng\s+(?P<m>\d{{1,2}})(?!\d)(?:{_OF_YEAR}(?P<y>\d{{4}})(?!\d))?")
_QUY = re.compile(rf"quý\s+(?P<q>iv|iii|ii|i|[1-4])(?!\w)(?:{_OF_YEAR}(?P<y>\d{{4}})(?!\d))?")
#: The end of a range of months after "tháng 7": "- 9", "đến tháng 9", "đến hết tháng 9/2022".
_MONTH_RANGE = re.compile(
    rf"\s*(?:(?P<dash>[-–—])|đến|tới)\s*(?:hết\s+)?(?P<again>tháng\s+)?(?P<m>\d{{1,2}})(?!\d)(?!,\d)"
    rf"(?:{_OF_YEAR}(?P<y>\d{{4}})(?!\d))?"
)
#: "trước tháng 10/2022": before the month begins, so by the end of the one before it.
_LEAD_BEFORE = re.compile(r"(?:(?:hoàn\s+thành|xong|thực\s+hiện\s+xong)\s+)?trước\s+$")
#: A day written with dots or dashes and no "ngày": "trước 25.6.2023", "hạn chót 25-6-2023"
#: (the check that no digit, dot or slash precedes comes after the first digit: see
#: :mod:`plansite.core.numbers`).
_BARE_DOTTED = re.compile(
    r"(?P<d>\d(?<![\d.,/]\d)\d?)(?P<s>[.\-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d.,]\d)"
)
_NAM = re.compile(r"năm\s+(?P<y>\d{4})(?!\d)")
_YEARLY_TAIL = re.compile(r"\s+(?:hằng|hàng)\s+năm\b")
_HALF_YEAR = re.compile(r"tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4})(?!\d))?")
_EVERY_6 = re.compile(r"tháng\s+(?:một|1)\s+lần")
_DINH_KY = re.compile(
    r"định\s+kỳ\s+(?:(?:6|sáu)\s+tháng(?:\s+(?:một|1)\s+lần)?|(?:hằng|hàng)\s+(?:quý|tháng|năm))\b"
)
_DAY_BEFORE = re.compile(r"(?:ngày\s*)?(\d{1,2})\s+$")  # "ngày 20 | tháng 11"
_HALF_BEFORE = re.compile(r"nửa\s+(?:tháng\s+)?(đầu|cuối)\s+$")  # "nửa đầu | tháng 3"
_HANG_QUY = re.compile(r"(?:hằng|hàng)\s+quý\b")
_EVERY_QUARTER = frozenset({"hằng ", "Hằng ", "hàng ", "Hàng "})
_WINDOW = 56
#: The last word of every trigger (see the _LEAD_* patterns), and words that may follow it.
_LEAD_LAST = frozenset(
    {"trước", "nhất", "hết", "đến", "chót", "cuối", "hạn", "quá", "trong", "vào", "xong", "thành"}
)
_LEAD_FILLERS = frozenset({"ngày", "là", "vào"})


@dataclass
class Found:
    start: int
    end: int
    period: Period | None
    recurring: str | None


def _variants(word: str) -> tuple[str, ...]:
    # Upper-case text is headings, where no deadline or citation stands.
    return (word, cap(word)) if word != cap(word) else (word,)


def anchors(p: str, *words: str) -> list[int]:
    """Where ``words`` (lower-case or capitalised, see :func:`_variants`) start, in order.

    Each ``str.find`` that misses reads the whole text, so the two variants of a word are
    found together: its tail ("háng" for "tháng"), then the character before it (unless the
    tail is one letter, which occurs too often).
    """
    out: list[int] = []
    find = p.find
    for word in words:
        variants = _variants(word)
        rest = word[1:]
        if len(variants) == 2 and len(rest) > 1 and variants[1][1:] == rest:
            heads = word[0] + variants[1][0]
            i = find(rest, 1)
            while i >= 0:
                if p[i - 1] in heads:
                    out.append(i - 1)
                i = find(rest, i + 1)
            continue
        for variant in variants:
            i = find(variant)
            while i >= 0:
                out.append(i)
                i = find(variant, i + 1)
    return sorted(set(out))


_NGAY_DOTTED = ("ngày", re.compile(r"\s*\d{1,2}\s*[.\-]"))
NAM_YEAR = ("năm", re.compile(r"\s+\d{4}"))
SO_NUMBER = ("số", re.compile(r"\s*:?\s*\d"))


def digit_anchors(p: str, word_digits: tuple[str, re.Pattern[str]]) -> list[int]:
    """Where a word followed by digits (``word_digits``: the word, and the pattern after it)
    starts, in order. Such matches cannot overlap: this finds what a scan would."""
    word, digits = word_digits
    after, match = len(word), digits.match
    return [at for at in anchors(p, word) if match(p, at + after)]


def _dotted_days(p: str) -> set[int]:
    """Where a day written "25.6.2023" or "25-6-2023" may start: back from each ".19"/".20"
    ("-19"/"-20") over the month, the same mark and the day."""
    out: set[int] = set()
    for needle in (".20", "-20", ".19", "-19"):
        i = p.find(needle)
        while i >= 0:
            a = i - 1
            while a >= 0 and a > i - 3 and p[a].isdigit():
                a -= 1
            if a < i - 1 and a > 0 and p[a] == p[i]:
                d = a - 1
                while d >= 0 and d > a - 3 and p[d].isdigit():
                    d -= 1
                if d < a - 1:
                    out.add(d + 1)
            i = p.find(needle, i + 1)
    return out


def lower_slice(p: str, a: int, b: int) -> str:
    s = p[a:b]
    low = s.lower()
    return low if len(low) == len(s) else s


class DeadlineFinder:
    """Finds deadline phrases around literal anchors; never scans the whole text with a regex."""

    def __init__(
        self,
        p: str,
        year: int | None,
        warnings: list[str],
        slashes: list[int],
        years: list[int] | None = None,
        *,
        free: bool = False,
    ) -> None:
        self.p, self.year, self.warnings = p, year, warnings
        #: a cell of a table's "when" column: a date or period needs no trigger word there
        self.free = free
        #: where "năm <4 digits>" stands (see :func:`_digit_anchors`)
        self.years = digit_anchors(p, NAM_YEAR) if years is None else years
        #: where "/" stands (:attr:`plansite.core.numbers.NumberScan.slashes`)
        self.slashes = slashes
        self.found: list[Found] = []
        self.missing_year: list[str] = []

    def lead(self, pattern: re.Pattern[str], at: int) -> int | None:
        """Start of the trigger words ending at ``at`` ("hoàn thành trước ngày"), if any."""
        lo = max(0, at - _WINDOW)
        before = lower_slice(self.p, lo, at)
        if self.free:
            m = pattern.search(before)
            return lo + m.start() if m else at
        # Most dates are dates of issue ("ngày 18/5/2021 của…"): unless the word before the
        # date (past "ngày", "vào", "là") can end a trigger, skip the pattern, which is tried
        # at every position of the window.
        if pattern is not _LEAD_OPTIONAL:
            words = before[-40:].replace(":", " ").replace(",", " ").split()
            while words and words[-1] not in _LEAD_LAST and words[-1] in _LEAD_FILLERS:
                words.pop()
            if not words or words[-1] not in _LEAD_LAST:
                return None
        m = pattern.search(before)
        return lo + m.start() if m else None

    def core(self, pattern: re.Pattern[str], at: int) -> re.Match[str] | None:
        return pattern.match(lower_slice(self.p, at, min(len(self.p), at + _WINDOW)))

    def add(self, start: int, end: int, make: Any, year: str | None) -> None:
        y = int(year) if year else self.year
        if y is None:
            self.missing_year.append(squash(self.p[start:end]))
            return
        try:
            period = make(y)
        except DateError as error:
            self.warnings.append(f"bỏ qua thời hạn '{squash(self.p[start:end])}': {error}")
            return
        self.found.append(Found(start, end, period, None))

    def recurring(self, start: int, end: int, phrase: str) -> None:
        try:
            code = read_recurrence(squash(phrase.replace("sáu", "6")))
        except DateError:
            return
        self.found.append(Found(start, end, None, code))

    def run(self) -> list[Found]:
        p = self.p
        for at in anchors(p, "định kỳ"):
            if m := self.core(_DINH_KY, at):
                self.recurring(at, at + m.end(), m.group(0))
        quarters = anchors(p, "quý")
        # "hằng quý", "hàng quý" (either capitalised): read off the anchors of "quý"
        for at in [q - 5 for q in quarters if p[q] == "q" and p[q - 5 : q] in _EVERY_QUARTER]:
            if m := self.core(_HANG_QUY, at):
                self.recurring(at, at + m.end(), m.group(0))
        for at in quarters:
            self.quarter(at)
        for at in anchors(p, "tháng"):
            self.month(at)
        for at in self.slashes:
            self.slash(at)
        # Only "ngày 20-11-2020" / "ngày 20.11.2020" here: slashes have their own anchor.
        for at in digit_anchors(p, _NGAY_DOTTED):
            if m := self.core(_NGAY_DATE, at):
                self.day(at, at + m.end(), m, lead_at=at)
        # "trước 25.6.2023": a dotted day after a trigger word, without "ngày", found from
        # its year (".2023", "-2023"): four finds, where a pattern would read every digit
        for at in sorted(_dotted_days(p)):
            if m := _BARE_DOTTED.match(p, at):
                self.day(at, m.end(), m, lead_at=at)
        for at in self.years:
            if (m := self.core(_NAM, at)) and (start := self.lead(_LEAD_YEAR, at)) is not None:
                self.add(start, at + m.end(), lambda y: read_period(str(y)), m["y"])
        return self.found

    def before_start(self, at: int) -> int | None:
        """Start of "trước" right before ``at`` ("trước tháng 10", "trước quý III"), if any."""
        before = lower_slice(self.p, max(0, at - 32), at)
        if not before.endswith(" ") or not before.rstrip().endswith("trước"):
            return None
        m = _LEAD_BEFORE.search(before)
        return at - len(before) + m.start() if m else None

    def quarter(self, at: int) -> None:
        m = self.core(_QUY, at)
        if not m:
            return
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m["q"]) or int(m["q"])
        end = at + m.end()
        if (start := self.before_start(at)) is not None:  # by the end of the quarter before
            self.add(
                start,
                end,
                lambda y: read_period(f"{y}-Q{q - 1}" if q > 1 else f"{y - 1}-Q4"),
                m["y"],
            )
            return
        if m["y"] is None and (tail := _YEARLY_TAIL.match(lower_slice(self.p, end, end + 20))):
            start = self.lead(_LEAD_PERIOD, at)
            self.recurring(
                at if start is None else start, end + tail.end(), f"quý {roman(q)} hằng năm"
            )
            return
        start = self.lead(_LEAD_PERIOD, at)
        if start is not None:
            self.add(start, end, lambda y: read_period(f"{y}-Q{q}"), m["y"])

    def month(self, at: int) -> None:
        p = self.p
        before = lower_slice(p, max(0, at - 24), at)
        if before.endswith(("6 ", "sáu ")):
            six = at - (2 if before.endswith("6 ") else 4)
            if m := self.core(_HALF_YEAR, at):
                h = 1 if m["h"] == "đầu" else 2
                start = self.lead(_LEAD_PERIOD, six)
                if start is not None:
                    self.add(start, at + m.end(), lambda y: read_period(f"{y}-H{h}"), m["y"])
            elif m := self.core(_EVERY_6, at):
                self.recurring(six, at + m.end(), "6 tháng một lần")
            return
        m = self.core(_THANG, at)
        if not m:
            return
        end = at + m.end()
        month = int(m["m"])
        if day := _DAY_BEFORE.search(before):
            self.day(
                at - len(before) + day.start(),
                end,
                m,
                day=int(day[1]),
                lead_at=at - len(before) + day.start(),
            )
            return
        if half := _HALF_BEFORE.search(before):
            h = 1 if half[1] == "đầu" else 2
            hs = at - len(before) + half.start()
            lead = self.lead(_LEAD_OPTIONAL, hs)
            self.add(
                hs if lead is None else lead,
                end,
                lambda y: read_period(f"{y}-{month:02d}-H{h}"),
                m["y"],
            )
            return
        if (start := self.before_start(at)) is not None:  # by the end of the month before
            self.add(
                start,
                end,
                lambda y: read_period(f"{y}-{month - 1:02d}" if month > 1 else f"{y - 1}-12"),
                m["y"],
            )
            return
        start = self.lead(_LEAD_PERIOD, at)
        if (r := _MONTH_RANGE.match(lower_slice(p, end, end + 40))) and month < int(r["m"]) <= 12:
            # "từ tháng 7 - 9", "tháng 7 đến tháng 9/2022": by the end of the last month
            since = before.endswith("từ ")
            if since or start is not None or (r["again"] and not r["dash"]):
                last, year = int(r["m"]), r["y"] or m["y"]
                self.add(
                    at - 3 if since and (start is None or start >= at) else start or at,
                    end + r.end(),
                    lambda y: read_period(f"{y}-{last:02d}"),
                    year,
                )
                return
        if start is None:
            return
        if m["y"] is None and (tail := _YEARLY_TAIL.match(lower_slice(p, end, end + 20))):
            self.recurring(start, end + tail.end(), "hằng năm")
            return
        self.add(start, end, lambda y: read_period(f"{y}-{month:02d}"), m["y"])

    def slash(self, at: int) -> None:
        p = self.p
        a = at - 1
        while a >= 0 and a > at - 3 and p[a] == " ":
            a -= 1
        s = a
        while s >= 0 and s > a - 2 and p[s].isdigit():
            s -= 1
        s += 1
        if s > a or (s > 0 and (p[s - 1].isdigit() or p[s - 1] in "/.-")):
            return
        # _DMY holds no letter: no need for the lower-case window core() makes
        m = _DMY.match(p, s, min(len(p), s + _WINDOW))
        if m:
            self.day(s, m.end(), m, lead_at=s)

    def day(
        self, start: int, end: int, m: re.Match[str], *, lead_at: int, day: int | None = None
    ) -> None:
        lead = self.lead(_LEAD_DAY, lead_at)
        if lead is None:
            return
        d = day if day is not None else int(m["d"])
        month = int(m["m"])
        if m["y"] is None and (tail := _YEARLY_TAIL.match(lower_slice(self.p, end, end + 20))):
            self.recurring(lead, end + tail.end(), "hằng năm")
            return
        self.add(lead, end, lambda y: read_period(f"{d}/{month}/{y}"), m["y"])


def resolve(found: list[Found]) -> list[Found]:
    """Drop overlapping finds, keeping the longest one that starts first."""
    out: list[Found] = []
    last_end = -1
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if f.start >= last_end:
            out.append(f)
            last_end = f.end
    return out
