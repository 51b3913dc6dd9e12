"""A plan's life (plansite.core.life): when it ends, by each rule, and what that changes.

A recurring milestone ends with the plan: its ``term``, its ``until``, a later plan that
``replaces`` it, or, where it states none of these, the congress term it was issued in
(``data/terms.yml``). Statuses, pages (both directions of a replacement), calendars (every
rule ends; the site's calendar holds only plans in force) and ``plansite check``'s warning.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import ROOT, build_site, build_site_on, copy_project, generated_project
from conftest import make_plan as plan
from plansite.core.life import congress_term, congress_terms, plan_life
from plansite.core.plan import Plan
from plansite.core.problems import Problems
from plansite.core.timeline import plan_timeline
from plansite.intake.plans import build_catalog


def last_occurrence(p: Plan) -> date | None:
    (item,) = plan_timeline(p).recurring
    assert item.schedule is not None
    return item.schedule.last.end if item.schedule.last else None


RULE = """
milestones:
  - recurring: {rule}
    what: "Báo cáo định kỳ"
"""


# --- the rules that end a plan ---------------------------------------------------------------


def test_a_rule_ends_with_the_plans_term() -> None:
    p = plan(
        'title: "A"\nissued: 10/03/2020\npublished: 2020-03-12\nterm: 2020 - 2022'
        + RULE.format(rule="yearly-Q1")
    )
    assert last_occurrence(p) == date(2022, 3, 31)
    assert plan_life(p).ends_by == "term" and plan_life(p).end == date(2022, 12, 31)
    assert [x.label for x in plan_timeline(p).recurring[0].schedule.occurrences()] == [  # type: ignore[union-attr]
        "Quý I/2021",
        "Quý I/2022",
    ]


def test_a_rule_ends_with_the_plans_until() -> None:
    p = plan(
        'title: "A"\nissued: 10/03/2023\npublished: 2023-03-12\nuntil: 30/06/2024'
        + RULE.format(rule="every-6-months")
    )
    assert last_occurrence(p) == date(2024, 6, 30)
    assert plan_life(p).ends_by == "until"
    assert plan_timeline(p).status(date(2024, 6, 30)) == "active"
    assert plan_timeline(p).status(date(2024, 7, 1)) == "expired"


def test_a_rule_ends_when_a_later_plan_replaces_it_and_both_say_so() -> None:
    old = plan(
        'title: "Cũ"\nnumber: 12-KH/ĐU\nissued: 10/03/2021\npublished: 2021-03-12\nlevel: xã'
        + RULE.format(rule="yearly-Q1"),
        "plans/2021/cu.md",
    )
    new = plan(
        'title: "Mới"\nnumber: 30-KH/ĐU\nissued: 10/05/2023\npublished: 2023-05-12\n'
        "replaces: 12-KH/ĐU",
        "plans/2023/moi.md",
    )
    problems = Problems()
    catalog = build_catalog([old, new], problems)
    assert [str(x) for x in problems.items] == []  # replaced: no default-term warning
    assert catalog.replacements(old) == [new] and catalog.replaced(new) == [old]
    assert catalog.replacements(new) == [] and catalog.replaced(old) == []
    assert old.replaced_on == date(2023, 5, 10)
    life = plan_life(old)
    assert (life.ends_by, life.end) == ("replaced", date(2023, 5, 9))
    assert last_occurrence(old) == date(2023, 3, 31)  # Quý I/2023; Quý I/2024 is the new plan's
    timeline = plan_timeline(old)
    assert timeline.status(date(2023, 5, 9)) == "active"
    assert timeline.status(date(2023, 5, 10)) == "replaced"
    assert timeline.replaced_on == date(2023, 5, 10)
    # The catalogue is built again without the new plan (an edit under `mkdocs serve`): the
    # old plan runs on again, and its cached timeline is not reused.
    again = build_catalog([old], Problems())
    assert again.replacements(old) == [] and old.replaced_on is None
    assert plan_life(old).ends_by == "congress-term" and last_occurrence(old) == date(2025, 3, 31)


@pytest.mark.parametrize(
    ("level", "issued", "term", "last"),
    [
        ("xã", "10/03/2022", (2020, 2025), date(2025, 3, 31)),
        ("tỉnh", "15/11/2015", (2015, 2020), date(2020, 3, 31)),
        ("tỉnh", "15/11/2020", (2020, 2025), date(2025, 3, 31)),  # a congress year opens one
        ("tỉnh", "02/09/2026", (2025, 2030), date(2030, 3, 31)),
        ("trung ương", "10/03/2022", (2021, 2026), date(2026, 3, 31)),
        ("trung ương", "10/03/2016", (2016, 2021), date(2021, 3, 31)),
    ],
)
def test_where_nothing_is_stated_a_rule_ends_with_the_congress_term(
    level: str, issued: str, term: tuple[int, int], last: date
) -> None:
    p = plan(
        f'title: "A"\nissued: {issued}\npublished: 2026-11-20\nlevel: {level}'
        + RULE.format(rule="yearly-Q1")
    )
    life = plan_life(p)
    assert (life.ends_by, life.default_term) == ("congress-term", term)
    assert life.end == date(term[1], 12, 31)
    assert last_occurrence(p) == last


def test_the_congress_terms_are_data_and_cover_the_years_plans_are_issued_in() -> None:
    terms = congress_terms()
    assert set(terms) == {"local", "central"}
    for table in terms.values():
        assert all(b[0] == a[1] for a, b in itertools.pairwise(table))  # no gap
    assert congress_term("xa", 2024) == (2020, 2025)
    assert congress_term("trung-uong", 2024) == (2021, 2026)
    assert congress_term("xa", 2099) is None and congress_term("xa", 1990) is None
    data = (ROOT / "plugins" / "plansite" / "data" / "terms.yml").read_text("utf-8")
    assert "2020 - 2025" in data and "2021 - 2026" in data


def test_outside_the_table_a_rule_runs_on_and_check_says_so() -> None:
    p = plan(
        'title: "A"\nissued: 10/03/2099\npublished: 2099-03-12' + RULE.format(rule="yearly-Q1")
    )
    assert plan_life(p).end is None and plan_timeline(p).open_ended
    problems = Problems()
    build_catalog([p], problems)
    (warning,) = problems.items
    assert warning.line == 6 and "không thuộc nhiệm kỳ nào" in warning.message


def test_a_plan_with_only_dated_milestones_ends_with_the_last_one() -> None:
    p = plan(
        'title: "A"\nissued: 10/03/2023\npublished: 2023-03-12\nmilestones:\n'
        '  - by: 2023-Q3\n    what: "Sơ kết"'
    )
    assert (plan_life(p).ends_by, plan_life(p).end) == ("deadline", date(2023, 9, 30))
    assert plan_timeline(p).status(date(2023, 10, 1)) == "expired"


def test_check_warns_only_where_the_default_ends_a_rule() -> None:
    stated = plan(
        'title: "A"\nissued: 10/03/2023\npublished: 2023-03-12\nterm: 2023 - 2025'
        + RULE.format(rule="yearly-Q1")
    )
    default = plan(
        'title: "B"\nissued: 10/03/2023\npublished: 2023-03-12\nlevel: xã'
        + RULE.format(rule="yearly-Q1"),
        "plans/b.md",
    )
    problems = Problems()
    build_catalog([stated, default], problems)
    (warning,) = problems.items
    assert (warning.file, warning.line) == ("plans/b.md", 7)
    assert "hết nhiệm kỳ 2020 - 2025 (31/12/2025)" in warning.message
    assert "`term: 2020 - 2025`" in warning.message


# --- pages and calendars -----------------------------------------------------------------------

OLD = """---
title: "Kế hoạch kiểm tra, giám sát năm 2023"
number: 91-KH/ĐU
issuer: "Ban Thường vụ Đảng ủy"
issued: 10/01/2023
published: 2023-01-12
level: xã
locality: "Kỳ Anh"
milestones:
  - recurring: every-6-months
    what: "Báo cáo kết quả kiểm tra"
