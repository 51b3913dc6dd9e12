"""Task tables: a table whose rows are tasks ("Nội dung | Đơn vị thực hiện | Thời gian").

Readers hand tables to :func:`plansite.extract.extract` as GitHub pipe tables (a header row,
a ``| --- |`` separator, one line per row; ``\\|`` is a "|" inside a cell, ``<br>`` joins the
paragraphs of a cell); editors' own ``.md``/``.txt`` files hold those or tab-separated rows (a
header line and rows with as many tab-separated cells). :func:`find_tables` finds both, and
says which column says when, which who and which what, whatever the headers' order and
wording ("Thời hạn hoàn thành", "Tiến độ"; "Cơ quan chủ trì", "Phân công"; "Nội dung công
việc", "Nhiệm vụ"…). The date in a "when" cell is read by the deadline finder itself
(:class:`plansite.extract.deadlines.DeadlineFinder`, with no trigger word needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..core.dates import DateError
from ..core.text import normalize
from .deadlines import DeadlineFinder, Found, resolve
from .results import Deadline
from .sentences import read_recurrence
from .vocabulary import cap, fold_word, plain_text, squash

_SEPARATOR_CELL = re.compile(r"\s*:?-{3,}:?\s*")
_PIPE = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

#: Words of a header, folded, that say a column's role; "when" is tried first ("Thời gian thực
#: hiện" is when, not who), then "what", then "who".
_WHEN = ("thoi gian", "thoi han", "thoi diem", "tien do", "moc", "han chot", "ngay hoan thanh")
_WHEN_WORDS = frozenset({"han", "ngay"})
_WHAT = ("noi dung", "nhiem vu", "cong viec", "hoat dong", "ten viec", "viec can lam")
_WHO = (
    "don vi",
    "co quan",
    "chu tri",
    "phan cong",
    "trach nhiem",
    "bo phan",
    "thuc hien",
    "nguoi",
    "ca nhan",
    "phu trach",
    "to chuc",
)
_SECOND = "phoi hop"  # "Đơn vị phối hợp": who helps, the lead body is in another column


@dataclass(frozen=True)
class Row:
    """A body row of a table: its line in the text and its cells (plain text, ``<br>`` kept
    as a line break)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table in the text: lines ``[first, end)``, its header and rows, and the columns that
    say when, who and what (None where no header says so)."""

    first: int
    end: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    when: int | None
    who: int | None
    what: int | None

    def cell(self, row: Row, column: int | None) -> str:
        if column is None or column >= len(row.cells):
            return ""
        return row.cells[column]


def _role(header: str) -> str | None:
    h = fold_word(squash(header.replace("\n", " ")).lower())
    if any(w in h for w in _WHEN) or _WHEN_WORDS.intersection(h.split()):
        return "when"
    if any(w in h for w in _WHAT):
        return "what"
    if any(w in h for w in _WHO):
        return "second" if _SECOND in h else "who"
    return None


def _cell(raw: str) -> str:
    text = plain_text(_BR.sub("\n", raw.replace("\\|", "\x00"))).replace("\x00", "|")
    return "\n".join(squash(part) for part in text.split("\n") if part.strip())


def _pipe_cells(line: str) -> list[str] | None:
    s = line.strip()
    if not s.startswith("|") and not s.endswith("|"):
        return None
    parts = _PIPE.split(s)
    if s.startswith("|"):
        parts = parts[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        parts = parts[:-1]
    return parts if parts else None


def _make(first: int, end: int, header: list[str], rows: list[Row]) -> Table:
    roles: dict[str, int] = {}
    for k, h in enumerate(header):
        role = _role(h)
        if role is not None and role not in roles:
            roles[role] = k
    who = roles.get("who", roles.get("second"))
    return Table(
        first,
        end,
        tuple(header),
        tuple(rows),
        roles.get("when"),
        who,
        roles.get("what"),
    )


def _pipe_tables(lines: list[str]) -> list[Table]:
    out: list[Table] = []
    i, n = 0, len(lines)
    while i + 1 < n:
        header = _pipe_cells(lines[i]) if "|" in lines[i] else None
        sep = _pipe_cells(lines[i + 1]) if header and "-" in lines[i + 1] else None
        if not header or not sep or not all(_SEPARATOR_CELL.fullmatch(c) for c in sep):
            i += 1
            continue
        rows: list[Row] = []
        j = i + 2
        while j < n and (cells := _pipe_cells(lines[j])) is not None:
            rows.append(Row(j, tuple(_cell(c) for c in cells)))
            j += 1
        out.append(_make(i, j, [_cell(c) for c in header], rows))
        i = j
    return out


def _tab_tables(lines: list[str]) -> list[Table]:
    out: list[Table] = []
    i, n = 0, len(lines)
    while i < n:
        width = lines[i].count("\t") + 1 if "\t" in lines[i] else 0
        j = i + 1
        while width and j < n and lines[j].count("\t") + 1 == width:
            j += 1
        if width and j - i >= 2:
            header = [_cell(c) for c in lines[i].split("\t")]
            rows = [Row(k, tuple(_cell(c) for c in lines[k].split("\t"))) for k in range(i + 1, j)]
            out.append(_make(i, j, header, rows))
            i = j
            continue
        i += 1
    return out


def find_tables(text: str) -> list[Table]:
    """The pipe tables and tab-separated tables of ``text`` (the text :func:`extract` reads),
    in order; lines are those of ``plain_text(text).split("\\n")``."""
    if "|" not in text and "\t" not in text:
        return []
    raw = normalize(text)
    for old in ("\u2028", "\u2029"):
        raw = raw.replace(old, "\n")
    lines = raw.split("\n")
    tables = _pipe_tables(lines) if "|" in raw else []
    if "\t" in raw:
        taken = {k for t in tables for k in range(t.first, t.end)}
        tables += [t for t in _tab_tables(lines) if not taken & set(range(t.first, t.end))]
    return sorted(tables, key=lambda t: t.first)


def task_tables(text: str) -> list[Table]:
    """The tables of ``text`` whose rows are tasks: a column says when."""
    return [t for t in find_tables(text) if t.when is not None]


def table_deadlines(
    tables: list[Table], year: int | None, warnings: list[str], missing_year: list[str]
) -> list[tuple[int, Deadline]]:
    """The deadline of each row of ``tables`` whose "when" cell states one, with the row's
    line: the unit column gives who, the content column what. A period without a year and no
    plan year goes to ``missing_year``, as in the text."""
    out: list[tuple[int, Deadline]] = []
    for table in tables:
        for row in table.rows:
            when = table.cell(row, table.when).replace("\n", " ")
            if not when:
                continue
            finder = DeadlineFinder(when, year, warnings, _slashes(when), free=True)
            found = resolve(finder.run())
            missing_year += finder.missing_year
            if not found:  # "Hằng năm", "Hằng quý": a rule, not a day
                try:
                    found = [Found(0, len(when), None, read_recurrence(squash(when)))]
                except DateError:
                    continue
            f = max(found, key=lambda f: (f.period.end if f.period else date.min, f.start))
            who = table.cell(row, table.who).replace("\n", ", ")
            what = table.cell(row, table.what).replace("\n", "; ")
            out.append(
                (
                    row.line,
                    Deadline(
                        by=f.period.iso if f.period else None,
                        period=f.period.code if f.period else None,
                        recurring=f.recurring,
                        text=squash(when[f.start : f.end]),
                        who=cap(who) if who else None,
                        what=cap(what) if what else None,
                    ),
                )
            )
    return out


def _slashes(s: str) -> list[int]:
    return [i for i, c in enumerate(s) if c == "/"]
