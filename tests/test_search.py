"""The search data the build writes: what Pagefind reads of a page, the number shards, and the
index in the built sample site. The search itself is tested in test_search_browser.py."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from conftest import ROOT
from plansite.core.lookup import lookup_table
from plansite.core.plan import Plan
from plansite.core.urls import directive_url, plan_url
from plansite.intake.plans import load_catalog
from plansite.site.search import (
    FOLDED_MARK,
    INDEX_LETTERS,
    SearchIndexer,
    index_html,
    indexed,
    number_files,
    search_attributes,
    shard_of,
    summary_html,
)

PAGE = """<html><body><nav>Đảng ủy</nav><div class="md-content">
<article class="plansite-plan" data-pagefind-body data-pagefind-filter="co-quan[data-co-quan]"
 data-co-quan="Đảng ủy xã"><h1>Kế hoạch của Đảng ủy</h1><dl><dt>Cấp</dt><dd>Xã</dd></dl>
<p>Thêm vào lịch</p>
<section data-pagefind-ignore data-plansite-full-text><h2>I. MỤC ĐÍCH</h2>
<article class="inner"><p>đ</p></article><p>Hết</p></section>
<p>Theo dõi</p></article>
<footer>Chân trang</footer></div></body></html>"""


def test_the_full_text_is_the_title_and_the_body_of_the_built_page() -> None:
    text = index_html(PAGE)
    assert text is not None
    assert "<nav>" not in text and "Chân trang" not in text  # only the article
    assert "Cấp" not in text and "lịch" not in text and "Theo dõi" not in text  # nor its blocks
    assert '<h1 data-pagefind-weight="0">Kế hoạch của \u010eảng ủy' in text  # names the result
    assert "I. MỤC \u010eÍCH" in text
    assert "data-pagefind-ignore" not in text  # the body is indexed here
    assert text.count("</article>") == 2  # the nested article does not end the body


def test_d_with_stroke_is_written_so_that_pagefind_folds_it_in_text_only() -> None:
    text = index_html(PAGE) or ""
    assert 'data-co-quan="Đảng ủy xã"' in text  # filter values stay as written
    assert "đ" not in re.sub(r"<[^>]*>", "", text).lower()


def test_block_elements_are_separated_by_a_space() -> None:
    text = index_html(PAGE) or ""
    assert "</article> <p>Hết" in text


def test_an_indexed_text_ends_with_its_folded_words_apart_and_weightless() -> None:
    text = index_html(PAGE) or ""
    tail = re.search(r'<p data-pagefind-weight="0">([^<]*)</p></article></body>', text)
    assert tail is not None  # the last thing in the document, weighing nothing in the ranking
    assert text.index("Hết") < tail.start()  # after the text: its word positions stay
    mark, words = tail.group(1).split(" ", 1)
    assert mark == FOLDED_MARK
    # Each word with marks, folded, once, in order; "I" has none and is not repeated. Each
    # word stands apart from the next, so that no phrase is found there.
    assert words.split(" \u00b7 ") == [
        "cua",
        "d",
        "dang",
        "dich",
        "het",
        "hoach",
        "ke",
        "muc",
        "uy",
    ]


def test_the_mark_before_the_folded_words_is_not_in_the_text() -> None:
    text = index_html(PAGE.replace("<p>Hết</p>", f"<p>{FOLDED_MARK} Hết</p>")) or ""
    assert text.count(FOLDED_MARK) == 1 and "* Hết" in text  # shown up to the folded words


def test_summary_documents_end_with_their_folded_words_too() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    text = summary_html(catalog.by_slug["21-kl-tw"])
    words = text.split(FOLDED_MARK)[1].split("<")[0].strip().split(" \u00b7 ")
    assert "uong" in words and "chap" in words and "dang" in words  # Trung ương, Chấp, đảng
    assert "trung" not in words  # without marks: not written twice


def test_a_page_without_a_full_text_is_not_in_the_full_text_index() -> None:
    assert index_html("<html><body><article><h1>Giới thiệu</h1></article></body></html>") is None
    assert index_html('<article data-pagefind-filter="a:b"><h1>Văn bản</h1></article>') is None


def shown(text: str) -> str:
    """Indexed text as the search script shows it: up to the folded words, ď back to đ."""
    text = text.split(FOLDED_MARK)[0]
    for letter, written in INDEX_LETTERS.items():
        text = text.replace(written, letter)
    return text


def test_summary_of_a_plan_says_each_thing_once_without_the_template() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    plan = catalog.plan_by_slug["thuc-hien-ket-luan-01-va-21-ky-anh"]
    text = shown(summary_html(plan, catalog.implemented(plan)))
    words = re.sub(r"<[^>]*>", " ", text)
    assert words.count("Thực hiện Kết luận số 01 - KL/TW") == 1  # the title, once
    assert "Ban Thường vụ Đảng ủy (Kỳ Anh)" in words
    assert "Kết luận 21-KL/TW về đẩy mạnh xây dựng, chỉnh đốn Đảng" in words  # carried out
    assert "Quý II/2023 · Sơ kết 03 năm" in words  # a milestone
    assert "Số hiệu" not in words and "Mốc thời gian" not in words  # no labels
    assert text.count("data-pagefind-body") == 1 and 'data-loai="Kế hoạch"' in text


def test_summary_of_a_directive_counts_half() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    text = shown(summary_html(catalog.by_slug["21-kl-tw"]))
    assert "<article data-pagefind-body " in text
    assert '<p data-pagefind-weight="0.5">Ban Chấp hành Trung ương về đẩy mạnh' in text


def test_a_directive_that_is_a_plan_on_the_site_is_found_through_its_plan() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    assert all(indexed(p) for p in catalog.plans)
    directive = catalog.by_slug["21-kl-tw"]
    assert indexed(directive)
    directive.plan = catalog.plans[0]
    assert not indexed(directive)


def test_plan_is_indexed_whole_and_directive_by_its_own_parts() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    plan = catalog.plans[0]
    attrs = str(search_attributes(plan))
    assert attrs.startswith(" data-pagefind-body ")
    assert 'data-loai="Kế hoạch"' in attrs and f'data-nam="{plan.year}"' in attrs
    assert f'data-dia-phuong="{plan.locality}"' in attrs and "co-quan[data-co-quan]" in attrs
    directive = catalog.by_slug["21-kl-tw"]
    attrs = str(search_attributes(directive))
    assert "data-pagefind-body" not in attrs  # its template marks the title and the card
    assert 'data-so-hieu="21-KL/TW"' in attrs and 'data-ngay="ngày 25/10/2021"' in attrs
    assert 'data-cap="Trung ương"' in attrs


def test_attribute_values_are_escaped() -> None:
    plan = Plan(
        source="x.md",
        slug="x",
        title='A "B" <c>',
        published=date(2024, 1, 2),
        body="",
        body_line=1,
        issuer='Ban "Tuyên giáo" <Huyện ủy>',
    )
    attrs = str(search_attributes(plan))
    assert 'data-co-quan="Ban &#34;Tuyên giáo&#34; &lt;Huyện ủy&gt;"' in attrs


def test_shard_is_the_last_two_digits_of_the_key() -> None:
    assert shard_of("ketluan21") == "21"
    assert shard_of("kl5") == "5"
    assert shard_of("422022ndcp") == "22"
    assert shard_of("qdi5thu") == "5"
    assert shard_of("21kltw") == "21"
    assert shard_of("7102") == "2"
    assert shard_of("ketluan") is None


def test_number_shards_hold_the_lookup_table_of_the_home_page() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    numbered = [d for d in catalog.directives if d.number]
    table = lookup_table((d.number, d.kind, directive_url(d)) for d in numbered if d.number)
    shards = {uri: json.loads(text) for uri, text in number_files(catalog).items()}
    for key, urls in table.items():
        shard = shards[f"tim-kiem/so-hieu/{shard_of(key)}.json"]
        assert shard["keys"][key] == urls
        for url in urls:
            assert shard["docs"][url]["title"]
    assert sum(len(s["keys"]) for s in shards.values()) == len(table)
    doc = shards["tim-kiem/so-hieu/21.json"]["docs"]["van-ban/21-kl-tw/"]
    assert doc == {
        "title": "Kết luận 21-KL/TW",
        "so-hieu": "21-KL/TW",
        "ngay": "ngày 25/10/2021",
        "co-quan": "Ban Chấp hành Trung ương",
        "loai": "Kết luận",
    }


def test_the_built_site_has_a_pagefind_index_instead_of_lunr(sample_site: Path) -> None:
    bundle = sample_site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["vi"]
    assert entry["languages"]["vi"]["page_count"] == 26  # 4 plans and 22 directives
    assert not list(bundle.glob("pagefind-ui.*"))  # Pagefind's own UIs are not shipped
    full = sample_site / "pagefind-toan-van"
    assert json.loads((full / "parts.json").read_text(encoding="utf-8")) == ["1/"]
    entry = json.loads((full / "1" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 4  # the plans' full texts
    assert not (sample_site / "search" / "search_index.json").exists()
    assert (sample_site / "tim-kiem" / "so-hieu" / "21.json").is_file()


def test_full_text_parts_start_as_they_fill_and_hold_every_plan(
    sample_site: Path, tmp_path: Path
) -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    indexer = SearchIndexer(part_pages=3)
    try:
        indexer.start(catalog)
        for plan in catalog.plans:
            html = (sample_site / plan_url(plan) / "index.html").read_text(encoding="utf-8")
            assert indexer.add(plan_url(plan), html, plan)
        assert indexer.parts == 2  # three plans, then the last one once its page was built
        stats = indexer.write(tmp_path)
    finally:
        indexer.close()
    assert (stats.pages, stats.full_text_pages, stats.parts) == (26, 4, 2)
    full = tmp_path / "pagefind-toan-van"
    assert json.loads((full / "parts.json").read_text(encoding="utf-8")) == ["1/", "2/"]
    counts = [
        json.loads((full / n / "pagefind-entry.json").read_text("utf-8"))["languages"]["vi"]
        for n in ("1", "2")
    ]
    assert [c["page_count"] for c in counts] == [3, 1]
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert not indexer.spool.exists()  # nothing left behind


def test_search_page_and_header_box_are_on_the_site(sample_site: Path) -> None:
    page = (sample_site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert 'id="search-results"' in page and "<noscript>" in page
    assert 'href="../van-ban/"' in page
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'data-plansite-search="header"' in home and 'action="tim-kiem/"' in home
    assert 'name="search"' not in home  # Material's own search stays off
