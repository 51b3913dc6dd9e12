"""A scanned PDF (no text layer) read by OCR: each page rendered to an image (pdfplumber's
renderer) and read by Debian's ``tesseract`` with its Vietnamese data (``-l vie``), called as
a program with a time limit per page; the words it finds, with their places, are read into
lines as a text layer is (:func:`plansite.intake.pdf.words_lines`: paragraphs, the two
columns of a letterhead or a signature block). Where tesseract or its Vietnamese data is missing,
:class:`OcrMissing` carries the Vietnamese message that says what to install.

What OCR reads can be wrong (a tone mark, a digit of a date): every plan imported this way
carries :data:`plansite.core.plan.REVIEW_OCR` in its front matter until an editor has compared
it with the original (``plansite check`` reports it as an error).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .pdf import words_lines

__all__ = ["INSTALL", "MAX_OCR_PAGES", "OCR_SECONDS", "OcrError", "OcrMissing", "ocr_pages"]

#: A scanned plan is a few pages; OCR takes seconds a page.
MAX_OCR_PAGES = 20
#: The time one page may take in tesseract.
OCR_SECONDS = 120
#: Images at this resolution read best (tesseract's own advice: 300 dpi).
RESOLUTION = 300
INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-vie"


class OcrError(Exception):
    """OCR could not read a page (the message is Vietnamese, for the editor)."""


class OcrMissing(OcrError):
    """tesseract, or its Vietnamese data, is not installed."""


def _tesseract() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise OcrMissing(
            "tệp PDF là bản quét (không có lớp chữ): cần chương trình nhận dạng chữ tesseract "
            f"để đọc, máy này chưa cài. Cài bằng lệnh: {INSTALL} rồi nhập lại; hoặc xin bản "
            "Word (.docx) của văn bản"
        )
    try:
        listed = subprocess.run(
            [found, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OcrMissing(
            f"không chạy được tesseract ({error}): cài lại bằng lệnh: {INSTALL}"
        ) from error
    langs = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    if "vie" not in langs:
        raise OcrMissing(
            "tệp PDF là bản quét (không có lớp chữ): máy đã có tesseract nhưng chưa có dữ liệu "
            f"tiếng Việt. Cài bằng lệnh: {INSTALL} rồi nhập lại"
        )
    return found


def ocr_pages(pdf: Any, *, max_pages: int | None = None, seconds: float | None = None) -> str:
    """The text OCR reads on the pages of an open pdfplumber document, pages in order.

    Raises :class:`OcrMissing` when tesseract or its Vietnamese data is missing, and
    :class:`OcrError` for more than ``max_pages`` pages (:data:`MAX_OCR_PAGES`) or a page that
    takes longer than ``seconds`` (:data:`OCR_SECONDS`).
    """
    max_pages = MAX_OCR_PAGES if max_pages is None else max_pages
    seconds = OCR_SECONDS if seconds is None else seconds
    program = _tesseract()
    pages = pdf.pages
    if len(pages) > max_pages:
        raise OcrError(
            f"bản quét có {len(pages)} trang, nhiều hơn {max_pages} trang đọc được bằng nhận "
            "dạng chữ một lần: tách phần kế hoạch ra tệp riêng rồi nhập lại"
        )
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="plansite-ocr-") as folder:
        for number, page in enumerate(pages, start=1):
            image = Path(folder) / f"trang-{number}.png"
            page.to_image(resolution=RESOLUTION).original.save(str(image))
            try:
                done = subprocess.run(
                    [program, str(image), "stdout", "-l", "vie", "--psm", "3", "tsv"],
                    capture_output=True,
                    timeout=seconds,
                    check=False,
                )
            except subprocess.TimeoutExpired as error:
                raise OcrError(
                    f"nhận dạng chữ trang {number} quá {seconds:g} giây: ảnh quét quá lớn hoặc "
                    "quá mờ; quét lại rõ hơn, hoặc xin bản Word (.docx) của văn bản"
                ) from error
            if done.returncode != 0:
                raise OcrError(
                    f"tesseract không đọc được trang {number}: "
                    f"{done.stderr.decode('utf-8', 'replace').strip()[:200]}"
                )
            words, width, height = _tsv_words(done.stdout.decode("utf-8", "replace"))
            texts += words_lines(words, width, height)
    return "\n".join(texts)


def _tsv_words(tsv: str) -> tuple[list[dict[str, Any]], float, float]:
    """The words of tesseract's TSV output (in pixels), each with the box of its line (a word's
    own box grows with its tone marks), and the page's width and height."""
    words: list[dict[str, Any]] = []
    lines: dict[tuple[str, ...], tuple[float, float]] = {}
    width = height = 0.0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or not cells[0].isdigit():
            continue
        level = cells[0]
        left, top, w, h = (float(c) for c in cells[6:10])
        key = tuple(cells[1:5])
        if level == "1":
            width, height = w, h
        elif level == "4":
            lines[key] = (top, top + h)
        elif level == "5" and cells[11].strip():
            line_top, line_bottom = lines.get(key, (top, top + h))
            words.append(
                {
                    "text": cells[11].strip(),
                    "x0": left,
                    "x1": left + w,
                    "top": line_top,
                    "bottom": line_bottom,
                    "size": (line_bottom - line_top) * 0.8,
                }
            )
    return words, width, height
