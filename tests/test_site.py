"""The sample site, built for real into a temporary folder: pages, links and failures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project, fetch, free_port

SEED_004 = "ke-hoach/thuc-hien-ket-luan-01-va-21-ky-anh"
SEED_003 = "ke-hoach/quan-triet-chuong-trinh-33-ctr-tu-phuoc-long"
PLANS = [
    "ke-hoach/hoc-tap-nghi-quyet-dai-hoi-xix-tinh-ha-tinh",
    "ke-hoach/trien-khai-nghi-quyet-nam-2022-tra-vinh",
    SEED_004,
    SEED_003,
]
DIRECTIVES = [
    "08-NQ/TU",
    "34-HD/BTGTU",
    "193-BC/TU",
    "28-NQ/TW",
    "33-CTr/TU",
    "01-KL/TW",
    "21-KL/TW",
    "29-KL/TU",
    "05-QĐi/ThU",
    "37-QĐ/TW",
    "22-QĐ/TW",
    "890-QĐi/TU",
]


class Links(HTMLParser):
    """Collects the links of a page as (href, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def links(site: Path, url: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(page(site, url))
    return parser.links


def resolve(url: str, href: str) -> str:
    """Site-root path of a relative link found on the page at ``url``."""
    parts = url.strip("/").split("/")
    for piece in href.split("#")[0].split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts) + "/"


def test_every_sample_plan_has_a_page_with_its_title_and_card(sample_site: Path) -> None:
    for url in PLANS:
        html = page(sample_site, url)
        assert '<dl class="plansite-card">' in html
        assert "Văn bản đăng không ghi số hiệu" in html  # never invented
    assert '<h1>Thực hiện Kết luận số <a class="plansite-number"' in page(sample_site, SEED_004)


@pytest.mark.parametrize("number", DIRECTIVES)
def test_every_directive_of_the_seeds_has_a_page(sample_site: Path, number: str) -> None:
    from plansite.core.numbers import parse_number

    parsed = parse_number(number)
    assert parsed is not None
    html = page(sample_site, f"van-ban/{parsed.slug}")
    assert f"{number}</h1>" in html


def test_directive_page_links_to_the_plan_implementing_it(sample_site: Path) -> None:
    url = "van-ban/21-kl-tw"
    targets = [resolve(url, href) for href, _ in links(sample_site, url)]
    assert f"{SEED_004}/" in targets
    html = page(sample_site, url)
    assert "Kế hoạch thực hiện (1)" in html
    assert "25/10/2021" in html and "Ban Chấp hành Trung ương" in html


def test_messy_number_in_plan_text_links_to_its_directive(sample_site: Path) -> None:
    found = {(resolve(SEED_004, href), text) for href, text in links(sample_site, SEED_004)}
    assert ("van-ban/01-kl-tw/", "01 - KL/TW") in found
    assert ("van-ban/01-kl-tw/", "01- KL/TW") in found
    assert ("van-ban/05-qdi-thu/", "05-Qđi/ThU") in found


def test_typo_in_seed_003_links_to_the_number_it_means(sample_site: Path) -> None:
    found = {(resolve(SEED_003, href), text) for href, text in links(sample_site, SEED_003)}
    assert ("van-ban/28-nq-tw/", "28-NQ/W") in found
    assert not (sample_site / "van-ban" / "28-nq-w").exists()


def test_generated_links_all_resolve_to_pages(sample_site: Path) -> None:
    for html_file in sample_site.rglob("index.html"):
        url = html_file.parent.relative_to(sample_site).as_posix()
        url = "" if url == "." else url
        for href, _ in links(sample_site, url):
            if re.match(r"^[a-z]+:|^#|^/", href) or not href.endswith("/"):
                continue
            target = resolve(url, href).strip("/")
            assert (sample_site / target / "index.html").exists(), (url, href)


def test_indexes_list_every_plan_and_every_directive(sample_site: Path) -> None:
    plans = page(sample_site, "ke-hoach")
    assert all(f"{url.split('/')[1]}/" in plans for url in PLANS)
    directives = page(sample_site, "van-ban")
    assert "Kết luận (3)" in directives  # 01-KL/TW, 21-KL/TW, 29-KL/TU
    assert "Quy định" in directives and "Trung ương" in directives
    home = page(sample_site, "")
    assert "Tra cứu theo số hiệu văn bản" in home
    assert all(f"{url}/" in home for url in PLANS)


def test_lookup_table_finds_each_directive_by_many_spellings(sample_site: Path) -> None:
    from plansite.core.lookup import query_key

    table = json.loads((sample_site / "van-ban" / "tra-cuu.json").read_text(encoding="utf-8"))
    for query, url in [
        ("21-KL/TW", "van-ban/21-kl-tw/"),
        ("kết luận 21", "van-ban/21-kl-tw/"),
        ("ket luan so 21", "van-ban/21-kl-tw/"),
        ("KL 21", "van-ban/21-kl-tw/"),
        ("21/KL-TW", "van-ban/21-kl-tw/"),
        ("01 - KL/TW", "van-ban/01-kl-tw/"),
        ("QDi 05", "van-ban/05-qdi-thu/"),
        ("qđi 05 thu", "van-ban/05-qdi-thu/"),
    ]:
        assert url in table["keys"][query_key(query)], query


def test_nothing_is_written_into_docs(sample_site: Path) -> None:
    tracked = subprocess.run(
        ["git", "status", "--porcelain", "docs"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert not (ROOT / "docs" / "ke-hoach").exists() and not (ROOT / "docs" / "van-ban").exists()
    assert "??" not in tracked


def test_strict_build_fails_on_a_broken_plan_naming_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / "plans" / "2022" / "hong.md").write_text(
        "---\ntitle: Kế hoạch\npublished: 31/02/2022\n---\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "plans/2022/hong.md:3: lỗi: `published`: ngày '31/02/2022' không tồn tại" in (
        result.stderr + result.stdout
    )
    assert "Traceback" not in result.stderr


def test_strict_build_publishes_despite_a_plan_warning(tmp_path: Path) -> None:
    """One meaning of a warning: shown, never stopping publishing, even in strict mode."""
    project = copy_project(tmp_path / "p")
    (project / "plans" / "2022" / "canh-bao.md").write_text(
        "---\ntitle: Kế hoạch\npublished: 2022-01-01\ntieude: x\n---\n", encoding="utf-8"
    )
    warnings = build_site(project / "mkdocs.yml", tmp_path / "out")
    assert [w for w in warnings if "plans/2022/canh-bao.md:4: cảnh báo" in w], warnings
    assert (tmp_path / "out" / "ke-hoach" / "canh-bao" / "index.html").is_file()


def test_serve_reloads_when_a_plan_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{SEED_003}/"
    try:
        deadline = time.monotonic() + 60
        while "Phước Long" not in fetch(url) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Phước Long" in fetch(url)
        plan = project / "plans" / "2023" / "quan-triet-chuong-trinh-33-ctr-tu-phuoc-long.md"
        plan.write_text(
            plan.read_text(encoding="utf-8").replace(
                'locality: "Phước Long"', 'locality: "Thị xã Phước Long đã sửa"'
            ),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 60
        while "Phước Long đã sửa" not in fetch(url) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Phước Long đã sửa" in fetch(url)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_directive_kind_follows_the_word_the_text_uses(sample_site: Path) -> None:
    # "Quy định số 37-QĐ/TW": the code QĐ also means Quyết định; the text says which.
    assert "Quy định 37-QĐ/TW</h1>" in page(sample_site, "van-ban/37-qd-tw")
    assert "Chương trình hành động 33-CTr/TU</h1>" in page(sample_site, "van-ban/33-ctr-tu")


def test_a_directive_only_cited_gets_its_date_from_the_citation_sentence(sample_site: Path) -> None:
    # "Báo cáo số 193-BC/TU, ngày 18/01/2022 của Tỉnh ủy về kết quả thực hiện…" (seed 000)
    html = page(sample_site, "van-ban/193-bc-tu")
    assert "18/01/2022" in html and "kết quả thực hiện nhiệm vụ phát triển kinh tế" in html


def test_plans_without_a_date_of_issue_are_not_filed_under_a_year_of_issue(
    sample_site: Path,
) -> None:
    html = page(sample_site, "ke-hoach")
    assert "Đăng năm 2026, văn bản không ghi ngày ban hành (4)" in html
    assert "Ban hành năm" not in html  # no sample plan states its date of issue


def test_interface_has_no_english_generator_notice(sample_site: Path) -> None:
    assert "Made with" not in page(sample_site, "")
