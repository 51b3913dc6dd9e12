"""Timelines: a plan's milestones in order, statuses relative to a day, a directive's way down
the levels, every milestone by quarter and month; and `plansite check` on impossible dates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, make_plan
from plansite.cli import main
from plansite.core.catalog import Catalog
from plansite.core.dates import Period
from plansite.core.life import recurrence_start
from plansite.core.plan import Plan
from plansite.core.problems import Problems
from plansite.core.timeline import (
    DUE_SOON_DAYS,
    TimelinePart,
    directive_timeline,
    due_in_month,
    period_status,
    plan_timeline,
    site_timeline,
    timeline_parts,
)
from plansite.intake.plans import build_catalog, load_catalog

SEED_002 = "hoc-tap-nghi-quyet-dai-hoi-xix-tinh-ha-tinh"  # province, four dated deadlines
SEED_000 = "trien-khai-nghi-quyet-nam-2022-tra-vinh"  # district board: half-month, months
SEED_003 = "quan-triet-chuong-trinh-33-ctr-tu-phuoc-long"  # town: quarter and a day
SEED_004 = "thuc-hien-ket-luan-01-va-21-ky-anh"  # commune: days, quarters, recurring


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "plans", ROOT)


def plan_of(catalog: Catalog, slug: str) -> Plan:
    return catalog.plan_by_slug[slug]


# --- status relative to a day -------------------------------------------------------------


def test_a_day_deadline_is_upcoming_then_due_soon_30_days_before_then_past() -> None:
    deadline = Period.day(date(2023, 3, 30))
    assert DUE_SOON_DAYS == 30
    assert period_status(deadline, date(2023, 2, 27)) == "upcoming"  # 31 days before
    assert period_status(deadline, date(2023, 2, 28)) == "due-soon"  # 30 days before
    assert period_status(deadline, date(2023, 3, 30)) == "due-soon"  # the day itself
    assert period_status(deadline, date(2023, 3, 31)) == "past"


def test_a_period_is_due_soon_from_its_first_day() -> None:
    q2 = Period.quarter(2023, 2)  # 01/04/2023 - 30/06/2023
    assert period_status(q2, date(2023, 3, 31)) == "upcoming"  # 91 days before its end
    assert period_status(q2, date(2023, 4, 1)) == "due-soon"  # the period has started
    assert period_status(q2, date(2023, 6, 30)) == "due-soon"
    assert period_status(q2, date(2023, 7, 1)) == "past"


# --- one plan -------------------------------------------------------------------------------


def test_seed_002_shows_its_four_dated_deadlines_in_order_with_who_by_level(
    catalog: Catalog,
) -> None:
    timeline = plan_timeline(plan_of(catalog, SEED_002))
    assert timeline.recurring == []
    assert [(i.when, i.who) for i in timeline.dated] == [
        ("20/11/2020", "Cấp tỉnh"),
        ("30/11/2020", "Cấp huyện và tương đương"),
        ("15/01/2021", "Cấp cơ sở"),
        ("15/01/2021", "Đảng đoàn Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh"),
        ("20/01/2021", "Cấp ủy các cấp"),
    ]
    assert sorted({i.period.end for i in timeline.dated if i.period}) == [
        date(2020, 11, 20),
        date(2020, 11, 30),
        date(2021, 1, 15),
        date(2021, 1, 20),
    ]
    assert [i.kind for i in timeline.dated][-1] == "report"  # the report deadline comes last


def test_seed_004_keeps_periods_as_periods_and_shows_recurring_ones_once(
    catalog: Catalog,
) -> None:
    timeline = plan_timeline(plan_of(catalog, SEED_004))
    assert [i.when for i in timeline.dated] == [
        "20/05/2022",
        "10/06/2022",
        "Quý II/2023",
        "Quý III/2025",
    ]
    quarter = timeline.dated[2].period
    assert quarter is not None and (quarter.start, quarter.end) == (
        date(2023, 4, 1),
        date(2023, 6, 30),
    )
    assert [i.when for i in timeline.recurring] == [
        "Quý I hằng năm",
        "Quý I hằng năm",
        "Định kỳ 6 tháng",
        "Định kỳ 6 tháng",
    ]
    # The plan's term (2022 - 2025, as its text states): each rule runs over it, then ends.
    yearly, _, halves, _ = (i.schedule for i in timeline.recurring)
    assert yearly and [p.label for p in yearly.occurrences()] == [
        "Quý I/2023",
        "Quý I/2024",
        "Quý I/2025",
    ]
    assert halves and halves.first and halves.last
    assert (halves.first.start, halves.last.end) == (date(2022, 7, 1), date(2025, 12, 31))
    assert not timeline.open_ended and timeline.end == date(2025, 12, 31)
    assert timeline.life.ends_by == "term"


def test_seed_000_keeps_half_months_and_months(catalog: Catalog) -> None:
    timeline = plan_timeline(plan_of(catalog, SEED_000))
    assert [i.when for i in timeline.dated] == [
        "Nửa đầu tháng 02/2022",
        "Tháng 02/2022",
        "Tháng 03/2022",
    ]


def test_recurring_rules_start_after_what_the_plan_carries_out(catalog: Catalog) -> None:
    plan = plan_of(catalog, SEED_004)  # no date of issue; its latest directive: 22/03/2022
    assert recurrence_start(plan) == date(2022, 3, 22)
    yearly, _, six_months, _ = plan_timeline(plan).recurring
    assert yearly.schedule is not None and six_months.schedule is not None
    assert yearly.schedule.first == Period.quarter(2023, 1)
    assert six_months.schedule.first == Period.half_year(2022, 2)
    assert yearly.current(date(2024, 2, 1)) == Period.quarter(2024, 1)
    assert yearly.status(date(2024, 2, 1)) == "due-soon"
    assert yearly.current(date(2024, 5, 1)) == Period.quarter(2025, 1)
    assert yearly.status(date(2024, 5, 1)) == "upcoming"


TERM_PLAN = """\
title: "Kế hoạch nhiệm kỳ"
issuer: "Ban Thường vụ Huyện ủy"
issued: 15/11/2020
published: 2020-11-20
level: huyện
term: 2020 - 2023
milestones:
  - by: 30/11/2020
    what: "Hội nghị quán triệt"
  - recurring: quý I hằng năm
    what: "Báo cáo kết quả thực hiện"
    who: "Các chi bộ"
  - recurring: định kỳ 6 tháng
    what: "Sơ kết 6 tháng"
