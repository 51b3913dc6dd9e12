"""Results (kết quả thực hiện): what was done for a milestone, shown beside its deadline.

A dated milestone records ``done`` (a day), ``report`` (a document number, linked like any
number, or a file of the site) and ``result`` (a short text); a recurring one records them per
occurrence in ``results:``. Plan pages, directive pages and the timeline show them and count
them ("3/5 mốc đã đến hạn có kết quả"); ``ket-qua/`` lists the latest, with its feed.
"""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import build_site_on, copy_project
from plansite.core.plan import read_plan_text
from plansite.core.problems import Problems
from plansite.core.timeline import plan_timeline

PLAN = """---
title: "Kế hoạch kiểm tra, giám sát năm 2023"
number: 81-KH/ĐU
issuer: "Ban Thường vụ Đảng ủy"
issued: 10/01/2023
published: 2023-01-12
level: xã
locality: "Kỳ Anh"
term: 2023 - 2024
milestones:
  - by: 2023-Q2
    what: "Sơ kết công tác kiểm tra"
    done: 15/06/2023
    report: 25-BC/ĐU
    result: "Đã tổ chức hội nghị sơ kết"
  - by: 30/09/2023
    what: "Kiểm tra chuyên đề"
  - recurring: every-6-months
    what: "Báo cáo kết quả giám sát"
    results:
      - by: 2023-H2
        done: 08/01/2024
        report: tai-lieu/bao-cao-giam-sat.pdf
        result: "Gửi báo cáo 6 tháng cuối năm"
---

Thực hiện Kết luận số 21-KL/TW.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("results"))
    (project / "plans" / "2023" / "kiem-tra.md").write_text(PLAN, encoding="utf-8")
    (project / "docs" / "tai-lieu").mkdir()
    (project / "docs" / "tai-lieu" / "bao-cao-giam-sat.pdf").write_bytes(b"%PDF-1.4\n")
    out = project / "site"
    assert build_site_on(project / "mkdocs.yml", out, datetime(2024, 3, 1, 12, tzinfo=UTC)) == []
    return out


def test_results_are_read_and_counted() -> None:
    problems = Problems()
    plan = read_plan_text(PLAN, "plans/2023/kiem-tra.md", problems)
    assert plan is not None and problems.items == []
    first, second, rule = plan.milestones
    assert first.results[0].done == date(2023, 6, 15)
    assert first.results[0].report and first.results[0].report.canonical == "25-BC/ĐU"
    assert second.results == ()
    assert [r.period.code for r in rule.results if r.period] == ["2023-H2"]
    assert rule.results[0].report_path == "tai-lieu/bao-cao-giam-sat.pdf"
    assert any(c.number.canonical == "25-BC/ĐU" for c in plan.citations)  # linked as a number
    timeline = plan_timeline(plan)
    # On 01/03/2024: Quý II/2023, 30/09/2023 and 6 tháng cuối năm 2023 (the rule's first
    # period after the plan's issue) are due; two have a result.
    assert timeline.results(date(2024, 3, 1)) == (2, 3)
    assert timeline.results(date(2023, 7, 1)) == (1, 1)


def test_the_plan_page_shows_each_result_and_the_count(site: Path) -> None:
    html = (site / "ke-hoach" / "kiem-tra" / "index.html").read_text("utf-8")
    assert "2/3 mốc đã đến hạn có kết quả thực hiện." in html
    assert "Kết quả: hoàn thành ngày 15/06/2023: Đã tổ chức hội nghị sơ kết" in html
    assert re.search(r'\(báo cáo <a href="\.\./\.\./van-ban/25-bc-du/">25-BC/ĐU</a>\)', html)
    assert "Chưa có kết quả thực hiện." in html  # the September inspection
    assert "đã có kết quả (08/01/2024): Gửi báo cáo 6 tháng cuối năm" in html
    assert "1 kỳ có kết quả" in html
    data = json.loads((site / "ke-hoach" / "kiem-tra" / "ke-hoach.json").read_text("utf-8"))
    results = [r for m in data["plan"]["milestones"] for r in m["results"]]
    assert [r["done"] for r in results] == ["2023-06-15", "2024-01-08"]
    assert results[1]["report"] == "tai-lieu/bao-cao-giam-sat.pdf"


def test_the_timeline_and_the_directive_page_show_and_count_them(site: Path) -> None:
    timeline = (site / "moc-thoi-gian" / "index.html").read_text("utf-8")
    assert "Kết quả: hoàn thành ngày 15/06/2023" in timeline
    assert timeline.count("plansite-tl__result--missing") >= 1
    directive = (site / "van-ban" / "21-kl-tw" / "index.html").read_text("utf-8")
    assert re.search(
        r"Các kế hoạch thực hiện văn bản này: \d+/\d+ mốc đã đến hạn có kết quả", directive
    )


def test_the_latest_results_have_a_page_and_a_feed(site: Path) -> None:
    page = (site / "ket-qua" / "index.html").read_text("utf-8")
    done = re.findall(r"<strong>(\d\d/\d\d/\d{4})</strong>", page)
    assert done == ["08/01/2024", "15/06/2023"]  # the latest first
    assert 'href="../ke-hoach/kiem-tra/"' in page
    rss = ET.fromstring((site / "ket-qua" / "rss.xml").read_bytes())
    items = rss.findall("./channel/item")
    assert [i.findtext("title") for i in items][:1] == [
        "Kết quả: Báo cáo kết quả giám sát (6 tháng cuối năm 2023)"
    ]
    assert items[0].findtext("pubDate", "").startswith("Mon, 08 Jan 2024")
    assert len({i.findtext("guid") for i in items}) == 2
    follow = (site / "theo-doi" / "index.html").read_text("utf-8")
    assert 'href="../ket-qua/"' in follow


@pytest.mark.parametrize(
    ("milestone", "line", "message"),
    [
        ('  - by: 2023-Q2\n    what: "A"\n    result: "x"', 11, "thiếu `done`"),
        ('  - by: 2023-Q2\n    what: "A"\n    done: sớm', 11, "`done`: không đọc được ngày"),
        ('  - by: 2023-Q2\n    what: "A"\n    done: 01/01/2022', 11, "trước ngày ban hành"),
        (
            '  - by: 2023-Q2\n    what: "A"\n    done: 01/07/2023\n    report: /etc/x',
            12,
            "báo cáo '/etc/x' phải là đường dẫn tương đối",
        ),
        (
            '  - recurring: yearly-Q1\n    what: "A"\n    done: 01/04/2023',
            11,
            "ghi kết quả từng kỳ trong `results`",
        ),
        (
            '  - recurring: yearly-Q1\n    what: "A"\n    results:\n'
            "      - by: 2023-Q2\n        done: 01/07/2023",
            12,
            "không phải một kỳ của chu kỳ",
        ),
        (
            '  - by: 2023-Q2\n    what: "A"\n    results:\n      - by: 2023-Q2\n'
            "        done: 01/07/2023",
            11,
            "`results` chỉ dùng cho mốc định kỳ",
        ),
    ],
)
def test_each_wrong_form_of_a_result_is_an_error_at_its_line(
    milestone: str, line: int, message: str
) -> None:
    text = textwrap.dedent(
        """\
        ---
        title: "Kế hoạch"
        issued: 10/01/2023
        published: 2023-01-12
        term: 2023 - 2024
        milestones:
        """
    )
    text = (
        text.replace("milestones:\n", "x: 1\ny: 2\nmilestones:\n")
        + milestone
        + "\n---\n\nNội dung.\n"
    )
    problems = Problems()
    read_plan_text(text, "plans/x.md", problems)
    errors = [(p.line, p.message) for p in problems.errors]
    assert any(n == line and message in m for n, m in errors), errors
