"""`plansite import`: reading received documents, writing plan files the editor only has to
complete, and a body that reads like the original."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import docx
import markdown  # type: ignore[import-untyped]
import pytest

from plansite.core.frontmatter import parse_source
from plansite.core.plan import read_plan_text
from plansite.core.problems import PlanError, Problems
from plansite.core.text import decode
from plansite.extract import extract, layout
from plansite.intake.importer import body_markdown, import_document, plan_markdown, read_document

HERE = Path(__file__).parent
SEEDS = sorted((HERE / "fixtures" / "seeds").glob("*.txt"))
TEXTS = sorted((HERE / "fixtures" / "texts").glob("*.txt"))
TODAY = date(2026, 11, 22)


def seed_text(path: Path) -> str:
    return decode(path.read_bytes())[0]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 writes Vietnamese as a base letter (â, ê, ô, ơ, ư, ă, đ) plus a combining
    tone mark; build those bytes from NFC text."""
    out: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text) + " ":
        if unicodedata.combining(ch):
            if ch in "\u0302\u0306\u031b":  # circumflex, breve, horn belong to the letter
                out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
            else:
                tones.append(ch)
            continue
        out.extend(tones)
        tones = []
        out.append(ch)
    return "".join(out)[:-1].encode("cp1258")


# --------------------------------------------------------------------------------------------
# Reading received files

SAMPLE = "KẾ HOẠCH\nTổ chức học tập Nghị quyết\n\nThực hiện Kết luận số 21-KL/TW của Bộ Chính trị."


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),
        to_cp1258,
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom",
        "utf16-be-bom",
        "utf16-le-no-bom",
        "cp1258",
        "crlf",
        "nfd",
    ],
)
def test_text_files_in_every_encoding_read_to_the_same_nfc_text(
    tmp_path: Path, encode: object
) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(encode(SAMPLE))  # type: ignore[operator]
    text = read_document(path)
    assert text == SAMPLE
    assert unicodedata.is_normalized("NFC", text)


def test_markdown_file_loses_its_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.md"
    path.write_text("---\ntitle: cũ\n---\n" + SAMPLE, "utf-8")
    assert read_document(path) == SAMPLE


def make_docx(path: Path) -> None:
    document = docx.Document()
    letterhead = document.add_table(rows=1, cols=2)
    letterhead.cell(0, 0).text = "ĐẢNG BỘ HUYỆN HÒA AN\nĐẢNG ỦY XÃ BÌNH MINH\n*\nSố 09-KH/ĐU"
    letterhead.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM\nBình Minh, ngày 05 tháng 4 năm 2024"
    document.add_paragraph("KẾ HOẠCH")
    title = document.add_paragraph()
    title.add_run("Tổ chức học tập ").bold = True
    title.add_run("Chỉ thị số 05-CT/TW").bold = True
    opening = document.add_paragraph("Căn cứ Chỉ thị số 05-CT/TW ngày 15/5/2016 của ")
    opening.add_run("Bộ Chính trị").italic = True
    opening.add_run(", Ban Thường vụ Đảng ủy xã xây dựng kế hoạch như sau:")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Cán bộ, đảng viên nắm vững nội dung.", style="List Number")
    document.add_paragraph(
        "Các chi bộ tổ chức học tập, hoàn thành trước 20/5.", style="List Number"
    )
    document.add_paragraph("Tuyên truyền sâu rộng.", style="List Bullet")
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- Ban Thường vụ Huyện ủy (b/c);\n- Lưu VP."
    signature.cell(0, 1).text = "T/M ĐẢNG ỦY\nBÍ THƯ\n\nNguyễn Văn Bình"
    document.save(str(path))


