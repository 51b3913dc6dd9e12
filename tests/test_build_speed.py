"""What the build does to be fast gives the same results as the plain way (issue 8).

The shortcuts: ``fold`` by a table, ICS lines folded on bytes, front matter read by libyaml
when it has no problem; the catalogue compares a directive's facts by distinct value instead of with
every earlier fact, reads only the citations of a plan's text, and keeps readings between the
rebuilds of ``mkdocs serve``. Timings are in ``tests/benchmarks/bench_build.py``, not here.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plansite.core import frontmatter
from plansite.core.catalog import Directive, ReadCache
from plansite.core.plan import Plan, read_plan_text
from plansite.core.problems import Problems
from plansite.core.text import decode, fold
from plansite.extract import cited_documents, extract
from plansite.formats.ics import fold_line
from plansite.intake.plans import build_catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 generated plans (tests/benchmarks/corpus.py): shared directives, chains of plans."""
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    generator = importlib.import_module("corpus")
    return Path(generator.make_project(150, tmp_path_factory.mktemp("corpus")))


def _facts(directives: list[Directive]) -> list[tuple[str, list[tuple[str, str, str, int]]]]:
    return [
        (d.slug, [(name, f.value, f.source, f.line) for name, fs in d.facts.items() for f in fs])
        for d in directives
    ]


def test_cited_documents_are_the_citations_extract_finds() -> None:
    texts = [decode(p.read_bytes())[0] for p in sorted(FIXTURES.glob("*/*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "plans").rglob("*.md"))]
    assert texts
    for text in texts:
        assert cited_documents(text) == extract(text).citations


def test_a_catalogue_read_through_the_cache_is_the_same_and_rereads_only_an_edit(
    corpus: Path,
) -> None:
    plain = load_catalog(corpus / "plans", corpus)
    cache = ReadCache()
    first = load_catalog(corpus / "plans", corpus, cache=cache)
    again = load_catalog(corpus / "plans", corpus, cache=cache)
    assert [p.source for p in first.plans] == [p.source for p in plain.plans]
    assert _facts(first.directives) == _facts(plain.directives)
    assert all(a is b for a, b in zip(first.plans, again.plans, strict=True))  # not re-read
    assert _facts(again.directives) == _facts(plain.directives)

    edited = sorted((corpus / "plans").rglob("*.md"))[3]
    original = edited.read_text(encoding="utf-8")
    try:
        edited.write_text(original.replace('title: "', 'title: "Sửa ', 1), encoding="utf-8")
        after = load_catalog(corpus / "plans", corpus, cache=cache)
        source = edited.relative_to(corpus).as_posix()
        changed = [p for p in after.plans if p.source == source]
        assert changed and changed[0].title.startswith("Sửa ")
        kept = [p for p in after.plans if p.source != source]
        assert all(any(p is q for q in again.plans) for p in kept)
        fresh = load_catalog(corpus / "plans", corpus)
        assert _facts(after.directives) == _facts(fresh.directives)
    finally:
        edited.write_text(original, encoding="utf-8")


def test_conflicting_facts_warn_against_the_first_other_file_that_differs() -> None:
    problems = Problems()

    def plan(source: str, issued: str, issuer: str) -> Plan | None:
        text = (
            f'---\ntitle: "Kế hoạch {source}"\npublished: 2023-03-01\nimplements:\n'
            f'  - number: 21-KL/TW\n    issued: {issued}\n    issuer: "{issuer}"\n---\nNội dung.\n'
        )
        return read_plan_text(text, f"plans/{source}.md", problems)

    plans = [
        plan("a", "25/10/2021", "Ban Chấp hành Trung ương"),
        plan("b", "25/10/2021", "Ban Chấp hành Trung ương khóa XIII"),  # the same, longer
        plan("c", "26/10/2021", "Bộ Chính trị"),
        plan("d", "26/10/2021", "Bộ Chính trị"),
    ]
    build_catalog([p for p in plans if p is not None], problems)
    lines = [str(p) for p in problems.items]
    assert len(lines) == 4, lines
    assert (
        lines[0].startswith("plans/c.md") and "plans/a.md" in lines[0] and "26/10/2021" in lines[0]
    )
    assert (
        lines[1].startswith("plans/c.md")
        and "plans/a.md" in lines[1]
        and "Bộ Chính trị" in lines[1]
    )
    assert lines[2].startswith("plans/d.md") and "plans/a.md" in lines[2]
    assert lines[3].startswith("plans/d.md") and "plans/a.md" in lines[3]


# --- shortcuts of the text functions: the same result as the definition ----------------------


def _fold_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@settings(max_examples=2000, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(codec="utf-8"),
            st.characters(min_codepoint=0xC0, max_codepoint=0x1EF9),  # Latin with marks
            st.characters(min_codepoint=0x300, max_codepoint=0x36F),  # combining marks
            st.sampled_from("ΣσςİıẞĐđ“”–"),
        )
    )
)
def test_fold_by_table_is_fold_by_definition(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


def test_fold_of_vietnamese_words() -> None:
    assert (
        fold("Ban Thường vụ Đảng ủy HÀ TĨNH “quán triệt”")
        == "ban thuong vu dang uy ha tinh “quan triet”"
    )
    assert fold("ΟΔΟΣ Σ") == _fold_by_definition("ΟΔΟΣ Σ")  # final sigma, by its context


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=400))
def test_ics_folding_is_the_greedy_fold_at_75_octets(line: str) -> None:
    expected: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            expected.append(current)
            current, size, limit = "", 0, 74
        current += ch
        size += width
    expected.append(current)
    assert fold_line(line) == "\r\n ".join(expected)


def test_front_matter_read_by_libyaml_is_what_the_checked_reader_reads(corpus: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((corpus / "plans").rglob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "plans").rglob("*.md"))]
    fast = 0
    for text in texts:
        lines = text.split("\n")
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
        front = "\n".join(lines[1:close])
        read = frontmatter._fast_meta(front, "x.md")
        fast += read is not None
        assert read == frontmatter._checked_meta(front, "x.md", Problems())
    assert fast == len(texts)  # every plan of the corpus went the fast way
