"""The browser form (admin/) and the plan schema agree: every field of the schema is on the
form, the form has no field the schema does not know, and the reader accepts every key of the
schema. Both directions of a disagreement are shown to fail."""

from __future__ import annotations

import copy
from pathlib import Path

from conftest import build_site, copy_project
from plansite.core.problems import Problems
from plansite.core.schema import KNOWN_KEYS, PLAN_FIELDS, Field, field_names
from plansite.site.admin import form_disagreement, form_fields


def test_the_form_has_every_field_of_the_schema_and_no_other() -> None:
    form = form_fields()
    assert form_disagreement(form) == []
    assert {f["name"] for f in form} == set(KNOWN_KEYS) | {"body"}
    assert "milestones.results.done" in field_names()


def test_a_schema_field_missing_from_the_form_fails_the_agreement() -> None:
    form = copy.deepcopy(form_fields())
    milestones = next(f for f in form if f["name"] == "milestones")
    milestones["fields"] = [f for f in milestones["fields"] if f["name"] != "who"]
    form = [f for f in form if f["name"] != "until"]
    assert form_disagreement(form) == [
        "trường `milestones.who` của lược đồ không có trên biểu mẫu",
        "trường `until` của lược đồ không có trên biểu mẫu",
    ]


def test_a_form_field_the_schema_does_not_know_fails_the_agreement() -> None:
    form = copy.deepcopy(form_fields())
    form.append({"name": "deadline", "label": "Hạn", "widget": "string"})
    signer = next(f for f in form if f["name"] == "signer")
    signer["fields"].append({"name": "phone", "label": "Điện thoại", "widget": "string"})
    assert form_disagreement(form) == [
        "trường `deadline` của biểu mẫu không có trong lược đồ",
        "trường `signer.phone` của biểu mẫu không có trong lược đồ",
    ]


def test_a_field_added_to_the_schema_is_on_the_generated_form() -> None:
    fields = (*PLAN_FIELDS, Field("checked", "Ngày rà soát", "date"))
    assert form_disagreement(form_fields(fields), fields) == []
    assert form_disagreement(form_fields(), fields) == [
        "trường `checked` của lược đồ không có trên biểu mẫu"
    ]


def test_the_reader_knows_the_schema_keys_and_only_them() -> None:
    from plansite.core.plan import read_plan_text

    front = "\n".join(f"{key}:" for key in KNOWN_KEYS if key not in ("title", "published"))
    text = f"---\ntitle: x\npublished: 2024-01-02\n{front}\nreviewed:\n---\n\nNội dung.\n"
    problems = Problems()
    read_plan_text(text, "plans/x.md", problems)
    unknown = [str(p) for p in problems.warnings if "không được dùng" in str(p)]
    assert len(unknown) == 1 and "`reviewed`" in unknown[0]


def test_the_forms_number_pattern_is_the_scanners() -> None:
    import re

    from plansite.core.numbers import parse_number
    from plansite.site.admin import number_pattern

    pattern = re.compile(number_pattern())  # no named group: Python and JavaScript read it alike
    for written in ("21-KL/TW", "05-QĐi/ThU", "42/2022/NĐ-CP", " 12-KH/HU "):
        assert pattern.fullmatch(written) and parse_number(written), written
    for written in ("21 KL", "KL/TW", "ngày 12", "21-KL/TW và 22-KL/TW"):
        assert not pattern.fullmatch(written), written


def test_without_decap_installed_admin_is_one_page_saying_how_to_turn_it_on(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")  # no tests/js/node_modules in the copy
    site = tmp_path / "site"
    assert build_site(project / "mkdocs.yml", site) == []
    assert sorted(p.name for p in (site / "admin").iterdir()) == [
        "index.html",
        "plansite-admin.js",
    ]
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "make edit" in page and "chưa bật" in page and "<script" not in page
    assert 'href="../soan-tren-trinh-duyet/"' in page
    assert (site / "soan-tren-trinh-duyet" / "index.html").is_file()
    assert "admin/" not in (site / "index.html").read_text(encoding="utf-8")  # not in the nav
