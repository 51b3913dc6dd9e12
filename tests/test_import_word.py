"""`plansite import` of a Word plan built like a real signed one: a letterhead laid out as a
table, a bold centred title, bullets, a task table (a header cell merged over two columns, a
cell of two paragraphs, a cell merged down two rows, a `|` in a cell) and a signature table.
Every cell of the task table is in the body, in its place, and the built plan page shows it as
an HTML table; every dated row is a milestone with its `who`."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import docx
import markdown  # type: ignore[import-untyped]
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import build_site, copy_project
from plansite.core.frontmatter import parse_source
from plansite.core.plan import read_plan_text
from plansite.core.problems import Problems
from plansite.intake.importer import import_document, read_document

TODAY = date(2026, 11, 22)

LETTERHEAD = (
    ["ĐẢNG BỘ HUYỆN HÒA AN", "ĐẢNG ỦY XÃ BÌNH MINH", "*", "Số 12-KH/ĐU"],
    ["ĐẢNG CỘNG SẢN VIỆT NAM", "Bình Minh, ngày 10 tháng 3 năm 2024"],
)
TITLE = "Tuyên truyền, học tập Nghị quyết Đại hội Đảng bộ xã"
OPENING = (
    "Căn cứ Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Ban Thường vụ Đảng ủy xã "
    "xây dựng kế hoạch như sau:"
)
BULLETS = [
    "Cán bộ, đảng viên nắm vững nội dung nghị quyết.",
    "Tuyên truyền sâu rộng trong Nhân dân.",
]
HEADER = ["Nội dung", "Đơn vị thực hiện", "Thời gian"]  # the unit cell spans two columns
#: (content paragraphs, lead unit, supporting unit, time); the lead unit of rows 2 and 3 is one
#: cell merged down.
ROWS = [
    (
        ["Tổ chức hội nghị quán triệt nghị quyết", "(trực tiếp | trực tuyến)"],
        "Ban Tuyên giáo Đảng ủy",
        "Văn phòng Đảng ủy",
        "Trước ngày 20/4/2024",
    ),
    (["Học tập nghị quyết tại các chi bộ"], "Các chi bộ trực thuộc", "", "Tháng 5/2024"),
    (
        ["Báo cáo kết quả học tập"],
        "Các chi bộ trực thuộc",
        "Văn phòng Đảng ủy",
        "Trước ngày 30/6/2024",
    ),
    (["Sơ kết việc thực hiện nghị quyết"], "Ban Thường vụ Đảng ủy", "", "Quý IV/2024"),
]
CLOSING = "Các chi bộ căn cứ kế hoạch này xây dựng kế hoạch thực hiện phù hợp với thực tế."
RECIPIENTS = ["Nơi nhận:", "- Ban Thường vụ Huyện ủy (b/c);", "- Các chi bộ;", "- Lưu VP."]
SIGNATURE = ["T/M ĐẢNG ỦY", "BÍ THƯ", "", "Nguyễn Văn Bình"]
#: The table as the body must hold it, cell for cell.
EXPECTED_TABLE = [
    "| Nội dung | Đơn vị thực hiện | Đơn vị thực hiện | Thời gian |",
    "| --- | --- | --- | --- |",
    "| Tổ chức hội nghị quán triệt nghị quyết<br>(trực tiếp \\| trực tuyến) "
    "| Ban Tuyên giáo Đảng ủy | Văn phòng Đảng ủy | Trước ngày 20/4/2024 |",
    "| Học tập nghị quyết tại các chi bộ | Các chi bộ trực thuộc |  | Tháng 5/2024 |",
    "| Báo cáo kết quả học tập | Các chi bộ trực thuộc | Văn phòng Đảng ủy "
    "| Trước ngày 30/6/2024 |",
    "| Sơ kết việc thực hiện nghị quyết | Ban Thường vụ Đảng ủy |  | Quý IV/2024 |",
]


def make_word_plan(path: Path) -> None:
    """The plan as a Word file, built as offices build them."""
    document = docx.Document()
    letterhead = document.add_table(rows=1, cols=2)
    for column, lines in enumerate(LETTERHEAD):
        letterhead.cell(0, column).text = "\n".join(lines)
    for text in ("KẾ HOẠCH", TITLE):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    document.add_paragraph(OPENING)
    document.add_paragraph().add_run("I. MỤC ĐÍCH, YÊU CẦU").bold = True
    for text in BULLETS:
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph().add_run("II. NỘI DUNG VÀ TIẾN ĐỘ").bold = True
    table = document.add_table(rows=1 + len(ROWS), cols=4)
    table.style = "Table Grid"
    table.cell(0, 1).merge(table.cell(0, 2))
    for column, text in zip((0, 1, 3), HEADER, strict=True):
        table.cell(0, column).text = text
    for i, (content, lead, support, when) in enumerate(ROWS, start=1):
        first = table.cell(i, 0)
        first.text = content[0]
        for more in content[1:]:
            first.add_paragraph(more)
        if i != 3:  # row 3's lead unit is row 2's, merged down
            table.cell(i, 1).text = lead
        table.cell(i, 2).text = support
        table.cell(i, 3).text = when
    table.cell(2, 1).merge(table.cell(3, 1))
    document.add_paragraph().add_run("III. TỔ CHỨC THỰC HIỆN").bold = True
    document.add_paragraph(CLOSING)
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "\n".join(RECIPIENTS)
    signature.cell(0, 1).text = "\n".join(SIGNATURE)
    document.save(str(path))


def front_matter(path: Path) -> dict[str, object]:
    """The plan file's front matter fields, as values (comments apart)."""
    meta = parse_source(path.read_text("utf-8"), "x.md", Problems())
    assert meta is not None

    def value(v: object) -> object:
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        return value(v.value) if hasattr(v, "value") else v

    return {key: value(entry.value) for key, entry in meta.meta.items()}