"""


def test_recurring_milestones_are_expanded_over_the_stated_term() -> None:
    timeline = plan_timeline(make_plan(TERM_PLAN))
    yearly, six_months = timeline.recurring
    assert yearly.schedule is not None and six_months.schedule is not None
    # Issued 15/11/2020: the first quarter I after that is 2021's.
    assert [p.label for p in yearly.schedule.occurrences()] == [
        "Quý I/2021",
        "Quý I/2022",
        "Quý I/2023",
    ]
    assert [p.label for p in six_months.schedule.occurrences()] == [
        "6 tháng đầu năm 2021",
        "6 tháng cuối năm 2021",
        "6 tháng đầu năm 2022",
        "6 tháng cuối năm 2022",
        "6 tháng đầu năm 2023",
        "6 tháng cuối năm 2023",
    ]
    assert not timeline.open_ended and timeline.end == date(2023, 12, 31)
    assert len(timeline.deadlines()) == 1 + 3 + 6
    assert yearly.status(date(2024, 1, 10)) == "past"
    assert timeline.status(date(2023, 12, 31)) == "active"
    assert timeline.status(date(2024, 1, 1)) == "expired"


def test_the_date_of_issue_opens_the_timeline() -> None:
    timeline = plan_timeline(make_plan(TERM_PLAN))
    assert timeline.items[0].kind == "issued"
    assert timeline.items[0].period == Period.day(date(2020, 11, 15))
    assert timeline.items[0].status(date(2020, 11, 16)) is None  # a fact, not a deadline


def test_a_plan_is_active_until_its_last_deadline_then_expired(catalog: Catalog) -> None:
    timeline = plan_timeline(plan_of(catalog, SEED_003))
    assert timeline.end == date(2023, 3, 31)
    assert timeline.status(date(2023, 3, 31)) == "active"
    assert timeline.status(date(2023, 4, 1)) == "expired"
    seed_004 = plan_timeline(plan_of(catalog, SEED_004))  # term: 2022 - 2025
    assert seed_004.status(date(2025, 12, 31)) == "active"
    assert seed_004.status(date(2026, 1, 1)) == "expired"
    # Nothing stated: the plan lasts the congress term it was issued in (local: 2020 - 2025).
    no_milestones = plan_timeline(make_plan('title: "X"\npublished: 2022-01-01'))
    assert no_milestones.life.ends_by == "congress-term"
    assert no_milestones.status(date(2025, 12, 31)) == "active"
    assert no_milestones.status(date(2030, 1, 1)) == "expired"


@pytest.mark.parametrize(
    ("what", "kind"),
    [
        ("Báo cáo tiến độ triển khai", "report"),
        ("Gửi báo cáo kết quả thực hiện", "report"),
        ("BÁO CÁO kết quả", "report"),
        ("Tổ chức hội nghị báo cáo viên", "milestone"),
        ("Báo cáo viên cấp huyện nghiên cứu tài liệu", "milestone"),
        ("Sơ kết 03 năm thực hiện", "milestone"),
    ],
)
def test_report_deadlines_are_recognised_by_their_verb(what: str, kind: str) -> None:
    plan = make_plan(
        f'title: "X"\npublished: 2022-01-01\nmilestones:\n  - by: 2022-03\n    what: "{what}"'
    )
    assert plan_timeline(plan).dated[0].kind == kind


# --- a directive, across levels ---------------------------------------------------------------


def test_28_nq_tw_reaches_the_town_through_the_provinces_programme(catalog: Catalog) -> None:
    directive = catalog.by_slug["28-nq-tw"]
    timeline = directive_timeline(directive, catalog)
    assert [level.label for level in timeline.levels] == ["Cấp trung ương", "Cấp tỉnh", "Cấp huyện"]
    top, province, town = timeline.levels
    assert directive.issued == date(2022, 11, 17) and top.plans == []
    assert [(d.directive.label, d.directive.issued) for d in province.documents] == [
        ("33-CTr/TU", date(2023, 2, 6))
    ]
    (chain_plan,) = town.plans
    assert chain_plan.plan.slug == SEED_003
    assert [i.when for i in chain_plan.timeline.milestones] == ["30/03/2023", "Quý I/2023"]


def test_a_directive_timeline_follows_plans_on_the_site_down_the_levels() -> None:
    province = make_plan(
        """\
        title: "Kế hoạch của Tỉnh ủy thực hiện Nghị quyết 28"
        number: 10-KH/TU
        issuer: "Ban Thường vụ Tỉnh ủy"
        issued: 01/12/2022
        published: 2022-12-05
        level: tỉnh
        implements:
          - number: 28-NQ/TW
            issued: 17/11/2022
        milestones:
          - by: 2023-Q1
            what: "Hoàn thành quán triệt cấp huyện"
        """,
        "plans/a.md",
    )
    district = make_plan(
        """\
        title: "Kế hoạch của Huyện ủy"
        issuer: "Ban Thường vụ Huyện ủy"
        issued: 15/12/2022
        published: 2022-12-20
        level: huyện
        implements:
          - number: 10-KH/TU
            issued: 01/12/2022
        milestones:
          - by: 20/01/2023
            what: "Hội nghị quán triệt"
        """,
        "plans/b.md",
    )
    catalog = build_catalog([province, district], Problems())
    timeline = directive_timeline(catalog.by_slug["28-nq-tw"], catalog)
    assert [(lv.level, [c.plan.slug for c in lv.plans]) for lv in timeline.levels] == [
        ("trung-uong", []),
        ("tinh", ["a"]),
        ("huyen", ["b"]),
    ]
    assert [d.label for d in timeline.levels[2].plans[0].through] == ["10-KH/TU"]
    assert timeline.total == 2 and timeline.omitted == 0
    # A directive thousands of plans carry out: its page shows the latest issued, counts all.
    latest = directive_timeline(catalog.by_slug["28-nq-tw"], catalog, limit=1)
    assert [c.plan.slug for c in latest.plans] == ["b"]  # issued 15/12/2022, after a
    assert (latest.total, latest.omitted) == (2, 1)
    assert [lv.level for lv in latest.levels] == ["trung-uong", "huyen"]


# --- every plan -----------------------------------------------------------------------------


def test_every_sample_milestone_is_listed_once_upcoming_quarters_first(catalog: Catalog) -> None:
    milestones = sum(len(p.milestones) for p in catalog.plans)
    site = site_timeline(catalog.plans, date(2023, 2, 10))
    # 14 dated milestones, and seed 004's 4 rules over its term (2022 - 2025): 3 + 3 + 7 + 7.
    assert milestones == 18 and site.count == 14 + 20
    assert [q.label for q in site.upcoming] == [
        "Quý I/2023",
        "Quý II/2023",
        "Quý IV/2023",
        "Quý I/2024",
        "Quý II/2024",
        "Quý IV/2024",
        "Quý I/2025",
        "Quý II/2025",
        "Quý III/2025",
        "Quý IV/2025",
    ]
    assert [q.label for q in site.past] == [
        "Quý IV/2022",
        "Quý II/2022",
        "Quý I/2022",
        "Quý I/2021",
        "Quý IV/2020",
    ]
    q1 = site.upcoming[0]
    # Phước Long's "Quý I/2023", and the first occurrence of each of seed 004's yearly rules.
    assert [d.period.label for d in q1.spanning] == ["Quý I/2023"] * 3
    assert [(m.label, [d.period.label for d in m.deadlines]) for m in q1.months] == [
        ("Tháng 03/2023", ["30/03/2023"])
    ]
    past_2022_q1 = site.past[2]
    assert [m.label for m in past_2022_q1.months] == ["Tháng 03/2022", "Tháng 02/2022"]
    assert [d.period.label for d in past_2022_q1.months[1].deadlines] == [
        "Tháng 02/2022",
        "Nửa đầu tháng 02/2022",
    ]  # latest first among past ones
    assert site.recurring == []  # every rule ends: none runs on
    orders = [d.order for d in site.deadlines]
    assert sorted(orders) == list(range(1, 35))


def test_the_timeline_offers_levels_and_issuing_bodies_to_filter_by(catalog: Catalog) -> None:
    site = site_timeline(catalog.plans, date(2023, 2, 10))
    assert site.levels == [("tinh", "Tỉnh"), ("huyen", "Huyện"), ("xa", "Xã")]
    assert [label for _, label in site.issuers] == [
        "Ban Thường vụ Đảng ủy (Kỳ Anh)",
        "Ban Thường vụ Thị ủy (Phước Long)",
        "Ban Thường vụ Tỉnh ủy (Hà Tĩnh)",
        "Ban Tuyên giáo Huyện ủy (Trà Vinh)",
    ]


def test_due_this_month_includes_occurrences_of_recurring_rules(catalog: Catalog) -> None:
    due = due_in_month(catalog.plans, date(2023, 3, 5))
    assert [(d.period.label, d.plan.slug) for d in due] == [
        ("30/03/2023", SEED_003),
        ("Quý I/2023", SEED_003),
        ("Quý I/2023", SEED_004),
        ("Quý I/2023", SEED_004),
    ]
    assert due_in_month(catalog.plans, date(2026, 11, 22)) == []


def test_the_timeline_modules_do_not_import_mkdocs() -> None:
    code = (
        "import sys, plansite.core.timeline, plansite.formats.ics; "
        "print(any(m.split('.')[0] in ('mkdocs', 'material') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"


# --- `plansite check` on dates that cannot be -------------------------------------------------

BAD_DATES = """\
---
title: "Kế hoạch có ngày sai"
issuer: "Ban Thường vụ Đảng ủy"
issued: 10/03/2023
published: 2023-03-15
milestones:
  - by: 31/02/2023
    what: "Ngày không có"
  - by: 2023-Q5
    what: "Quý không có"
  - by: 15/01/2023
    what: "Hạn trước ngày ban hành"
  - by: 2023-02
    what: "Tháng trước ngày ban hành"
  - recurring: hằng thế kỷ
    what: "Chu kỳ không đọc được"
