"""The widget for local news pages (nhung/moi-nhat/), in Debian's chromium: it works with
scripts off, stays small, requests nothing but itself, and embeds with the published snippet."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
# Fixtures list the site before the browser: the site is built before Playwright's event loop
# starts (a build step that runs its own asyncio loop cannot run inside it).

WIDGET = "nhung/moi-nhat/"
SITE_URL = "https://kehoach.example.vn/"
SEED_004 = "ke-hoach/thuc-hien-ket-luan-01-va-21-ky-anh/"
SHOTS = Path("/tmp")


def published_snippet(site: Path, server: str) -> str:
    """The snippet as theo-doi/ shows it, pointed at the test server instead of site_url."""
    page = (site / "theo-doi" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<pre class="plansite-snippet"><code>(.*?)</code></pre>', page, re.S)
    assert match, "theo-doi/ shows no snippet"
    snippet = html.unescape(match.group(1))
    assert snippet.startswith("<iframe ") and "<script" not in snippet
    return snippet.replace(SITE_URL, server)


def test_widget_loads_with_scripts_off_small_and_alone(site_server: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(site_server + WIDGET)
    assert response is not None and response.ok
    assert len(response.body()) < 30_000
    assert requests == [site_server + WIDGET]  # no font, style, image or script: nothing else
    assert page.locator("html").get_attribute("lang") == "vi"
    links = page.locator("li a")
    assert links.count() == 4
    for i in range(links.count()):
        link = links.nth(i)
        assert link.get_attribute("target") == "_blank"
        assert "noopener" in (link.get_attribute("rel") or "")
        assert link.is_visible()
    assert page.locator("h1").inner_text().startswith("Kế hoạch mới nhất")
    context.close()


def test_news_page_embeds_the_snippet_and_links_open_in_a_new_tab(
    site_server: str, sample_site: Path, browser: Any
) -> None:
    snippet = published_snippet(sample_site, site_server)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    opened: list[str] = []
    # The plan pages live at site_url (not served here): answer them locally.
    context.route(
        f"{SITE_URL}**",
        lambda route: (
            opened.append(route.request.url),
            route.fulfill(status=200, content_type="text/html", body="<title>kế hoạch</title>"),
        )[1],
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(
        f'<!DOCTYPE html><html lang="vi"><body><h1>Trang tin xã</h1>{snippet}</body></html>'
    )
    frame = page.frame_locator("iframe")
    frame.locator("li a").first.wait_for()
    assert frame.locator("li a").count() == 4
    assert requests == [site_server + WIDGET]
    with context.expect_page() as popup:
        frame.locator(f'li a[href="{SITE_URL}{SEED_004}"]').click()
    assert popup.value.url == SITE_URL + SEED_004  # a new tab; the news page stays
    assert page.locator("h1").inner_text() == "Trang tin xã"
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_widget_in_an_iframe_fits_its_column(
    site_server: str, sample_site: Path, browser: Any, width: int
) -> None:
    snippet = published_snippet(sample_site, site_server)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="vi"><head><meta name="viewport" content="width=device-width">'
        "<style>body{font-family:sans-serif;margin:16px}</style></head><body>"
        f"<h1>Trang tin xã</h1><p>Bài viết của trang tin…</p>{snippet}</body></html>"
    )
    page.frame_locator("iframe").locator("li").first.wait_for()  # the snippet loads lazily
    widget = next(f for f in page.frames if f.url.endswith(WIDGET))
    widget.wait_for_load_state()
    page.screenshot(path=str(SHOTS / f"plansite-widget-{width}.png"), full_page=True)
    overflow = widget.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the widget scrolls sideways"
    # However narrow the column, the frame does not scroll: its list does, the links under it
    # ("Xem tất cả kế hoạch", RSS) stay in view.
    assert widget.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert widget.evaluate(
        "document.querySelector('.f').getBoundingClientRect().bottom <= window.innerHeight"
    )
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_follow_page_screenshot(site_server: str, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_server + "theo-doi/")
    assert page.locator("h1").first.inner_text() == "Theo dõi kế hoạch mới"
    preview = page.frame_locator("iframe.plansite-widget-preview")
    assert preview.locator("li a").count() == 4  # the widget, previewed on the page
    page.screenshot(path=str(SHOTS / f"plansite-theo-doi-{width}.png"), full_page=True)
    context.close()