def test_word_table_keeps_every_cell_in_its_place_and_the_letterhead_reads_as_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ke-hoach.docx"
    make_word_plan(path)
    text = read_document(path)
    lines = text.split("\n")
    start = lines.index(EXPECTED_TABLE[0])
    assert lines[start : start + len(EXPECTED_TABLE)] == EXPECTED_TABLE
    # the letterhead and the signature stay lines, cell by cell
    assert "\nĐẢNG ỦY XÃ BÌNH MINH\n*\nSố 12-KH/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n" in text
    assert "\nNơi nhận:\n- Ban Thường vụ Huyện ủy (b/c);\n" in text
    assert "\n- Cán bộ, đảng viên nắm vững nội dung nghị quyết.\n" in text


def test_imported_word_plan_has_the_table_in_its_body_and_a_milestone_per_dated_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ke-hoach.docx"
    make_word_plan(path)
    result = import_document(path, tmp_path / "plans", today=TODAY)
    written = result.path.read_text("utf-8")
    body = written.split("\n---\n", 1)[1]
    # every cell of the table, in its place, in the body (a Markdown table)
    for row in EXPECTED_TABLE:
        assert row in body, row
    rendered = markdown.markdown(body, extensions=["tables"])
    assert rendered.count("<tr>") == 1 + len(ROWS)
    problems = Problems()
    plan = read_plan_text(written, "plans/x.md", problems)
    assert plan is not None and not problems.errors, [str(p) for p in problems.sorted()]
    assert plan.number is not None and plan.number.canonical == "12-KH/ĐU"
    assert plan.title == TITLE and plan.issued == date(2024, 3, 10)
    assert plan.recipients == ["Ban Thường vụ Huyện ủy (b/c)", "Các chi bộ", "Lưu VP"]
    # every dated row is a milestone, with the row's content and lead unit (the text engine
    # reads the table: date column → by, unit column → who, content column → what)
    got = sorted((m.by.iso if m.by else "", m.who) for m in plan.milestones)
    assert got == sorted(
        [
            ("2024-04-20", "Ban Tuyên giáo Đảng ủy"),
            ("2024-05-31", "Các chi bộ trực thuộc"),
            ("2024-06-30", "Các chi bộ trực thuộc"),
            ("2024-12-31", "Ban Thường vụ Đảng ủy"),
        ]
    ), [(m.by, m.who, m.what) for m in plan.milestones]
    for m in plan.milestones:
        assert any(m.what.startswith(content[0][:20]) for content, *_ in ROWS), m.what


