"""A received PDF's text layer read as the Word reader reads a ``.docx`` (pdfplumber).

One line per paragraph (lines wrapped by the page joined back), bold as ``**`` where the
font's name says it is bold, a letterhead or a signature block laid out in two columns read
column by column as the Word reader reads the cells of a letterhead table, page numbers
dropped, and ruled tables found by pdfplumber's table finder written as pipe tables
(:mod:`.tables`). pdfplumber is loaded only here, only when a PDF is read. A PDF without a
text layer (a scan) has no words: :func:`read_pdf` says so and :mod:`.ocr` reads it.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..extract.document import BULLET, LETTER_HEAD, NUM_HEAD, ROMAN_HEAD
from . import tables

__all__ = [
    "MAX_PDF_BYTES",
    "MAX_PDF_PAGES",
    "PdfText",
    "open_pdf",
    "page_lines",
    "read_pdf",
    "words_lines",
]

#: A received plan is a few pages; a scan of one is a few megabytes a page.
MAX_PDF_BYTES = 40 * 1024 * 1024
MAX_PDF_PAGES = 60

#: Fewer letters than this on the pages read: no text layer (a scan).
_MIN_LETTERS = 40
_PAGE_NUMBER = re.compile(r"(?i:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?|-\s*\d{1,3}\s*-")
_CLOSING = tuple('.:;!?…"”)')
_BULLET_GLYPHS = re.compile(r"^[•●▪►○·]\s*")


@dataclass(frozen=True)
class PdfText:
    """The lines of a PDF's text layer, and how many letters it holds (0 for a scan)."""

    lines: list[str]
    letters: int
    pages: int

    @property
    def scanned(self) -> bool:
        return self.letters < _MIN_LETTERS


@dataclass
class _Line:
    top: float
    bottom: float
    size: float
    segments: list[tuple[float, float, str]]  # x0, x1, text (bold as **)
    first_width: float  # of its first word

    @property
    def x0(self) -> float:
        return self.segments[0][0]

    @property
    def x1(self) -> float:
        return self.segments[-1][1]

    @property
    def text(self) -> str:
        return " ".join(s[2] for s in self.segments)


def open_pdf(path: Path) -> Any:
    """The pdfplumber document (the caller closes it)."""
    import pdfplumber  # here: nothing else in plansite loads it

    # pdfminer logs what it skips in a damaged file, in English: nothing an editor can act on
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    return pdfplumber.open(str(path))


def _bold(word: dict[str, Any]) -> bool:
    name = str(word.get("fontname", "")).split("+")[-1].lower()
    return "bold" in name or "black" in name or "heavy" in name or name.endswith(",b")


def _lines(words: list[dict[str, Any]]) -> list[_Line]:
    """Words grouped into lines (by their top), each line cut into segments where a gap wider
    than two and a half letters' height separates its words (two columns side by side)."""
    out: list[_Line] = []
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        size = float(word.get("size") or (word["bottom"] - word["top"]) or 10)
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= size * 0.4:
            rows[-1].append(word)
        else:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        size = max(float(w.get("size") or (w["bottom"] - w["top"]) or 10) for w in row)
        groups: list[list[dict[str, Any]]] = [[row[0]]]
        for word in row[1:]:
            if word["x0"] - groups[-1][-1]["x1"] > size * 2.5:
                groups.append([word])
            else:
                groups[-1].append(word)
        segments = [(g[0]["x0"], g[-1]["x1"], _segment_text(g)) for g in groups]
        top = min(w["top"] for w in row)
        first = row[0]["x1"] - row[0]["x0"]
        out.append(_Line(top, max(w["bottom"] for w in row), size, segments, first))
    return out


def _segment_text(words: list[dict[str, Any]]) -> str:
    """The words of a segment, runs of bold words as ``**…**`` (as the Word reader writes)."""
    pieces: list[tuple[str, bool]] = []
    for word in words:
        bold = _bold(word)
        if pieces and pieces[-1][1] == bold:
            pieces[-1] = (pieces[-1][0] + " " + word["text"], bold)
        else:
            pieces.append((word["text"], bold))
    return " ".join(f"**{t}**" if bold else t for t, bold in pieces)


