"""A site that lives for years: no page grows with the number of plans.

A generated site of 300 plans (tests/benchmarks/corpus.py; the benchmark measures 1,000 and
10,000) is built once, and every HTML page is held to the budgets of issue 14: at most 400 KB
raw and 60 KB gzipped, the home page at most 150 KB. Byte counts are deterministic for a
corpus and a build date, so these are not timings. The long lists and the timeline come in
pages whose links all lead somewhere, and which together hold every plan and deadline once.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site_on, generated_project, serve_site
from plansite.core.timeline import PAGE_DEADLINES, plan_timeline, site_timeline
from plansite.intake.plans import load_catalog
from plansite.site.lists import PLANS_PER_PAGE, paginate
from plansite.site.timeline import SITE_CALENDAR_EVENTS

PLANS = 300
PAGE_BYTES = 400 * 1024
PAGE_GZIP = 60 * 1024
HOME_BYTES = 150 * 1024
#: The build's date: the corpus's plans were issued up to 2025.
BUILT = datetime(2025, 6, 15, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, site) of :data:`PLANS` generated plans, built on :data:`BUILT`."""
    project = generated_project(PLANS, tmp_path_factory.mktemp("generated"))
    site = project / "site"
    build_site_on(project / "mkdocs.yml", site, BUILT, strict=False)  # warns: rules, no term
    return project, site


def test_every_page_keeps_within_its_budget(generated: tuple[Path, Path]) -> None:
    _, site = generated
    pages = list(site.rglob("*.html"))
    assert len(pages) > PLANS
    over = []
    for page in pages:
        data = page.read_bytes()
        packed = len(gzip.compress(data, 9))
        if len(data) > PAGE_BYTES or packed > PAGE_GZIP:
            over.append((page.relative_to(site).as_posix(), len(data), packed))
    assert over == []
    assert (site / "index.html").stat().st_size <= HOME_BYTES


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"#?]*)[^"]*"', html)


