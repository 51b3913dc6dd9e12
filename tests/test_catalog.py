"""The catalogue: directives from plans, identity by number and year, facts and conflicts."""

from __future__ import annotations

from pathlib import Path

from plansite.core.numbers import parse_number
from plansite.core.plan import Plan, read_plan_text
from plansite.core.problems import Problems
from plansite.intake.plans import build_catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent


def plan(source: str, front: str, body: str = "") -> Plan:
    problems = Problems()
    text = f'---\ntitle: "Kế hoạch {source}"\npublished: 2023-03-01\n{front}---\n{body}\n'
    result = read_plan_text(text, source, problems)
    assert result is not None, [str(p) for p in problems.items]
    return result


def test_sample_catalogue_has_a_directive_for_every_cited_number() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    slugs = {d.slug for d in catalog.directives}
    for slug in [
        "08-nq-tu",
        "34-hd-btgtu",
        "193-bc-tu",
        "28-nq-tw",
        "33-ctr-tu",
        "01-kl-tw",
        "21-kl-tw",
        "29-kl-tu",
        "05-qdi-thu",
        "37-qd-tw",
        "22-qd-tw",
        "890-qdi-tu",
    ]:
        assert slug in slugs
    assert catalog.problems.items == []


def test_seed_004_implements_21_kl_tw_and_the_directive_knows_it() -> None:
    catalog = load_catalog(ROOT / "plans", ROOT)
    directive = catalog.by_slug["21-kl-tw"]
    assert [p.slug for p in directive.implemented_by] == ["thuc-hien-ket-luan-01-va-21-ky-anh"]
    assert directive.issuer == "Ban Chấp hành Trung ương"
    assert directive.issued is not None and directive.issued.isoformat() == "2021-10-25"


def test_two_documents_sharing_a_number_are_told_apart_by_year() -> None:
    old = plan("plans/a.md", "implements:\n  - number: 28-NQ/TW\n    issued: 25/10/2013\n")
    new = plan(
        "plans/b.md",
        "implements:\n  - number: 28-NQ/TW\n    issued: 17/11/2022\n",
        "Nghị quyết số 28-NQ/TW.",
    )
    catalog = build_catalog([old, new], Problems())
    slugs = sorted(d.slug for d in catalog.directives)
    assert slugs == ["28-nq-tw-2013", "28-nq-tw-2022"]
    number = parse_number("28-NQ/TW")
    assert number is not None
    assert catalog.directive_for(number, 2013).slug == "28-nq-tw-2013"  # type: ignore[union-attr]
    # An undated citation in a 2023 plan means the newest document before it.
    assert catalog.directive_for(number, context_year=2023).slug == "28-nq-tw-2022"  # type: ignore[union-attr]
    assert catalog.by_slug["28-nq-tw-2022"].cited_by == [new]


def test_plans_disagreeing_on_a_directive_date_give_a_warning_naming_both() -> None:
    a = plan("plans/a.md", "implements:\n  - number: 21-KL/TW\n    issued: 25/10/2021\n")
    b = plan("plans/b.md", "implements:\n  - number: 21-KL/TW\n    issued: 26/10/2021\n")
    problems = Problems()
    build_catalog([a, b], problems)
    (warning,) = [str(p) for p in problems.items]
    assert warning.startswith("plans/b.md:5: cảnh báo: 21-KL/TW: ngày ban hành")
    assert "plans/a.md:5" in warning and "25/10/2021" in warning


def test_two_plans_with_one_slug_or_one_number_are_errors() -> None:
    a = plan("plans/2022/x.md", "number: 12-KH/HU\n")
    b = plan("plans/2023/x.md", "number: 12-KH/HU\n")
    problems = Problems()
    build_catalog([a, b], problems)
    messages = [str(p) for p in problems.errors]
    assert any("cùng đường dẫn trang 'ke-hoach/x/'" in m for m in messages)
    assert any("số hiệu 12-KH/HU đã dùng" in m for m in messages)


def test_a_directive_that_is_a_plan_on_the_site_shows_the_chain_up() -> None:
    province = plan(
        "plans/tinh.md", "number: 33-CTr/TU\nissued: 06/02/2023\nimplements:\n  - 28-NQ/TW\n"
    )
    town = plan("plans/thi-xa.md", "implements:\n  - 33-CTr/TU\n")
    catalog = build_catalog([province, town], Problems())
    ctr = catalog.by_slug["33-ctr-tu"]
    assert ctr.plan is province
    assert ctr.implemented_by == [town]
    assert [[d.slug for d in level] for level in catalog.chain_up(ctr)] == [["28-nq-tw"]]
