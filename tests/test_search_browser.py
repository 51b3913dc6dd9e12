"""Search in Debian's chromium: the search page tim-kiem/?q=… and the header box.

The first result of every query is checked: every spelling of every document number the four
seeds cite (the directive's page comes first; a number naming two documents lists both), and
Vietnamese words typed with and without tone marks. A small site made for the purpose checks
the ranking rules: exact tones first, syllables standing together above syllables apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from conftest import ROOT, build_site, serve_site
from plansite.core.lookup import query_key
from plansite.core.text import fold
from plansite.intake.plans import load_catalog
from plansite.site.search import FOLDED_MARK, shard_of

pytestmark = pytest.mark.browser

PLAN_HT = "ke-hoach/hoc-tap-nghi-quyet-dai-hoi-xix-tinh-ha-tinh/"
PLAN_TV = "ke-hoach/trien-khai-nghi-quyet-nam-2022-tra-vinh/"
PLAN_KA = "ke-hoach/thuc-hien-ket-luan-01-va-21-ky-anh/"
PLAN_PL = "ke-hoach/quan-triet-chuong-trinh-33-ctr-tu-phuoc-long/"

#: Words residents type, with and without tone marks, and the page that must come first.
WORDS = [
    ("quán triệt", PLAN_PL),  # in its title, and said most often in its summary
    ("quan triet", PLAN_PL),
    ("Phước Long", PLAN_PL),
    ("phuoc long", PLAN_PL),
    ("Hà Tĩnh", PLAN_HT),
    ("hà tính", (PLAN_HT, PLAN_KA)),  # both in Hà Tĩnh; neither has these tones
    ("ha tinh", PLAN_HT),
    ("Trà Vinh", PLAN_TV),
    ("tra vinh", PLAN_TV),
    ("Kỳ Anh", PLAN_KA),
    ("ky anh", PLAN_KA),
    ("chỉnh đốn Đảng", PLAN_KA),
    ("chinh don dang", PLAN_KA),
    ("tự diễn biến, tự chuyển hóa", PLAN_KA),
    ("Lê Anh Trường", PLAN_KA),
    ("dai hoi dai bieu dang bo tinh lan thu XIX", PLAN_HT),
    ("hội nghị cán bộ chủ chốt toàn tỉnh", PLAN_HT),  # in the plan's milestones
    ("nghị quyết năm 2022 của tỉnh ủy", PLAN_TV),
    ("đổi mới phương thức lãnh đạo", PLAN_PL),  # the subject of 28-NQ/TW, which PL carries out
    ("doi moi phuong thuc lanh dao", PLAN_PL),
    ("Sức sống Phước Long", PLAN_PL),  # only in the plan's body: from the full-text index
    ("suc song", PLAN_PL),
]


def _spellings(canonical: str, serial: int, type_code: str, issuer: str, kind: str) -> list[str]:
    """How residents write a party document number: 21-KL/TW, 21 KL/TW, 21-kl/tw, KL 21,
    21/KL-TW, kết luận 21, ket luan so 21, 21 - KL/TW, QDi 05, qđi 05 thu."""
    s = f"{serial:02d}"
    out = [
        canonical,
        f"{s} {type_code}/{issuer}",
        canonical.lower(),
        f"{type_code} {serial}",
        f"{serial}/{type_code}-{issuer}",
        f"{s} - {type_code}/{issuer}",
        f"{type_code.replace('Đ', 'D')} {s}",
        f"{type_code.lower()} {s} {issuer.lower()}",
    ]
    if kind:
        out += [f"{kind.lower()} {serial}", f"{fold(kind)} so {serial}"]
    return list(dict.fromkeys(out))


def _number_cases() -> list[tuple[str, str]]:
    catalog = load_catalog(ROOT / "plans", ROOT)
    cases = []
    for d in catalog.directives:
        n = d.number
        if n is None or n.form != "party":
            continue
        for spelling in _spellings(n.canonical, n.serial, n.type_code, n.issuer_code, d.kind):
            cases.append((spelling, d.slug))
    return cases


NUMBERS = _number_cases()


@pytest.fixture(scope="module")
def lookup(sample_site: Path) -> dict[str, list[str]]:
    """The site's table of number spellings (key → directive pages), as the home page uses it."""
    data = json.loads((sample_site / "van-ban" / "tra-cuu.json").read_text(encoding="utf-8"))
    keys: dict[str, list[str]] = data["keys"]
    return keys


def _wait_page_results(page: Any) -> None:
    page.wait_for_function(
        "() => { const s = document.getElementById('search-status').textContent;"
        " return s && !s.startsWith('Đang'); }"
    )


