"""Sharing and machines: the description, Open Graph tags, canonical URL and structured data
(JSON-LD) of pages, and the JSON exports (``ke-hoach.json``, ``ke-hoach/<slug>/ke-hoach.json``)
for other systems. Also with a plan whose text tries to close the JSON-LD's ``<script>``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, build_outcome, copy_project
from plansite.core.catalog import Catalog
from plansite.core.urls import directive_url, plan_url
from plansite.intake.plans import load_catalog
from plansite.site import export
from plansite.site.context import BuildContext
from plansite.site.pages import generated_pages

SITE_URL = "https://kehoach.example.vn/"
HOSTILE_TITLE = '</script><script>alert(1)</script> Kế hoạch <!-- thử & "trích"'
HOSTILE_SUMMARY = "Tóm tắt </SCRIPT ><script>alert(2)</script> & <b>đậm</b>"
HOSTILE_PLAN = f"""---
title: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}
number: 77-KH/ĐU
issuer: Ban Thường vụ Đảng ủy
issued: 10/01/2022
published: 2022-01-20
implements:
  - number: 21-KL/TW
summary: {json.dumps(HOSTILE_SUMMARY, ensure_ascii=False)}
---

Nội dung thử thực hiện Kết luận số 21-KL/TW.
"""


class Head(HTMLParser):
    """A page's meta tags, links by rel, and scripts (type, text) as a browser splits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.scripts: list[tuple[str, str]] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            self.meta.append(a)
        elif tag == "link":
            self.links.append(a)
        elif tag == "script":
            self._script = a.get("type", "")
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def named(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("name") == name]

    def prop(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("property") == name]

    def rel(self, rel: str) -> list[dict[str, str]]:
        return [link for link in self.links if link.get("rel") == rel]

    def jsonld(self) -> list[Any]:
        return [json.loads(text) for kind, text in self.scripts if kind == "application/ld+json"]


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "plans", ROOT)


# --- pages ---------------------------------------------------------------------------------


def test_plan_description_is_its_summary_once(sample_site: Path, catalog: Catalog) -> None:
    ctx = BuildContext(catalog, SITE_URL, date(2024, 1, 1))
    said = {plan_url(p.obj): p.description for p in generated_pages(ctx) if p.kind == "plan"}
    for plan in catalog.plans:
        h = head(page_file(sample_site, plan_url(plan)))
        # One description: the summary, cut at a word under 200 characters ("…") if longer.
        description = said[plan_url(plan)]
        assert len(description) <= 200
        if description != plan.summary:
            assert description.endswith("…") and len(plan.summary) > 200
            assert plan.summary.startswith(description.removesuffix("…"))
            assert plan.summary[len(description) - 1] == " "  # cut at a word
        assert h.named("description") == [description]
        assert h.prop("og:description") == [description]


def test_open_graph_tags_on_every_kind_of_page(sample_site: Path, catalog: Catalog) -> None:
    plan, directive = catalog.plans[0], catalog.directives[0]
    pages = {
        plan_url(plan): ("article", plan.title),
        directive_url(directive): ("website", directive.title),
        "": ("website", "Trang thông tin kế hoạch"),
        "gioi-thieu/": ("website", "Giới thiệu"),
        "ke-hoach/": ("website", "Kế hoạch"),
    }
    for url, (kind, title) in pages.items():
        h = head(page_file(sample_site, url))
        assert h.prop("og:type") == [kind], url
        assert h.prop("og:title") == [title], url
        assert h.prop("og:url") == [SITE_URL + url], url
        assert h.prop("og:locale") == ["vi_VN"]
        assert h.prop("og:site_name") == ["Trang thông tin kế hoạch"]
        assert len(h.prop("og:description")) == 1 and h.prop("og:description")[0], url
    h = head(page_file(sample_site, plan_url(plan)))
    assert h.prop("article:published_time") == [plan.published.isoformat()]


def test_every_page_has_one_absolute_canonical_url(sample_site: Path) -> None:
    pages = [p for p in sample_site.rglob("index.html") if "nhung" not in p.parts]
    assert len(pages) > 30
    for page in pages:
        folder = page.parent.relative_to(sample_site).as_posix()
        expected = SITE_URL + ("" if folder == "." else folder + "/")
        assert [link["href"] for link in head(page).rel("canonical")] == [expected], page
        assert len(head(page).named("description")) == 1, page


