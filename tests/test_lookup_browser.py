"""The home page's number lookup box, in Debian's chromium: any spelling finds the directive."""

from __future__ import annotations

from typing import Any

import pytest

from plansite.core.lookup import query_key

pytestmark = pytest.mark.browser

SPELLINGS = [
    "21-KL/TW",
    "21 KL/TW",
    "21-kl/tw",
    "KL 21",
    "21/KL-TW",
    "kết luận 21",
    "ket luan so 21",
    "01 - KL/TW",
    "QDi 05",
    "qđi 05 thu",
    "Quy định số 05-Qđi/ThU",
    "  28-NQ/TƯ ",
    "NGHỊ QUYẾT 08",
    "Đ Ư đ ư 0 00 007",
    "",
    "số",
    "Hà Tĩnh",
    "42/2022/NĐ-CP",
    "e\u0301 combining",
]


def test_browser_key_is_python_key_on_many_inputs(browser: Any, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server)
    for text in SPELLINGS:
        assert page.evaluate("t => window.plansiteQueryKey(t)", text) == query_key(text), text
    page.close()


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("21-KL/TW", "21-kl-tw"),
        ("ket luan so 21", "21-kl-tw"),
        ("01 - KL/TW", "01-kl-tw"),
        ("qđi 05 thu", "05-qdi-thu"),
        ("nghị quyết 28 tw", "28-nq-tw"),
        ("33 CTr/TU", "33-ctr-tu"),
    ],
)
def test_lookup_box_goes_to_the_directive_page(
    browser: Any, site_server: str, query: str, slug: str
) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_server)
    page.fill("#plansite-so-hieu", query)
    page.click(".plansite-lookup__form button")
    page.wait_for_url(f"**/van-ban/{slug}/")
    assert all(url.startswith(site_server) for url in requests), requests
    page.close()


def test_ambiguous_lookup_lists_every_document(browser: Any, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server)
    page.fill("#plansite-so-hieu", "nghị quyết 28")  # 28-NQ/TW and 28-NQ/TU on the sample site
    page.click(".plansite-lookup__form button")
    status = page.locator(".plansite-lookup__result")
    status.locator("a").first.wait_for()
    hrefs = sorted(a.get_attribute("href") or "" for a in status.locator("a").all())
    assert hrefs == ["./van-ban/28-nq-tu/", "./van-ban/28-nq-tw/"]
    assert page.url == site_server


def test_unknown_number_says_so_and_points_to_the_index(browser: Any, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server)
    page.fill("#plansite-so-hieu", "999-KL/TW")
    page.click(".plansite-lookup__form button")
    status = page.locator(".plansite-lookup__result")
    status.locator("a").first.wait_for()
    assert "Không tìm thấy văn bản số “999-KL/TW”" in status.inner_text()
    page.close()
