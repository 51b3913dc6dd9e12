"""Timeline markers in Debian's chromium: with the page clock set before, between and after the
sample deadlines, each milestone reads past / due soon / upcoming as it should; the static page
says the same for the build date when scripts are off; the filter of moc-thoi-gian/ works."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest

from conftest import ROOT
from plansite.core.catalog import Catalog
from plansite.core.dates import Recurrence
from plansite.core.timeline import STATUS_LABELS, Schedule, site_timeline
from plansite.intake.plans import load_catalog

pytestmark = pytest.mark.browser

VN = timezone(timedelta(hours=7))
SEED_002 = "ke-hoach/hoc-tap-nghi-quyet-dai-hoi-xix-tinh-ha-tinh/"
SEED_004 = "ke-hoach/thuc-hien-ket-luan-01-va-21-ky-anh/"
PAST, SOON, LATER = STATUS_LABELS["past"], STATUS_LABELS["due-soon"], STATUS_LABELS["upcoming"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "plans", ROOT)


@pytest.fixture
def open_at(site_server: str, browser: Any) -> Iterator[Any]:  # the site first: see report
    """Open a page of the sample site with the browser's clock fixed on a day (9:00 in Hà Nội)."""
    contexts: list[Any] = []
    requests: list[str] = []

    def open_page(url: str, day: date | None = None, *, scripts: bool = True) -> Any:
        context = browser.new_context(java_script_enabled=scripts)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.route(lambda url: not url.startswith(site_server), lambda route: route.abort())
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        if day is not None:
            page.clock.set_fixed_time(datetime.combine(day, time(9, 0), VN))
        page.goto(site_server + url)
        assert errors == []
        return page

    yield open_page
    for context in contexts:
        context.close()
    # Nothing of ours reaches outside. (Material's bundle asks for sitemap.xml files of the
    # public site when the theme's search plugin is off; aborted above, and not ours.)
    outside = [
        u for u in requests if not u.startswith(site_server) and not u.endswith("/sitemap.xml")
    ]
    assert outside == []


def markers(page: Any, selector: str = ".plansite-timeline .plansite-tl") -> list[tuple[str, str]]:
    """(when, status) of each item of the first timeline list matching ``selector``."""
    items = page.locator(selector).first.locator(":scope > li")
    out = []
    for li in items.all():
        when = li.locator(".plansite-tl__when strong").first.inner_text().strip()
        status = li.locator(".plansite-tl__when .plansite-status").first.inner_text().strip()
        out.append((when, status))
    return out


def plan_status(page: Any) -> str:
    return str(page.locator(".plansite-timeline .plansite-plan-status").first.inner_text())


