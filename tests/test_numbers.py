"""Document numbers: every messy form real texts contain is recognised and canonicalised."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plansite.core.numbers import find_numbers, parse_number, scan_numbers

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def found(text: str) -> list[str]:
    return [m.number.canonical for m in find_numbers(text)]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("21-KL/TW", "21-KL/TW"),
        ("01 - KL/TW", "01-KL/TW"),
        ("01- KL/TW", "01-KL/TW"),
        ("1-KL/TW", "01-KL/TW"),
        ("09 KH/ĐU", "09-KH/ĐU"),
        ("21-kl/tw", "21-KL/TW"),
        ("05-Qđi/ThU", "05-QĐi/ThU"),
        ("05-QDi/ThU", "05-QĐi/ThU"),
        ("890-QĐi/TU", "890-QĐi/TU"),
        ("33-CTr/TU", "33-CTr/TU"),
        ("34-HD/BTGTU", "34-HD/BTGTU"),
        ("28-NQ/TƯ", "28-NQ/TW"),
        ("21 – KL/TW", "21-KL/TW"),
        ("21/KL-TW", "21-KL/TW"),
        ("42/2022/NĐ-CP", "42/2022/NĐ-CP"),
        ("22/2023/TT-BTTTT", "22/2023/TT-BTTTT"),
        ("68/KH-UBND", "68/KH-UBND"),
        ("719/QĐ-TTg", "719/QĐ-TTg"),
    ],
)
def test_messy_spelling_is_recognised_and_canonicalised(written: str, canonical: str) -> None:
    assert found(f"Thực hiện văn bản số {written}, ngày 18/5/2021") == [canonical]


def test_number_glued_to_next_word_is_cut_at_the_code() -> None:
    (match,) = find_numbers("Thông báo số 70-TB/TWngày 12/3/2022")
    assert match.number.canonical == "70-TB/TW"
    assert match.raw == "70-TB/TW"


def test_number_split_over_a_line_break_is_recognised() -> None:
    assert found("Kết luận số 21-\nKL/TW ngày 25/10/2021") == ["21-KL/TW"]
    assert found("Kết luận số 21-KL/\nTW") == ["21-KL/TW"]


def test_typo_issuer_is_recognised_but_marked_unknown() -> None:
    (match,) = find_numbers("gọi tắt là NQ số 28-NQ/W")
    assert match.number.canonical == "28-NQ/W"
    assert not match.number.known_issuer


@pytest.mark.parametrize(
    "text",
    [
        "nhiệm kỳ 2020 - 2025",
        "ngày 18/01/2022",
        "làm việc 2 ca/ngày",
        "Phụ lục 01, 02 và 05",
        "BTG TU (b/c)",
        "giai đoạn 2021- 2025",
        "HĐND&UBND",
    ],
)
def test_text_that_is_not_a_number_is_not_taken_for_one(text: str) -> None:
    assert found(text) == []


def test_equal_numbers_have_equal_keys_whatever_the_spelling() -> None:
    spellings = ["05-QĐi/ThU", "05-Qđi/ThU", "5-qdi/thu", "05 - QDi/ThU"]
    keys = {parse_number(s).key for s in spellings}  # type: ignore[union-attr]
    assert keys == {"05-qdi/thu"}


def test_slug_folds_the_number() -> None:
    assert parse_number("21-KL/TW").slug == "21-kl-tw"  # type: ignore[union-attr]
    assert parse_number("05-QĐi/ThU").slug == "05-qdi-thu"  # type: ignore[union-attr]
    assert parse_number("42/2022/NĐ-CP").slug == "42-2022-nd-cp"  # type: ignore[union-attr]


def test_kind_and_issuer_come_from_the_code_tables() -> None:
    number = parse_number("21-KL/TW")
    assert number is not None
    assert number.kind == "Kết luận"
    assert number.issuer is not None and number.issuer.level == "trung-uong"
    assert parse_number("05-QĐi/ThU").kind == "Quy định"  # type: ignore[union-attr]


def test_every_number_in_seed_004_is_found() -> None:
    text = (SEEDS / "004_274e584e86b60b68.txt").read_text(encoding="utf-8")
    numbers = set(found(text))
    assert {
        "01-KL/TW",
        "21-KL/TW",
        "33-KH/ThU",
        "45-KH/ThU",
        "327-CV/ThU",
        "22-HD/BTG",
        "05-QĐi/ThU",
        "37-QĐ/TW",
        "29-KL/TU",
        "01-HD/BTC",
        "02-NQ/ThU",
        "22-QĐ/TW",
        "890-QĐi/TU",
        "05-CT/TW",
    } == numbers


@given(st.text(max_size=300))
def test_recognition_never_raises_on_arbitrary_text(text: str) -> None:
    for match in find_numbers(text):
        assert text[match.start : match.end] == match.raw


@given(
    st.integers(min_value=1, max_value=99999),
    st.sampled_from(["NQ", "KL", "CT", "CTr", "KH", "HD", "QĐ", "QĐi", "BC", "TB", "CV"]),
    st.sampled_from(["TW", "TU", "HU", "ThU", "ĐU", "BTGTU", "BTG", "UBKT"]),
)
def test_canonical_form_parses_back_to_itself(serial: int, type_code: str, issuer: str) -> None:
    number = parse_number(f"{serial}-{type_code}/{issuer}")
    assert number is not None
    again = parse_number(number.canonical)
    assert again == number
    assert again.canonical == number.canonical


GENRE = st.lists(
    st.sampled_from(
        [
            "Kết luận số 01 - KL/TW",
            "09 KH/ĐU",
            "70-TB/TWngày",
            "21-\nKL/TW",
            "ngày 18/5/2021",
            "42/2022/NĐ-CP",
            "68/KH-UBND",
            "21/KL-TW",
            " ",
            "\n",
            "2020 - 2025",
            "/",
            "a/b",
            "12",
            "-",
            "số",
            "QĐi/ThU",
            "   \n\n   ",
            "Nghị quyết 02-NQ/ThU",
            "x" * 60,
            "1523/UBND-VX",
            "Công văn 412/SNV",
            "30/2021/QH15",
            "87/BCĐ",
            "-VP",
            "UBTVQH13",
        ]
    ),
    max_size=40,
).map("".join)


@given(GENRE)
def test_searching_windows_around_slashes_finds_what_a_full_scan_finds(text: str) -> None:
    scan = scan_numbers(text)
    windowed = [(m.start, m.end, m.number) for m in scan.numbers]
    full = [(m.start, m.end, m.number) for m in scan_numbers(text, full=True).numbers]
    assert windowed == full
    assert windowed == [(m.start, m.end, m.number) for m in find_numbers(text)]
    assert scan.slashes == [i for i, ch in enumerate(text) if ch == "/"]


def test_windows_find_every_number_of_the_seeds_and_test_texts() -> None:
    from plansite.core.text import decode

    texts = [*SEEDS.glob("*.txt"), *(SEEDS.parent / "texts").glob("*.txt")]
    assert len(texts) >= 4
    for path in texts:
        text = decode(path.read_bytes())[0]
        full = [(m.start, m.end, m.number) for m in scan_numbers(text, full=True).numbers]
        assert [(m.start, m.end, m.number) for m in find_numbers(text)] == full, path.name


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("Công văn số 1523/UBND-VX ngày 12/5/2023", "1523/UBND-VX", "Công văn"),
        ("theo Công văn 412/SNV của Sở Nội vụ", "412/SNV", "Công văn"),
        ("Công văn số 87/BCĐ-VP", "87/BCĐ-VP", "Công văn"),
        ("Số: 45/STTTT-TTBCXB", "45/STTTT-TTBCXB", "Công văn"),
        ("Luật số 24/2018/QH14", "24/2018/QH14", None),
        ("Nghị quyết số 30/2021/QH15", "30/2021/QH15", None),
        ("Nghị quyết 1210/2016/UBTVQH13", "1210/2016/UBTVQH13", None),
    ],
)
def test_a_number_without_a_type_code_is_read_with_its_bodys_code(
    text: str, number: str, kind: str | None
) -> None:
    (match,) = find_numbers(text)
    assert match.number.canonical == number
    assert match.number.kind == kind
    assert match.number.issuer is not None
    assert parse_number(number) == match.number


@pytest.mark.parametrize(
    "text",
    [
        "2 ca/ngày",
        "1/2 số đảng viên",
        "nhà số 5/7 đường Trần Phú",
        "tỉ lệ 3/4",
        "ngày 20/11/2020",
        "gọi 0239/3855123",
        "Khoản 2/HĐND của quy chế",  # a body's code alone, after no "số" and no kind's name
        "lớp 10/A",
        "Tổ 5/TU",
        "Điều 5/QH",  # the National Assembly's code needs its term (QH15)
        "12/XYZ-AB",  # no known body
    ],
)
def test_slashes_that_are_not_numbers_without_a_type_code(text: str) -> None:
    assert found(text) == []
