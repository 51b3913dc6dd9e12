"""`plansite import` of PDFs, made in the tests with Debian's chromium: the Word plan of
test_import_word.py printed to PDF (a text layer) imports to the same plan, field for field;
the same plan as a scan (an image of the rendered page alone on a printed page, no text layer)
is read by tesseract, marked for review, and refused by `plansite check` until an editor
removes the mark; without tesseract, the editor is told what to install."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, copy_project
from plansite.core.plan import REVIEW_OCR, read_plan_text
from plansite.core.problems import PlanError, Problems
from plansite.intake.importer import import_document, read_document
from test_import_word import (
    BULLETS,
    CLOSING,
    HEADER,
    LETTERHEAD,
    OPENING,
    RECIPIENTS,
    ROWS,
    SIGNATURE,
    TITLE,
    front_matter,
    make_word_plan,
)

pytestmark = pytest.mark.browser
TODAY = date(2026, 11, 22)

STYLE = """
body { font-family: "DejaVu Serif", serif; font-size: 13pt; line-height: 1.3; margin: 0 }
p { margin: 0 0 6pt } .c { text-align: center } .l { width: 100%; margin-bottom: 12pt }
.l td { vertical-align: top; text-align: center; width: 50% }
.g { border-collapse: collapse; width: 100%; margin: 6pt 0 }
.g td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top }
"""


def plan_html() -> str:
    """The plan of make_word_plan as a web page, laid out as offices print it."""
    e = html.escape

    def paras(lines: list[str] | tuple[str, ...]) -> str:
        return "".join(f"<p>{e(line)}</p>" for line in lines if line)

    rows = []
    for i, (content, lead, support, when) in enumerate(ROWS, start=1):
        lead_cell = (
            "" if i == 3 else f"<td{' rowspan=2' if i == 2 else ''}>{e(lead)}</td>"
        )  # rows 2 and 3 share their lead unit, as in the Word file
        rows.append(
            f"<tr><td>{paras(content)}</td>{lead_cell}<td>{e(support)}</td><td>{e(when)}</td></tr>"
        )
    return (
        f'<!doctype html><html lang="vi"><meta charset="utf-8"><style>{STYLE}</style><body>'
        f'<table class="l"><tr><td>{paras(LETTERHEAD[0])}</td><td>{paras(LETTERHEAD[1])}</td>'
        f'</tr></table><p class="c"><b>KẾ HOẠCH</b></p><p class="c"><b>{e(TITLE)}</b></p>'
        f"<p>{e(OPENING)}</p><p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>"
        + "".join(f"<p>- {e(b)}</p>" for b in BULLETS)
        + '<p><b>II. NỘI DUNG VÀ TIẾN ĐỘ</b></p><table class="g">'
        f'<tr><td>{e(HEADER[0])}</td><td colspan="2">{e(HEADER[1])}</td><td>{e(HEADER[2])}</td>'
        "</tr>" + "".join(rows) + "</table>"
        f"<p><b>III. TỔ CHỨC THỰC HIỆN</b></p><p>{e(CLOSING)}</p>"
        f'<table class="l"><tr><td style="text-align:left">{paras(RECIPIENTS)}</td>'
        f"<td>{paras(SIGNATURE)}</td></tr></table></body></html>"
    )


@pytest.fixture(scope="module")
def printed(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The plan printed to PDF (text layer) and scanned (one image a page, no text layer)."""
    folder = tmp_path_factory.mktemp("pdf")
    page = browser.new_page(viewport={"width": 794, "height": 1123}, device_scale_factor=3)
    try:
        page.set_content(plan_html())
        text_pdf = folder / "ke-hoach.pdf"
        margin = {"top": "2cm", "bottom": "2cm", "left": "2.5cm", "right": "1.5cm"}
        page.pdf(path=str(text_pdf), format="A4", margin=margin)
        page.set_content(plan_html().replace("font-size: 13pt", "font-size: 11pt"))
        shot = page.screenshot(full_page=True, type="png")
        image = base64.b64encode(shot).decode("ascii")
        page.set_content(
            '<!doctype html><html><body style="margin:0">'
            f'<img src="data:image/png;base64,{image}" style="width:100%;max-height:100vh;'
            'object-fit:contain"></body></html>'
        )
        scanned_pdf = folder / "ban-quet.pdf"
        page.pdf(path=str(scanned_pdf), format="A4", margin={"top": "1cm", "bottom": "1cm"})
    finally:
        page.close()
    yield {"text": text_pdf, "scan": scanned_pdf}