@pytest.mark.parametrize(
    ("day", "expected", "state"),
    [
        (date(2020, 10, 1), [LATER, LATER, LATER, LATER, LATER], "Đang thực hiện"),
        (date(2020, 10, 25), [SOON, LATER, LATER, LATER, LATER], "Đang thực hiện"),
        (date(2020, 11, 25), [PAST, SOON, LATER, LATER, LATER], "Đang thực hiện"),
        (date(2020, 12, 20), [PAST, PAST, SOON, SOON, LATER], "Đang thực hiện"),
        (date(2021, 1, 16), [PAST, PAST, PAST, PAST, SOON], "Đang thực hiện"),
        (date(2021, 1, 21), [PAST, PAST, PAST, PAST, PAST], "Đã kết thúc"),
    ],
)
def test_seed_002_markers_follow_the_readers_today(
    open_at: Any,
    day: date,
    expected: list[str],
    state: str,
) -> None:
    page = open_at(SEED_002, day)
    found = markers(page)
    assert [w for w, _ in found] == [
        "20/11/2020",
        "30/11/2020",
        "15/01/2021",
        "15/01/2021",
        "20/01/2021",
    ]
    assert [s for _, s in found] == expected
    assert plan_status(page) == state
    assert page.locator("[data-plansite-today]").first.inner_text() == day.strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("day", "quarterly", "yearly", "next_yearly", "six_months", "next_six"),
    [
        (date(2023, 3, 15), [LATER, LATER], SOON, "Quý I/2023", SOON, "6 tháng đầu năm 2023"),
        (date(2023, 4, 2), [SOON, LATER], LATER, "Quý I/2024", SOON, "6 tháng đầu năm 2023"),
        (date(2023, 7, 1), [PAST, LATER], LATER, "Quý I/2024", SOON, "6 tháng cuối năm 2023"),
        # The plan's term ends in 2025: after Quý I/2025 the yearly rule has no period left.
        (date(2025, 9, 30), [PAST, SOON], PAST, "đã hết các kỳ", SOON, "6 tháng cuối năm 2025"),
        (date(2025, 10, 1), [PAST, PAST], PAST, "đã hết các kỳ", SOON, "6 tháng cuối năm 2025"),
        (date(2026, 1, 2), [PAST, PAST], PAST, "đã hết các kỳ", PAST, "đã hết các kỳ"),
    ],
)
def test_seed_004_quarterly_and_recurring_markers(
    open_at: Any,
    day: date,
    quarterly: list[str],
    yearly: str,
    next_yearly: str,
    six_months: str,
    next_six: str,
) -> None:
    page = open_at(SEED_004, day)
    dated = markers(page)
    assert [w for w, _ in dated] == ["20/05/2022", "10/06/2022", "Quý II/2023", "Quý III/2025"]
    assert [s for _, s in dated] == [PAST, PAST, *quarterly]
    rules = page.locator("#moc-dinh-ky + p + ul > li")
    assert rules.count() == 4
    texts = [
        (
            li.locator(".plansite-status").first.inner_text(),
            li.locator("[data-plansite-next]").inner_text(),
        )
        for li in rules.all()
    ]
    assert texts == [(yearly, next_yearly)] * 2 + [(six_months, next_six)] * 2
    # In force to the end of its term (31/12/2025), then ended.
    assert plan_status(page) == ("Đang thực hiện" if day <= date(2025, 12, 31) else "Đã kết thúc")


def test_without_scripts_the_page_says_the_status_on_the_build_date(
    open_at: Any,
    catalog: Catalog,
) -> None:
    page = open_at(SEED_002, scripts=False)
    built = datetime.strptime(
        page.locator("[data-plansite-today]").first.inner_text(), "%d/%m/%Y"
    ).date()
    expected = [
        STATUS_LABELS["past" if built > d else "due-soon" if (d - built).days <= 30 else "upcoming"]
        for d in (
            date(2020, 11, 20),
            date(2020, 11, 30),
            date(2021, 1, 15),
            date(2021, 1, 15),
            date(2021, 1, 20),
        )
    ]
    assert [s for _, s in markers(page)] == expected
    timeline = open_at("moc-thoi-gian/", scripts=False)
    assert not timeline.locator("[data-plansite-filter]").is_visible()  # the full list instead
    # One per deadline: the 14 dated ones and the 20 occurrences of seed 004's rules.
    assert timeline.locator("li[data-issuer]").count() == 14 + 20
    assert all(li.is_visible() for li in timeline.locator("li[data-issuer]").all())


#: The quarters with a deadline after 10/02/2023 (seed 004's rules run to the end of 2025).
UPCOMING_2023_02_10 = [
    (2023, "I"), (2023, "II"), (2023, "IV"), (2024, "I"), (2024, "II"),
    (2024, "IV"), (2025, "I"), (2025, "II"), (2025, "III"), (2025, "IV"),
]  # fmt: skip


def test_the_timeline_page_puts_quarters_to_come_first_for_the_readers_today(
    open_at: Any,
    catalog: Catalog,
) -> None:
    day = date(2023, 2, 10)
    page = open_at("moc-thoi-gian/", day)
    expected = site_timeline(catalog.plans, day)

    def headings(group: str) -> list[str]:
        return [
            h.inner_text()
            for h in page.locator(f"[data-plansite-quarters={group}] .plansite-quarter > h3").all()
        ]

    assert (
        headings("upcoming")
        == [q.label for q in expected.upcoming]
        == [f"Quý {q}/{y}" for y, q in UPCOMING_2023_02_10]
    )
    assert headings("past") == [q.label for q in expected.past]
    shown = [
        (
            li.locator(".plansite-tl__what").inner_text(),
            li.locator(".plansite-status").first.inner_text(),
        )
        for li in page.locator("[data-plansite-quarters] li[data-issuer]").all()
    ]
    wanted = [
        (d.item.what, STATUS_LABELS[d.status(day)])
        for q in expected.upcoming + expected.past
        for d in q.deadlines
    ]
    assert shown == wanted
    assert (
        "Báo cáo kết quả quán triệt, triển khai về Thường trực Thị ủy (thông qua BTG Thị ủy)",
        LATER,
    ) in shown  # 30/03/2023 is 48 days away
    assert page.locator("[data-plansite-quarters=upcoming] + [data-plansite-empty]").is_hidden()


