"""Turning a received document into a plan file for the editor to review (``plansite import``).

:func:`read_document` reads what editors receive (``.txt`` in any encoding the genre uses,
``.md``, ``.docx``, ``.pdf`` with a text layer, and scanned ``.pdf`` by OCR); tables come as
pipe tables (:mod:`.tables`). :func:`plan_markdown` writes the plan file: front matter from
:func:`plansite.extract.extract` — fields the text does not state are left empty with a
Vietnamese comment saying what to fill in; a text read by OCR carries the review mark — and
the body as Markdown (Roman numeral sections → ``##``, ``1.`` → ``###``, ``1.1.`` → ``####``,
bullets → lists, tables → tables, bold and italics kept; the recipients and the signature go
into the front matter). :func:`import_document` does both and never overwrites a file unless
asked to.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.dates import roman
from ..core.plan import REVIEW_OCR, read_plan_text
from ..core.problems import PlanError, Problem, Problems, os_reason
from ..core.text import decode, is_binary, normalize, slugify
from ..extract import Deadline, Extraction, Layout, extract, layout
from ..extract.document import (
    BULLET_MARKS,
    MULTI_NUMBER,
    ONE_NUMBER,
    ONE_NUMBER_END,
    ROMAN,
    ROMAN_END,
    SEPARATOR,
)
from . import tables

if TYPE_CHECKING:  # python-docx is loaded only when a Word file is read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

__all__ = ["ImportResult", "import_document", "plan_markdown", "read_document"]

#: Received texts are a few pages; a Word file may hold images, so it may be larger.
MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_DOCX_BYTES = 40 * 1024 * 1024

_TEXT_SUFFIXES = {".txt", ".text"}
_MARKDOWN_SUFFIXES = {".md", ".markdown"}
_ADVICE = {
    ".doc": "tệp Word cũ (.doc): mở bằng Word và lưu lại dạng .docx rồi nhập lại",
    ".odt": "tệp .odt: mở bằng LibreOffice và lưu dạng .docx rồi nhập lại",
    ".rtf": "tệp .rtf: mở bằng Word và lưu dạng .docx rồi nhập lại",
}


@dataclass(frozen=True)
class ImportResult:
    """The plan file written, and what the editor must still check (Vietnamese notes)."""

    path: Path
    notes: list[str] = field(default_factory=list)
    extraction: Extraction | None = None


def _error(path: Path, message: str) -> PlanError:
    return PlanError([Problem(str(path), 1, message)])


# --------------------------------------------------------------------------------------------
# Reading


def read_document(path: Path) -> str:
    """The text of a received document, NFC with ``\\n`` line ends.

    ``.txt`` may be UTF-8 (with or without BOM), UTF-16 or Windows-1258, with CRLF line ends;
    ``.md`` loses its front matter, if any; ``.docx`` keeps bold and italics as ``**`` and
    ``*``, list numbers and bullets, tables as pipe tables (a letterhead or signature block
    laid out as a table as lines); ``.pdf`` is read the same way from its text layer, or by
    OCR when it is a scan (:mod:`.pdf`, :mod:`.ocr`).
    Raises :class:`PlanError` with a Vietnamese message for a file an editor must fix.
    """
    return _read(path).text


@dataclass(frozen=True)
class _Received:
    """The text of a received file; whether it had Word's automatic list numbers (to be
    checked); whether it was read by OCR from a scan (to be compared with the original)."""

    text: str
    numbering_used: bool = False
    ocr: bool = False


def _read(path: Path) -> _Received:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _Received(*_read_docx(path))
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix not in _TEXT_SUFFIXES | _MARKDOWN_SUFFIXES:
        advice = _ADVICE.get(
            suffix,
            f"định dạng '{suffix or '(không có đuôi)'}' chưa được hỗ "
            "trợ: dùng tệp .txt, .md, .docx hoặc .pdf",
        )
        raise _error(path, f"không nhập được {advice}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from error
    if not data.strip():
        raise _error(path, "tệp trống: không có nội dung để nhập")
    if len(data) > MAX_TEXT_BYTES:
        raise _error(
            path,
            f"tệp quá lớn ({len(data) // 1024} KB): một kế hoạch chỉ vài trang; kiểm tra lại tệp",
        )
    try:
        text, _encoding = decode(data)
    except UnicodeDecodeError as error:
        raise _error(
            path, "không nhận ra bảng mã của tệp: lưu lại dạng văn bản UTF-8 rồi nhập lại"
        ) from error
    if is_binary(text):
        raise _error(
            path,
            "tệp không phải văn bản thuần (có thể là tệp Word hay PDF đổi đuôi): "
            "dùng đúng đuôi tệp (.docx) hoặc lưu lại dạng .txt",
        )
    if suffix in _MARKDOWN_SUFFIXES:
        text = _strip_front_matter(text)
    return _Received(text)


def _strip_front_matter(text: str) -> str:
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return "\n".join(lines[i + 1 :])
    return text


def _unreadable(path: Path, error: OSError) -> PlanError:
    return _error(
        path, f"không đọc được tệp ({os_reason(error)}): kiểm tra đường dẫn và quyền đọc tệp"
    )


def _size(path: Path) -> int:
    """The size of a received file, or the editor's message why it cannot be read."""
    try:
        return path.stat().st_size
    except OSError as error:
        raise _unreadable(path, error) from error


