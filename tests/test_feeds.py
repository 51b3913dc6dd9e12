"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the sample site, checked against their
specifications; stable GUIDs; escaping; Vietnamese text; byte-identical rebuilds; the pages
that list and announce the feeds."""

from __future__ import annotations

import email.utils
import json
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from conftest import ROOT, build_site, copy_project
from plansite.core import feeds
from plansite.core.catalog import Catalog
from plansite.core.plan import read_plan_text
from plansite.core.problems import Problems
from plansite.formats import feeds as feedwriter
from plansite.intake.plans import load_catalog

SITE_URL = "https://kehoach.example.vn/"
ATOM_RNC = ROOT / "tests" / "fixtures" / "atom.rnc"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
SEED_004_URL = f"{SITE_URL}ke-hoach/thuc-hien-ket-luan-01-va-21-ky-anh/"
FEED_FILES = ("rss.xml", "atom.xml", "feed.json")

# A plan written to break things: markup and quotes in every text field, decomposed (NFD)
# Vietnamese, a relative link and image, a script in the body. Newest of the site.
HOSTILE_TITLE = 'Kế hoạch <script>alert("t")</script> & “ngoặc” \'đơn\' "kép" a < b > c'
HOSTILE_ISSUER = 'Ban Thường vụ <b>Đảng ủy</b> & "X"'
HOSTILE_SUMMARY = "Tóm tắt <script>alert('s')</script> và A & B < C, “tự diễn biến”."
HOSTILE_PLAN = f"""---
title: {json.dumps(unicodedata.normalize("NFD", HOSTILE_TITLE), ensure_ascii=False)}
issuer: {json.dumps(HOSTILE_ISSUER, ensure_ascii=False)}
locality: "Kỳ Anh"
published: 2027-01-05
implements:
  - number: 21-KL/TW
    issued: 25/10/2021
topics:
  - "Chủ đề <i>lạ</i> & \\"khác\\""
summary: {json.dumps(HOSTILE_SUMMARY, ensure_ascii=False)}
---

{unicodedata.normalize("NFD", "Căn cứ Kết luận số 21-KL/TW, Đảng ủy xây dựng kế hoạch.")}

