"""Phones and paper, in Debian's chromium: nothing wider than a 360 px screen, a plan page light
enough for a slow connection, no request leaving the site, and a print stylesheet that keeps
the document and drops the screen's furniture."""

from __future__ import annotations

import gzip
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import QuietHandler, build_outcome, copy_project, serve_site

pytestmark = pytest.mark.browser

SITE_URL = "https://kehoach.example.vn/"
PLAN = "ke-hoach/thuc-hien-ket-luan-01-va-21-ky-anh/"  # the longest sample plan
DIRECTIVE = "van-ban/21-kl-tw/"
BUDGET = 150_000  # bytes over the wire for a plan page, before search is used
#: A plan written to break a narrow screen: words, numbers and addresses without spaces.
LONG_PLAN = """---
title: "Kế hoạch Kếhoạchthửnộidungdàikhôngcókhoảngtrắngnàođểxuốngdòngcảkếhoạchthửnộidung"
number: 88-KH/ĐU
issuer: Ban Thường vụ ĐảngủyĐảngủyĐảngủyĐảngủyĐảngủyĐảngủyĐảngủyĐảngủyĐảngủyĐảngủy
issued: 10/01/2022
published: 2022-01-20
implements:
  - number: 21-KL/TW
milestones:
  - by: 2022-02
    what: "Báo cáo https://kehoach.example.vn/mot/duong/dan/rat/dai/khong/co/khoang/trang/nao"
    who: "BantuyêngiáoBantuyêngiáoBantuyêngiáoBantuyêngiáoBantuyêngiáo"
topics:
  - "Chủđềrấtdàikhôngcókhoảngtrắngchủđềrấtdàikhôngcókhoảngtrắng"
summary: "Tóm tắt https://kehoach.example.vn/mot/duong/dan/rat/dai/khong/co/khoang/trang/nao/het"
---

Liên kết <https://kehoach.example.vn/mot/duong/dan/rat/dai/khong/co/khoang/trang/nao/het.pdf>.

Số: 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234

| Cột một | Cột hai | Cột ba | Cột bốn | Cột năm | Cột sáu | Cột bảy |
|---|---|---|---|---|---|---|
| nội dung dài | nội dung dài | nội dung dài | nội dung dài | nội dung dài | nội dung dài | dài |

`mã-rất-dài-không-có-khoảng-trắng-mã-rất-dài-không-có-khoảng-trắng-mã-rất-dài-không-có`
"""


def pages_of(site: Path) -> list[str]:
    """Every page of a built site, as URLs relative to its root."""
    urls = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        urls.append(rel.removesuffix("index.html"))
    return urls


def file_of(site: Path, url: str) -> Path:
    return site / url if url.endswith(".html") else site / url / "index.html"


# --- 360 px ----------------------------------------------------------------------------------


def overflowing(browser: Any, base: str, urls: list[str]) -> dict[str, int]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.route(lambda url: not url.startswith(base), lambda route: route.abort())
    wide = {}
    for url in urls:
        page.goto(base + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[url] = width
    context.close()
    return wide


def test_no_page_of_the_sample_site_is_wider_than_a_phone(
    sample_site: Path, site_server: str, browser: Any
) -> None:
    urls = pages_of(sample_site)
    assert len(urls) > 30
    assert overflowing(browser, site_server, urls) == {}


@pytest.fixture(scope="module")
def long_words_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("long-words"))
    (project / "plans" / "2022" / "dai.md").write_text(LONG_PLAN, encoding="utf-8")
    ok, messages = build_outcome(project / "mkdocs.yml", project / "site")
    assert ok, messages
    return project / "site"


def test_long_words_and_wide_tables_do_not_widen_the_page(
    long_words_site: Path, browser: Any
) -> None:
    # Every page that shows the long plan: its page, its directive's, lists, timeline, groups.
    urls = [
        u
        for u in pages_of(long_words_site)
        if "Kếhoạchthửnộidungdài" in file_of(long_words_site, u).read_text("utf-8")
    ]
    assert "ke-hoach/dai/" in urls and "van-ban/88-kh-du/" in urls and len(urls) > 6
    with serve_site(long_words_site) as base:
        assert overflowing(browser, base, urls) == {}


# --- weight and requests ---------------------------------------------------------------------


class GzipHandler(QuietHandler):
    """Serves as a web host does: text compressed with gzip when the browser accepts it."""

    TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".ics", ".txt")

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in self.TEXT):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def gzip_server(sample_site: Path) -> Iterator[str]:
    with serve_site(sample_site, GzipHandler) as base:
        yield base


