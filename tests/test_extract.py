"""The text engine (plansite.extract) on the four seeds, on texts written for the tests, on one
golden case per pattern, and property tests of the number and date parsers it builds on."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plansite.core.dates import DateError, Period, parse_date, parse_period, parse_recurrence
from plansite.core.numbers import codes, find_numbers, parse_number
from plansite.core.text import decode
from plansite.extract import Extraction, cited_documents, extract, kind_before, layout

HERE = Path(__file__).parent
SEEDS = sorted((HERE / "fixtures" / "seeds").glob("*.txt"))
TEXTS = HERE / "fixtures" / "texts"
GOLDEN = sorted((HERE / "golden").glob("*.json"))
GROUND_TRUTH = HERE / "ground_truth"


def read_seed(path: Path) -> str:
    return decode(path.read_bytes())[0]


def seed_truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads((GROUND_TRUTH / f"{path.stem}.json").read_text("utf-8"))
    return truth


@pytest.fixture(scope="module", params=SEEDS, ids=[p.stem[:3] for p in SEEDS])
def seed(request: pytest.FixtureRequest) -> tuple[Extraction, dict[str, Any]]:
    path: Path = request.param
    return extract(read_seed(path)), seed_truth(path)


# --------------------------------------------------------------------------------------------
# The seeds against a ground truth written by reading them (tests/ground_truth/*.json)


def test_seed_citations_are_exactly_the_numbers_in_the_text(seed: Any) -> None:
    found, truth = seed
    assert [c.number for c in found.citations] == [c["number"] for c in truth["citations"]]


def test_seed_citations_carry_date_issuer_and_subject_where_the_sentence_gives_them(
    seed: Any,
) -> None:
    found, truth = seed
    by_number = {c.number: c for c in found.citations}
    for expected in truth["citations"]:
        got = by_number[expected["number"]]
        assert got.kind == expected["kind"], expected["number"]
        assert got.issued == expected["issued"], expected["number"]
        assert got.issuer == expected["issuer"], expected["number"]
        if expected["subject"] is None:
            assert got.subject is None, expected["number"]
        else:
            assert got.subject is not None and got.subject.startswith(expected["subject"])
        if "raw" in expected:
            assert got.raw == expected["raw"]


def test_seed_deadlines_have_the_right_day_and_period(seed: Any) -> None:
    found, truth = seed
    got = [(d.by, d.period, d.recurring) for d in found.deadlines]
    assert got == [(d["by"], d["period"], d["recurring"]) for d in truth["deadlines"]]


def test_seed_deadlines_keep_the_phrase_as_written_and_who_must_meet_them(seed: Any) -> None:
    found, truth = seed
    for got, expected in zip(found.deadlines, truth["deadlines"], strict=True):
        assert got.text.lower() in expected["written"].lower()
        assert got.who == expected["who"]
        assert got.what, got.text


def test_seed_durations_and_mentions_are_not_deadlines(seed: Any) -> None:
    found, truth = seed
    for phrase in truth["not_deadlines"]:
        assert not any(phrase.lower() == d.text.lower() for d in found.deadlines)


def test_seed_title_issuer_signer_recipients(seed: Any) -> None:
    found, truth = seed
    assert found.title == truth["title"]
    assert found.issuer == truth["issuer"]
    assert found.signer == truth["signer"]
    assert len(found.recipients) == truth["recipients"]
    assert found.number is None and found.issued is None  # the seeds have no letterhead


def test_seed_named_directives_include_those_named_without_number(seed: Any) -> None:
    found, truth = seed
    titles = [n["title"] for n in found.named_directives]
    for title in truth["named_directives"]:
        assert title in titles


def test_seed_implements_comes_from_the_title_and_opening_paragraph(seed: Any) -> None:
    found, truth = seed
    got = {i.get("number") or i["title"] for i in found.implements}
    assert got == set(truth["implements"])


def test_seed_output_is_json_ready(seed: Any) -> None:
    found, _ = seed
    data = found.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_typo_in_seed_003_is_reported_with_the_likely_number() -> None:
    found = extract(read_seed(SEEDS[2]))
    assert any("28-NQ/W" in w and "28-NQ/TW" in w for w in found.warnings)


def test_seed_layout_keeps_recipients_and_signature_out_of_the_body() -> None:
    for path in SEEDS:
        lay = layout(read_seed(path))
        assert lay.recipients is not None and lay.signature is not None
        assert lay.body[1] <= lay.recipients[0]
        assert lay.body[1] <= lay.signature[0]
        body = "\n".join(lay.lines[lay.body[0] : lay.body[1]])
        assert "Nơi nhận" not in body and "T/M" not in body


# --------------------------------------------------------------------------------------------
# Golden cases: one per pattern (tests/golden/*.json; PLANSITE_UPDATE_GOLDEN=1 rewrites them)


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_case(path: Path) -> None:
    case = json.loads(path.read_text("utf-8"))
    got = extract(case["input"], year=case["year"]).to_dict()
    subset = {key: got[key] for key in case["keys"]}
    if os.environ.get("PLANSITE_UPDATE_GOLDEN"):
        case["expected"] = subset
        path.write_text(json.dumps(case, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert subset == case["expected"]


# --------------------------------------------------------------------------------------------
# Texts the engine was not tuned to (tests/fixtures/texts, invented for the tests)


def fixture_text(name: str) -> str:
    return (TEXTS / name).read_text("utf-8")


def test_letterhead_gives_the_plans_own_number_date_and_place_not_a_citation() -> None:
    found = extract(fixture_text("dang-uy-xa-co-tieu-de-van-ban.txt"))
    assert (found.number, found.issued, found.locality) == ("09-KH/ĐU", "2024-04-05", "Bình Minh")
    assert "09-KH/ĐU" not in [c.number for c in found.citations]


def test_glued_and_split_numbers_and_bare_references_in_an_invented_commune_plan() -> None:
    found = extract(fixture_text("dang-uy-xa-co-tieu-de-van-ban.txt"))
    cited = {c.number: c for c in found.citations}
    assert set(cited) == {"70-TB/TW", "12-KH/HU"}
    assert cited["70-TB/TW"].kind == "Thông báo kết luận"
    assert cited["70-TB/TW"].issued == "2020-03-05"
    assert cited["12-KH/HU"].raw == "12-\nKH/HU"
    assert cited["12-KH/HU"].issuer == "Ban Thường vụ Huyện ủy"
    named = {n["title"]: n for n in found.named_directives}
    assert named["Chỉ thị số 05"]["issuer"] == "Bộ Chính trị"
    assert "Nghị quyết Trung ương 4 khóa XII" in named


def test_dates_without_year_take_the_year_of_the_letterhead() -> None:
    found = extract(fixture_text("dang-uy-xa-co-tieu-de-van-ban.txt"))
    got = [(d.by, d.period, d.recurring) for d in found.deadlines]
    assert got == [
        ("2024-05-20", None, None),
        ("2024-06-30", "2024-06", None),
        ("2024-06-30", "2024-H1", None),
        (None, None, "quarterly"),
        ("2024-12-31", "2024", None),
        ("2024-12-15", None, None),
    ]
    assert found.signer == {
        "name": "Nguyễn Văn Bình",
        "title": "Phó Bí thư",
        "on_behalf_of": "Đảng ủy",
    }


def test_plan_without_blank_lines_and_signature_before_recipients() -> None:
    found = extract(fixture_text("huyen-uy-chu-ky-truoc-noi-nhan.txt"), year=2023)
    assert found.title == "Tuyên truyền, học tập Nghị quyết năm 2023 của Tỉnh ủy, Huyện ủy"
    assert found.issuer == "Ban Thường vụ Huyện ủy"
    assert found.signer == {
        "name": "Trần Minh Quang",
        "title": "Bí thư",
        "on_behalf_of": "Ban Thường vụ",
    }
    assert found.recipients == [
        "Thường trực Tỉnh ủy (b/c)",
        "Các đảng bộ, chi bộ trực thuộc",
        "Lưu VPHU",
    ]
    numbers = [(c.number, c.issued) for c in found.citations]
    assert ("28-NQ/TW", "2013-10-25") in numbers and ("28-NQ/TW", "2022-11-17") in numbers
    assert ("42/2022/NĐ-CP", "2022-06-24") in numbers and ("719/QĐ-TTg", None) in numbers
    assert [(d.by, d.period) for d in found.deadlines] == [
        ("2023-06-30", None),
        ("2023-09-30", "2023-09"),
        ("2023-10-31", "2023-10-H2"),
        ("2023-12-31", "2023-Q4"),
        ("2023-09-30", "2023-Q3"),
    ]


def test_typos_and_odd_spacing_in_an_invented_board_plan() -> None:
    found = extract(fixture_text("ban-tuyen-giao-loi-danh-may.txt"), year=2023)
    assert [c.number for c in found.citations] == ["34-HD/BTGTU", "28-NQ/TW", "15-NQ/TW"]
    assert found.citations[2].raw == "15-NQ/TƯ"
    assert any("31/02/2023" in w for w in found.warnings)  # a day that does not exist
    got = [(d.by, d.recurring, d.who) for d in found.deadlines]
    assert got == [
        ("2023-07-10", None, "Đài Truyền thanh huyện"),
        ("2023-08-15", None, "Ban Tuyên giáo Huyện ủy"),
        ("2023-09-20", None, "Các xã, thị trấn"),
        (None, "monthly", "Trung tâm Văn hóa huyện"),
        (None, "every-6-months", "Trung tâm Văn hóa huyện"),
        (None, "yearly-Q1", "Các chi bộ"),
    ]
    assert found.signer == {"name": "Lê Thị Hoa", "title": "Trưởng ban"}


def test_extract_reads_markdown_emphasis_and_crlf_like_plain_text() -> None:
    text = read_seed(SEEDS[0])
    assert extract(text.replace("\n", "\r\n")) == extract(text)
    assert extract(text.replace("**", "")).deadlines == extract(text).deadlines


def test_a_deadline_under_a_heading_that_names_no_body_has_no_who() -> None:
    # "Thời gian:" cleans to nothing and the sentence names no body: this once raised.
    text = (
        "ĐẢNG BỘ XÃ X\nKẾ HOẠCH\nhọc tập nghị quyết\n\nI. NỘI DUNG\n1. Thời gian:\n"
        "- Học tập nghị quyết, hoàn thành trước ngày 20/5/2023.\n"
    )
    deadlines = extract(text).deadlines
    assert [(d.by, d.who) for d in deadlines] == [("2023-05-20", None)]


# --------------------------------------------------------------------------------------------
# kind_before (used by the catalogue)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Quy định số 37-QĐ/TW", "Quy định"),
        ("Quyết định số 99-QĐ/TU", "Quyết định"),
        ("thực hiện Nghị quyết 02-NQ/ThU", "Nghị quyết"),
        ("Chương trình hành động số 33-CTr/TU", "Chương trình hành động"),
        ("Thông báo kết luận số 70-TB/TW", "Thông báo kết luận"),
        ("theo **Hướng dẫn** số: 34-HD/BTGTU", "Hướng dẫn"),
        ("(gọi tắt là NQ số 28-NQ/TW)", "Nghị quyết"),
        ("kế hoạch thực hiện NQ 28-NQ/TU", "Nghị quyết"),
        ("Căn cứ số 12-KH/HU", None),
        ("12-KH/HU", None),
    ],
)
def test_kind_before_names_the_document_word_before_the_number(text: str, kind: str | None) -> None:
    start = next(find_numbers(text)).start
    assert kind_before(text, start) == kind


# --------------------------------------------------------------------------------------------
# Property tests: parsers never raise on arbitrary input; canonical numbers round-trip


_PARTY_TYPES = [code for code, _ in codes().party_types.values()]
_PARTY_ISSUERS = [*sorted({info.code for info in codes().party_issuers.values()}), "TƯ"]
_STATE_TYPES = [code for code, _ in codes().state_types.values()]
_STATE_ISSUERS = sorted({info.code for info in codes().state_issuers.values()})
_LETTERS = "ABCDEGHIKLMNOPQRSTUVXYĐabcdđeghiklmnopqrstuvxy"
_SEPARATORS = ["-", " - ", "- ", " -", "–", " ", "-\n", "\n-", " — "]

code_like = st.text(alphabet=_LETTERS, min_size=1, max_size=6)
party_number = st.builds(
    lambda serial, sep, kind, slash, issuer, case: case(f"{serial}{sep}{kind}{slash}{issuer}"),
    st.integers(0, 99999).map(str) | st.sampled_from(["01", "05", "09", "007"]),
    st.sampled_from(_SEPARATORS),
    st.sampled_from(_PARTY_TYPES) | code_like,
    st.sampled_from(["/", " / ", "/ "]),
    st.sampled_from(_PARTY_ISSUERS) | code_like,
    st.sampled_from([str, str.lower, str.upper]),
)
state_number = st.builds(
    lambda serial, year, kind, issuer: f"{serial}/{year}{kind}-{issuer}",
    st.integers(1, 9999),
    st.sampled_from(["", "2022/", "2019/"]),
    st.sampled_from(_STATE_TYPES) | code_like,
    st.sampled_from(_STATE_ISSUERS) | code_like,
)
genre_word = st.sampled_from(
    [
        "Kết luận số",
        "Nghị quyết",
        "số",
        "ngày",
        "của",
        "Ban Chấp hành Trung ương",
        "về",
        "và",
        "trước ngày",
        "hoàn thành trong",
        "quý I",
        "năm 2023",
        "tháng 3/2022",
        "nửa đầu tháng",
        "hằng năm",
        "định kỳ 6 tháng",
        "Thời gian:",
        "01 ngày",
        "KẾ HOẠCH",
        "Nơi nhận:",
        "T/M",
        "BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Nguyễn Văn A",
        "I.",
        "1.",
        "a.",
        "-",
        "+",
        "·",
        "*",
        "**",
        "(",
        ")",
        "“",
        "”",
        ";",
        ",",
        ".",
        ":",
        "/",
        "\n",
        "\n\n",
        "  ",
        "20/11/2020",
        "31/2/2023",
        "ngày 20 tháng 11 năm 2020",
        "Chỉ thị số 05",
        "Đại hội",
        "lần thứ XIX",
        "Tỉnh ủy",
        "./.",
    ]
)
genre_text = st.lists(
    genre_word | party_number | state_number | st.text(max_size=8), max_size=60
).map(" ".join)


@given(st.text())
@example("28-NQ/W")
@example("70-TB/TWngày")
@example("5-KH/2022/NĐ-CP")
def test_parse_number_never_raises_on_arbitrary_text(text: str) -> None:
    assert parse_number(text) is None or parse_number(text) == parse_number(text)


@given(genre_text | st.text())
def test_find_numbers_never_raises_and_matches_are_ordered_and_as_written(text: str) -> None:
    end = -1
    for m in find_numbers(text):
        assert m.start >= end
        assert text[m.start : m.end] == m.raw
        end = m.end


@given(party_number | state_number)
def test_canonical_number_parses_back_to_itself_and_canonicalising_is_idempotent(
    written: str,
) -> None:
    number = parse_number(written)
    if number is None:
        return
    again = parse_number(number.canonical)
    assert again == number
    assert again.canonical == number.canonical
    assert again.key == number.key


@given(st.text() | genre_text)
@example("31/02/2023")
@example("2023-Q5")
@example("quý V năm 2023")
@example("99999")
@example("1/1/99999")
def test_date_parsers_raise_only_date_error(text: str) -> None:
    for parse in (parse_date, parse_period, parse_recurrence):
        try:
            parse(text)
        except DateError as error:
            assert str(error)  # a Vietnamese message for the editor


periods = st.one_of(
    st.dates(min_value=parse_date("1900-01-01"), max_value=parse_date("2999-12-31")).map(
        Period.day
    ),
    st.builds(Period.month, st.integers(1900, 2999), st.integers(1, 12)),
    st.builds(Period.half_month, st.integers(1900, 2999), st.integers(1, 12), st.integers(1, 2)),
    st.builds(Period.quarter, st.integers(1900, 2999), st.integers(1, 4)),
    st.builds(Period.half_year, st.integers(1900, 2999), st.integers(1, 2)),
    st.builds(Period.year, st.integers(1900, 2999)),
)


@given(periods)
def test_a_period_code_and_label_read_back_to_the_same_period(period: Period) -> None:
    assert parse_period(period.code or period.iso) == period
    assert parse_period(period.label) == period


@given(genre_text | st.text())
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@example("KẾ HOẠCH\n\nNơi nhận:\n- A\n\nT/M\nNguyễn Văn A")
@example("trước 20/5 hằng năm quý I hằng năm")
def test_extract_never_raises_and_gives_json(text: str) -> None:
    data = extract(text).to_dict()
    json.dumps(data, ensure_ascii=False)
    for d in data["deadlines"]:
        assert (d["by"] is None) == (d["recurring"] is not None)


def test_cited_documents_are_extracts_citations_on_every_golden_input() -> None:
    """The catalogue's quick reader agrees with extract(), reposts and tables included."""
    for path in GOLDEN:
        text = json.loads(path.read_text("utf-8"))["input"]
        assert cited_documents(text) == extract(text).citations, path.stem


