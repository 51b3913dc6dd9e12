"""Dates and deadlines: both orders, periods shown as periods, impossible dates refused."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plansite.core.dates import DateError, parse_date, parse_period, parse_recurrence


@pytest.mark.parametrize(
    "written", ["2022-01-18", "18/01/2022", "18/1/2022", "ngày 18 tháng 01 năm 2022"]
)
def test_a_date_is_read_in_either_order(written: str) -> None:
    assert parse_date(written) == date(2022, 1, 18)


@pytest.mark.parametrize(
    ("written", "by", "code", "label"),
    [
        ("20/11/2020", date(2020, 11, 20), None, "20/11/2020"),
        ("2022-02", date(2022, 2, 28), "2022-02", "Tháng 02/2022"),
        ("tháng 3/2022", date(2022, 3, 31), "2022-03", "Tháng 03/2022"),
        ("2022-02-H1", date(2022, 2, 15), "2022-02-H1", "Nửa đầu tháng 02/2022"),
        ("nửa đầu tháng 02/2022", date(2022, 2, 15), "2022-02-H1", "Nửa đầu tháng 02/2022"),
        ("2023-Q1", date(2023, 3, 31), "2023-Q1", "Quý I/2023"),
        ("quý I năm 2023", date(2023, 3, 31), "2023-Q1", "Quý I/2023"),
        ("Quý III/2025", date(2025, 9, 30), "2025-Q3", "Quý III/2025"),
        ("6 tháng đầu năm 2022", date(2022, 6, 30), "2022-H1", "6 tháng đầu năm 2022"),
        ("2024-02", date(2024, 2, 29), "2024-02", "Tháng 02/2024"),
    ],
)
def test_a_period_has_its_last_day_as_deadline_and_is_shown_as_a_period(
    written: str, by: date, code: str | None, label: str
) -> None:
    period = parse_period(written)
    assert (period.by, period.code, period.label) == (by, code, label)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("31/02/2022", "chỉ có 28 ngày"),
        ("2022-13-01", "tháng 13"),
        ("1/1/20222", "20222"),
        ("hôm qua", "không đọc được"),
    ],
)
def test_an_impossible_date_is_refused_with_a_vietnamese_reason(written: str, says: str) -> None:
    with pytest.raises(DateError, match=says):
        parse_period(written)


def test_recurring_rules_are_read_from_code_or_phrase() -> None:
    assert parse_recurrence("quý I hằng năm").code == "yearly-Q1"
    assert parse_recurrence("yearly-Q1").label == "Quý I hằng năm"
    assert parse_recurrence("định kỳ 6 tháng").code == "every-6-months"
    assert [p.code for p in parse_recurrence("yearly-Q1").occurrences(2023, 2024)] == [
        "2023-Q1",
        "2024-Q1",
    ]


@given(st.text(max_size=60))
def test_period_reader_raises_only_date_error(text: str) -> None:
    with contextlib.suppress(DateError):
        parse_period(text)
