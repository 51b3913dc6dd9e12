"""The 404 page (404.html): Vietnamese, its links and scripts right wherever a web server sends
it from (it answers any missing address, at any depth), and the header search working on it.

The page is read as built from the sample site, and from the same site built with no
site_url and with a site_url below the server's root. In Debian's chromium, a server that
answers missing addresses with 404.html, as a web server does, is asked for an address two
folders deep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, QuietHandler, build_site, serve_site
from test_validators import AXE, html_pages, site_urls


def _setting(name: str) -> str:
    """A setting of the sample's mkdocs.yml, as written there."""
    found = re.search(rf"^{name}:\s*(.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found, name
    return found.group(1).strip()


SITE_NAME = _setting("site_name")
SITE_URL = _setting("site_url")
TITLE = "Không tìm thấy trang"
MISSING = "khong-co/trang-nay/"  # two folders deep: no such page
#: Attributes whose value is an address, on this page.
URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "data-pagefind",
    "data-full-text",
    "data-numbers",
    "data-root",
)
#: Those that name a folder of the site, which scripts add file names to.
FOLDER_ATTRIBUTES = ("data-full-text", "data-numbers", "data-root")
#: The page's links by their text, and where each must lead (from the site's root).
LINKS = {
    "trang chủ": "",
    "danh sách kế hoạch": "ke-hoach/",
    "danh mục văn bản": "van-ban/",
    "trang tìm kiếm": "tim-kiem/",
}
#: Material's English words that could show on the page (its 404 says "404 - Not found").
ENGLISH = ["404", "Not found", "Page not found", "Skip to", "Back to top", "Search", "Made with"]


class Page(HTMLParser):
    """What a page shows and links to: its title, first heading, visible text, the links of
    its article, its forms (each with its inputs), and every tag with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self.h1 = ""
        self.text: list[str] = []  # visible text, and the labels of attributes readers meet
        self.links: list[tuple[str, str]] = []  # (href, text) in <article>
        self.forms: list[dict[str, Any]] = []
        self._open = {"script": 0, "style": 0, "title": 0, "h1": 0, "article": 0, "form": 0}
        self._link: tuple[str, list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        self.text += [
            values[n] for n in ("title", "aria-label", "placeholder", "alt") if n in values
        ]
        if tag in self._open:
            self._open[tag] += 1
        if tag == "form":
            self.forms.append({"attrs": values, "inputs": []})
        elif tag == "input" and self._open["form"]:
            self.forms[-1]["inputs"].append(values)
        elif tag == "a" and self._open["article"]:
            self._link = (values.get("href", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if self._open.get(tag):
            self._open[tag] -= 1
        if tag == "a" and self._link is not None:
            href, text = self._link
            self.links.append((href, " ".join("".join(text).split())))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._open["script"] or self._open["style"]:
            return
        if self._open["title"]:
            self.title += data
        if self._open["h1"]:
            self.h1 += data
        if self._link is not None:
            self._link[1].append(data)
        if data.strip():
            self.text.append(data)

    def addresses(self) -> list[tuple[str, str, str]]:
        """Every address the page holds: (tag, attribute, value)."""
        return [
            (tag, name, attrs[name])
            for tag, attrs in self.tags
            for name in URL_ATTRIBUTES
            if name in attrs and not attrs[name].startswith(("#", "mailto:", "javascript:"))
        ]

    def header_form(self) -> dict[str, Any]:
        forms = [f for f in self.forms if f["attrs"].get("data-plansite-search") == "header"]
        assert len(forms) == 1, "the page has no header search box, or more than one"
        return forms[0]


def resolve(page_url: str, ref: str) -> str:
    """The address ``ref`` leads to from the page at ``page_url``, as a browser reads it; a
    scheme-relative address without a host (such as "//") is no address at all."""
    assert not ref.startswith("//") or urlsplit(ref).netloc, f"{ref!r} names no host"
    return urljoin(page_url, ref)


def file_of(site: Path, root: str, url: str, folder: bool = False) -> Path | None:
    """The built file that answers ``url`` on a server with the site at ``root`` (with
    ``folder``, the built folder it names), or None if the address is outside the site or the
    site has no such file."""
    if not url.startswith(root):
        return None
    path = urlsplit(url).path[len(urlsplit(root).path) :]
    if path.startswith("/") or "//" in path:
        return None  # "/ubnd//": no server reads it as the folder "/ubnd/"
    if folder:
        named = path == "" or path.endswith("/")
        return site / path if named and (site / path).is_dir() else None
    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    return file if file.is_file() else None


@pytest.fixture(scope="module", params=["sample", "no site_url", "site_url in a folder"])
def built(
    request: pytest.FixtureRequest, sample_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """The site built three ways, and the address of its root on the server: the sample
    (site_url at a host's root), without site_url (served from a server's root), and with a
    site_url below the host's root."""
    if request.param == "sample":
        return sample_site, SITE_URL
    no_site_url = request.param == "no site_url"
    root = "http://127.0.0.1:8000/" if no_site_url else SITE_URL + "ubnd/huyen/"
    site_dir = tmp_path_factory.mktemp("site404")
    warnings = build_site(ROOT / "mkdocs.yml", site_dir, site_url="" if no_site_url else root)
    assert warnings == []
    return site_dir, root