def test_plan_page_transfers_under_150_kb_before_search(gzip_server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda r: responses.append(r))
    page.goto(gzip_server + PLAN, wait_until="networkidle")
    wire = raw = 0
    lines = []
    for response in responses:
        sizes = response.request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        body = len(response.body())
        wire, raw = wire + size, raw + body
        lines.append(f"{size:>8} {body:>8} {response.url.removeprefix(gzip_server)}")
    context.close()
    assert len(responses) > 5
    assert not any("pagefind" in r.url for r in responses)  # search loads when used
    assert wire < BUDGET, "\n".join([f"{wire} bytes over the wire ({raw} unpacked):", *lines])


def test_no_request_leaves_the_site_on_any_kind_of_page(
    sample_site: Path, site_server: str, browser: Any
) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route(lambda url: not url.startswith(site_server), lambda route: route.abort())
    urls = pages_of(sample_site)
    kinds = [
        PLAN,
        DIRECTIVE,
        "",
        "ke-hoach/",
        "van-ban/",
        "tim-kiem/",
        "moc-thoi-gian/",
        "theo-doi/",
        "nhung/moi-nhat/",
        "co-quan/",
        "chu-de/",
        "gioi-thieu/",
        "404.html",
        next(u for u in urls if u.startswith("co-quan/") and u != "co-quan/"),
        next(u for u in urls if u.startswith("chu-de/") and u != "chu-de/"),
    ]
    assert set(kinds) <= set(urls)
    for url in kinds:
        requests.clear()
        page.goto(site_server + url, wait_until="networkidle")
        outside = [u for u in requests if not u.startswith(site_server)]
        assert outside == [], url
        # Material would fetch sitemap.xml beside every <link rel="alternate"> (the feeds):
        # the head partial hides them while it looks, and puts them back.
        assert [u for u in requests if u.endswith("sitemap.xml")] == [], url
        html = file_of(sample_site, url).read_text("utf-8")
        declared = len(re.findall(r'<link rel="alternate"', html))
        assert page.locator('link[rel="alternate"]').count() == declared, url
    context.close()


# --- print -----------------------------------------------------------------------------------


HIDDEN_IN_PRINT = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-search",
    ".md-top",
    ".plansite-calendar",
    ".plansite-data",
]


@pytest.mark.parametrize("url", [PLAN, DIRECTIVE])
def test_print_keeps_the_document_and_drops_navigation(
    site_server: str, browser: Any, url: str
) -> None:
    page = browser.new_page()
    page.route(lambda u: not u.startswith(site_server), lambda route: route.abort())
    page.goto(site_server + url)

    def display(selector: str) -> list[str]:
        return list(
            page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).display)")
        )

    assert display(".plansite-print-only") == ["none"]  # on screen
    assert "none" not in display(".md-header")
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert set(display(selector)) <= {"none"}, selector
    assert display(".plansite-card") == ["grid"]
    assert display(".plansite-timeline") == ["block"]
    assert display("article h1") == ["block"]
    assert display(".plansite-print-only") == ["block"]
    assert page.locator(".plansite-print-only").inner_text() == (f"Bản điện tử: {SITE_URL}{url}")
    colour = page.eval_on_selector(".plansite-card dd", "e => getComputedStyle(e).color")
    assert colour == "rgb(0, 0, 0)"
    # A link leaving the site prints its address; a link inside it does not.
    after = page.evaluate("""() => {
        const box = document.querySelector("article.md-typeset, .md-typeset");
        const out = document.createElement("a"), inside = document.createElement("a");
        out.href = "https://example.vn/van-ban.pdf"; inside.href = "../../";
        box.append(out, inside);
        return [out, inside].map(a => getComputedStyle(a, "::after").content);
    }""")
    leaving, inside = after
    assert "https://example.vn/van-ban.pdf" in leaving and inside == "none"
    page.close()


def test_printed_plan_holds_the_plan_and_nothing_else(
    site_server: str, browser: Any, tmp_path: Path
) -> None:
    for tool in ("pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.fail(
                f"{tool} is missing: run `make system-deps` (apt-get install poppler-utils)"
            )
    page = browser.new_page()
    page.route(lambda u: not u.startswith(site_server), lambda route: route.abort())
    page.goto(site_server + PLAN)
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.count("\f")
    assert 3 <= pages <= 14, pages
    for kept in (
        "Thực hiện Kết luận số",
        "Số hiệu",
        "Cơ quan ban hành",
        "Mốc thời gian",
        "Nội dung kế hoạch",
        "Lê Anh Trường",
        "Nơi nhận",
        f"Bản điện tử: {SITE_URL}",
    ):
        assert kept in text, kept
    for dropped in (
        "Tìm kiếm",
        "Hướng dẫn biên tập",
        "Mục lục",
        "Thêm vào lịch",
        "Tải dữ liệu kế hoạch",
    ):
        assert dropped not in text, dropped
    # The first page renders (what a print preview shows).
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    assert list(tmp_path.glob("page*.png"))