def _read_docx(path: Path) -> tuple[str, bool]:
    size = _size(path)
    if size > MAX_DOCX_BYTES:
        raise _error(
            path, f"tệp Word quá lớn ({size // (1024 * 1024)} MB): bỏ bớt hình ảnh rồi nhập lại"
        )
    import docx  # here: reading .txt and .md, and the rest of plansite, never load it

    try:
        document = docx.Document(str(path))
    except Exception as error:  # zipfile, lxml and python-docx's own errors for broken files
        raise _error(
            path,
            "không mở được tệp Word: tệp hỏng hoặc không phải .docx; mở bằng "
            "Word, lưu lại dạng .docx rồi nhập lại",
        ) from error
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        _block_lines(block, numbering, lines)
    return normalize("\n".join(lines)), numbering.used


def _read_pdf(path: Path) -> _Received:
    from .pdf import MAX_PDF_BYTES, MAX_PDF_PAGES, open_pdf, read_pdf

    size = _size(path)
    if size > MAX_PDF_BYTES:
        raise _error(
            path,
            f"tệp PDF quá lớn ({size // (1024 * 1024)} MB, tối đa "
            f"{MAX_PDF_BYTES // (1024 * 1024)} MB): tách phần kế hoạch ra tệp riêng, hoặc "
            "quét lại ở độ phân giải thấp hơn (300 dpi là đủ), rồi nhập lại",
        )
    try:
        pdf = open_pdf(path)
    except Exception as error:  # pdfminer raises its own errors for broken files
        raise _error(
            path,
            "không mở được tệp PDF: tệp hỏng, có mật khẩu, hoặc không phải PDF; mở bằng "
            "trình đọc PDF, lưu lại (hoặc xin bản Word .docx) rồi nhập lại",
        ) from error
    with pdf:
        pages = len(pdf.pages)
        if pages > MAX_PDF_PAGES:
            raise _error(
                path,
                f"tệp PDF có {pages} trang, nhiều hơn {MAX_PDF_PAGES} trang của một kế hoạch: "
                "tách phần kế hoạch ra tệp riêng rồi nhập lại",
            )
        try:
            found = read_pdf(pdf)
        except Exception as error:  # a broken page stream
            raise _error(
                path,
                "không đọc được nội dung tệp PDF (tệp hỏng): mở bằng trình đọc PDF, lưu lại "
                "(hoặc xin bản Word .docx) rồi nhập lại",
            ) from error
        if not found.scanned:
            return _Received(normalize("\n".join(found.lines)))
        from .ocr import OcrError, ocr_pages

        try:
            text = ocr_pages(pdf)
        except OcrError as error:
            raise _error(path, str(error)) from error
    if not text.strip():
        raise _error(
            path,
            "tệp PDF là bản quét nhưng nhận dạng chữ không đọc được chữ nào: quét lại rõ hơn, "
            "hoặc xin bản Word (.docx) của văn bản",
        )
    return _Received(normalize(text), ocr=True)