def test_docx_keeps_bold_italics_list_numbers_and_table_text(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    make_docx(path)
    text = read_document(path)
    assert "**Tổ chức học tập Chỉ thị số 05-CT/TW**" in text
    assert "của *Bộ Chính trị*, Ban" in text
    assert "\n1. Cán bộ, đảng viên nắm vững nội dung.\n2. Các chi bộ" in text
    assert "\n- Tuyên truyền sâu rộng." in text
    found = extract(text)
    assert (found.number, found.issued, found.locality) == ("09-KH/ĐU", "2024-04-05", "Bình Minh")
    assert found.title == "Tổ chức học tập Chỉ thị số 05-CT/TW"
    assert found.signer == {"name": "Nguyễn Văn Bình", "title": "Bí thư", "on_behalf_of": "Đảng ủy"}
    assert found.recipients == ["Ban Thường vụ Huyện ủy (b/c)", "Lưu VP"]
    assert [d.by for d in found.deadlines] == ["2024-05-20"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("ke-hoach.pdf", b"%PDF-1.4", "không mở được tệp PDF"),
        ("ke-hoach.pdf", b"not a pdf at all", "không mở được tệp PDF"),
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0", ".docx"),
        ("ke-hoach.xlsx", b"PK", "chưa được hỗ trợ"),
        ("ke-hoach.txt", b"", "trống"),
        ("ke-hoach.txt", b"PK\x03\x04\x00\x00\x01\x02binary", "không phải văn bản"),
        ("ke-hoach.docx", b"not a zip", "không mở được tệp Word"),
    ],
)
def test_files_an_editor_must_fix_raise_plan_error_in_vietnamese(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlanError) as raised:
        read_document(path)
    problem = raised.value.problems[0]
    assert words in problem.message
    assert problem.file == str(path)


def test_missing_file_raises_plan_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="không đọc được tệp"):
        read_document(tmp_path / "khong-co.txt")


# --------------------------------------------------------------------------------------------
# The plan file


def fill_like_an_editor(text: str, plan_issued: str) -> str:
    """Fill what the seeds do not state, as an editor would from the signed original."""
    text = re.sub(r"^number:$", 'number: "99-KH/TU"', text, flags=re.M)
    text = re.sub(r"^issued:$", f'issued: "{plan_issued}"', text, flags=re.M)
    text = re.sub(r"^level:$", "level: xã", text, flags=re.M)
    text = re.sub(r"^locality:$", 'locality: "Hà Tĩnh"', text, flags=re.M)
    return re.sub(r"^summary:$", 'summary: "Tóm tắt."', text, flags=re.M)


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_imported_seed_is_a_valid_plan_once_the_editor_fills_what_the_text_does_not_state(
    tmp_path: Path, path: Path
) -> None:
    result = import_document(path, tmp_path, today=TODAY)
    written = result.path.read_text("utf-8")
    problems = Problems()
    plan = read_plan_text(written, "plans/x.md", problems)
    assert plan is not None and not problems.errors, problems.items
    assert plan.published == TODAY
    assert plan.number is None and plan.issued is None  # never invented
    found = result.extraction
    assert found is not None
    assert [m.by.iso if m.by else None for m in plan.milestones] == [d.by for d in found.deadlines]
    # the editor fills in the number, the date of issue and the place from the signed original
    days = [d.by for d in found.deadlines if d.by] + ["2999-12-31"]
    issued = max([i["issued"] for i in found.implements if "issued" in i] or [min(days)])
    filled = fill_like_an_editor(written, issued)
    problems = Problems()
    plan = read_plan_text(filled, "plans/x.md", problems)
    assert plan is not None and not problems.errors, problems.items
    assert plan.number is not None and plan.number.canonical == "99-KH/TU"
    assert plan.level is not None and plan.locality == "Hà Tĩnh"


def test_front_matter_states_only_what_the_text_says_and_explains_the_rest(tmp_path: Path) -> None:
    result = import_document(SEEDS[0], tmp_path, today=TODAY)
    text = result.path.read_text("utf-8")
    meta = parse_source(text, "x.md", Problems())
    assert meta is not None
    values = {key: entry.value for key, entry in meta.meta.items()}
    assert values["title"] == (
        "Triển khai, quán triệt và tuyên truyền Nghị quyết năm 2022 của Tỉnh ủy và của Huyện ủy"
    )
    assert values["number"] is None and values["issued"] is None and values["locality"] is None
    assert values["published"] == "2026-11-22"
    assert values["issuer"] == "Ban Tuyên giáo Huyện ủy"
    assert values["level"] == "huyện"  # "Huyện ủy" names the level
    assert "# Số hiệu của kế hoạch" in text and "# Ngày ban hành" in text
    assert len(values["recipients"]) == 10
    by = [m.value["by"].value for m in values["milestones"]]
    assert by == ["2022-02-H1", "2022-02", "2022-03"]
    assert result.path == tmp_path / "2022" / (
        "trien-khai-quan-triet-va-tuyen-truyen-nghi-quyet-nam-2022-cua-tinh-uy.md"
    )


