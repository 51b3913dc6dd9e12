"""Page scripts in Debian's chromium, on pages whose content names elements after the scripts'
globals: an element with an id (or a name) is a property of ``window`` (HTML's named access),
so ``<span id="plansiteQueryKey">`` once broke the header search of its page. The scripts
read no global an element can provide, and the page still works.

The sanitizer may keep such ids out of plan bodies; the elements are also written into the
built pages directly, so that this checks the scripts, whatever the sanitizer lets through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from conftest import build_site, copy_project, serve_site
from plansite.core.timeline import PLAN_STATUS_LABELS, STATUS_LABELS

pytestmark = pytest.mark.browser

VN = timezone(timedelta(hours=7))
#: Every global the site's scripts define or read (lookup.js, search.js, timeline.js, the
#: inline script of main.html), and one Material defines.
GLOBALS = [
    "plansiteQueryKey",
    "plansiteSearch",
    "plansiteTimeline",
    "plansiteTimelineDone",
    "document$",
]
SLUG = "thu-ten-trung-bien-cua-trang"
PLAN_URL = f"ke-hoach/{SLUG}/"
BODY = "\n\n".join(
    f'<p>Đoạn <span id="{g}">{i}</span> <a name="{g}" href="#">{i}</a>.</p>'
    for i, g in enumerate(GLOBALS)
)
PLAN = f"""---
title: "Kế hoạch thử các phần tử mang tên biến của trang"
number: 78-KH/ĐU
issuer: Ban Thường vụ Đảng ủy
issued: 05/01/2024
published: 2024-01-10
implements:
  - number: 21-KL/TW
milestones:
  - by: 30/06/2024
    what: "Báo cáo kết quả thực hiện"
summary: "Kế hoạch thử: phần tử trong nội dung mang tên các biến của trang."
---

Nội dung thử thực hiện Kết luận số 21-KL/TW.

{BODY}
"""
#: What is written into the built pages: for each global, every kind of element whose id or
#: name becomes a property of window (an iframe's name gives its window).
SHADOWS = "".join(
    f'<span id="{g}">x</span><a name="{g}" href="#">x</a><img name="{g}" alt="">'
    f'<form name="{g}"></form><iframe name="{g}" title="x"></iframe>'
    for g in GLOBALS
)


def _shadow(page: Path) -> None:
    """Write :data:`SHADOWS` at the start of the page's content (Material's ``<article>``)."""
    html = page.read_text(encoding="utf-8")
    shadows = f"<div hidden>{SHADOWS}</div>"
    html, n = re.subn(r"(<article\b[^>]*>)", lambda m: m.group(1) + shadows, html, count=1)
    assert n == 1, page
    page.write_text(html, encoding="utf-8")


@pytest.fixture(scope="module")
def shadowed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("globals"))
    (project / "plans" / "2024").mkdir(exist_ok=True)
    (project / "plans" / "2024" / f"{SLUG}.md").write_text(PLAN, encoding="utf-8")
    site = project / "site"
    assert build_site(project / "mkdocs.yml", site) == []
    for url in (PLAN_URL, "", "moc-thoi-gian/", "tim-kiem/"):
        _shadow(site / url / "index.html")
    with serve_site(site) as base:
        yield base


@pytest.fixture
def open_page(browser: Any, shadowed_site: str) -> Iterator[Any]:
    """Open a page of the site, the clock on a day (9:00 in Hà Nội); fails on a page error."""
    contexts: list[Any] = []
    errors: list[str] = []

    def opener(url: str, day: date) -> Any:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
        page.route(lambda u: not u.startswith(shadowed_site), lambda route: route.abort())
        page.clock.set_fixed_time(datetime.combine(day, time(9, 0), VN))
        page.goto(shadowed_site + url)
        # The content does stand in for the globals the scripts do not define themselves.
        for name in GLOBALS:
            assert page.evaluate("n => document.getElementsByName(n).length > 0", name), name
        assert page.evaluate("() => Boolean(window.plansiteTimelineDone)")
        assert page.evaluate("() => typeof window.plansiteQueryKey") == "function"
        return page

    yield opener
    for context in contexts:
        context.close()
    assert errors == []


def _header_search(page: Any, base: str, query: str) -> list[str]:
    """The links the header box lists for ``query``, once it lists them."""
    page.fill(".md-search__input", query)
    done = f'.plansite-box-all a[href$="?q={quote(query, safe="")}"]'
    page.locator(f"#plansite-search-header-results {done}").wait_for()
    links = page.locator("#plansite-search-header-results a").evaluate_all(
        "l => l.map(a => a.href)"
    )
    return [str(href).removeprefix(base) for href in links]


def test_the_header_search_works_on_a_plan_page_that_names_the_globals(
    open_page: Any, shadowed_site: str
) -> None:
    page = open_page(PLAN_URL, date(2024, 1, 20))
    results = _header_search(page, shadowed_site, "21-KL/TW")
    assert results[0] == "van-ban/21-kl-tw/", results
    results = _header_search(page, shadowed_site, "Hà Tĩnh")
    assert "ke-hoach/hoc-tap-nghi-quyet-dai-hoi-xix-tinh-ha-tinh/" in results, results


def test_the_timeline_script_runs_on_a_plan_page_that_names_the_globals(
    open_page: Any,
) -> None:
    # Built today, the page says the deadline is past and the plan over; on 20/01/2024 the
    # script says otherwise.
    page = open_page(PLAN_URL, date(2024, 1, 20))
    marker = page.locator('.plansite-timeline .plansite-status[data-end="2024-06-30"]')
    assert marker.inner_text().strip() == STATUS_LABELS["upcoming"]
    plan = page.locator(".plansite-timeline .plansite-plan-status").first
    assert plan.inner_text().strip() == PLAN_STATUS_LABELS["active"]
    soon = open_page(PLAN_URL, date(2024, 6, 1))
    marker = soon.locator('.plansite-timeline .plansite-status[data-end="2024-06-30"]')
    assert marker.inner_text().strip() == STATUS_LABELS["due-soon"]


def test_the_lookup_box_and_timeline_page_work_when_they_name_the_globals(
    open_page: Any, shadowed_site: str
) -> None:
    home = open_page("", date(2024, 1, 20))
    home.fill("#plansite-so-hieu", "kết luận 21")
    home.press("#plansite-so-hieu", "Enter")
    home.wait_for_url(f"{shadowed_site}van-ban/21-kl-tw/")
    timeline = open_page("moc-thoi-gian/", date(2024, 1, 20))
    assert timeline.locator("[data-plansite-today]").first.inner_text() == "20/01/2024"
    search = open_page("tim-kiem/?q=21-KL%2FTW", date(2024, 1, 20))
    first = search.locator("#search-results li a").first
    first.wait_for()
    assert first.get_attribute("href") is not None
    assert str(first.evaluate("a => a.href")).removeprefix(shadowed_site) == "van-ban/21-kl-tw/"