def _block_lines(block: Paragraph | Table, numbering: _Numbering, lines: list[str]) -> None:
    """The lines of a paragraph, or of a table: a table of content as a pipe table
    (:mod:`.tables`), a letterhead or signature block cell by cell, as lines."""
    from docx.table import _Cell  # loaded by _read_docx already
    from docx.text.paragraph import Paragraph

    if isinstance(block, Paragraph):
        lines.append(numbering.prefix(block) + _paragraph_markdown(block))
        return

    def cell_lines(tc: Any) -> list[str]:
        out: list[str] = []
        for inner in _Cell(tc, block).iter_inner_content():
            _block_lines(inner, numbering, out)
        return out

    tbl = block._tbl
    header_rows = 0
    for tr in tbl.iterchildren(_w("tr")):
        pr = tr.find(_w("trPr"))
        if pr is None or pr.find(_w("tblHeader")) is None:
            break
        header_rows += 1
    rows, cells = tables.grid(tbl, cell_lines, header_rows=max(1, header_rows))
    if tables.is_layout_table(rows):
        for one in cells:  # every cell once, in reading order (merged cells are one cell)
            lines.append("")
            lines += one
    else:
        lines.append("")
        lines += tables.pipe_table(rows)
    lines.append("")


def _paragraph_markdown(paragraph: Paragraph) -> str:
    """The paragraph's text with bold as ``**`` and italics as ``*``."""
    from docx.text.hyperlink import Hyperlink  # loaded by _read_docx already
    from docx.text.run import Run

    pieces: list[tuple[str, bool, bool]] = []
    for item in paragraph.iter_inner_content():
        runs = item.runs if isinstance(item, Hyperlink) else [item]
        for run in runs:
            if isinstance(run, Run) and run.text:
                bold, italic = run.bold is True, run.italic is True
                if pieces and pieces[-1][1:] == (bold, italic):
                    pieces[-1] = (pieces[-1][0] + run.text, bold, italic)
                else:
                    pieces.append((run.text, bold, italic))
    out: list[str] = []
    for text, bold, italic in pieces:
        marker = "***" if bold and italic else "**" if bold else "*" if italic else ""
        core = text.strip()
        if not marker or not core or "\n" in core:
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        out.append(f"{lead}{marker}{core}{marker}{tail}")
    return "".join(out).replace("\t", " ").rstrip()


class _Numbering:
    """Word's automatic list numbers, which python-docx leaves out of the text."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
        self.used = False
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, Any] = {
            a.get(_w("abstractNumId")): a for a in root.findall(_w("abstractNum"))
        }
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            definition = abstract.get(ref.get(_w("val")) if ref is not None else "")
            if definition is None:
                continue
            for lvl in definition.findall(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                start = lvl.find(_w("start"))
                self.levels[(num.get(_w("numId")), int(lvl.get(_w("ilvl")) or 0))] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    text.get(_w("val")) if text is not None else "%1.",
                    int(start.get(_w("val"))) if start is not None else 1,
                )

    @staticmethod
    def _numpr(paragraph: Paragraph) -> tuple[str, int] | None:
        """The list (numId, level) of a paragraph, set on it or on its style ("List Number")."""
        num_id, level = _num_props(paragraph._p.pPr)
        if num_id is not None:
            return num_id, level or 0
        style = paragraph.style
        for _ in range(8):  # the style chain is short; a loop in a broken file must end
            if style is None:
                break
            style_id, style_level = _num_props(style.element.pPr)
            if style_id is not None:
                return style_id, level if level is not None else style_level or 0
            style = style.base_style
        return None

    def prefix(self, paragraph: Paragraph) -> str:
        found_num = self._numpr(paragraph)
        if found_num is None:
            return ""
        num_id, level = found_num
        found = self.levels.get((num_id, level))
        if found is None:
            return ""
        self.used = True
        fmt, pattern, start = found
        if fmt == "bullet":
            return "- "
        counters = self.counters[num_id]
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        text = pattern
        for k in range(level + 1):
            value = counters[k] or self.levels.get((num_id, k), ("decimal", "", 1))[2]
            k_fmt = self.levels.get((num_id, k), ("decimal", "", 1))[0]
            text = text.replace(f"%{k + 1}", _format_number(value, k_fmt))
        return text + " " if text else ""


def _num_props(ppr: Any) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a ``w:pPr`` element, read from the XML (either may be missing)."""
    numpr = ppr.find(_w("numPr")) if ppr is not None else None
    if numpr is None:
        return None, None
    num_id = numpr.find(_w("numId"))
    ilvl = numpr.find(_w("ilvl"))
    level = ilvl.get(_w("val")) if ilvl is not None else None
    return (
        num_id.get(_w("val")) if num_id is not None else None,
        int(level) if level is not None and level.isdigit() else None,
    )


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt in ("upperRoman", "lowerRoman"):
        numeral = _roman(value)
        return numeral if fmt == "upperRoman" else numeral.lower()
    return str(value)