def page_results(page: Any, site: str, query: str) -> list[str]:
    """The result links of tim-kiem/?q=<query>, best first, as paths from the site root."""
    page.goto(f"{site}tim-kiem/?q={quote(query)}")
    _wait_page_results(page)
    return [
        a.evaluate("a => a.href").removeprefix(site)
        for a in page.locator("#search-results a").all()
    ]


def form_results(page: Any, site: str, query: str) -> list[str]:
    """The result links after typing <query> into the search page's own box (no reload)."""
    if not page.url.startswith(f"{site}tim-kiem/"):
        page.goto(f"{site}tim-kiem/")
    page.fill("#plansite-q", query)
    page.press("#plansite-q", "Enter")
    _wait_page_results(page)
    return [
        href.removeprefix(site)
        for href in page.locator("#search-results a").evaluate_all("l => l.map(a => a.href)")
    ]


def box_results(page: Any, site: str, query: str, start: str = "gioi-thieu/") -> list[str]:
    """The result links of the header search box, typed on another page (without the last
    link, "Xem tất cả kết quả", which opens the search page)."""
    page.goto(f"{site}{start}")
    page.fill(".md-search__input", query)
    page.locator("#plansite-search-header-results .plansite-box-all").wait_for()
    links = page.locator("#plansite-search-header-results > li:not(.plansite-box-all) a")
    return [href.removeprefix(site) for href in links.evaluate_all("l => l.map(a => a.href)")]


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def test_every_seed_number_has_many_spellings() -> None:
    assert len({slug for _, slug in NUMBERS}) >= 20
    assert len(NUMBERS) >= 180


@pytest.mark.parametrize(("spelling", "slug"), NUMBERS, ids=[s for s, _ in NUMBERS])
def test_any_spelling_of_a_number_puts_its_directive_first(
    page: Any, site_server: str, lookup: dict[str, list[str]], spelling: str, slug: str
) -> None:
    expected = lookup.get(query_key(spelling))
    assert expected, f"'{spelling}' is not in the lookup table"
    assert f"van-ban/{slug}/" in expected
    results = form_results(page, site_server, spelling)
    # Every document the number names, in the table's order, before any full-text result.
    assert results[: len(expected)] == expected, (spelling, results[:5])


#: The spellings of issue 6, through a shared link tim-kiem/?q=….
ISSUE_SPELLINGS = [
    ("21-KL/TW", "21-kl-tw"),
    ("21 KL/TW", "21-kl-tw"),
    ("21-kl/tw", "21-kl-tw"),
    ("KL 21", "21-kl-tw"),
    ("21/KL-TW", "21-kl-tw"),
    ("kết luận 21", "21-kl-tw"),
    ("ket luan so 21", "21-kl-tw"),
    ("01 - KL/TW", "01-kl-tw"),
    ("QDi 05", "05-qdi-thu"),
    ("qđi 05 thu", "05-qdi-thu"),
]


@pytest.mark.parametrize(("spelling", "slug"), ISSUE_SPELLINGS, ids=[s for s, _ in ISSUE_SPELLINGS])
def test_shared_link_puts_the_directive_first(
    page: Any, site_server: str, spelling: str, slug: str
) -> None:
    results = page_results(page, site_server, spelling)
    assert results[0] == f"van-ban/{slug}/", (spelling, results[:5])
    assert page.locator("#plansite-q").input_value() == spelling


def test_a_number_naming_two_documents_lists_both(page: Any, site_server: str) -> None:
    results = page_results(page, site_server, "nghị quyết 28")
    assert sorted(results[:2]) == ["van-ban/28-nq-tu/", "van-ban/28-nq-tw/"]
    assert page.locator("#search-results .plansite-hit__badge").count() == 2


def test_number_results_show_number_and_date(page: Any, site_server: str) -> None:
    page_results(page, site_server, "ket luan so 21")
    first = page.locator("#search-results a").first.inner_text()
    assert "Kết luận 21-KL/TW" in first
    assert "Số 21-KL/TW" in first and "25/10/2021" in first


@pytest.mark.parametrize(("query", "expected"), WORDS, ids=[q for q, _ in WORDS])
def test_words_with_or_without_tones_find_the_plan(
    page: Any, site_server: str, query: str, expected: str | tuple[str, ...]
) -> None:
    results = page_results(page, site_server, query)
    firsts = expected if isinstance(expected, tuple) else (expected,)
    assert results and results[0] in firsts, (query, results[:5])