def _target(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link on ``page`` leads to; None for a link out or to an anchor."""
    if not href or re.match(r"^[a-z]+:|^/", href):
        return None
    path = (page.parent / href).resolve()
    return path / "index.html" if href.endswith("/") or path.is_dir() else path


def test_every_link_of_the_split_lists_and_timeline_leads_to_a_page(
    generated: tuple[Path, Path],
) -> None:
    _, site = generated
    split = [
        *site.glob("moc-thoi-gian/**/index.html"),
        *site.glob("ke-hoach/index.html"),
        *site.glob("ke-hoach/theo-nam/**/index.html"),
        *site.glob("van-ban/*/index.html"),
        *site.glob("van-ban/*/*/trang-*/index.html"),
        *site.glob("van-ban/loai/**/index.html"),
        *site.glob("van-ban/cap/**/index.html"),
        *site.glob("co-quan/**/index.html"),
        *site.glob("chu-de/**/index.html"),
        site / "theo-doi" / "index.html",
    ]
    assert len(split) > 100
    broken = []
    for page in split:
        for href in _hrefs(page.read_text("utf-8")):
            target = _target(site, page, href)
            if target is not None and not target.exists():
                broken.append((page.relative_to(site).as_posix(), href))
    assert broken == []


def test_the_plans_index_is_split_by_year_and_holds_every_plan_once(
    generated: tuple[Path, Path],
) -> None:
    project, site = generated
    catalog = load_catalog(project / "plans", project, raise_on_error=False)
    index = (site / "ke-hoach" / "index.html").read_text("utf-8")
    assert "Kế hoạch theo năm" in index
    seen: Counter[str] = Counter()
    year_pages = list(site.glob("ke-hoach/theo-nam/**/index.html"))
    assert year_pages
    for page in year_pages:
        html = page.read_text("utf-8")
        (listed,) = re.findall(r'<ul class="plansite-list">(.*?)</ul>', html, re.S)
        slugs = re.findall(r'<li>\s*<a href="(?:\.\./)+([^/"]+)/">', listed)
        assert 0 < len(slugs) <= PLANS_PER_PAGE, page
        seen.update(slugs)
    assert set(seen) == {p.slug for p in catalog.plans}
    assert set(seen.values()) == {1}


def test_the_directives_index_is_split_by_kind_and_level_each_holding_every_directive_once(
    generated: tuple[Path, Path],
) -> None:
    project, site = generated
    catalog = load_catalog(project / "plans", project, raise_on_error=False)
    for folder in ("loai", "cap"):
        seen: Counter[str] = Counter()
        for page in site.glob(f"van-ban/{folder}/**/index.html"):
            html = page.read_text("utf-8")
            (listed,) = re.findall(r'<ul class="plansite-list">(.*?)</ul>', html, re.S)
            slugs = re.findall(r'<li>\s*<a href="(?:\.\./)+([^/"]+)/">', listed)
            assert 0 < len(slugs) <= PLANS_PER_PAGE, page
            seen.update(slugs)
        assert set(seen) == {d.slug for d in catalog.directives}, folder
        assert set(seen.values()) == {1}, folder


def test_the_timeline_is_split_and_its_parts_hold_every_deadline_once(
    generated: tuple[Path, Path],
) -> None:
    project, site = generated
    catalog = load_catalog(project / "plans", project, raise_on_error=False)
    total = len(site_timeline(catalog.plans, BUILT.date()).deadlines)
    assert total > PAGE_DEADLINES  # large enough to be split
    first = (site / "moc-thoi-gian" / "index.html").read_text("utf-8")
    assert "Mốc thời gian theo năm" in first and f"Trang có {total} mốc" in first
    orders: Counter[str] = Counter()
    for page in site.glob("moc-thoi-gian/*/**/index.html"):
        html = page.read_text("utf-8")
        found = re.findall(r'data-order="(\d+)"', html)
        assert len(found) <= PAGE_DEADLINES, page
        orders.update(found)
    assert len(orders) == total and set(orders.values()) == {1}
    # The first page: this quarter's and the next quarter's, a page at most.
    assert 0 < len(re.findall(r'data-order="', first)) <= PAGE_DEADLINES


def test_a_long_list_comes_in_pages_that_link_each_other() -> None:
    plans = [object()] * (2 * PLANS_PER_PAGE + 1)
    pages = paginate(plans, "co-quan/x/")
    assert [p.url for p in pages] == ["co-quan/x/", "co-quan/x/trang-2/", "co-quan/x/trang-3/"]
    assert [len(p.items) for p in pages] == [PLANS_PER_PAGE, PLANS_PER_PAGE, 1]
    assert (pages[0].previous, pages[0].next) == (None, "co-quan/x/trang-2/")
    assert (pages[2].first, pages[2].last, pages[2].total) == (201, 201, 201)
    elsewhere = paginate(plans, "van-ban/y/thuc-hien/", home="van-ban/y/")
    assert elsewhere[1].previous == "van-ban/y/" and elsewhere[1].url.endswith("trang-2/")
    assert len(paginate([], "x/")) == 1


# --- on a phone: the main content within the first two screens --------------------------------

PHONE = {"width": 360, "height": 640}


def _largest_page(site: Path, pattern: str) -> str:
    """The address (relative to the site) of the largest page matching ``pattern``."""
    page = max(site.glob(pattern), key=lambda p: p.stat().st_size)
    return page.parent.relative_to(site).as_posix() + "/"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("which", "pattern", "main"),
    [
        ("home", "", "#moi-dang"),
        ("timeline", "", "#sap-toi"),
        ("directive", "van-ban/*/index.html", "#ke-hoach-thuc-hien"),
        ("plan", "ke-hoach/*/index.html", '#noi-dung, a[href="#noi-dung"]'),
    ],
)
def test_on_a_phone_the_main_content_starts_within_two_screens(
    generated: tuple[Path, Path], browser: Any, which: str, pattern: str, main: str
) -> None:
    """The home page's newest plans, the timeline's deadlines, a directive's plans and a
    plan's text (or a link to it) start within two screens of a 360 x 640 phone, on the
    largest page of each kind."""
    _, site = generated
    fixed = {"home": "", "timeline": "moc-thoi-gian/"}
    url = fixed[which] if which in fixed else _largest_page(site, pattern)
    with serve_site(site) as base:
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
        page = context.new_page()
        page.route(lambda u: not u.startswith(base), lambda route: route.abort())
        page.goto(f"{base}{url}")
        top = page.locator(main).first.evaluate(
            "e => e.getBoundingClientRect().top + window.scrollY"
        )
        context.close()
    assert top < 2 * PHONE["height"], (url, top)


def test_the_site_calendar_holds_the_nearest_deadlines_and_stays_small(
    generated: tuple[Path, Path],
) -> None:
    project, site = generated
    catalog = load_catalog(project / "plans", project, raise_on_error=False)
    today = BUILT.date()
    coming = [
        d
        for p in catalog.plans
        if plan_timeline(p).status(today) == "active"
        for d in plan_timeline(p).deadlines()
        if d.period.end >= today
    ]
    text = (site / "lich.ics").read_bytes()
    events = text.count(b"BEGIN:VEVENT")
    assert events == min(len(coming), SITE_CALENDAR_EVENTS) > 0
    assert b"RRULE:" not in text and len(text) < 1024 * 1024
    days = re.findall(rb"DTSTART;VALUE=DATE:(\d{8})", text)
    assert days == sorted(days) and days[0] >= today.strftime("%Y%m%d").encode()
