"""Random Unicode in titles, numbers and bodies: control, bidi and zero-width characters,
look-alike letters, decomposed (NFD) text and script links.

Whatever comes in: no traceback, ``plansite check`` and the build agree (errors ⇔ the build
fails), and no published file carries a control, bidi or zero-width character or a link
outside the allow-list.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ROOT, build_outcome
from plansite.cli import main as cli_main
from plansite.core.plan import read_plan_text
from plansite.core.problems import Problems

#: What must never reach a published file from a plan: C0 (but tab and line breaks), DEL, C1,
#: bidi controls, zero-width characters, the Unicode line separators.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff\u00ad\u180e]"
)
#: Schemes that run code or carry inline documents: what a browser must never be linked to.
SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)

SPECIAL = (
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\n"]
    + ["\x7f", "\x85", "\x9f", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f"]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2060", "\u2066", "\u2069"]
    + ["\u2028", "\u2029", "\ufeff", "\u00ad"]
    + list("КМНОРСТАВЕХкмнорсх")
    + list("ΑΒΕΚΜΝΟΡΤΧο")  # Cyrillic and Greek look-alikes
    + ["\u0301", "\u0300", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"]  # NFD
)
PIECES = st.sampled_from(
    [
        "Kế hoạch",
        "Nghị quyết số ",
        "21-KL/TW",
        "08-NQ/TU",
        "05-QĐi/ThU",
        "42/2022/NĐ-CP",
        "ngày 25/10/2021",
        "[tài liệu](javascript:alert(1))",
        "[x](JaVaScRiPt&colon;alert(1))",
        '<a href="java&#x09;script:x">y</a>',
        "<a href=data:text/html,x>z</a>",
        "![a](vbscript:x)",
        "[r]: javascript:x\n",
        "[t](https://example.org/a)",
        "[t](../2022/khac.md)",
        "Đảng ủy",
        "đ",
        "\n",
        " ",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.sampled_from(SPECIAL), st.text(max_size=6)), max_size=14).map(
    "".join
)
#: Text that check lets through more often: zero-width characters (removed with a warning),
#: NFD marks and look-alikes outside numbers, among ordinary words.
MILD = st.lists(
    st.one_of(
        st.sampled_from(
            ["Kế hoạch", "Đảng ủy", "21-KL/TW", " ", "\n", "Tĩnh", "[t](https://a.vn)"]
        ),
        st.sampled_from(["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u0301"]),
        st.sampled_from(list("КМНОРСТΑΒΕ")),
    ),
    min_size=1,
    max_size=14,
).map("".join)
BUILD_TEXT = st.one_of(MILD, MILD, MILD, TEXT)  # mostly publishable, so the output is read


def plan_file(title: str, summary: str, number: str, body: str) -> str:
    def quoted(value: str) -> str:  # YAML double-quoted, every character escaped as YAML reads it
        return '"' + "".join(f"\\U{ord(c):08x}" if not c.isalnum() else c for c in value) + '"'

    return (
        "---\n"
        f"title: {quoted(title)}\n"
        "published: 2022-01-20\n"
        f"number: {quoted(number)}\n"
        f"summary: {quoted(summary)}\n"
        "---\n\n"
        f"{body}\n"
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, summary=TEXT, number=TEXT, body=TEXT)
def test_read_values_never_hold_a_forbidden_character(
    title: str, summary: str, number: str, body: str
) -> None:
    """Reading never raises, and every text a plan keeps is free of forbidden characters."""
    problems = Problems()
    plan = read_plan_text(plan_file(title, summary, number, body), "plans/x.md", problems)
    for problem in problems.items:
        assert "\n" not in str(problem)  # one problem, one line of check's output
    if plan is None:
        assert problems.errors
        return
    for value in (plan.title, plan.summary, plan.body, *(c.raw for c in plan.citations)):
        assert not FORBIDDEN.search(value), ascii(value)
    assert plan.title.strip()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in ("href", "src", "action", "formaction")]


def published_texts(site: Path) -> list[Path]:
    """The files a plan's text reaches: its pages, the feeds, calendars and JSON."""
    keep = (".html", ".xml", ".json", ".ics", ".txt")
    return [
        p
        for p in site.rglob("*")
        if p.is_file() and p.suffix in keep and "assets" not in p.parts and "pagefind" not in str(p)
    ]


@pytest.fixture(scope="module")
def project_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    return root


@settings(
    max_examples=16,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    title=BUILD_TEXT,
    summary=BUILD_TEXT,
    number=st.one_of(st.sampled_from(["", "08-NQ/TU"]), st.just(""), TEXT),
    body=BUILD_TEXT,
)
def test_check_and_build_agree_and_publish_nothing_forbidden(
    project_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    title: str,
    summary: str,
    number: str,
    body: str,
) -> None:
    work = tmp_path_factory.mktemp("p")
    project = work / "project"
    shutil.copytree(project_template, project)
    plans = project / "plans" / "2022"
    plans.mkdir(parents=True)
    # A valid neighbour, so the site always has a plan and the random one is the only change.
    (plans / "ke-hoach-mau.md").write_text(
        plan_file("Kế hoạch mẫu", "Tóm tắt", "", "Nội dung."), encoding="utf-8"
    )
    (plans / "ke-hoach.md").write_text(plan_file(title, summary, number, body), encoding="utf-8")
    monkeypatch.chdir(project)
    status = cli_main(["check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    site = work / "site"
    ok, messages = build_outcome(project / "mkdocs.yml", site)
    assert "Traceback" not in "\n".join(messages)
    assert ok == (status == 0), (err, messages)
    event("published" if ok else "refused")
    if not ok:
        return
    for path in published_texts(site):
        text = path.read_text(encoding="utf-8", errors="replace")
        bad = FORBIDDEN.search(text)
        assert bad is None, (path, ascii(text[max(0, bad.start() - 40) : bad.end() + 40]))
        # NFC as written; JSON's escape of a line break ("\\n") before a lone combining mark
        # would compose with the "n", so line breaks are read back first.
        assert unicodedata.is_normalized("NFC", text.replace("\\n", "\n")), path
        if path.suffix == ".html":
            parser = _Links()
            parser.feed(text)
            for url in parser.urls:
                assert not SCRIPT_SCHEMES.match(url), (path, url)


def test_removing_an_invisible_character_keeps_the_text_nfc() -> None:
    """A zero-width space between a letter and a combining mark kept them apart: once it is
    removed they compose, and the text read is NFC again (found by the build test above)."""
    problems = Problems()
    plan = read_plan_text(
        plan_file("Kế hoạch", "Tóm tắt", "", "Chữ К\u200b\u200b\u0301."), "plans/x.md", problems
    )
    assert plan is not None and "\u200b" not in plan.body
    assert unicodedata.is_normalized("NFC", plan.body) and "\u040c" in plan.body