BOX = [
    ("21-KL/TW", ["van-ban/21-kl-tw/"]),
    ("kết luận 21", ["van-ban/21-kl-tw/"]),
    ("01 - KL/TW", ["van-ban/01-kl-tw/"]),
    ("QDi 05", ["van-ban/05-qdi-thu/"]),
    ("qđi 05 thu", ["van-ban/05-qdi-thu/"]),
    ("nghị quyết 28", ["van-ban/28-nq-tu/", "van-ban/28-nq-tw/"]),
    ("quan triet", [PLAN_PL]),
    ("Hà Tĩnh", [PLAN_HT]),
    ("ha tinh", [PLAN_HT]),
    ("tra vinh", [PLAN_TV]),
    ("phước long", [PLAN_PL]),
    ("chinh don dang", [PLAN_KA]),
]


@pytest.mark.parametrize(("query", "expected"), BOX, ids=[q for q, _ in BOX])
def test_header_box_puts_the_same_page_first_and_requests_stay_on_the_site(
    browser: Any, site_server: str, query: str, expected: list[str]
) -> None:
    tab = browser.new_page()
    tab.goto(f"{site_server}gioi-thieu/")
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.fill(".md-search__input", query)
    tab.locator("#plansite-search-header-results .plansite-box-all").wait_for()
    links = tab.locator("#plansite-search-header-results a").evaluate_all("l => l.map(a => a.href)")
    results = [href.removeprefix(site_server) for href in links]
    assert sorted(results[: len(expected)]) == sorted(expected), (query, results[:5])
    assert results[-1] == f"tim-kiem/?q={quote(query, safe='')}"  # "Xem tất cả kết quả"
    assert requests and all(url.startswith(site_server) for url in requests), requests
    tab.close()


def test_search_page_requests_stay_on_the_site(browser: Any, site_server: str) -> None:
    tab = browser.new_page()
    tab.goto(f"{site_server}tim-kiem/")
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.fill("#plansite-q", "kết luận 21")
    tab.press("#plansite-q", "Enter")
    _wait_page_results(tab)
    tab.locator("details.plansite-search__filters summary").click()
    tab.locator("select[name=cap] option:nth-child(2)").wait_for(state="attached")
    assert tab.url.endswith("tim-kiem/?q=k%E1%BA%BFt+lu%E1%BA%ADn+21")  # shareable link
    assert any("/pagefind/" in url for url in requests)
    assert any("/tim-kiem/so-hieu/21.json" in url for url in requests)
    assert all(url.startswith(site_server) for url in requests), requests
    tab.close()


def test_filters_narrow_the_results(page: Any, site_server: str) -> None:
    page.goto(f"{site_server}tim-kiem/?q=quan+triet&cap={quote('Xã')}")
    _wait_page_results(page)
    results = [
        a.evaluate("a => a.href").removeprefix(site_server)
        for a in page.locator("#search-results a").all()
    ]
    assert results == [PLAN_KA]
    assert page.locator("select[name=cap]").input_value() == "Xã"
    options = page.locator("select[name=loai] option").all_inner_texts()
    assert any(o.startswith("Kết luận (") for o in options), options


def test_keyboard_shortcut_opens_the_header_box(page: Any, site_server: str) -> None:
    page.goto(f"{site_server}gioi-thieu/")
    for key in ("/", "s"):
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press("Escape")
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


def test_without_scripts_the_page_says_so_and_points_to_the_index(
    browser: Any, site_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_server}tim-kiem/?q=quan+triet")
    text = tab.locator("article").inner_text()
    assert "Tìm kiếm cần JavaScript" in text
    link = tab.get_by_role("link", name="danh mục văn bản")
    assert link.evaluate("a => a.href") == f"{site_server}van-ban/"
    context.close()


def test_results_show_the_text_as_written(page: Any, site_server: str) -> None:
    # The signer ends the plan's summary: an excerpt around it reaches the folded words
    # written after the text for Pagefind, which are not shown.
    assert page_results(page, site_server, "Lê Anh Trường")[0] == PLAN_KA
    first = page.locator("#search-results li").first
    excerpt = first.locator(".plansite-hit__excerpt").inner_text()
    assert "Lê Anh Trường" in excerpt
    assert FOLDED_MARK not in excerpt and " · " not in excerpt.split("Lê Anh Trường")[1]
    page_results(page, site_server, "chinh don dang")
    shown = " ".join(page.locator("#search-results li").all_inner_texts())
    assert "Đảng" in shown and "\u010e" not in shown and "\u010f" not in shown
    assert FOLDED_MARK not in shown