def _starts_item(text: str) -> bool:
    plain = text.replace("*", "").strip()
    return bool(
        ROMAN_HEAD.match(plain)
        or NUM_HEAD.match(plain)
        or LETTER_HEAD.match(plain)
        or BULLET.match(plain)
        or _BULLET_GLYPHS.match(plain)
    )


def _join(previous: str, line: str) -> str:
    if previous.endswith("**") and line.startswith("**"):
        return previous[:-2] + " " + line[2:]
    return previous + " " + line


def _continues(
    previous: _Line, before: str, line: _Line, text: str, right: float, pitch: float
) -> bool:
    """Whether ``line`` goes on with the paragraph of ``previous`` (whose text so far ends
    with ``before``): close below it, not a new heading or item, and either its first word
    would not have fitted at the end of ``previous`` (the line was wrapped) or it goes on with
    a sentence left open (a lower-case word after no closing punctuation)."""
    close = (
        line.top - previous.top <= pitch * 1.15 + 1
        if pitch
        else line.top - previous.bottom < line.size * 0.6
    )
    if not close or _starts_item(text):
        return False
    wrapped = previous.x1 + line.size * 0.3 + line.first_width > right - line.size * 0.3
    return wrapped or (before[-1:] not in _CLOSING and text[:1].islower())


def _paragraphs(lines: list[_Line], right: float, pitch: float) -> list[tuple[float, str]]:
    """One-segment lines joined into paragraphs (their top, their text)."""
    out: list[tuple[float, str]] = []
    margin = min((line.x0 for line in lines), default=0.0)
    previous: _Line | None = None
    for line in lines:
        text = _BULLET_GLYPHS.sub("- ", line.text)
        if (
            previous is not None
            and out
            and line.x0 < margin + line.size  # an indented line starts a paragraph
            and _continues(previous, out[-1][1], line, text, right, pitch)
        ):
            out[-1] = (out[-1][0], _join(out[-1][1], text))
        else:
            out.append((line.top, text))
        previous = line
    return out


def _pitch(lines: list[_Line]) -> float:
    """The distance between the tops of two lines of one paragraph: the smallest that comes
    back (twice at least; once where only one is seen), as a paragraph's space before or after
    makes the distance to the next paragraph wider."""
    pitches = Counter(
        round(b.top - a.top)
        for a, b in itertools.pairwise(lines)
        if 0 < b.top - a.top < 3 * b.size and len(a.segments) == len(b.segments) == 1
    )
    repeated = [p for p, n in pitches.items() if n >= 2] or list(pitches)
    return float(min(repeated)) if repeated else 0.0


def _cell_text(page: Any, bbox: tuple[float, float, float, float], pitch: float) -> str:
    """A table cell's text: wrapped lines joined, paragraphs kept apart with ``<br>``."""
    words = page.crop(bbox, strict=False).extract_words(extra_attrs=["fontname", "size"])
    lines = _lines(words)
    if not lines:
        return ""
    padding = max(0.0, min(line.x0 for line in lines) - bbox[0])
    own = _pitch(lines)
    pitch = min(pitch, own) if pitch and own else pitch or own
    return tables.cell([text for _top, text in _paragraphs(lines, bbox[2] - padding, pitch)])


def _table_rows(page: Any, table: Any, pitch: float) -> list[list[str]]:
    """A pdfplumber table's rows, merged cells as :func:`tables.grid` writes Word's: repeated
    across the header, repeated down, written once across a body row."""
    rows: list[list[str]] = []
    for r, row in enumerate(table.rows):
        out: list[str] = []
        top = row.bbox[1]
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                out.append(_cell_text(page, bbox, pitch))
                continue
            above = table.rows[r - 1].cells[c] if r else None
            if r and c < len(rows[-1]) and (above is None or above[3] > top + 1):
                out.append(rows[-1][c])  # merged down (or the cell above was)
            elif r == 0 and out:
                out.append(out[-1])  # a header cell over several columns
            else:
                out.append("")
        rows.append(out)
    return rows


def _column_lines(texts: list[str]) -> list[str]:
    """The lines of one column of a letterhead or signature block, a line wrapped inside the
    column ("… năm" / "2024") joined back."""
    out: list[str] = []
    for text in texts:
        if (
            out
            and out[-1][-1:] not in _CLOSING
            and (text[:1].islower() or text[:1].isdigit())
            and not _starts_item(text)
        ):
            out[-1] = _join(out[-1], text)
        else:
            out.append(text)
    return out