def test_pdf_with_a_text_layer_imports_to_the_same_plan_as_its_word_original(
    printed: dict[str, Path], tmp_path: Path
) -> None:
    word = tmp_path / "ke-hoach.docx"
    make_word_plan(word)
    from_word = import_document(word, tmp_path / "tu-word", today=TODAY)
    from_pdf = import_document(printed["text"], tmp_path / "tu-pdf", today=TODAY)
    assert from_pdf.path.relative_to(tmp_path / "tu-pdf") == from_word.path.relative_to(
        tmp_path / "tu-word"
    )
    fields = front_matter(from_pdf.path)
    assert fields == front_matter(from_word.path)
    assert fields["title"] == TITLE and fields["number"] == "12-KH/ĐU"
    assert "review" not in fields
    # the same lines: the table cell for cell, the letterhead column by column
    assert read_document(printed["text"]).replace("\n\n", "\n").strip() == (
        read_document(word).replace("\n\n", "\n").strip()
    )


def test_scanned_pdf_is_read_by_ocr_and_marked_for_review_until_an_editor_checks_it(
    printed: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for program in ("tesseract",):
        if shutil.which(program) is None:
            pytest.fail(f"{program} is missing: run `make system-deps` (sh tests/system-deps.sh)")
    project = copy_project(tmp_path / "project")
    result = import_document(printed["scan"], project / "plans", today=TODAY)
    written = result.path.read_text("utf-8")
    fields = front_matter(result.path)
    assert fields["review"] == REVIEW_OCR
    assert "nhận dạng chữ" in result.notes[0] and "`review`" in result.notes[0]
    # OCR read the text, laid out as a text layer is (the letterhead and the signature block
    # column by column): the title, the plan's own number and date, the signer
    assert "Nghị quyết Đại hội" in str(fields["title"])
    assert (fields["number"], fields["issued"]) == ("12-KH/ĐU", "10/03/2024")
    assert fields["signer"] == {
        "name": "Nguyễn Văn Bình",
        "title": "Bí thư",
        "on_behalf_of": "Đảng ủy",
    }
    assert "Nơi nhận" not in written.split("\n---\n", 1)[1]
    # the check refuses it, naming the file and the review line
    line = written.split("\n").index(
        next(x for x in written.split("\n") if x.startswith("review:"))
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    check = subprocess.run(
        [sys.executable, "-m", "plansite.cli", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert check.returncode == 1
    shown = f"{result.path.relative_to(project).as_posix()}:{line + 1}"
    assert shown in check.stdout + check.stderr, check.stdout + check.stderr
    assert "OCR" in check.stdout + check.stderr
    # the publishing build stops on it too, with the same file and line
    caplog.clear()
    with pytest.raises(Abort):
        build_site(project / "mkdocs.yml", tmp_path / "site")
    said = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(shown in m and "OCR" in m for m in said), said
    assert not (tmp_path / "site" / "index.html").exists()
    # the editor compares it with the original and removes the mark: no more error for it
    reviewed = re.sub(r"^review:.*\n", "", written, flags=re.M)
    problems = Problems()
    read_plan_text(reviewed, "plans/x.md", problems)
    assert not any("OCR" in p.message for p in problems.items)


def test_scanned_pdf_without_tesseract_says_what_to_install(
    printed: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "bin"  # a PATH without tesseract (nothing else is called)
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))
    with pytest.raises(PlanError) as raised:
        import_document(printed["scan"], tmp_path / "plans", today=TODAY)
    problem = raised.value.problems[0]
    assert problem.file == str(printed["scan"])
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-vie" in problem.message
    assert "bản quét" in problem.message
    assert not (tmp_path / "plans").exists()


def test_scanned_pdf_with_tesseract_but_no_vietnamese_data_says_what_to_install(
    printed: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "bin"  # a tesseract that knows English only
    bare.mkdir()
    fake = bare / "tesseract"
    fake.write_text('#!/bin/sh\necho "List of available languages (1):"\necho eng\n', "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bare))
    with pytest.raises(PlanError) as raised:
        import_document(printed["scan"], tmp_path / "plans", today=TODAY)
    message = raised.value.problems[0].message
    assert "dữ liệu tiếng Việt" in message and "tesseract-ocr-vie" in message


@pytest.mark.parametrize(
    ("module", "limit", "value", "words"),
    [
        ("plansite.intake.pdf", "MAX_PDF_PAGES", 0, "trang, nhiều hơn 0 trang"),
        ("plansite.intake.pdf", "MAX_PDF_BYTES", 1000, "tệp PDF quá lớn"),
    ],
)
def test_pdf_limits_are_said_in_vietnamese(
    printed: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    limit: str,
    value: int,
    words: str,
) -> None:
    monkeypatch.setattr(f"{module}.{limit}", value)
    with pytest.raises(PlanError) as raised:
        import_document(printed["text"], tmp_path / "plans", today=TODAY)
    assert words in raised.value.problems[0].message
    assert not (tmp_path / "plans").exists()


@pytest.mark.parametrize(
    ("limit", "value", "words"),
    [("MAX_OCR_PAGES", 0, "nhiều hơn 0 trang"), ("OCR_SECONDS", 0.01, "quá 0.01 giây")],
)
def test_ocr_is_bounded_in_pages_and_time(
    printed: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: float,
    words: str,
) -> None:
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is missing: run `make system-deps` (sh tests/system-deps.sh)")
    monkeypatch.setattr(f"plansite.intake.ocr.{limit}", value)
    with pytest.raises(PlanError) as raised:
        import_document(printed["scan"], tmp_path / "plans", today=TODAY)
    assert words in raised.value.problems[0].message


def test_reading_text_files_never_loads_pdfplumber() -> None:
    code = (
        "import sys, pathlib, tempfile\n"
        "from plansite.intake.importer import read_document\n"
        "p = pathlib.Path(tempfile.mkdtemp()) / 'a.txt'\n"
        "p.write_text('KẾ HOẠCH\\nThử', 'utf-8')\n"
        "read_document(p)\n"
        "print(sorted(m for m in ('pdfplumber', 'pdfminer', 'docx') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_a_table_going_on_over_the_next_page_is_one_table(browser: Any, tmp_path: Path) -> None:
    rows = [(f"Việc thứ {i}", f"Chi bộ số {i}", f"Tháng {1 + i % 12}/2025") for i in range(1, 61)]
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    page = browser.new_page()
    try:
        page.set_content(
            f'<!doctype html><html lang="vi"><meta charset="utf-8"><style>{STYLE}</style><body>'
            '<p class="c"><b>KẾ HOẠCH</b></p><p class="c"><b>Phân công nhiệm vụ</b></p>'
            '<table class="g"><thead><tr><td>Nội dung</td><td>Đơn vị thực hiện</td>'
            f"<td>Thời gian</td></tr></thead><tbody>{cells}</tbody></table></body></html>"
        )
        path = tmp_path / "bang-dai.pdf"
        page.pdf(path=str(path), format="A4", margin={"top": "2cm", "bottom": "2cm"})
    finally:
        page.close()
    with pdfplumber.open(str(path)) as pdf:
        assert len(pdf.pages) >= 2  # the table goes on over the next pages
    lines = read_document(path).split("\n")
    table = [line for line in lines if line.startswith("|")]
    assert table == [
        "| Nội dung | Đơn vị thực hiện | Thời gian |",
        "| --- | --- | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
    ]