def test_an_excerpt_shows_where_the_words_stand_together(page: Any, site_server: str) -> None:
    # Pagefind's own excerpt of this plan goes to a heading, "QUÁN TRIỆT, TRIỂN KHAI", whose
    # words only start like "trị"; the phrase is further on in the plan's body.
    assert page_results(page, site_server, "đợt sinh hoạt chính trị sâu rộng")[0] == PLAN_PL
    html = page.locator("#search-results .plansite-hit__excerpt").first.inner_html()
    marked = "</mark> <mark>".join(["đợt", "sinh", "hoạt", "chính", "trị", "sâu", "rộng"])
    assert f"<mark>{marked}</mark>" in html, html
    assert "của Tỉnh ủy là <mark>" in html  # with the words around it


def test_header_box_and_lookup_share_one_query_key(page: Any, site_server: str) -> None:
    page.goto(f"{site_server}gioi-thieu/")  # not the home page: the header box loads it
    page.wait_for_function("() => window.plansiteQueryKey && window.plansiteSearch")
    for spelling, _ in NUMBERS[:60]:
        assert page.evaluate("t => window.plansiteQueryKey(t)", spelling) == query_key(spelling)
        key = query_key(spelling)
        assert page.evaluate("k => window.plansiteSearch.shardOf(k)", key) == shard_of(key)
    assert page.evaluate("() => window.plansiteSearch.shardOf('')") is None


# -- ranking rules, on a small site made for them ------------------------------------------

RANKING_PLANS = {
    # "Hà Tĩnh" once, syllables together, tones as typed.
    "mot": "Đoàn công tác của tỉnh làm việc tại Hà Tĩnh trong tháng Ba.",
    # "hà tính": together, other tones.
    "hai": "Mực nước sông Hà, tính đến cuối năm, vẫn ổn định; bờ sông được gia cố.",
    # "hà" and "tĩnh" often, with the tones typed, never together.
    "ba": (
        "Đoàn về Hà Giang, Hà Nam, Hà Nội và Hà Nam Ninh; không khí yên tĩnh, tĩnh lặng. "
        "Hà Giang yên tĩnh, Hà Nam tĩnh mịch, Hà Nội tĩnh tại."
    ),
    # "Trà Vinh" once, together.
    "bon": "Hội nghị tổ chức tại tỉnh Trà Vinh.",
    # "trà" and "Vinh" often, apart.
    "nam": "Uống trà, trà xanh, trà sen; đồng chí Vinh, đồng chí Vinh và anh Vinh dự họp.",
}


@pytest.fixture(scope="module")
def ranking_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of five short plans, each with one way of holding two syllables, served."""
    root = tmp_path_factory.mktemp("ranking")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Thử xếp hạng\n", encoding="utf-8")
    (root / "plans").mkdir()
    for i, (slug, text) in enumerate(RANKING_PLANS.items(), start=1):
        (root / "plans" / f"{slug}.md").write_text(
            f'---\ntitle: "Kế hoạch thử số {i}"\npublished: 2024-01-0{i}\n---\n\n{text}\n',
            encoding="utf-8",
        )
    (root / "mkdocs.yml").write_text(
        "site_name: Thử xếp hạng\nsite_url: https://example.test/\n"
        "theme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins:\n  - plansite\n",
        encoding="utf-8",
    )
    site = root / "site"
    warnings = build_site(root / "mkdocs.yml", site)
    assert warnings == []
    with serve_site(site) as base:
        yield base


def _plans(results: list[str], *among: str) -> list[str]:
    """The plans of the ranking site in ``results``, in order (only ``among``, if given:
    Pagefind also matches a syllable as the start of a longer one, "ha" in "hành")."""
    plans = [r.removeprefix("ke-hoach/").strip("/") for r in results if r.startswith("ke-hoach/")]
    return [p for p in plans if not among or p in among]


def test_exact_tones_rank_first(page: Any, ranking_site: str) -> None:
    three = ("mot", "hai", "ba")
    assert _plans(page_results(page, ranking_site, "Hà Tĩnh"), *three) == ["mot", "hai", "ba"]
    assert _plans(page_results(page, ranking_site, "hà tính"), *three) == ["hai", "mot", "ba"]


def test_syllables_together_rank_above_syllables_apart(page: Any, ranking_site: str) -> None:
    three = ("mot", "hai", "ba")
    assert _plans(page_results(page, ranking_site, "ha tinh"), *three)[2:] == ["ba"]
    assert _plans(page_results(page, ranking_site, "Trà Vinh"), "bon", "nam") == ["bon", "nam"]
    assert _plans(page_results(page, ranking_site, "tra vinh"), "bon", "nam") == ["bon", "nam"]
    box = box_results(page, ranking_site, "trà vinh", start="")
    assert _plans(box, "bon", "nam") == ["bon", "nam"]