def _roman(value: int) -> str:
    if 1 <= value <= 4:
        return roman(value)
    out = ""
    for n, s in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= n:
            out, value = out + s, value - n
    return out


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


# --------------------------------------------------------------------------------------------
# Body: received text → Markdown

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_ROMAN_LINE = re.compile(rf"(?P<num>{ROMAN}\s*{ROMAN_END})\s*(?P<text>\S.*)")
_NUM_LINE = re.compile(rf"(?P<num>{MULTI_NUMBER}\.?|{ONE_NUMBER}{ONE_NUMBER_END})\s*(?P<text>\S.*)")
_BULLET_LINE = re.compile(rf"(?P<mark>{BULLET_MARKS}|\*(?=\s))\s*(?P<text>\S.*)")
_NOTE_STAR = re.compile(r"\*\s+(?i:lưu\s+ý|ghi\s+chú|chú\s+ý)")
_LABEL_SPLIT = re.compile(r"(?P<label>[^:]{2,60}:)\s+(?P<rest>\S.{20,})")
_SENTENCE_BREAK = re.compile(r"\.\s+\S")
_MAX_HEADING = 110
_MAX_SENTENCE_HEADING = 70


def _unescape(s: str) -> str:
    return _ESCAPED.sub(r"\1", s) if "\\" in s else s


def _no_emphasis(s: str) -> str:
    return s.replace("*", "").strip()


def _balanced(s: str) -> str:
    """Drop emphasis markers from a line whose markers do not pair up (a bold title or
    signature spread over two lines)."""
    if s.count("**") % 2 or (s.count("*") - 2 * s.count("**")) % 2:
        return s.replace("*", "")
    return s


def _inline(s: str) -> str:
    """Escape what Markdown would read as HTML or links in received text (``](`` apart, so
    that no link can be formed)."""
    if "[" in s or "]" in s:
        s = s.replace("[", "\\[").replace("]", "\\]").replace("\\](", "\\]\\(")
    return s.replace("<", "&lt;")


def _paragraph_text(s: str) -> str:
    s = _inline(_balanced(s))
    if m := re.match(r"(\d{1,2})([.)])(\s)", s):  # "1. Văn phòng…" is not a Markdown list
        s = f"{m[1]}\\{m[2]}{s[m.end() - 1 :]}"
    elif s[:1] in "#>=" or s.startswith(("+ ", "- ")):
        s = "\\" + s
    return s


def _is_heading(text: str) -> bool:
    """Short, one phrase, not a sentence: a full stop is allowed only on a short title."""
    t = _no_emphasis(text)
    limit = _MAX_SENTENCE_HEADING if t.endswith(".") else _MAX_HEADING
    return (
        len(t) <= limit
        and not t.endswith((";", ","))
        and not _SENTENCE_BREAK.search(t.rstrip(".:"))
    )