def test_a_task_table_reads_the_same_as_pipes_and_as_tabs() -> None:
    rows = [
        ("Tiến độ", "Nội dung", "Chủ trì"),
        ("Quý III.2024", "Sơ kết | đánh giá", "Các chi bộ"),
        ("trước 30/6/2024", "Học tập Nghị quyết số 08-NQ/TU", "Đảng ủy xã"),
        ("Thường xuyên", "Kiểm tra", "Ủy ban Kiểm tra"),
    ]
    head = "KẾ HOẠCH\nHọc tập Nghị quyết\n\n"
    escaped = [tuple(c.replace("|", "\\|") for c in r) for r in rows]
    pipes = "\n".join(
        ["| " + " | ".join(escaped[0]) + " |", "|---|---|---|"]
        + ["| " + " | ".join(r) + " |" for r in escaped[1:]]
    )
    tabs = "\n".join("\t".join(r) for r in rows)
    by_pipes = extract(head + pipes).deadlines
    assert by_pipes == extract(head + tabs).deadlines
    assert [(d.by, d.who, d.what) for d in by_pipes] == [
        ("2024-09-30", "Các chi bộ", "Sơ kết | đánh giá"),
        ("2024-06-30", "Đảng ủy xã", "Học tập Nghị quyết số 08-NQ/TU"),
    ]
    assert [c.number for c in extract(head + pipes).citations] == ["08-NQ/TU"]