term: 2025 - 2020
---

Nội dung.
"""


def test_check_reports_impossible_and_reversed_dates_with_file_and_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "ngay-sai.md").write_text(BAD_DATES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    source = "plans/ngay-sai.md"
    expected = {
        7: "31/02/2023",  # no 31 February
        9: "2023-Q5",  # no fifth quarter
        11: "trước ngày ban hành",  # a deadline before the plan was issued
        13: "trước ngày ban hành",
        15: "chu kỳ",  # a rule that cannot be read
        17: "2025 - 2020",  # a term that runs backwards
    }
    for line, words in expected.items():
        hits = [m for m in err.splitlines() if m.startswith(f"{source}:{line}: lỗi:")]
        assert hits and words in hits[0], (line, err)


# --- the built pages (static, as on the build date) ---------------------------------------------


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_plan_pages_show_their_milestones_and_the_timeline_page_lists_them_all(
    sample_site: Path, catalog: Catalog
) -> None:
    seed_002 = _page(sample_site, f"ke-hoach/{SEED_002}")
    for day in ("20/11/2020", "30/11/2020", "15/01/2021", "20/01/2021"):
        assert f'<time datetime="{day[6:]}-{day[3:5]}-{day[:2]}">{day}</time>' in seed_002
    assert "Thực hiện: Cấp huyện và tương đương" in seed_002
    seed_004 = _page(sample_site, f"ke-hoach/{SEED_004}")
    for when in ("20/05/2022", "Quý II/2023", "Quý III/2025", "Quý I hằng năm", "Định kỳ 6 tháng"):
        assert f">{when}<" in seed_004, when
    assert 'data-rule="yearly-Q1"' in seed_004 and 'data-rule="every-6-months"' in seed_004
    timeline = _page(sample_site, "moc-thoi-gian")
    # One list item per deadline: the dated ones, and each occurrence of seed 004's rules.
    assert timeline.count("data-issuer=") == 14 + 20
    whats = [i.what for p in catalog.plans for i in plan_timeline(p).milestones]
    assert all(what in timeline for what in whats)
    home = _page(sample_site, "")
    assert "Đến hạn trong tháng" in home and 'href="lich.ics"' in home
    directive = _page(sample_site, "van-ban/28-nq-tw")
    assert "Dòng thời gian thực hiện" in directive and "06/02/2023" in directive


def test_a_long_timeline_splits_by_year_quarter_month_and_parts(catalog: Catalog) -> None:
    site = site_timeline(catalog.plans, date(2023, 2, 10))
    parts = timeline_parts(site, limit=2)  # tiny pages: every level of the split is used
    leaves: list[TimelinePart] = []
    paths: list[tuple[str, ...]] = []

    def walk(part: TimelinePart) -> None:
        paths.append(part.path)
        assert (part.timeline is None) == bool(part.parts)
        if part.timeline is not None:
            assert part.count == len(part.timeline.deadlines) <= 2
            leaves.append(part)
        else:
            assert part.count == sum(p.count for p in part.parts)
        for sub in part.parts:
            walk(sub)

    for part in parts:
        walk(part)
    assert [p.path for p in parts] == [(str(y),) for y in (2025, 2024, 2023, 2022, 2021, 2020)]
    assert len(paths) == len(set(paths))
    orders = sorted(d.order for leaf in leaves for d in leaf.timeline.deadlines)  # type: ignore[union-attr]
    assert orders == list(range(1, len(site.deadlines) + 1))
    kinds = {p[-1].split("-")[0] for p in paths if len(p) > 1}
    assert kinds == {"quy", "thang", "phan"}
    assert any(p[-1] == "phan-2" for p in paths)