def test_plan_structured_data(sample_site: Path, catalog: Catalog) -> None:
    for plan in catalog.plans:
        h = head(page_file(sample_site, plan_url(plan)))
        [data] = h.jsonld()
        url = SITE_URL + plan_url(plan)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Legislation"
        assert data["@id"] == data["url"] == url
        assert data["name"] == plan.title and data["description"] == plan.summary
        assert data["legislationType"] == plan.kind
        assert data.get("legislationIdentifier") == (plan.number.canonical if plan.number else None)
        assert data.get("legislationDate") == (plan.issued.isoformat() if plan.issued else None)
        assert data["datePublished"] == plan.published.isoformat()
        assert data["legislationPassedBy"] == {"@type": "Organization", "name": plan.issuer}
        applies = [d["@id"] for d in data.get("legislationApplies", [])]
        assert applies == [SITE_URL + directive_url(d) for d in catalog.implemented(plan)]
        cited = [d["@id"] for d in data.get("citation", [])]
        assert cited == [SITE_URL + directive_url(d) for d in catalog.cited(plan)]
        json_url = data["encoding"]["contentUrl"]
        assert json_url == url + "ke-hoach.json"
        assert (sample_site / json_url[len(SITE_URL) :]).is_file()
        # Readers find the export from the page too.
        assert [x["href"] for x in h.links if x.get("type") == "application/json"] == [json_url]


def test_directive_structured_data_lists_the_plans_applying_it(
    sample_site: Path, catalog: Catalog
) -> None:
    d = next(d for d in catalog.directives if d.number and d.number.canonical == "21-KL/TW")
    [data] = head(page_file(sample_site, directive_url(d))).jsonld()
    assert data["@type"] == "Legislation" and data["name"] == d.title
    assert data["legislationIdentifier"] == "21-KL/TW"
    assert data["legislationDate"] == d.issued.isoformat() if d.issued else True
    applied = data["@reverse"]["legislationApplies"]
    assert [p["@id"] for p in applied] == [SITE_URL + plan_url(p) for p in d.implemented_by]
    assert [p["name"] for p in applied] == [p.title for p in d.implemented_by]


def test_no_structured_data_on_other_pages(sample_site: Path) -> None:
    for url in ("", "ke-hoach/", "van-ban/", "gioi-thieu/"):
        assert head(page_file(sample_site, url)).jsonld() == [], url


# --- a plan that tries to break out of the script ------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("sharing"))
    (project / "plans" / "2022" / "thu-thach.md").write_text(HOSTILE_PLAN, encoding="utf-8")
    ok, messages = build_outcome(project / "mkdocs.yml", project / "site")
    assert ok, messages
    return project / "site"


def test_hostile_title_stays_data_in_json_ld_and_tags(hostile_site: Path) -> None:
    path = page_file(hostile_site, "ke-hoach/thu-thach/")
    html = path.read_text(encoding="utf-8")
    h = head(path)
    # Nothing the editor typed runs: the only scripts with "alert" are the JSON-LD.
    for kind, text in h.scripts:
        if "alert" in text:
            assert kind == "application/ld+json", text[:80]
    [data] = h.jsonld()
    assert data["name"] == HOSTILE_TITLE and data["description"] == HOSTILE_SUMMARY
    [raw] = [text for kind, text in h.scripts if kind == "application/ld+json"]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "</script><script>alert(1)" not in html.lower()
    assert h.prop("og:title") == [HOSTILE_TITLE]
    assert len(HOSTILE_SUMMARY) < 200  # shown whole
    assert h.named("description") == [HOSTILE_SUMMARY]
    assert h.prop("og:description") == [HOSTILE_SUMMARY]


def test_hostile_title_in_json_exports_is_text(hostile_site: Path) -> None:
    one = json.loads((hostile_site / "ke-hoach/thu-thach/ke-hoach.json").read_text("utf-8"))
    assert one["plan"]["title"] == HOSTILE_TITLE and one["plan"]["summary"] == HOSTILE_SUMMARY
    assert "<script" not in one["plan"]["content_html"]
    every = json.loads((hostile_site / "ke-hoach.json").read_text("utf-8"))
    assert HOSTILE_TITLE in [p["title"] for p in every["plans"]]