---

Nội dung.
"""

NEW = """---
title: "Kế hoạch kiểm tra, giám sát giai đoạn 2024 - 2025"
number: 92-KH/ĐU
issuer: "Ban Thường vụ Đảng ủy"
issued: 05/02/2024
published: 2024-02-06
level: xã
locality: "Kỳ Anh"
term: 2024 - 2025
replaces: 91-KH/ĐU
milestones:
  - recurring: every-6-months
    what: "Báo cáo kết quả kiểm tra, giám sát"
---

Nội dung.
"""


@pytest.fixture(scope="module")
def replaced_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project and two plans, the later replacing the earlier, built on
    01/03/2024 (the later one in force)."""
    project = copy_project(tmp_path_factory.mktemp("replaced"))
    (project / "plans" / "2023" / "kiem-tra-2023.md").write_text(OLD, encoding="utf-8")
    (project / "plans" / "2024").mkdir()
    (project / "plans" / "2024" / "kiem-tra-2024.md").write_text(NEW, encoding="utf-8")
    site = project / "site"
    # The old plan's rule ends with the replacement: no warning, the build is strict.
    assert build_site_on(project / "mkdocs.yml", site, datetime(2024, 3, 1, 12, tzinfo=UTC)) == []
    return site


def test_both_plans_link_each_other_and_say_which_replaced_which(replaced_site: Path) -> None:
    old = (replaced_site / "ke-hoach" / "kiem-tra-2023" / "index.html").read_text("utf-8")
    new = (replaced_site / "ke-hoach" / "kiem-tra-2024" / "index.html").read_text("utf-8")
    assert "Kế hoạch này đã được thay thế bởi" in old
    assert re.search(r'href="\.\./kiem-tra-2024/">Kế hoạch 92-KH/ĐU</a>', old)
    assert "(ban hành ngày 05/02/2024)" in old
    assert re.search(r'<span class="plansite-plan-status plansite-plan-status--replaced"', old)
    assert 'data-replaced="2024-02-05"' in old and "Đã được thay thế" in old
    assert "đến 04/02/2024 (được kế hoạch sau thay thế)" in old
    assert re.search(
        r'<dt>Thay thế</dt>\s*<dd><a href="\.\./kiem-tra-2023/">Kế hoạch 91-KH/ĐU</a>', new
    )
    assert "Kế hoạch này đã được thay thế" not in new
    assert "plansite-plan-status--active" in new
    assert "đến 31/12/2025 (hết giai đoạn của kế hoạch)" in new