def test_built_plan_page_shows_the_word_table_with_every_cell(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = tmp_path / "ke-hoach.docx"
    make_word_plan(path)
    result = import_document(path, project / "plans", today=TODAY)
    written = result.path.read_text("utf-8")
    # what an editor fills in before publishing (the text does not say it)
    written = re.sub(r"^summary:$", 'summary: "Tóm tắt."', written, flags=re.M)
    result.path.write_text(written, "utf-8")
    site = tmp_path / "site"
    build_site(project / "mkdocs.yml", site, strict=False)
    pages = [p for p in site.rglob("index.html") if "Sơ kết việc thực hiện" in p.read_text()]
    assert pages, "no page shows the imported plan's table"
    page = next(p for p in pages if "<table" in p.read_text("utf-8"))
    tables = re.findall(r"<table.*?</table>", page.read_text("utf-8"), flags=re.S)
    table = next(t for t in tables if "Sơ kết việc thực hiện" in t)
    cells = [
        html.unescape(re.sub(r"<(?!br)[^>]+>", "", c)).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, flags=re.S)
    ]
    expected = [
        c.replace("\\|", "|").strip()
        for row in EXPECTED_TABLE
        if not row.startswith("| ---")
        for c in re.split(r"(?<!\\)\|", row.strip()[1:-1])
    ]
    assert [c.replace("<br />", "<br>") for c in cells] == expected


def test_a_header_of_two_rows_becomes_one_row_and_its_cells_name_every_column(
    tmp_path: Path,
) -> None:
    """ "Nội dung" and "Thời gian" merged down over the two header rows, "Đơn vị thực hiện" over
    "Chủ trì" and "Phối hợp": one header row, each column named by its header cells."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thử nghiệm")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 3).merge(table.cell(1, 3))
    table.cell(0, 1).merge(table.cell(0, 2))
    for (r, c), text in {
        (0, 0): "Nội dung",
        (0, 1): "Đơn vị thực hiện",
        (0, 3): "Thời gian",
        (1, 1): "Chủ trì",
        (1, 2): "Phối hợp",
    }.items():
        table.cell(r, c).text = text
    for r, row in enumerate(
        [("Hội nghị", "Ban Tuyên giáo", "Văn phòng", "Tháng 5/2024"), ("Sơ kết", "", "", "")],
        start=2,
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "bang.docx"
    document.save(str(path))
    lines = read_document(path).split("\n")
    start = lines.index(
        "| Nội dung | Đơn vị thực hiện – Chủ trì | Đơn vị thực hiện – Phối hợp | Thời gian |"
    )
    assert lines[start + 1 : start + 4] == [
        "| --- | --- | --- | --- |",
        "| Hội nghị | Ban Tuyên giáo | Văn phòng | Tháng 5/2024 |",
        "| Sơ kết |  |  |  |",
    ]


def test_layout_tables_are_told_from_tables_of_content() -> None:
    from plansite.intake.tables import is_layout_table

    letterhead = [["ĐẢNG BỘ HUYỆN HÒA AN<br>Số 12-KH/ĐU", "ĐẢNG CỘNG SẢN VIỆT NAM"]]
    two_rows = [["ĐẢNG ỦY XÃ BÌNH MINH", "ĐẢNG CỘNG SẢN VIỆT NAM"], ["Số: 12-KH/ĐU", "Bình Minh"]]
    signature = [["Nơi nhận:<br>- Lưu VP.", "T/M ĐẢNG ỦY<br>BÍ THƯ"]]
    tasks = [["Nội dung", "Văn bản"], *([["Học tập", "Số 12-KH/ĐU"]] * 3)]
    assert is_layout_table(letterhead) and is_layout_table(two_rows)
    assert is_layout_table(signature)
    assert not is_layout_table(tasks)
    assert not is_layout_table([["Nội dung", "Thời gian"], ["Học tập", "Tháng 5/2024"]])
