"""The browser form (admin/) and the plan schema agree: every field of the schema is on the
form, the form has no field the schema does not know, and the reader accepts every key of the
schema. Both directions of a disagreement are shown to fail."""

from __future__ import annotations

import copy

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
