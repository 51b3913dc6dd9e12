"""Nothing injected: a site built from hostile plans runs no script from content, anywhere."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, build_outcome

from plansite.html import sanitize

HOSTILE = ROOT / "tests" / "hostile" / "plans"
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "plans", project / "plans")
    shutil.copytree(HOSTILE, project / "plans", dirs_exist_ok=True)
    ok, messages = build_outcome(project / "mkdocs.yml", project / "site")
    assert ok, messages
    assert any("có thẻ HTML" in m for m in messages)  # the editor is told
    return project / "site"


def generated_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.suffix in {".html", ".xml", ".json", ".ics"}
            and "assets" not in p.parts and "search" not in p.parts[-2:-1]]


def test_no_handler_attribute_or_javascript_url_in_any_generated_file(hostile_site: Path) -> None:
    files = generated_files(hostile_site)
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not HANDLER.search(text), (path, HANDLER.search(text))
        assert not JS_URL.search(text), path
        assert "<script>window.__pwned" not in text, path  # only escaped, as text


def test_no_script_from_content_runs_in_a_real_browser(hostile_site: Path, browser: Any) -> None:
    import functools
    import http.server
    import threading

    from conftest import _QuietHandler

    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = ["", "ke-hoach/", "ke-hoach/doc-hai/", "van-ban/", "van-ban/21-kl-tw/",
             "van-ban/66-kh-du/"]
    try:
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
                ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))")
            assert handlers == [], (url, handlers)
            js = page.evaluate(
                "() => [...document.querySelectorAll('[href],[src],[action]')].map(e =>"
                " e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"
                ".filter(u => /^\\s*javascript:/i.test(u))")
            assert js == [], (url, js)
        assert dialogs == []
        # The text is shown as text: the reader sees what the editor typed.
        page.goto(base + "ke-hoach/doc-hai/")
        assert "<script>window.__pwned = 1;" in page.locator("h1").inner_text()
        page.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<img src=x onerror=alert(1)>',
        "<script>alert(1)</script>",
        '<svg><script>alert(1)</script></svg>',
        '<iframe src="http://x"></iframe>',
        '<p style="x" onclick="alert(1)">p</p>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    ],
)
def test_sanitizer_removes_scripts_handlers_and_script_urls(html: str) -> None:
    clean = sanitize(html)
    assert "<script" not in clean and "<iframe" not in clean
    assert not HANDLER.search(clean) and "javascript:" not in clean.lower()
    assert "data:text/html" not in clean