def test_a_table_without_a_when_column_is_read_as_lines() -> None:
    text = "KẾ HOẠCH\nTuyên truyền\n\n| Nội dung | Ghi chú |\n| --- | --- |\n"
    text += "| Các chi bộ tổ chức học tập, hoàn thành trong tháng 3/2024 | |\n"
    assert [(d.by, d.who) for d in extract(text).deadlines] == [("2024-03-31", "Các chi bộ")]


def test_field_report_says_per_field_what_was_read_and_what_to_check() -> None:
    found = extract(fixture_text("dang-uy-xa-co-tieu-de-van-ban.txt"))
    report = {s.field: s for s in found.field_report()}
    assert set(report) == {
        "title",
        "kind",
        "number",
        "issued",
        "locality",
        "issuer",
        "signer",
        "recipients",
        "citations",
        "implements",
        "deadlines",
    }
    assert report["number"].read and report["deadlines"].read
    assert f"{len(found.deadlines)} mốc" in report["deadlines"].check
    empty = {s.field: s for s in extract("Một dòng chữ.").field_report()}
    assert not empty["number"].read
    assert empty["number"].line() == (
        "Số hiệu: để trống; phần đầu không có dòng 'Số:' đọc được: điền số hiệu từ bản gốc, nếu có"
    )
    assert all(not s.read for s in empty.values())


def test_plansite_extract_prints_the_json_and_then_what_was_read_in_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from plansite.cli import main

    source = tmp_path / "ke-hoach.txt"
    source.write_text(fixture_text("dang-uy-xa-co-tieu-de-van-ban.txt"), "utf-8")
    assert main(["extract", str(source)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["number"] == "09-KH/ĐU"  # stdout stays JSON
    assert f"Những gì đọc được từ {source}:" in err
    assert "  - Số hiệu: đọc được từ văn bản; đối chiếu với dòng 'Số:' của bản gốc" in err
    assert "Thời hạn: đọc được từ văn bản; 6 mốc" in err
