"""Tables of received documents as GitHub pipe tables, the one form the text engine and the
plan body read.

A table becomes a header row, a separator row and one line per row
(``| Nội dung | Đơn vị thực hiện | Thời gian |`` / ``| --- | --- | --- |``); ``|`` inside a
cell is written ``\\|`` and the paragraphs of a cell are joined with ``<br>``. :func:`grid`
walks a Word table's XML grid (``gridSpan``, ``vMerge``, ``gridBefore``) so that every cell is
in its column: a header cell merged over several columns repeats its text in each; a body cell
spanning columns is written once, the columns it covers empty; a cell merged down several rows
repeats its text in each row, so that every row reads whole (what, who, when), as a resident
reads one row of a long table and as the engine reads a row into a milestone.
:func:`is_layout_table` tells a letterhead or a signature block laid out as a table, which is
read as lines. :func:`tab_table` turns a run of tab-separated rows of a ``.txt`` into a pipe
table. python-docx is never loaded here: :func:`grid` reads the XML elements it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "BREAK",
    "grid",
    "is_layout_table",
    "is_table_row",
    "pipe_table",
    "split_row",
    "tab_table",
]

#: Joins the paragraphs of one cell.
BREAK = "<br>"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: What only a letterhead or a signature block holds (the national motto line, "Số:", the
#: recipients' heading, "T/M", "K/T", "T/L" above a signature).
_LAYOUT_MARK = re.compile(
    r"(?im)^\W*(?:đảng cộng sản việt nam|cộng hòa xã hội chủ nghĩa|cộng hoà xã hội chủ nghĩa"
    r"|số\s*:|số\s+\d|nơi nhận|(?:t/m|k/t|t/l|tm\.|kt\.|tl\.)\s)"
)
_SEPARATOR_CELL = re.compile(r":?-{3,}:?")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _int_val(parent: Any, name: str, default: int) -> int:
    found = parent.find(_w(name)) if parent is not None else None
    value = found.get(_w("val")) if found is not None else None
    return int(value) if value is not None and value.isdigit() else default


def _vmerge(tc: Any) -> str:
    """``restart``, ``continue`` or ``""`` (not merged down) for a ``w:tc``."""
    pr = tc.find(_w("tcPr"))
    found = pr.find(_w("vMerge")) if pr is not None else None
    if found is None:
        return ""
    return "restart" if found.get(_w("val")) == "restart" else "continue"


def cell(lines: Sequence[str]) -> str:
    """One cell's text: its non-empty lines (paragraphs, line breaks) joined with ``<br>``,
    ``|`` escaped."""
    kept = (" ".join(part.split()) for line in lines for part in line.split("\n"))
    return BREAK.join(line.replace("|", "\\|") for line in kept if line)


def grid(
    table: Any, cell_lines: Callable[[Any], list[str]], *, header_rows: int = 1
) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of a ``w:tbl`` element as cell texts, every cell in its grid column, and the
    lines of each distinct cell in reading order (for a table read as lines).

    ``cell_lines`` gives the text lines of a ``w:tc`` (called once per cell, in order). The
    header is the first ``header_rows`` rows, and the rows a header cell is merged down over
    ("Nội dung" over the two rows of "Đơn vị thực hiện" / "Chủ trì", "Phối hợp"); a header of
    several rows becomes one row, each column's texts joined with " – "; a header cell spanning
    columns repeats its text in each.
    """
    rows: list[list[str]] = []
    distinct: list[list[str]] = []
    above: dict[int, str] = {}
    down: set[int] = set()  # columns whose header cell is merged down
    headers = 0
    for tr in table.iterchildren(_w("tr")):
        cells = list(tr.iterchildren(_w("tc")))
        column = _int_val(tr.find(_w("trPr")), "gridBefore", 0)
        starts = []
        for tc in cells:
            starts.append(column)
            column += max(1, _int_val(tc.find(_w("tcPr")), "gridSpan", 1))
        header = len(rows) < header_rows or (
            headers == len(rows)
            and any(
                _vmerge(tc) == "continue" and at in down
                for tc, at in zip(cells, starts, strict=True)
            )
        )
        column = _int_val(tr.find(_w("trPr")), "gridBefore", 0)
        row: list[str] = [""] * column
        for tc in cells:
            span = max(1, _int_val(tc.find(_w("tcPr")), "gridSpan", 1))
            lines = cell_lines(tc)
            if _vmerge(tc) == "continue":
                text = above.get(column, "")
            else:
                text = cell(lines)
                if any(line.strip() for line in lines):
                    distinct.append(lines)
            if header and _vmerge(tc) == "restart":
                down.add(column)
            row += [text] * span if header else [text] + [""] * (span - 1)
            for k in range(column, column + span):
                above[k] = text
            column += span
        headers += header
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if headers > 1:
        joined = [
            " – ".join(dict.fromkeys(r[c] for r in rows[:headers] if r[c])) for c in range(width)
        ]
        rows = [joined, *rows[headers:]]
    return rows, distinct


def is_layout_table(rows: Sequence[Sequence[str]]) -> bool:
    """A letterhead or signature block laid out as a table (read as lines), not a table of
    content: one row or one column only, or at most three rows (those blocks are short) with
    a cell holding what only those blocks hold."""
    if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
        return True
    return len(rows) <= 3 and any(
        _LAYOUT_MARK.search(text.replace(BREAK, "\n")) for row in rows for text in row
    )


def pipe_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """The lines of a pipe table; the first row is the header. Empty rows are dropped."""
    rows = [list(r) for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    out = []
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row] + [""] * (width - len(row))
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("| " + " | ".join(["---"] * width) + " |")
    return out


def is_table_row(line: str) -> bool:
    """A line of a pipe table: starts and ends with ``|``."""
    s = line.strip()
    return len(s) >= 2 and s.startswith("|") and s.endswith("|") and not s.endswith("\\|")


def split_row(line: str) -> list[str]:
    """The cells of a pipe table line, ``\\|`` kept as written."""
    s = line.strip()
    return [c.strip() for c in _UNESCAPED_PIPE.split(s[1:-1])]


def is_separator_row(line: str) -> bool:
    cells = split_row(line) if is_table_row(line) else []
    return bool(cells) and all(_SEPARATOR_CELL.fullmatch(c) for c in cells)


def tab_table(lines: Sequence[str]) -> list[str] | None:
    """A pipe table for a run of tab-separated rows (two rows at least, two cells at least,
    the same number of cells in each), else None."""
    rows = [[c.strip() for c in line.strip("\n").split("\t")] for line in lines]
    if len(rows) < 2 or len(rows[0]) < 2 or any(len(r) != len(rows[0]) for r in rows):
        return None
    return pipe_table([[cell([c]) for c in r] for r in rows])