#: A block of a page: its top, its lines, and the rows of a table of content (else None).
_Block = tuple[float, list[str], list[list[str]] | None]


def page_lines(page: Any) -> tuple[list[_Block], int]:
    """The blocks of one page in reading order, and its letters."""
    found = page.find_tables()
    rest = page
    for table in found:
        rest = rest.outside_bbox(table.bbox)
    words = rest.extract_words(extra_attrs=["fontname", "size"])
    letters = sum(sum(ch.isalnum() for ch in w["text"]) for w in words)
    lines = _page_lines(words, float(page.height))
    pitch = _pitch(lines)
    blocks: list[_Block] = []
    for table in found:
        rows = _table_rows(page, table, pitch)
        letters += sum(sum(ch.isalnum() for ch in c) for r in rows for c in r)
        if tables.is_layout_table(rows):
            cells = [c for r in rows for c in r if c]
            parts = [x for c in cells for x in ["", *c.split(tables.BREAK)]]
            blocks.append((table.bbox[1], [p.replace("\\|", "|") for p in parts], None))
        else:
            blocks.append((table.bbox[1], [], rows))
    blocks += [(top, text, None) for top, text in _text_blocks(lines, float(page.width), pitch)]
    blocks.sort(key=lambda b: b[0])
    return blocks, letters


def _page_lines(words: list[dict[str, Any]], height: float) -> list[_Line]:
    """The lines of a page's words, page numbers at its top or bottom left out."""
    return [
        line
        for line in _lines(words)
        if not (
            _PAGE_NUMBER.fullmatch(line.text)
            and (line.top < height * 0.08 or line.bottom > height * 0.92)
        )
    ]


def words_lines(words: list[dict[str, Any]], width: float, height: float) -> list[str]:
    """The lines of a page read from its words alone (``text``, ``x0``, ``x1``, ``top``,
    ``bottom``, ``size``, optionally ``fontname``), as a text layer is read: for the words
    OCR finds on a scanned page."""
    lines = _page_lines(words, height)
    return [x for _top, block in _text_blocks(lines, width, _pitch(lines)) for x in block]


def _text_blocks(lines: list[_Line], width: float, pitch: float) -> list[tuple[float, list[str]]]:
    """Lines as paragraphs, and two-column regions (letterhead, signature) column by column."""
    mid = width / 2
    right = max((line.x1 for line in lines if len(line.segments) == 1), default=width)
    blocks: list[tuple[float, list[str]]] = []
    run: list[_Line] = []

    def flush() -> None:
        blocks.extend((top, [text]) for top, text in _paragraphs(run, right, pitch))
        run.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line.segments) < 2:
            run.append(line)
            i += 1
            continue
        flush()
        j = i
        left: list[str] = []
        other: list[str] = []
        while j < len(lines) and (
            len(lines[j].segments) >= 2 or not (lines[j].x0 < mid < lines[j].x1)
        ):
            for x0, x1, text in lines[j].segments:
                (left if (x0 + x1) / 2 < mid else other).append(text)
            j += 1
        blocks.append((line.top, ["", *_column_lines(left), "", *_column_lines(other), ""]))
        i = j
    flush()
    return blocks


def read_pdf(pdf: Any, *, max_pages: int = MAX_PDF_PAGES) -> PdfText:
    """The text layer of an open pdfplumber document, page after page; a table that goes on
    at the top of the next page (as many columns; its header repeated or not) is one table."""
    out: list[str] = []
    letters = 0
    table: list[list[str]] | None = None  # the table being read, until a block follows it
    for page in pdf.pages[:max_pages]:
        blocks, found = page_lines(page)
        letters += found
        for i, (_top, lines, rows) in enumerate(blocks):
            if rows and table and i == 0 and len(rows[0]) == len(table[0]):
                table += rows[1:] if rows[0] == table[0] else rows
                continue
            if table:
                out += ["", *tables.pipe_table(table), ""]
            table = [list(r) for r in rows] if rows else None
            out += lines
    if table:
        out += ["", *tables.pipe_table(table), ""]
    return PdfText(out, letters, len(pdf.pages))
