"""Nothing injected: a site built from hostile plans runs no script from content, anywhere."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from conftest import ROOT, build_outcome, copy_project, serve_site
from plansite.core.bodies import sanitize

HOSTILE = ROOT / "tests" / "hostile" / "plans"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    shutil.copytree(HOSTILE, project / "plans", dirs_exist_ok=True)
    ok, messages = build_outcome(project / "mkdocs.yml", project / "site")
    assert ok, messages
    assert any("có thẻ HTML" in m for m in messages)  # the editor is told
    return project / "site"


def generated_files(site: Path) -> list[Path]:
    return [
        p
        for p in site.rglob("*")
        if p.suffix in {".html", ".xml", ".json", ".ics"}
        and "assets" not in p.parts
        and "pagefind" not in p.parts
    ]


class _Unsafe(HTMLParser):
    """Collects what could run: handler attributes, script URLs, inline scripts from content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if (
                name.lower() in {"href", "src", "action", "formaction"}
                and value
                and (re.sub(r"\s", "", value).lower().startswith(("javascript:", "vbscript:")))
            ):
                self.found.append(f"<{tag} {name}={value}>")
        # A data block (JSON-LD) never runs; test_sharing checks it cannot close the element.
        kind = (dict(attrs).get("type") or "").strip().lower()
        self._script = tag == "script" and kind in ("", "text/javascript", "module")

    def handle_data(self, data: str) -> None:
        if self._script and "__pwned" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def unsafe_html(html: str) -> list[str]:
    parser = _Unsafe()
    parser.feed(html)
    parser.close()
    return parser.found


def unsafe_in_file(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return unsafe_html(text)
    if path.suffix == ".xml":
        found = []
        for element in ElementTree.fromstring(text.encode("utf-8")).iter():
            found += [f"{element.tag} @{a}" for a in element.attrib if a.lower().startswith("on")]
            name = element.tag.rsplit("}", 1)[-1]
            carries_html = (
                name == "description"
                or element.tag.endswith("}encoded")
                or (name in ("content", "summary") and element.get("type") == "html")
            )
            if carries_html and element.text:  # HTML carried as escaped text
                found += unsafe_html(element.text)
        return found
    if path.suffix == ".json":
        found = []

        def walk(value: object) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    if k == "content_html" and isinstance(v, str):
                        found.extend(unsafe_html(v))  # the one field JSON Feed reads as HTML
                    else:
                        walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(json.loads(text))
        return found
    # A calendar is plain text; a URL property must not be a script URL.
    return [
        line
        for line in text.splitlines()
        if line.startswith("URL") and "javascript:" in line.lower()
    ]


def test_no_handler_attribute_or_javascript_url_in_any_generated_file(hostile_site: Path) -> None:
    files = generated_files(hostile_site)
    kinds = {p.suffix for p in files}
    assert len(files) > 10
    assert {".html", ".json"} <= kinds
    problems = {
        str(p.relative_to(hostile_site)): found for p in files if (found := unsafe_in_file(p))
    }
    assert problems == {}


def test_the_checker_itself_finds_what_it_looks_for() -> None:
    assert unsafe_html('<img src=x onerror="alert(1)">') == ["<img onerror>"]
    assert unsafe_html('<a href=" javascript:x()">a</a>')
    assert unsafe_html("<script>window.__pwned=1</script>")
    assert unsafe_html("<p>&lt;script&gt;window.__pwned=1&lt;/script&gt;</p>") == []


def test_no_script_from_content_runs_in_a_real_browser(hostile_site: Path, browser: Any) -> None:
    pages = [
        "",
        "ke-hoach/",
        "ke-hoach/doc-hai/",
        "van-ban/",
        "van-ban/21-kl-tw/",
        "van-ban/66-kh-du/",
    ]
    with serve_site(hostile_site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in pages:
            page.goto(base + url)
            page.mouse.move(10, 10)
            page.mouse.move(300, 300)
            assert page.evaluate("() => window.__pwned") is None, url
            handlers = page.evaluate(
                "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
                ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
            )
            assert handlers == [], (url, handlers)
            js = page.evaluate(
                "() => [...document.querySelectorAll('[href],[src],[action]')].map(e =>"
                " e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"
                ".filter(u => /^\\s*javascript:/i.test(u))"
            )
            assert js == [], (url, js)
        assert dialogs == []
        # The text is shown as text: the reader sees what the editor typed.
        page.goto(base + "ke-hoach/doc-hai/")
        assert "<script>window.__pwned = 1;" in page.locator("h1").inner_text()
        page.close()


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<svg><script>alert(1)</script></svg>",
        '<iframe src="http://x"></iframe>',
        '<p style="x" onclick="alert(1)">p</p>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    ],
)
def test_sanitizer_removes_scripts_handlers_and_script_urls(html: str) -> None:
    clean = sanitize(html)
    assert "<script" not in clean and "<iframe" not in clean
    assert unsafe_html(clean) == [] and "javascript:" not in clean.lower()
    assert "data:text/html" not in clean
