"""Reading a plan file: the schema, and a clear message with file and line for each mistake."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plansite.core.plan import read_plan, read_plan_text
from plansite.core.problems import Problems

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
---
title: "Triển khai Kết luận số 21-KL/TW"
number: 12-KH/ĐU
issuer: "Ban Thường vụ Đảng ủy"
issued: 18/01/2022
published: 2022-01-20
signer:
  name: "Lê Anh Trường"
  title: "Phó Bí thư"
  on_behalf_of: "Ban Thường vụ"
level: xã
implements:
  - 21-KL/TW
  - number: 01-KL/TW
    issued: 18/5/2021
    issuer: "Bộ Chính trị"
  - title: "Nghị quyết Đại hội Đảng bộ xã lần thứ XX"
milestones:
  - by: 2022-02-H1
    what: "Hội nghị quán triệt"
    who: "Đảng ủy"
  - recurring: quý I hằng năm
    what: "Báo cáo kết quả"
recipients: ["Ban Tuyên giáo Thị ủy", "Lưu VP"]
---

Thực hiện Kết luận số 21-KL/TW và Quy định số 05-Qđi/ThU.
"""


def read(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    plan = read_plan_text(text, "plans/x.md", problems)
    return plan, [str(p) for p in problems.sorted()]


def test_a_complete_plan_is_read_with_every_field() -> None:
    plan, problems = read(GOOD)
    assert problems == []
    assert plan is not None
    assert plan.title == "Triển khai Kết luận số 21-KL/TW"  # type: ignore[attr-defined]
    assert plan.number.canonical == "12-KH/ĐU"  # type: ignore[attr-defined]
    assert plan.issued == date(2022, 1, 18)  # type: ignore[attr-defined]
    assert plan.level == "xa"  # type: ignore[attr-defined]
    assert plan.signer.on_behalf_of == "Ban Thường vụ"  # type: ignore[attr-defined]
    implements = plan.implements  # type: ignore[attr-defined]
    assert [str(r.number) if r.number else r.title for r in implements] == [
        "21-KL/TW",
        "01-KL/TW",
        "Nghị quyết Đại hội Đảng bộ xã lần thứ XX",
    ]
    assert implements[1].issued == date(2021, 5, 18)
    first, second = plan.milestones  # type: ignore[attr-defined]
    assert first.by.code == "2022-02-H1" and first.line == 19
    assert second.recurring.code == "yearly-Q1"
    cited = [c.number.canonical for c in plan.citations]  # type: ignore[attr-defined]
    assert cited == ["21-KL/TW", "05-QĐi/ThU", "21-KL/TW"]


@pytest.mark.parametrize(
    ("replace", "by", "line", "says"),
    [
        ('title: "Triển khai Kết luận số 21-KL/TW"\n', "", 1, "thiếu trường `title`"),
        ("published: 2022-01-20\n", "", 1, "thiếu trường `published`"),
        ("issued: 18/01/2022", "issued: 31/02/2022", 5, "chỉ có 28 ngày"),
        ("issued: 18/01/2022", "issued: 2022-13-01", 5, "tháng 13"),
        ("issued: 18/01/2022", "issued: 18/01/20222", 5, "20222"),
        ('issuer: "Ban Thường vụ Đảng ủy"', "issuer: [a, b]", 4, "không phải danh sách"),
        ("level: xã", "level: vùng", 11, "không phải cấp"),
        ("number: 12-KH/ĐU", "number: mười hai", 3, "không phải số hiệu"),
        ('    what: "Hội nghị quán triệt"\n', "", 19, "thiếu `what`"),
        ("by: 2022-02-H1", "by: 2021-12", 19, "trước ngày ban hành"),
        ('title: "Triển', 'title: "Triển\n  x: "y', 3, "dấu ngoặc kép"),
        ("level: xã", "\tlevel: xã", 11, "Tab"),
        ("level: xã", "level: xã\nlevel: tỉnh", 12, "viết hai lần"),
    ],
)
def test_a_mistake_is_reported_with_its_line_and_what_to_do(
    replace: str, by: str, line: int, says: str
) -> None:
    assert replace in GOOD
    plan, problems = read(GOOD.replace(replace, by, 1))
    assert plan is None
    matching = [p for p in problems if says in p]
    assert matching, problems
    assert matching[0].startswith(f"plans/x.md:{line}: lỗi: ")


def test_an_unknown_key_is_a_warning_with_a_suggestion() -> None:
    plan, problems = read(GOOD.replace("level: xã", "levle: xã"))
    assert plan is not None
    assert problems == [
        "plans/x.md:11: cảnh báo: trường `levle` không được dùng và bị bỏ qua; có phải `level`?"
    ]


def test_a_number_typo_is_flagged_with_the_likely_number() -> None:
    text = GOOD.replace("Quy định số 05-Qđi/ThU", "NQ số 21-KL/W")
    plan, problems = read(text)
    assert plan is not None
    (warning,) = problems
    assert warning.startswith("plans/x.md:27: cảnh báo: số hiệu '21-KL/W'")
    assert "21-KL/TW" in warning and "corrections" in warning


def test_a_declared_correction_links_the_typo_to_the_right_number_silently() -> None:
    text = GOOD.replace("Quy định số 05-Qđi/ThU", "NQ số 21-KL/W").replace(
        "recipients:", 'corrections:\n  "21-KL/W": "21-KL/TW"\nrecipients:'
    )
    plan, problems = read(text)
    assert problems == []
    corrected = [c for c in plan.citations if c.corrected_from]  # type: ignore[attr-defined]
    assert [(c.raw, c.number.canonical) for c in corrected] == [("21-KL/W", "21-KL/TW")]


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "C:\\x.pdf", "~/x.pdf"])
def test_an_attachment_outside_the_site_is_an_error(path: str) -> None:
    text = GOOD.replace("recipients:", f"attachments:\n  - path: '{path}'\nrecipients:")
    plan, problems = read(text)
    assert plan is None
    assert any("tệp đính kèm" in p and ":25: lỗi:" in p for p in problems), problems


def test_front_matter_not_closed_is_reported_on_line_one() -> None:
    plan, problems = read("---\ntitle: x\npublished: 2022-01-01\n\nNội dung")
    assert plan is None
    assert problems[0].startswith("plans/x.md:1: lỗi: phần thông tin mở")


def test_decomposed_vietnamese_and_crlf_are_normalised(tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", GOOD).replace("\n", "\r\n")
    path = tmp_path / "plans" / "x.md"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    problems = Problems()
    plan = read_plan(path, tmp_path, problems)
    assert plan is not None, [str(p) for p in problems.items]
    assert plan.title == "Triển khai Kết luận số 21-KL/TW"
    assert unicodedata.is_normalized("NFC", plan.body)


@pytest.mark.parametrize("sample", sorted((ROOT / "plans").rglob("*.md")), ids=lambda p: p.name)
def test_sample_plans_read_without_any_problem(sample: Path) -> None:
    problems = Problems()
    plan = read_plan(sample, ROOT, problems)
    assert plan is not None
    assert [str(p) for p in problems.items] == []
    assert plan.number is None and plan.issued is None  # the seeds do not state them


def test_the_closest_known_number_is_suggested_for_a_typo() -> None:
    text = GOOD.replace("Quy định số 05-Qđi/ThU", "Nghị quyết 28-NQ/TW, 28-NQ/TU và 28-NQ/W")
    plan, problems = read(text)
    assert plan is not None
    (warning,) = problems
    assert "nếu là lỗi đánh máy của 28-NQ/TW" in warning