Xem [giới thiệu](../gioi-thieu.md) và [mục](#muc), sơ đồ ![Sơ đồ tổ chức](../hinh/so-do.png).

<script>alert("body")</script>

## Mục

Mục mà liên kết #muc dẫn tới.
"""
# The smallest valid PNG (1x1), for the hostile plan's image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


# --- building sites ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site plus the hostile plan, with whole bodies in feeds (``feed_content``)."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "p")
    (project / "plans" / "2027").mkdir()
    (project / "plans" / "2027" / "ke-hoach-hiem.md").write_text(HOSTILE_PLAN, encoding="utf-8")
    (project / "docs" / "hinh").mkdir()
    (project / "docs" / "hinh" / "so-do.png").write_bytes(PNG)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("plans_dir: plans", "plans_dir: plans\n      feed_content: body"),
        encoding="utf-8",
    )
    site = project / "site"
    warnings = build_site(config, site, strict=False)
    # The plan checker warns about the markup it will show as text or strip; nothing else.
    assert warnings and all("ke-hoach-hiem.md" in w for w in warnings), warnings
    return site


def feed_files(site: Path) -> list[Path]:
    return sorted(p for name in FEED_FILES for p in site.rglob(name))


def own_url(site: Path, path: Path) -> str:
    return SITE_URL + path.relative_to(site).as_posix()


# --- RSS 2.0 ----------------------------------------------------------------------------------

RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)


def rfc822(text: str | None) -> datetime:
    assert text and RFC822.match(text), f"not an RFC 822 date: {text!r}"
    parsed = email.utils.parsedate_to_datetime(text)
    assert parsed.strftime("%a") == text[:3], f"wrong weekday in {text!r}"
    return parsed


def check_rss(path: Path, url: str) -> ET.Element:
    """The RSS 2.0 specification's rules, as https://www.rssboard.org/rss-specification states
    them, and the RSS Advisory Board's profile for ``atom:link`` and ``<author>``."""
    root = ET.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channels = root.findall("channel")
    assert len(channels) == 1
    channel = channels[0]
    for name in ("title", "link", "description"):  # required channel elements
        assert len(channel.findall(name)) == 1 and (channel.findtext(name) or "").strip(), name
    assert channel.findtext("link", "").startswith(SITE_URL)
    assert channel.findtext("language") == "vi"
    self_links = [a for a in channel.findall("atom:link", NS) if a.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("href") == url
    assert self_links[0].get("type") == "application/rss+xml"
    items = channel.findall("item")
    newest = max((rfc822(i.findtext("pubDate")) for i in items), default=None)
    for name in ("lastBuildDate", "pubDate"):
        if channel.find(name) is not None:
            when = rfc822(channel.findtext(name))
            assert newest is None or when == newest, f"{name} is not the newest item's date"
    guids = []
    for item in items:
        assert (item.findtext("title") or item.findtext("description") or "").strip()
        assert item.findtext("title", "").strip() and item.findtext("description", "").strip()
        assert item.findtext("link", "").startswith(SITE_URL)
        guid = item.find("guid")
        assert guid is not None and (guid.text or "").strip()
        assert guid.get("isPermaLink") == "false"
        guids.append(guid.text)
        rfc822(item.findtext("pubDate"))
        for author in item.findall("author"):  # RSS's author is an e-mail address
            assert "@" in (author.text or "")
        for category in item.findall("category"):
            assert (category.text or "").strip()
    assert len(guids) == len(set(guids)), f"repeated GUIDs in {path}"
    dates = [rfc822(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True), "items are not newest first"
    return channel


def test_every_rss_feed_follows_the_rss_2_0_rules(sample_site: Path) -> None:
    paths = [p for p in feed_files(sample_site) if p.name == "rss.xml"]
    assert len(paths) > 20  # the site, each directive, each body, each topic
    for path in paths:
        check_rss(path, own_url(sample_site, path))


# --- Atom 1.0 ---------------------------------------------------------------------------------


def jing(paths: list[Path]) -> None:
    result = subprocess.run(
        ["jing", "-c", str(ATOM_RNC), *map(str, paths)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def check_atom(path: Path, url: str) -> None:
    """RFC 4287's rules the schema cannot express (sections 4.1.1, 4.1.2, 4.2.7)."""
    a = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(path).getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    links = {
        (link.get("rel") or "alternate"): link.get("href") for link in feed.findall(f"{a}link")
    }
    assert links["self"] == url and links["alternate"].startswith(SITE_URL)
    has_author = feed.find(f"{a}author") is not None
    entries = feed.findall(f"{a}entry")
    ids = [e.findtext(f"{a}id") for e in entries]
    assert len(ids) == len(set(ids)), "atom:entry ids must be unique"
    updated = [datetime.fromisoformat(e.findtext(f"{a}updated", "")) for e in entries]
    if updated:
        assert datetime.fromisoformat(feed.findtext(f"{a}updated", "")) == max(updated)
    for entry in entries:
        assert has_author or entry.find(f"{a}author") is not None  # 4.1.1: an author for all
        # feedgen 1.0 drops rel on entry links; without rel a link is the alternate (4.2.7.2)
        alternates = [
            x for x in entry.findall(f"{a}link") if x.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == 1 and alternates[0].get("href", "").startswith(SITE_URL)
        assert entry.findtext(f"{a}updated", "").endswith("+07:00")
        content = entry.find(f"{a}content")
        assert content is not None and content.get("type") == "html"
        title = entry.find(f"{a}title")
        assert title is not None and title.get("type") in (None, "text")


def test_every_atom_feed_validates_against_the_rfc_4287_schema(sample_site: Path) -> None:
    paths = [p for p in feed_files(sample_site) if p.name == "atom.xml"]
    assert len(paths) > 20
    jing(paths)
    for path in paths:
        check_atom(path, own_url(sample_site, path))


def test_jing_rejects_an_invalid_atom_feed(tmp_path: Path) -> None:
    """The schema check is real: an entry without an id fails it."""
    broken = tmp_path / "broken.xml"
    text = feedwriter.atom(empty_feed())
    broken.write_text(text.replace("<id>", "<x>").replace("</id>", "</x>"), encoding="utf-8")
    with pytest.raises(AssertionError):
        jing([broken])


# --- JSON Feed 1.1 ----------------------------------------------------------------------------

JSON_FEED_KEYS = {
    "version",
    "title",
    "home_page_url",
    "feed_url",
    "description",
    "user_comment",
    "next_url",
    "icon",
    "favicon",
    "authors",
    "author",
    "language",
    "expired",
    "hubs",
    "items",
}
JSON_ITEM_KEYS = {
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "authors",
    "author",
    "tags",
    "language",
    "attachments",
}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_authors(authors: Any) -> None:
    assert isinstance(authors, list) and authors
    for author in authors:
        assert isinstance(author, dict) and set(author) <= {"name", "url", "avatar"}
        assert any(isinstance(author.get(k), str) and author[k] for k in ("name", "url", "avatar"))


def check_json_feed(path: Path, url: str) -> dict[str, Any]:
    """https://www.jsonfeed.org/version/1.1/: required and typed fields, no unknown key
    (extensions start with ``_``), items with an id and content, RFC 3339 dates."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert set(k for k in doc if not k.startswith("_")) <= JSON_FEED_KEYS
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(doc["title"], str) and doc["title"]
    assert doc["feed_url"] == url
    assert doc["home_page_url"].startswith(SITE_URL)
    assert doc["language"] == "vi"
    check_authors(doc["authors"])
    assert isinstance(doc["items"], list)
    ids = []
    for item in doc["items"]:
        assert set(k for k in item if not k.startswith("_")) <= JSON_ITEM_KEYS
        assert isinstance(item["id"], str) and item["id"]
        ids.append(item["id"])
        assert isinstance(item.get("content_html"), str) or isinstance(
            item.get("content_text"), str
        )
        assert item["url"].startswith(SITE_URL)
        assert RFC3339.match(item["date_published"]) and item["date_published"].endswith("+07:00")
        if "authors" in item:
            check_authors(item["authors"])
        assert all(isinstance(t, str) and t for t in item.get("tags", []))
    assert len(ids) == len(set(ids))
    dates = [datetime.fromisoformat(i["date_published"]) for i in doc["items"]]
    assert dates == sorted(dates, reverse=True)
    return doc


def test_every_json_feed_follows_the_json_feed_1_1_spec(sample_site: Path) -> None:
    paths = [p for p in feed_files(sample_site) if p.name == "feed.json"]
    assert len(paths) > 20
    for path in paths:
        check_json_feed(path, own_url(sample_site, path))


# --- feedparser -------------------------------------------------------------------------------


def test_feedparser_reads_every_feed_without_a_problem(sample_site: Path) -> None:
    # feedparser 6 reads RSS and Atom; it has no JSON Feed reader (checked above instead).
    for path in feed_files(sample_site):
        if path.name == "feed.json":
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if path.name == "rss.xml" else "atom10")
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith(SITE_URL) and entry.id and entry.title
            assert entry.published_parsed and entry.author


# --- content of the items ---------------------------------------------------------------------


def test_directive_feed_for_21_kl_tw_holds_the_plan_of_seed_004(sample_site: Path) -> None:
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((sample_site / "van-ban" / "21-kl-tw" / name).read_bytes())
        assert [e.link for e in parsed.entries] == [SEED_004_URL]
        assert parsed.feed.title.startswith("Kế hoạch thực hiện Kết luận 21-KL/TW")
    doc = json.loads((sample_site / "van-ban" / "21-kl-tw" / "feed.json").read_text("utf-8"))
    assert [i["url"] for i in doc["items"]] == [SEED_004_URL]


def test_items_carry_dates_author_categories_and_absolute_links(sample_site: Path) -> None:
    channel = check_rss(sample_site / "rss.xml", SITE_URL + "rss.xml")
    items = {i.findtext("link"): i for i in channel.findall("item")}
    assert len(items) == 4
    item = items[SEED_004_URL]
    assert item.findtext("pubDate") == "Sun, 22 Nov 2026 00:00:00 +0700"  # front matter
    assert item.findtext("dc:creator", namespaces=NS) == "Ban Thường vụ Đảng ủy (Kỳ Anh)"
    categories = [c.text for c in item.findall("category")]
    assert {"01-KL/TW", "21-KL/TW", "Tuyên truyền"} <= set(categories)
    assert item.findtext("description", "").startswith("Ban Thường vụ Đảng ủy tổ chức học tập")
    assert "<a " not in item.findtext("description", "")  # the summary, as text
    doc = json.loads((sample_site / "feed.json").read_text("utf-8"))
    entry = next(i for i in doc["items"] if i["url"] == SEED_004_URL)
    assert entry["date_published"] == "2026-11-22T00:00:00+07:00"
    assert entry["authors"] == [{"name": "Ban Thường vụ Đảng ủy (Kỳ Anh)"}]
    assert entry["content_html"].startswith("<p>Ban Thường vụ Đảng ủy")
    assert "21-KL/TW" in entry["tags"] and "Xây dựng Đảng" in entry["tags"]


def test_feed_dates_are_the_newest_item_and_items_are_newest_first(hostile_site: Path) -> None:
    channel = check_rss(hostile_site / "rss.xml", SITE_URL + "rss.xml")
    assert channel.findtext("lastBuildDate") == "Tue, 05 Jan 2027 00:00:00 +0700"
    assert channel.findall("item")[0].findtext("link") == f"{SITE_URL}ke-hoach/ke-hoach-hiem/"
    atom = ET.parse(hostile_site / "atom.xml").getroot()
    assert atom.findtext("{http://www.w3.org/2005/Atom}updated") == "2027-01-05T00:00:00+07:00"


def test_whole_body_in_feeds_has_absolute_links_and_images_and_no_script(
    hostile_site: Path,
) -> None:
    doc = json.loads((hostile_site / "feed.json").read_text("utf-8"))
    html = doc["items"][0]["content_html"]
    assert f'href="{SITE_URL}gioi-thieu/"' in html
    assert f'href="{SITE_URL}ke-hoach/ke-hoach-hiem/#muc"' in html
    assert f'src="{SITE_URL}hinh/so-do.png"' in html
    assert f'href="{SITE_URL}van-ban/21-kl-tw/"' in html  # the number, linked
    assert "<script" not in html and "alert(" not in html
    assert not re.search(r'(href|src)="(?!https://)', html)
    assert doc["items"][0]["summary"] == HOSTILE_SUMMARY  # plain text stays plain text
    jing([hostile_site / "atom.xml"])
    for path in feed_files(hostile_site):
        if path.name != "feed.json":
            assert not feedparser.parse(path.read_bytes()).bozo, path


def all_text(path: Path) -> list[str]:
    """Every piece of text in a feed: XML text and attributes, or JSON strings."""
    if path.suffix == ".json":
        out: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(json.loads(path.read_text("utf-8")))
        return out
    root = ET.parse(path).getroot()
    return [t for el in root.iter() for t in (el.text, el.tail, *el.attrib.values()) if t]


def test_vietnamese_stays_nfc_and_intact_in_every_feed(
    sample_site: Path, hostile_site: Path
) -> None:
    for site in (sample_site, hostile_site):
        for path in feed_files(site):
            raw = path.read_text(encoding="utf-8")  # UTF-8, never mojibake
            assert unicodedata.is_normalized("NFC", raw), path
            assert "&#" not in raw, f"{path}: characters written as references"
            assert all(unicodedata.is_normalized("NFC", t) for t in all_text(path))
    rss = (sample_site / "rss.xml").read_text("utf-8")
    assert "Ban Thường vụ Đảng ủy (Kỳ Anh)" in rss and "“tự diễn biến”" in (
        sample_site / "van-ban" / "21-kl-tw" / "rss.xml"
    ).read_text("utf-8")
    hostile = json.loads((hostile_site / "feed.json").read_text("utf-8"))["items"][0]
    assert hostile["title"] == HOSTILE_TITLE  # decomposed in the file, composed in the feed
    assert "Căn cứ Kết luận số" in hostile["content_html"]


def test_titles_with_markup_and_quotes_are_escaped_never_injected(hostile_site: Path) -> None:
    for name in ("rss.xml", "atom.xml"):
        path = hostile_site / name
        raw = path.read_text("utf-8")
        assert "<script" not in raw and "<b>" not in raw and "<i>" not in raw
        root = ET.parse(path).getroot()
        titles = [el.text for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "title"]
        assert HOSTILE_TITLE in titles  # the exact text, as text
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo
        entry = parsed.entries[0]
        assert entry.title == HOSTILE_TITLE and entry.title_detail.type == "text/plain"
        assert entry.author == f"{HOSTILE_ISSUER} (Kỳ Anh)"
        # The summary is text (Atom) or escaped HTML (RSS): either way it shows as written.
        if entry.summary_detail.type == "text/plain":
            assert entry.summary == HOSTILE_SUMMARY
        else:
            assert "<script" not in entry.summary and "&lt;script&gt;" in entry.summary
        assert entry.content[0].type == "text/html" and "<script" not in entry.content[0].value
    description = ET.parse(hostile_site / "rss.xml").getroot().find("channel/item/description")
    assert description is not None
    # RSS descriptions are read as HTML: the plain summary arrives escaped, shown as written.
    assert description.text == HOSTILE_SUMMARY.replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;"
    )
    doc = json.loads((hostile_site / "feed.json").read_text("utf-8"))
    item = doc["items"][0]
    assert item["title"] == HOSTILE_TITLE
    assert 'Chủ đề <i>lạ</i> & "khác"' in item["tags"]  # JSON strings are text
    assert "&lt;script&gt;" in item["content_html"] or "<script" not in item["content_html"]
    for page in ("co-quan", "chu-de", "theo-doi"):
        for html_file in (hostile_site / page).rglob("index.html"):
            text = html_file.read_text("utf-8")
            assert "<script>alert" not in text and "<b>Đảng ủy</b>" not in text, html_file
            assert "<i>lạ</i>" not in text, html_file
    widget = (hostile_site / "nhung" / "moi-nhat" / "index.html").read_text("utf-8")
    assert "<script" not in widget and "&lt;script&gt;alert(&quot;t&quot;)" in widget


# --- identity ---------------------------------------------------------------------------------


def plan_text(title: str = "Kế hoạch tuyên truyền", extra: str = "") -> str:
    return (
        f'---\ntitle: "{title}"\nissuer: "Ban Thường vụ Đảng ủy"\nlocality: "Kỳ Anh"\n'
        f"published: 2022-04-01\n{extra}---\n\nNội dung.\n"
    )


def guid_of(text: str, source: str) -> str:
    plan = read_plan_text(text, source, Problems())
    assert plan is not None
    return plan.guid


def test_renaming_or_moving_a_plan_file_keeps_its_guid(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    options = feeds.FeedOptions(SITE_URL, "Trang")

    def ids(plans_dir: Path) -> dict[str, str]:
        catalog = load_catalog(plans_dir, project)
        return {i.title: i.id for i in feeds.site_feed(catalog, options).items}

    before = ids(project / "plans")
    old = project / "plans" / "2022" / "thuc-hien-ket-luan-01-va-21-ky-anh.md"
    (project / "plans" / "2024").mkdir()
    old.rename(project / "plans" / "2024" / "ky-anh-ket-luan-21-doi-ten.md")
    after = ids(project / "plans")
    assert after == before and len(after) == 4
    catalog = load_catalog(project / "plans", project)
    assert "ky-anh-ket-luan-21-doi-ten" in {p.slug for p in catalog.plans}  # the URL did move


def test_guid_rule_number_id_or_stable_content() -> None:
    base = guid_of(plan_text(), "plans/a.md")
    assert base == guid_of(plan_text(), "plans/2030/khac/b.md")
    assert base.startswith("kh-2022-04-01-")
    # Fixing case, tones, spaces or punctuation of the title keeps it; a new title does not.
    assert guid_of(plan_text("Kế  hoạch, tuyên truyền"), "plans/a.md") == base
    assert guid_of(plan_text("KẾ HOẠCH TUYÊN TRUYỀN"), "plans/a.md") == base
    assert guid_of(plan_text("Kế hoạch học tập"), "plans/a.md") != base
    numbered = plan_text(extra="number: 12-KH/ĐU\nissued: 20/03/2022\n")
    assert guid_of(numbered, "plans/x.md") == guid_of(numbered, "plans/y.md") == "12-kh-du-2022"
    pinned = plan_text("Kế hoạch học tập", extra="id: kh-2022-04-01-3f9a\n")
    assert guid_of(pinned, "plans/z.md") == "kh-2022-04-01-3f9a"


def test_item_ids_are_uris_stable_across_scheme_and_keep_explicit_uris() -> None:
    a = feeds.item_id("https://kehoach.example.vn/", "12-kh-du-2022")
    assert a.startswith("urn:uuid:")
    assert a == feeds.item_id("http://kehoach.example.vn/", "12-kh-du-2022")
    assert a != feeds.item_id("https://xa.example.vn/", "12-kh-du-2022")
    assert feeds.item_id(SITE_URL, "tag:example.org,2020:12") == "tag:example.org,2020:12"


# --- determinism ------------------------------------------------------------------------------


def test_two_builds_give_byte_identical_feeds(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # another build date: no effect
    other = tmp_path / "site"
    assert build_site(ROOT / "mkdocs.yml", other) == []
    files = [*feed_files(sample_site), sample_site / "nhung" / "moi-nhat" / "index.html"]
    for path in files:
        twin = other / path.relative_to(sample_site)
        assert path.read_bytes() == twin.read_bytes(), path
    assert {p.relative_to(other) for p in feed_files(other)} == {
        p.relative_to(sample_site) for p in feed_files(sample_site)
    }


def sample_catalog() -> Catalog:
    return load_catalog(ROOT / "plans", ROOT)


def test_writer_output_is_independent_of_the_clock_and_of_insertion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed = feeds.site_feed(sample_catalog(), feeds.FeedOptions(SITE_URL, "Trang"))
    first = feedwriter.write(feed)
    import feedgen.entry
    import feedgen.feed

    class AnyDatetime(type):
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, datetime)

    class Later(datetime, metaclass=AnyDatetime):  # feedgen's clock, moved to 2031
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return datetime(2031, 1, 1, tzinfo=tz)

    monkeypatch.setattr(feedgen.feed, "datetime", Later)
    monkeypatch.setattr(feedgen.entry, "datetime", Later)
    assert feedwriter.write(feed) == first
    assert "2031" not in "".join(first.values())


def test_feed_items_option_limits_every_feed() -> None:
    catalog = sample_catalog()
    feed = feeds.site_feed(catalog, feeds.FeedOptions(SITE_URL, "Trang", items=2))
    assert len(feed.items) == 2
    ordered = sorted(catalog.plans, key=feeds.feed_order)
    assert [i.url for i in feed.items] == [SITE_URL + f"ke-hoach/{p.slug}/" for p in ordered[:2]]


def empty_feed() -> feeds.Feed:
    return feeds.site_feed(Catalog([], [], Problems()), feeds.FeedOptions(SITE_URL, "Trang"))


def test_a_site_without_plans_still_has_valid_feeds(tmp_path: Path) -> None:
    files = feedwriter.write(empty_feed())
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    check_rss(tmp_path / "rss.xml", SITE_URL + "rss.xml")
    jing([tmp_path / "atom.xml"])
    check_json_feed(tmp_path / "feed.json", SITE_URL + "feed.json")
    assert feedwriter.write(empty_feed()) == files


# --- pages --------------------------------------------------------------------------------


class HeadLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternates: list[dict[str, str | None]] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append(a)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")


def parse(path: Path) -> HeadLinks:
    parser = HeadLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url[len(SITE_URL) :]


def test_every_page_announces_the_site_feeds(sample_site: Path) -> None:
    pages = list(sample_site.rglob("index.html"))
    # the widget and the editors' form (admin/, noindex) are not pages residents read
    pages = [p for p in pages if "nhung" not in p.parts and "admin" not in p.parts]
    assert len(pages) > 30
    for page in pages:
        found = {(a["type"], a["href"]) for a in parse(page).alternates}
        assert {
            ("application/rss+xml", SITE_URL + "rss.xml"),
            ("application/atom+xml", SITE_URL + "atom.xml"),
            ("application/feed+json", SITE_URL + "feed.json"),
        } <= found, page


def test_directive_page_announces_and_links_its_own_feed(sample_site: Path) -> None:
    page = sample_site / "van-ban" / "21-kl-tw" / "index.html"
    parsed = parse(page)
    first = parsed.alternates[0]
    assert first["href"] == SITE_URL + "van-ban/21-kl-tw/rss.xml"
    assert "21-KL/TW" in (first["title"] or "")
    for alternate in parsed.alternates:
        assert local(sample_site, alternate["href"] or "").is_file()
    assert "rss.xml" in parsed.hrefs and "feed.json" in parsed.hrefs  # relative, in the page
    assert "Theo dõi văn bản này" in page.read_text("utf-8")


def test_body_and_topic_pages_list_their_plans_and_link_their_feed(sample_site: Path) -> None:
    body = sample_site / "co-quan" / "ban-thuong-vu-dang-uy-ky-anh"
    html = (body / "index.html").read_text("utf-8")
    assert "<h1>Ban Thường vụ Đảng ủy (Kỳ Anh)</h1>" in html
    assert "thuc-hien-ket-luan-01-va-21-ky-anh/" in html
    assert parse(body / "index.html").alternates[0]["href"] == (
        SITE_URL + "co-quan/ban-thuong-vu-dang-uy-ky-anh/rss.xml"
    )
    assert [e.link for e in feedparser.parse((body / "rss.xml").read_bytes()).entries] == [
        SEED_004_URL
    ]
    topic = sample_site / "chu-de" / "tuyen-truyen"
    assert "rss.xml" in parse(topic / "index.html").hrefs
    assert len(feedparser.parse((topic / "rss.xml").read_bytes()).entries) == 4
    for index in ("co-quan", "chu-de"):
        assert (sample_site / index / "index.html").is_file()


def test_follow_page_lists_every_feed_with_a_guide_and_the_widget_snippet(
    sample_site: Path,
) -> None:
    page = sample_site / "theo-doi" / "index.html"
    html = page.read_text("utf-8")
    parsed = parse(page)
    linked = {(page.parent / href).resolve() for href in parsed.hrefs if not href.startswith("#")}
    for path in feed_files(sample_site):
        assert path.resolve() in linked, f"theo-doi/ does not link {path}"
    assert "Hướng dẫn cho biên tập viên trang tin" in html
    assert f"<code>{SITE_URL}rss.xml</code>" in html
    assert "&lt;iframe src=&#34;https://kehoach.example.vn/nhung/moi-nhat/&#34;" in html or (
        "&lt;iframe src=&quot;https://kehoach.example.vn/nhung/moi-nhat/&quot;" in html
    )
    assert (page.parent / "../nhung-tin/index.html").resolve().is_file()


def test_widget_is_small_standalone_html_without_script(sample_site: Path) -> None:
    path = sample_site / "nhung" / "moi-nhat" / "index.html"
    html = path.read_text("utf-8")
    assert path.stat().st_size < 30_000
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    links = re.findall(r'<a href="([^"]+)" target="_blank" rel="noopener">', html)
    assert f"{SEED_004_URL}" in links and len(links) == 4 + 2


def test_feed_module_imports_neither_mkdocs_nor_feedgen() -> None:
    package = ROOT / "plugins" / "plansite"
    code = (package / "core" / "feeds.py").read_text("utf-8")
    assert not re.search(r"^\s*(from|import) (mkdocs|feedgen)", code, re.MULTILINE)
    for module in package.rglob("*.py"):
        if module != package / "formats" / "feeds.py":
            assert "feedgen" not in re.findall(
                r"^\s*(?:from|import) (\w+)", module.read_text("utf-8"), re.MULTILINE
            ), module


def test_plan_dates_come_from_front_matter_at_midnight_in_viet_nam() -> None:
    feed = feeds.site_feed(sample_catalog(), feeds.FeedOptions(SITE_URL, "Trang"))
    for item in feed.items:
        assert item.published.date() == date(2026, 11, 22)
        assert item.published.isoformat().endswith("T00:00:00+07:00")


@pytest.mark.parametrize(
    ("written", "absolute"),
    [
        ("../gioi-thieu.md", f"{SITE_URL}gioi-thieu/"),
        ("../huong-dan/index.md#id", f"{SITE_URL}huong-dan/#id"),
        ("khac.md", f"{SITE_URL}ke-hoach/khac/"),
        ("../hinh/so-do.png", f"{SITE_URL}hinh/so-do.png"),
        ("#muc", f"{SITE_URL}ke-hoach/p/#muc"),
        ("../van-ban/", f"{SITE_URL}van-ban/"),
        ("/tai-lieu/a.pdf", f"{SITE_URL}tai-lieu/a.pdf"),
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("mailto:vp@example.vn", "mailto:vp@example.vn"),
    ],
)
def test_links_in_a_body_become_absolute_as_mkdocs_resolves_them(
    written: str, absolute: str
) -> None:
    options = feeds.FeedOptions(SITE_URL, "Trang")
    fragment = f'<p><a href="{written.replace("&", "&amp;")}">x</a></p>'
    out = feeds.absolute_links(fragment, src_dir="ke-hoach", page="ke-hoach/p/", options=options)
    assert out == f'<p><a href="{absolute.replace("&", "&amp;")}">x</a></p>'