class _Body:
    """Builds Markdown blocks: headings, paragraphs and lists (two levels)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.items: list[str] = []
        self.marks: list[str] = []
        self.last_kind = ""

    def end_list(self) -> None:
        if self.items:
            self.blocks.append("\n".join(self.items))
        self.items, self.marks = [], []

    def heading(self, level: int, text: str) -> None:
        self.end_list()
        self.blocks.append("#" * min(level, 6) + " " + _inline(_no_emphasis(text)))
        self.last_kind = "heading"

    def paragraph(self, text: str, *, join: bool = False) -> None:
        if join and self.last_kind == "item" and self.items:
            self.items[-1] += " " + _inline(_balanced(text))
            return
        self.end_list()
        if join and self.last_kind == "paragraph" and self.blocks:
            self.blocks[-1] += " " + _inline(_balanced(text))
            return
        self.blocks.append(_paragraph_text(text))
        self.last_kind = "paragraph"

    def item(self, mark: str, text: str) -> None:
        if not self.items:
            self.marks = [mark]
        elif mark != self.marks[0] and (len(self.marks) == 1 or mark == self.marks[1]):
            self.marks[1:] = [mark]
        depth = 1 if len(self.marks) > 1 and mark == self.marks[1] else 0
        self.items.append("    " * depth + "- " + _inline(_balanced(text)))
        self.last_kind = "item"

    def markdown(self) -> str:
        self.end_list()
        return "\n\n".join(self.blocks) + "\n"


def _continues(previous: str, line: str) -> bool:
    """A line wrapped in the middle of a sentence (e-mail or PDF copy): lower-case start after
    a line without closing punctuation."""
    return bool(previous) and previous[-1] not in '.:;!?…"”)*' and line[:1].islower()


def _table_cell(text: str) -> str:
    """A pipe table cell of received text, made safe as :func:`_inline` makes a line (its
    ``<br>`` line breaks and ``\\|`` kept)."""
    return tables.BREAK.join(_inline(_balanced(part.strip())) for part in text.split(tables.BREAK))


def _blocks(lines: list[str]) -> list[str | list[str]]:
    """The lines, with each pipe table (a header row, then a separator row) and each run of
    tab-separated rows gathered into one list of pipe table lines."""
    out: list[str | list[str]] = []
    i, n = 0, len(lines)
    while i < n:
        if tables.is_table_row(lines[i]) and i + 1 < n and tables.is_separator_row(lines[i + 1]):
            j = i + 2
            while j < n and tables.is_table_row(lines[j]):
                j += 1
            width = len(tables.split_row(lines[i]))
            rows = [tables.split_row(line) for k, line in enumerate(lines[i:j]) if k != 1]
            table = tables.pipe_table(
                [[_table_cell(c) for c in (r + [""] * width)[:width]] for r in rows]
            )
            out.append(table)
            i = j
            continue
        if "\t" in lines[i].strip():
            j = i
            tabs = lines[i].strip().count("\t")
            while j < n and lines[j].strip().count("\t") == tabs:  # as many cells in each
                j += 1
            found = tables.tab_table([line.strip() for line in lines[i:j]])
            if found:
                out.append(
                    tables.pipe_table(
                        [
                            [_table_cell(c) for c in tables.split_row(row)]
                            for k, row in enumerate(found)
                            if k != 1
                        ]
                    )
                )
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


def body_markdown(lines: list[str]) -> str:
    """Markdown for the body lines of a received text (no title, recipients or signature);
    tables (pipe tables, tab-separated rows) as pipe tables."""
    body = _Body()
    previous = ""
    for raw in _blocks(lines):
        if isinstance(raw, list):
            body.end_list()
            body.blocks.append("\n".join(raw))
            body.last_kind, previous = "table", ""
            continue
        line = _unescape(raw).strip()
        plain = _no_emphasis(line)
        if not plain or SEPARATOR.fullmatch(plain):
            if not plain:
                previous = ""
            continue
        if (
            body.last_kind in ("paragraph", "item")
            and _continues(previous, plain)
            and not (_BULLET_LINE.match(line) or _NUM_LINE.match(plain))
        ):
            body.paragraph(line, join=True)
            previous = plain
            continue
        previous = plain
        if not plain.startswith(("V/v", "V/V")) and (m := _ROMAN_LINE.match(plain)):
            body.heading(2, f"{m['num']} {m['text']}".replace(" .", ".").replace(" -", "-"))
            continue
        if m := _NUM_LINE.match(plain):
            depth = m["num"].rstrip(".").count(".") + 1
            number, text = m["num"], m["text"]
            split = _LABEL_SPLIT.fullmatch(text)
            if not split and _is_heading(text):
                body.heading(depth + 2, f"{number} {text}")
                continue
            if split and _is_heading(split["label"]):
                body.heading(depth + 2, f"{number} {split['label']}")
                raw_rest = (
                    line[line.find(split["rest"][:12]) :]
                    if split["rest"][:12] in line
                    else split["rest"]
                )
                body.paragraph(raw_rest)
                continue
            body.paragraph(line)
            continue
        if _NOTE_STAR.match(line):
            body.end_list()
            body.blocks.append("\\" + _inline(line))
            body.last_kind = "paragraph"
            continue
        if m := _BULLET_LINE.match(line):
            mark = "*" if m["mark"] == "*" else m["mark"]
            body.item(mark, m["text"])
            continue
        body.paragraph(line)
    return body.markdown()


# --------------------------------------------------------------------------------------------
# Front matter

_LEVELS = (
    (re.compile(r"(?i:trung ương|bộ chính trị|ban bí thư)"), "trung ương"),
    (re.compile(r"(?i:tỉnh (?:ủy|uỷ)|đảng bộ tỉnh)"), "tỉnh"),
    (re.compile(r"(?i:(?:huyện|thị|quận) (?:ủy|uỷ)|đảng bộ (?:huyện|thị xã))"), "huyện"),
    (re.compile(r"(?i:đảng (?:ủy|uỷ) (?:xã|phường|thị trấn)|đảng bộ (?:xã|phường))"), "xã"),
    (re.compile(r"(?i:^chi (?:bộ|ủy|uỷ))"), "chi bộ"),
)


def _level_of(issuer: str | None) -> str | None:
    """The level an issuing body names unambiguously ("Ban Thường vụ Tỉnh ủy" → tỉnh);
    None for "Đảng ủy" or "Thành ủy", which can be of two levels."""
    if not issuer:
        return None
    for pattern, level in _LEVELS:
        if pattern.search(issuer):
            return level
    return None


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _dmy(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _milestone_what(d: Deadline) -> str:
    return d.what or (d.text[:1].upper() + d.text[1:])


def _front_matter(
    ext: Extraction, published: date, source: str | None, *, ocr: bool = False
) -> list[str]:
    out = ["---"]
    origin = f" từ tệp {_q(source)}" if source else ""
    out += [
        f"# Tạo bằng `plansite import`{origin}.",
        "# Các dòng bắt đầu bằng # là ghi chú cho biên tập viên: đối chiếu từng trường với văn",
        "# bản gốc, điền các trường còn trống nếu biết (để trống nếu văn bản không ghi; không",
        "# đoán), rồi có thể xóa các ghi chú này.",
    ]
    if ocr:
        out += [
            "# Văn bản này là bản quét, đọc bằng nhận dạng chữ: chữ và số có thể bị đọc sai.",
            "# Trang không đăng kế hoạch khi còn dòng review dưới đây.",
            f"review: {_q(REVIEW_OCR)}",
        ]
    if ext.title:
        out.append(f"title: {_q(ext.title[:1].upper() + ext.title[1:])}")
    else:
        out += [
            "# Tên kế hoạch (dòng sau chữ KẾ HOẠCH): không tìm thấy trong văn bản, hãy điền.",
            "title:",
        ]
    if ext.kind and ext.kind != "Kế hoạch":
        out.append(f"kind: {_q(ext.kind)}")
    if ext.number:
        out.append(f"number: {_q(ext.number)}")
    else:
        out += [
            "# Số hiệu của kế hoạch (ví dụ 12-KH/HU): văn bản nhận được không ghi; điền theo",
            "# bản gốc có chữ ký.",
            "number:",
        ]
    if ext.issued:
        out.append(f"issued: {_q(_dmy(ext.issued))}")
    else:
        out += [
            "# Ngày ban hành (ngày/tháng/năm, ví dụ 18/01/2022): văn bản nhận được không ghi;",
            "# điền theo bản gốc.",
            "issued:",
        ]
    out += [
        "# Ngày đăng lên trang: đặt là ngày nhập văn bản; sửa nếu đăng vào ngày khác.",
        f"published: {published.isoformat()}",
    ]
    if ext.issuer:
        out.append(f"issuer: {_q(ext.issuer)}")
    else:
        out += [
            "# Cơ quan ban hành (ví dụ Ban Thường vụ Huyện ủy): không tìm thấy, hãy điền.",
            "issuer:",
        ]
    signer = ext.signer or {}
    if signer.get("name"):
        out.append("signer:")
        for key in ("name", "title", "on_behalf_of"):
            if signer.get(key):
                out.append(f"  {key}: {_q(signer[key])}")
    else:
        out += ["# Người ký (name, title, on_behalf_of): không tìm thấy ở cuối văn bản.", "signer:"]
    level = _level_of(ext.issuer)
    if level:
        out += [
            f"# Cấp: suy ra từ cơ quan ban hành ({ext.issuer}); kiểm tra lại.",
            f"level: {level}",
        ]
    else:
        out += ["# Cấp ban hành: trung ương, tỉnh, huyện, xã hoặc chi bộ.", "level:"]
    if ext.locality:
        out.append(f"locality: {_q(ext.locality)}")
    else:
        out += ["# Địa phương (ví dụ Hà Tĩnh, Kỳ Anh): điền nếu biết.", "locality:"]
    out += _implements_lines(ext)
    out += _milestone_lines(ext)
    if ext.recipients:
        out.append("recipients:")
        out += [f"  - {_q(r)}" for r in ext.recipients]
    else:
        out += ["# Nơi nhận: không tìm thấy trong văn bản.", "recipients:"]
    out += [
        '# Chủ đề, mỗi chủ đề một dòng `  - "…"` (ví dụ Học tập nghị quyết).',
        "topics:",
        "# Tóm tắt 2–3 câu cho trang danh sách và bản tin.",
        "summary:",
    ]
    out += _corrections_lines(ext)
    out.append("---")
    return out


def _implements_lines(ext: Extraction) -> list[str]:
    if not ext.implements:
        return ["# Văn bản mà kế hoạch thực hiện: không tìm thấy trong đoạn mở đầu.", "implements:"]
    out = [
        "# Văn bản được thực hiện, lấy từ tên kế hoạch và đoạn mở đầu (Thực hiện…, Căn cứ…):",
        "# bỏ những văn bản chỉ được nhắc đến; thêm `number` nếu biết số hiệu.",
        "implements:",
    ]
    for entry in ext.implements:
        first = True
        for key in ("number", "issued", "issuer", "title"):
            if key not in entry:
                continue
            value = _dmy(entry[key]) if key == "issued" else entry[key]
            out.append(f"  {'- ' if first else '  '}{key}: {_q(value)}")
            first = False
    return out


def _milestone_lines(ext: Extraction) -> list[str]:
    if not ext.deadlines:
        return ["# Mốc thời gian: văn bản không ghi thời hạn nào nhận ra được.", "milestones:"]
    out = [
        "# Mốc thời gian trích từ văn bản (ghi chú sau mỗi hạn là câu chữ gốc): kiểm tra",
        "# nội dung (what) và đơn vị thực hiện (who) của từng mốc.",
        "milestones:",
    ]
    for d in ext.deadlines:
        if d.recurring:
            out.append(f"  - recurring: {d.recurring}  # {d.text}")
        elif d.by:
            by = d.period or _dmy(d.by)
            out.append(f"  - by: {_q(by)}  # {d.text}")
        else:
            continue
        out.append(f"    what: {_q(_milestone_what(d))}")
        if d.who:
            out.append(f"    who: {_q(d.who)}")
    return out


_TYPO = re.compile(r"số hiệu '(?P<raw>[^']+)'.*lỗi đánh máy của (?P<good>\S+)$")


def _corrections_lines(ext: Extraction) -> list[str]:
    out: list[str] = []
    for warning in ext.warnings:
        m = _TYPO.search(warning)
        if m:
            if not out:
                out += [
                    "# Số hiệu có thể bị đánh máy sai trong văn bản; nếu đúng là lỗi, bỏ dấu #",
                    "# ở các dòng dưới để trang liên kết đến văn bản đúng:",
                    "# corrections:",
                ]
            out.append(f"#   {_q(m['raw'])}: {_q(m['good'])}")
    return out


def plan_markdown(
    extraction: Extraction,
    text: str,
    *,
    published: date,
    source: str | None = None,
    ocr: bool = False,
) -> str:
    """The whole plan file for a received ``text`` and its ``extraction``; a text read by OCR
    (``ocr``) carries the review mark (:data:`~plansite.core.plan.REVIEW_OCR`)."""
    lay: Layout = layout(text)
    lines = normalize(text).split("\n")
    body = body_markdown(lines[lay.body[0] : lay.body[1]])
    front = _front_matter(extraction, published, source, ocr=ocr)
    return "\n".join(front) + "\n\n" + body


# --------------------------------------------------------------------------------------------
# Import


def _target(extraction: Extraction, path: Path, out_dir: Path, today: date) -> Path:
    if extraction.issued:
        year = int(extraction.issued[:4])
    else:
        years = sorted(int(d.by[:4]) for d in extraction.deadlines if d.by)
        year = years[0] if years else today.year
    slug = slugify(extraction.title or "", max_length=70) or slugify(path.stem) or "ke-hoach"
    return out_dir / str(year) / f"{slug}.md"


def _notes(
    ext: Extraction, today: date, markdown: str, target: Path, received: _Received
) -> list[str]:
    notes = []
    if received.ocr:
        notes.append(
            "văn bản là bản quét, đọc bằng nhận dạng chữ (OCR): đối chiếu từng chữ, từng số với "
            "bản gốc, sửa chỗ sai, rồi xóa dòng `review`; trang không đăng kế hoạch khi còn "
            "dòng đó"
        )
    notes.append("đối chiếu phần thông tin với văn bản gốc trước khi đăng")
    # Per field: read from the text or left empty, and what to check (the engine's report,
    # the same lines `plansite extract` prints).
    notes += [status.line() for status in ext.field_report()]
    notes.append(f"ngày đăng (`published`) đặt là {today:%d/%m/%Y}: sửa nếu đăng vào ngày khác")
    level = _level_of(ext.issuer)
    notes.append(
        f"cấp (`level`) suy ra từ '{ext.issuer}': kiểm tra lại"
        if level
        else "chưa xác định được cấp ban hành: điền `level` (tỉnh, huyện, xã…)"
    )
    for d in ext.deadlines:
        if not d.what:
            notes.append(f"mốc '{d.text}': không rõ việc phải làm, đã ghi tạm câu chữ gốc")
    for entry in ext.implements:
        if "number" not in entry:
            notes.append(
                f"'{entry.get('title')}' không có số hiệu trong văn bản: nếu biết số "
                "(ví dụ 08-NQ/TU), thêm `number` vào mục này"
            )
    notes += [f"văn bản: {w}" for w in ext.warnings]
    if received.numbering_used:
        notes.append("tệp Word dùng đánh số tự động: kiểm tra số thứ tự các mục trong nội dung")
    problems = Problems()
    read_plan_text(markdown, target.as_posix(), problems)
    for problem in problems.sorted():
        quoted = re.match(r"số hiệu '([^']+)'", problem.message)
        if quoted and not problem.is_error and any(f"'{quoted[1]}'" in w for w in ext.warnings):
            continue  # already said, from the text (with the likelier correction)
        if received.ocr and problem.line == _review_line(markdown):
            continue  # the review mark: said first
        notes.append(f"kiểm tra: {problem.message} (dòng {problem.line})")
    return notes


def _review_line(markdown: str) -> int:
    lines = markdown.split("\n")
    return next((i + 1 for i, line in enumerate(lines) if line.startswith("review:")), 0)


def import_document(path: Path, out_dir: Path, *, force: bool = False, today: date) -> ImportResult:
    """Read ``path``, write a plan file under ``out_dir/<year>/`` and say what to check.

    Never overwrites an existing file unless ``force``. Raises :class:`PlanError` (Vietnamese
    message) for an unreadable or unsupported file, or a target that already exists.
    """
    received = _read(path)
    text = received.text
    extraction = extract(text, year=None)
    target = _target(extraction, path, out_dir, today)
    markdown = plan_markdown(extraction, text, published=today, source=path.name, ocr=received.ocr)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w" if force else "x", encoding="utf-8", newline="\n") as handle:
            handle.write(markdown)
    except FileExistsError as error:
        raise _error(
            target,
            "tệp kế hoạch này đã có: không ghi đè. Đổi tên tệp cũ, hoặc chạy "
            "lại với --force để ghi đè",
        ) from error
    except OSError as error:
        raise _error(
            target, f"không ghi được tệp ({os_reason(error)}): kiểm tra thư mục đích và quyền ghi"
        ) from error
    notes = _notes(extraction, today, markdown, target, received)
    return ImportResult(target, notes, extraction)