def not_found(site: Path) -> tuple[str, Page]:
    html = (site / "404.html").read_text(encoding="utf-8")
    return html, Page(html)


def test_title_and_heading_are_vietnamese(sample_site: Path) -> None:
    _, page = not_found(sample_site)
    assert page.title.strip() == f"{TITLE} - {SITE_NAME}"
    assert page.h1.strip() == TITLE


def test_says_what_may_have_happened_and_what_to_do(sample_site: Path) -> None:
    text = " ".join(" ".join(not_found(sample_site)[1].text).split())
    assert "gõ sai" in text and "chuyển sang địa chỉ khác" in text
    assert "Bạn có thể:" in text


def test_shows_no_english_words_of_materials_404(sample_site: Path) -> None:
    html, page = not_found(sample_site)
    assert "not found" not in html.lower()
    shown = " ".join([page.title, *page.text])
    assert [word for word in ENGLISH if word.lower() in shown.lower()] == []


def test_prints_no_markup_as_text_and_loads_materials_script(sample_site: Path) -> None:
    html, page = not_found(sample_site)
    assert "&lt;" not in html  # markup escaped into text ("&lt;script src=…")
    assert [t for t in page.text if "<" in t] == []
    scripts = [attrs["src"] for tag, attrs in page.tags if tag == "script" and "src" in attrs]
    assert any(re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", s) for s in scripts)
    assert any(s.endswith("/assets/plansite/search.js") for s in scripts)


def test_links_lead_to_home_plans_directives_and_search(built: tuple[Path, str]) -> None:
    site, root = built
    _, page = not_found(site)
    links = dict((text, href) for href, text in page.links)
    for text, target in LINKS.items():
        assert text in links, f"no link '{text}' on the 404 page"
        url = resolve(root + MISSING, links[text])
        assert url == root + target, (text, links[text])
        assert file_of(site, root, url) is not None, url


def test_every_address_leads_into_the_site_from_any_depth(built: tuple[Path, str]) -> None:
    site, root = built
    _, page = not_found(site)
    assert len(page.addresses()) > 20
    broken = [
        (where, tag, name, value)
        for where in (root + "404.html", root + MISSING, root + MISSING + "thieu-mot-phan")
        for tag, name, value in page.addresses()
        if file_of(site, root, resolve(where, value), name in FOLDER_ATTRIBUTES) is None
    ]
    assert broken == []


def _resolved(form: dict[str, Any], page_url: str) -> dict[str, Any]:
    attrs = {
        name: resolve(page_url, value) if name in URL_ATTRIBUTES else value
        for name, value in form["attrs"].items()
    }
    return {"attrs": attrs, "inputs": form["inputs"]}


def test_header_search_box_is_the_one_of_every_page(built: tuple[Path, str]) -> None:
    site, root = built
    _, page = not_found(site)
    other = Page((site / "gioi-thieu" / "index.html").read_text(encoding="utf-8"))
    mine = _resolved(page.header_form(), root + MISSING)
    theirs = _resolved(other.header_form(), root + "gioi-thieu/")
    assert mine == theirs
    assert mine["attrs"]["data-root"] == root
    assert mine["attrs"]["action"] == root + "tim-kiem/"


def test_page_search_form_is_the_search_pages_and_sends_there(built: tuple[Path, str]) -> None:
    site, root = built
    _, page = not_found(site)
    forms = [f for f in page.forms if "data-plansite-search" not in f["attrs"]]
    assert len(forms) == 1
    form = _resolved(forms[0], root + MISSING)
    assert form["attrs"]["action"] == root + "tim-kiem/"
    assert form["attrs"]["method"] == "get"
    search_page = Page((site / "tim-kiem" / "index.html").read_text(encoding="utf-8"))
    (theirs,) = [f for f in search_page.forms if f["attrs"].get("data-plansite-search") == "page"]
    assert form["inputs"] == theirs["inputs"]  # the same box: name q, id, placeholder…


def test_validators_check_the_404_page(sample_site: Path) -> None:
    """test_validators runs the Nu Html Checker and axe-core on every page it collects."""
    assert sample_site / "404.html" in html_pages(sample_site)
    assert "404.html" in site_urls(sample_site)


# -- in Debian's chromium ---------------------------------------------------------------------


class NotFoundHandler(QuietHandler):
    """Answers a missing address with 404.html and status 404, as a web server set up for a
    MkDocs site does (nginx's error_page 404 /404.html, Apache's ErrorDocument)."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    with serve_site(sample_site, NotFoundHandler) as base:
        yield base


@pytest.fixture
def problems() -> list[str]:
    """What went wrong in the tab: script errors, and requests that failed or were refused."""
    return []


@pytest.fixture
def tab(browser: Any, problems: list[str]) -> Iterator[Any]:
    """A new tab that records its problems (the 404 page's own status is not one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    def response(r: Any) -> None:
        if r.status >= 400 and r.request.resource_type != "document":
            problems.append(f"{r.status} {r.url}")

    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda r: problems.append(f"{r.failure} {r.url}"))
    page.on("response", response)
    yield page
    context.close()


def open_missing(tab: Any, server: str) -> None:
    response = tab.goto(server + MISSING)
    assert response is not None and response.status == 404
    assert tab.title() == f"{TITLE} - {SITE_NAME}"  # the 404 page, not the server's own


@pytest.mark.browser
def test_header_search_finds_a_number_from_a_missing_address(
    tab: Any, server: str, problems: list[str]
) -> None:
    open_missing(tab, server)
    tab.fill(".md-search__input", "21-KL/TW")
    tab.locator("#plansite-search-header-results .plansite-box-all").wait_for()
    results = tab.locator("#plansite-search-header-results a").evaluate_all(
        "l => l.map(a => a.href)"
    )
    assert results[0] == server + "van-ban/21-kl-tw/", results[:5]
    with tab.expect_navigation() as navigation:
        tab.locator("#plansite-search-header-results a").first.click()
    assert navigation.value.status == 200
    assert tab.url == server + "van-ban/21-kl-tw/"
    assert problems == []


@pytest.mark.browser
def test_home_link_leads_to_the_home_page(tab: Any, server: str, problems: list[str]) -> None:
    open_missing(tab, server)
    logo = tab.locator("a.md-header__button.md-logo").evaluate("a => a.href")
    assert logo == server
    with tab.expect_navigation() as navigation:
        tab.get_by_role("link", name="trang chủ", exact=True).click()
    assert navigation.value.status == 200
    assert tab.url == server
    assert tab.locator("#tra-cuu").inner_text() == "Tra cứu theo số hiệu văn bản"
    assert problems == []


@pytest.mark.browser
def test_page_search_form_opens_the_search_page_with_results(
    tab: Any, server: str, problems: list[str]
) -> None:
    open_missing(tab, server)
    tab.fill("#plansite-q", "21-KL/TW")
    with tab.expect_navigation():
        tab.press("#plansite-q", "Enter")
    assert tab.url == server + "tim-kiem/?q=21-KL%2FTW"
    tab.wait_for_function(
        "() => { const s = document.getElementById('search-status').textContent;"
        " return s && !s.startsWith('Đang'); }"
    )
    first = tab.locator("#search-results a").first.evaluate("a => a.href")
    assert first == server + "van-ban/21-kl-tw/"
    assert problems == []


@pytest.mark.browser
def test_axe_finds_no_serious_violation_at_a_missing_address(
    tab: Any, server: str, problems: list[str]
) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make system-deps` (npm ci in tests/js)")
    open_missing(tab, server)
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert problems == []
