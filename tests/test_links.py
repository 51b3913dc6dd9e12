"""A link checker over the built sample site: every internal ``href`` / ``src`` of every page
resolves to a file of the site, and every ``#fragment`` names an element of the target page.

Internal means relative (``../van-ban/21-kl-tw/``), rooted (``/assets/…``, as in 404.html) or
absolute under the site's ``site_url`` (canonical links, feeds, Open Graph URLs): those must
exist in the build too. Other schemes and hosts are not fetched (the tests never go online).
"""

from __future__ import annotations

import posixpath
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

SITE_URL = "https://kehoach.example.vn/"
#: Attributes holding a URL, by element; ``content`` only for the Open Graph URL.
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "form": ("action",),
}
OG_URLS = ("og:url", "og:image")
NOT_CHECKED = ("mailto:", "tel:", "webcal:", "data:")


class _Page(HTMLParser):
    """The URLs a page links to (with their line) and the ids (and a[name]) it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        line = self.getpos()[0]
        for name in URL_ATTRS.get(tag, ()):
            if name in a:
                self.links.append((line, f"<{tag} {name}>", a[name]))
        if tag == "meta" and a.get("property") in OG_URLS and "content" in a:
            self.links.append((line, f"<meta {a['property']}>", a["content"]))

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def target(site: Path, page: Path, url: str) -> tuple[Path | None, str] | None:
    """The file an internal URL names (None if it names nothing) and its fragment; None for a
    URL that is not internal."""
    parts = urlsplit(url)
    if url.startswith(NOT_CHECKED) or (parts.scheme and parts.scheme not in ("http", "https")):
        return None
    if parts.scheme or parts.netloc:
        if not url.startswith(SITE_URL):
            return None
        path = "/" + url[len(SITE_URL) :].split("#", 1)[0].split("?", 1)[0]
    else:
        path = unquote(parts.path)
    if not path:
        return page, parts.fragment  # "#fragment": this page
    if path.startswith("/"):
        resolved = posixpath.normpath(path.lstrip("/")) if path != "/" else "."
    else:
        here = page.parent.relative_to(site).as_posix()
        resolved = posixpath.normpath(posixpath.join(here, path))
    if resolved.startswith(".."):
        return None, parts.fragment
    file = site / resolved
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return (file if file.is_file() else None), parts.fragment


def check_site(site: Path) -> list[str]:
    """Every broken link or anchor of the site, as ``page:line: <tag attr> url: what``."""
    broken: list[str] = []
    for page in sorted(site.rglob("*.html")):
        for line, where, url in _parse(page).links:
            found = target(site, page, url)
            if found is None:
                continue
            file, fragment = found
            name = f"{page.relative_to(site)}:{line}: {where} {url}"
            if file is None:
                broken.append(f"{name}: no such file")
            elif fragment and file.suffix == ".html" and unquote(fragment) not in _parse(file).ids:
                broken.append(f"{name}: no element with id '{fragment}'")
    return broken


def test_no_broken_link_or_anchor_on_the_sample_site(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 30
    links = sum(len(_parse(p).links) for p in pages)
    assert links > 1000  # the checker sees the pages' links
    assert check_site(sample_site) == []


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="x">x</h2><a href="../b/">b</a><a href="../c/">c</a><a href="#y">y</a>'
        '<a href="../b/#z">z</a><a href="../b/#x">bx</a><a href="https://example.org/">e</a>'
        f'<a href="{SITE_URL}a/#x">abs</a><a href="{SITE_URL}d.json">d</a>'
        '<a href="mailto:a@b.vn">m</a><img src="/img.png" alt="">',
        encoding="utf-8",
    )
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<p id="x">b</p>', encoding="utf-8")
    (tmp_path / "img.png").write_bytes(b"")
    return tmp_path


def test_the_checker_finds_missing_pages_files_and_anchors(tiny_site: Path) -> None:
    _parse.cache_clear()
    broken = [b.split(": ", 1)[1] for b in check_site(tiny_site)]
    assert broken == [
        "<a href> ../c/: no such file",
        "<a href> #y: no element with id 'y'",
        "<a href> ../b/#z: no element with id 'z'",
        f"<a href> {SITE_URL}d.json: no such file",
    ]