def test_the_filter_by_level_and_issuing_body(open_at: Any, site_server: str) -> None:
    page = open_at("moc-thoi-gian/", date(2023, 2, 10))
    form = page.locator("[data-plansite-filter]")
    assert form.is_visible()
    assert "tất cả 34 mốc" in form.locator(".plansite-filter__count").inner_text()
    page.select_option("#loc-cap", "xa")
    visible = [li for li in page.locator("li[data-issuer]").all() if li.is_visible()]
    assert len(visible) == 4 + 20  # Kỳ Anh's dated milestones, and its rules over its term
    assert {li.get_attribute("data-level") for li in visible} == {"xa"}
    assert form.locator(".plansite-filter__count").inner_text() == "Đang hiện 24 trên 34 mốc."
    assert page.locator("#quy-2022-1").is_hidden()  # Trà Vinh's quarter: not at commune level
    assert page.url.endswith("?cap=xa")
    page.select_option("#loc-cap", "")
    page.select_option("#loc-co-quan", "ban-thuong-vu-thi-uy-phuoc-long")
    visible = [li for li in page.locator("li[data-issuer]").all() if li.is_visible()]
    assert len(visible) == 2
    linked = open_at("moc-thoi-gian/?co-quan=ban-tuyen-giao-huyen-uy-tra-vinh", date(2023, 2, 10))
    assert linked.locator("#loc-co-quan").input_value() == "ban-tuyen-giao-huyen-uy-tra-vinh"
    assert len([li for li in linked.locator("li[data-issuer]").all() if li.is_visible()]) == 3


def test_the_directive_timeline_and_the_home_page_follow_the_readers_today(open_at: Any) -> None:
    page = open_at("van-ban/28-nq-tw/", date(2023, 3, 1))
    chain = page.locator(".plansite-chain")
    assert [h.text_content().strip() for h in chain.locator("h3").all()] == [
        "Cấp trung ương",
        "Cấp tỉnh",
        "Cấp huyện",
    ]
    assert markers(page, ".plansite-tl--nested") == [("30/03/2023", SOON), ("Quý I/2023", SOON)]
    assert chain.locator(".plansite-plan-status").inner_text() == "Đang thực hiện"
    later = open_at("van-ban/28-nq-tw/", date(2023, 4, 1))
    assert later.locator(".plansite-chain .plansite-plan-status").inner_text() == "Đã kết thúc"
    home = open_at("", date(2023, 3, 5))
    assert home.locator("[data-plansite-stale]").is_visible()  # built in another month


def test_the_script_computes_recurring_periods_as_python_does(open_at: Any) -> None:
    page = open_at(SEED_004, date(2024, 1, 1))
    days = [date(2022, 1, 1) + timedelta(days=n) for n in range(0, 1500, 37)]
    for code in ("yearly-Q1", "yearly-Q3", "yearly", "every-6-months", "quarterly", "monthly"):
        recurrence = Recurrence(code)
        first = recurrence.occurrences(2022, 2022)[-1]
        last = recurrence.occurrences(2025, 2025)[-1]
        for until in (None, last):
            schedule = Schedule(recurrence, first, until)
            for day in days:
                expected = schedule.next(day)
                got = page.evaluate(
                    "([c, f, u, t]) => window.plansiteTimeline.next(c, f, u, t)",
                    [
                        code,
                        first.start.isoformat(),
                        until.end.isoformat() if until else "",
                        day.isoformat(),
                    ],
                )
                if expected is None:
                    assert got is None, (code, day)
                else:
                    assert got == {
                        "start": expected.start.isoformat(),
                        "end": expected.end.isoformat(),
                        "label": expected.label,
                    }, (code, day)