def test_script_json_cannot_end_the_script_and_reads_back() -> None:
    data = {"name": "</script><!--<script>&\u2028\u2029", "n": 1}
    text = export.script_json(data)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == data


# --- JSON exports --------------------------------------------------------------------------


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def export_files(site: Path) -> list[Path]:
    return [site / "ke-hoach.json", *sorted(site.glob("ke-hoach/*/ke-hoach.json"))]


def test_catalog_export_lists_every_plan_and_directive(sample_site: Path, catalog: Catalog) -> None:
    data = json.loads((sample_site / "ke-hoach.json").read_text("utf-8"))
    assert data["schema"] == "plansite-catalog/1"
    assert data["site"] == {"name": "Trang thông tin kế hoạch", "url": SITE_URL}
    assert [p["id"] for p in data["plans"]] == [p.guid for p in catalog.plans]
    assert [d["id"] for d in data["directives"]] == [d.slug for d in catalog.directives]
    by_id = {p.guid: p for p in catalog.plans}
    for record in data["plans"]:
        plan = by_id[record["id"]]
        assert record["title"] == plan.title and record["url"] == SITE_URL + plan_url(plan)
        assert record["issued"] == (plan.issued.isoformat() if plan.issued else None)
        assert len(record["milestones"]) == len(plan.milestones)
        assert "content_html" not in record
    for record, d in zip(data["directives"], catalog.directives, strict=True):
        assert record["implemented_by"] == [p.guid for p in d.implemented_by]
        assert record["cited_by"] == [p.guid for p in d.cited_by]
        assert set(record["facts"]) == {k for k, v in d.facts.items() if v}
        for facts in record["facts"].values():
            assert all(f["plan"] in by_id for f in facts)
    k21 = next(r for r in data["directives"] if r["number"] == "21-KL/TW")
    assert k21["implemented_by"] and k21["url"] == SITE_URL + "van-ban/21-kl-tw/"


def test_each_plan_has_its_own_export_with_its_body(sample_site: Path, catalog: Catalog) -> None:
    for plan in catalog.plans:
        path = sample_site / plan_url(plan) / "ke-hoach.json"
        data = json.loads(path.read_text("utf-8"))
        assert data["schema"] == "plansite-plan/1"
        record = data["plan"]
        assert record["id"] == plan.guid and record["json"] == SITE_URL + plan_url(plan) + (
            "ke-hoach.json"
        )
        assert record["content_html"].startswith("<") and "<script" not in record["content_html"]
        assert [d["id"] for d in record["implements"]] == [
            d.slug for d in catalog.implemented(plan)
        ]
        if record["calendar"]:
            assert (sample_site / record["calendar"][len(SITE_URL) :]).is_file()
        page = page_file(sample_site, plan_url(plan)).read_text("utf-8")
        assert 'href="ke-hoach.json"' in page  # linked from the plan's page


def test_exports_are_nfc_and_sorted(sample_site: Path) -> None:
    for path in export_files(sample_site):
        text = path.read_text("utf-8")
        assert unicodedata.is_normalized("NFC", text), path
        data = json.loads(text)
        assert all(unicodedata.is_normalized("NFC", s) for s in strings(data))
        assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_export_writes_nfc_whatever_it_is_given() -> None:
    decomposed = unicodedata.normalize("NFD", "Kế hoạch")
    assert (
        export.dumps({decomposed: [decomposed]}) == '{\n  "Kế hoạch": [\n    "Kế hoạch"\n  ]\n}\n'
    )


def test_exports_are_identical_from_another_build(sample_site: Path, tmp_path: Path) -> None:
    # Another process, another hash seed: no set or dict order may leak into the files.
    env = {**os.environ, "PYTHONHASHSEED": "12345", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    first = {p.relative_to(sample_site): p.read_bytes() for p in export_files(sample_site)}
    second = {
        p.relative_to(tmp_path / "site"): p.read_bytes() for p in export_files(tmp_path / "site")
    }
    assert len(first) == 5 and first == second