def test_notes_tell_the_editor_what_to_check_in_vietnamese(tmp_path: Path) -> None:
    notes = import_document(SEEDS[2], tmp_path, today=TODAY).notes
    joined = "\n".join(notes)
    assert "số hiệu" in joined and "ngày ban hành" in joined and "22/11/2026" in joined
    assert "28-NQ/W" in joined
    text = next(tmp_path.rglob("*.md")).read_text("utf-8")
    assert '#   "28-NQ/W": "28-NQ/TW"' in text  # a correction suggested, not applied


def test_import_never_overwrites_unless_forced(tmp_path: Path) -> None:
    first = import_document(SEEDS[1], tmp_path, today=TODAY)
    first.path.write_text("đã sửa", "utf-8")
    with pytest.raises(PlanError) as raised:
        import_document(SEEDS[1], tmp_path, today=TODAY)
    assert "--force" in raised.value.problems[0].message
    assert first.path.read_text("utf-8") == "đã sửa"
    again = import_document(SEEDS[1], tmp_path, today=TODAY, force=True)
    assert again.path == first.path and again.path.read_text("utf-8").startswith("---\n")


def test_unsupported_file_is_not_imported(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.odt"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(PlanError):
        import_document(path, tmp_path / "plans", today=TODAY)
    assert not (tmp_path / "plans").exists()


def test_imported_docx_is_a_valid_plan(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    make_docx(path)
    result = import_document(path, tmp_path / "plans", today=TODAY)
    problems = Problems()
    plan = read_plan_text(result.path.read_text("utf-8"), "plans/x.md", problems)
    assert plan is not None and not problems.errors, problems.items
    assert plan.number is not None and plan.number.canonical == "09-KH/ĐU"
    assert plan.issued == date(2024, 4, 5)
    assert result.path.parent.name == "2024"
    assert any("đánh số tự động" in n for n in result.notes)


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_invented_texts_import_to_valid_plans(tmp_path: Path, path: Path) -> None:
    result = import_document(path, tmp_path, today=TODAY)
    problems = Problems()
    assert read_plan_text(result.path.read_text("utf-8"), "plans/x.md", problems) is not None
    assert not problems.errors, problems.items


# --------------------------------------------------------------------------------------------
# The body reads like the original


def plain(s: str) -> str:
    return " ".join(s.replace("*", "").replace("\\", "").split())


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_body_keeps_every_paragraph_of_the_original_in_order(path: Path) -> None:
    text = seed_text(path)
    lay = layout(text)
    md = plan_markdown(extract(text), text, published=TODAY).split("\n---\n", 1)[1]
    flat = plain(md)
    pos = 0
    for line in lay.lines[lay.body[0] : lay.body[1]]:
        words = plain(line).lstrip("-+·• ")
        if not words:
            continue
        start = flat.find(words[-40:], pos)
        assert start >= 0, words
        pos = start
    assert "Nơi nhận" not in md and "T/M BAN" not in md
    assert plain(extract(text).title or "") not in flat[:200] or path.stem.startswith("004")


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_body_renders_sections_as_headings_and_bullets_as_lists(path: Path) -> None:
    text = seed_text(path)
    body = plan_markdown(extract(text), text, published=TODAY).split("\n---\n", 1)[1]
    html = markdown.markdown(body)
    assert html.count("<h2>") == 3  # I, II, III
    assert "<ul>" in html
    assert "<ol>" not in html  # numbered paragraphs keep their own numbers
    assert "<h3>" in html


def test_body_markdown_rules() -> None:
    lines = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích:",
        "- Nắm vững nội dung;",
        "+ chi tiết một",
        "+ chi tiết hai",
        "- Ý thứ hai",
        "1.1. Về nội dung:",
        "2. Văn phòng Tỉnh ủy chủ trì, phối hợp với Ban Tuyên giáo Tỉnh ủy tham mưu tổ chức Hội "
        "nghị cấp tỉnh. Cung cấp tài liệu học tập cho các địa phương, đơn vị.",
        "1.4. Báo cáo viên: Cấp ủy phân công các đồng chí trong thường trực trực tiếp báo cáo.",
        "a. Thành phần:",
        "* Lưu ý: Sinh hoạt chuyên đề có 2 nội dung:",
        "· Một gạch đầu dòng kiểu khác",
        "Câu bị ngắt dòng giữa",
        "chừng khi chép từ thư điện tử.",
        "<script>alert(1)</script> [liên kết](javascript:alert(1))",
        "-----",
        "II- NỘI DUNG",
        "**III. TỔ CHỨC THỰC HIỆN**",
    ]
    assert (
        body_markdown(lines)
        == "\n\n".join(
            [
                "## I. MỤC ĐÍCH, YÊU CẦU",
                "### 1. Mục đích:",
                "- Nắm vững nội dung;\n    - chi tiết một\n    - chi tiết hai\n- Ý thứ hai",
                "#### 1.1. Về nội dung:",
                "2\\. Văn phòng Tỉnh ủy chủ trì, phối hợp với Ban Tuyên giáo Tỉnh ủy tham mưu "
                "tổ chức Hội nghị cấp tỉnh. Cung cấp tài liệu học tập cho các địa phương, đơn vị.",
                "#### 1.4. Báo cáo viên:",
                "Cấp ủy phân công các đồng chí trong thường trực trực tiếp báo cáo.",
                "a. Thành phần:",
                "\\* Lưu ý: Sinh hoạt chuyên đề có 2 nội dung:",
                "- Một gạch đầu dòng kiểu khác",
                "Câu bị ngắt dòng giữa chừng khi chép từ thư điện tử.",
                "&lt;script>alert(1)&lt;/script> \\[liên kết\\]\\(javascript:alert(1))",
                "## II- NỘI DUNG",
                "## III. TỔ CHỨC THỰC HIỆN",
            ]
        )
        + "\n"
    )


def test_imported_body_with_a_link_to_javascript_is_still_a_valid_plan(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_text("KẾ HOẠCH\nThử\n\nI. MỤC ĐÍCH\n[bấm](javascript:alert(1))\n", "utf-8")
    result = import_document(path, tmp_path, today=TODAY)
    problems = Problems()
    assert read_plan_text(result.path.read_text("utf-8"), "plans/x.md", problems) is not None
    assert not problems.errors, problems.items


def test_pipe_tables_stay_tables_and_tab_separated_rows_become_one() -> None:
    lines = [
        "II. NỘI DUNG",
        "| Nội dung | Đơn vị thực hiện | Thời gian |",
        "| --- | --- | --- |",
        "| Hội nghị<br>(trực tiếp \\| trực tuyến) | Ban Tuyên giáo | Tháng 5/2024 |",
        "| <script>x</script> [a](javascript:x) | - Văn phòng |  |",
        "Nội dung\tĐơn vị thực hiện\tThời gian",
        "Học tập\tCác chi bộ\tQuý III/2024",
        "Một dòng\tcó tab lẻ",
        "Đoạn cuối.",
    ]
    body = body_markdown(lines)
    assert (
        body
        == "\n\n".join(
            [
                "## II. NỘI DUNG",
                "| Nội dung | Đơn vị thực hiện | Thời gian |\n"
                "| --- | --- | --- |\n"
                "| Hội nghị<br>(trực tiếp \\| trực tuyến) | Ban Tuyên giáo | Tháng 5/2024 |\n"
                "| &lt;script>x&lt;/script> \\[a\\]\\(javascript:x) | - Văn phòng |  |",
                "| Nội dung | Đơn vị thực hiện | Thời gian |\n"
                "| --- | --- | --- |\n"
                "| Học tập | Các chi bộ | Quý III/2024 |",
                "Một dòng\tcó tab lẻ",
                "Đoạn cuối.",
            ]
        )
        + "\n"
    )
    html = markdown.markdown(body, extensions=["tables"])
    assert html.count("<table>") == 2 and "<td>Hội nghị<br>(trực tiếp | trực tuyến)</td>" in html
    assert "<script>" not in html and 'href="javascript' not in html


def test_txt_with_tab_separated_rows_imports_with_a_table_in_its_body(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        "KẾ HOẠCH\nHọc tập nghị quyết\n\nI. NỘI DUNG\n"
        "Nội dung\tĐơn vị thực hiện\tThời gian\n"
        "Hội nghị quán triệt\tBan Tuyên giáo\tTháng 5/2024\n"
        "Sơ kết\tVăn phòng\tQuý IV/2024\n",
        "utf-8",
    )
    result = import_document(path, tmp_path / "plans", today=TODAY)
    body = result.path.read_text("utf-8").split("\n---\n", 1)[1]
    assert "| Hội nghị quán triệt | Ban Tuyên giáo | Tháng 5/2024 |" in body
    assert "| Sơ kết | Văn phòng | Quý IV/2024 |" in body