def unfolded(calendar: Path) -> str:
    """A calendar's text with its folded lines (RFC 5545, 75 octets) joined again."""
    return calendar.read_bytes().decode("utf-8").replace("\r\n ", "")


def test_the_site_calendar_leaves_out_the_replaced_plan(replaced_site: Path) -> None:
    site_calendar = unfolded(replaced_site / "lich.ics")
    assert "Báo cáo kết quả kiểm tra\\, giám sát – Kế hoạch 92-KH/ĐU" in site_calendar
    assert "Báo cáo kết quả kiểm tra – Kế hoạch 91-KH/ĐU" not in site_calendar
    own = unfolded(replaced_site / "ke-hoach" / "kiem-tra-2023" / "lich.ics")
    assert "RRULE:FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1;UNTIL=20231231" in own


def test_every_rule_of_a_generated_site_ends(tmp_path: Path) -> None:
    """120 generated plans (tests/benchmarks/corpus.py: a third of the plans with rules state
    no term, a few replace others): every RRULE of every calendar has an end, and every event's
    title names its plan and its body."""
    project = generated_project(120, tmp_path / "corpus")
    plans = list((project / "plans").rglob("*.md"))
    assert any("replaces:" in p.read_text("utf-8") for p in plans)
    site = tmp_path / "site"
    build_site(project / "mkdocs.yml", site, strict=False)
    rules = 0
    for calendar in site.rglob("*.ics"):
        text = unfolded(calendar)
        for line in text.splitlines():
            if line.startswith("RRULE:"):
                rules += 1
                assert ";UNTIL=" in line or ";COUNT=" in line, (calendar, line)
            if line.startswith("SUMMARY:"):
                assert line.count(" – ") >= 2, line
    assert rules > 20
