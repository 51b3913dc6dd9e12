"""Fuzzing the front-matter reader and the parsers: only the documented outcomes, never a crash."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plansite.core.dates import DateError, parse_date, parse_period, parse_recurrence
from plansite.core.frontmatter import read_bytes
from plansite.core.numbers import find_numbers, parse_number
from plansite.core.plan import read_plan_text
from plansite.core.problems import Problems

KEYS = [
    "title",
    "published",
    "issued",
    "number",
    "milestones",
    "implements",
    "signer",
    "level",
    "attachments",
    "corrections",
    "term",
    "until",
    "replaces",
    "summary",
    "x",
]
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "31/02/2022",
            "2022-13-01",
            "[a, b]",
            "{a: 1}",
            "- x",
            "&a x",
            "*a",
            '"unterminated',
            "21-KL/TW",
            "2023-Q5",
            "yearly-Q9",
            "\t",
            "2020 - 2025",
        ]
    ),
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = ["---"]
    for _ in range(draw(st.integers(0, 8))):
        key = draw(st.sampled_from(KEYS))
        indent = draw(st.sampled_from(["", "", "  ", "\t"]))
        lines.append(f"{indent}{key}: {draw(VALUES)}")
        if draw(st.booleans()):
            lines.append(
                f"  - {draw(st.sampled_from(['by', 'what', 'number', 'path']))}: {draw(VALUES)}"
            )
    if draw(st.booleans()):
        lines.append("---")
    lines.append(draw(st.text(max_size=80)))
    return "\n".join(lines)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter())
def test_reader_returns_a_plan_or_problems_and_never_raises(text: str) -> None:
    problems = Problems()
    plan = read_plan_text(text, "plans/x.md", problems)
    assert plan is not None or problems.errors
    for problem in problems.items:
        assert problem.file == "plans/x.md" and problem.line >= 1 and problem.message


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_decoded_or_reported(data: bytes) -> None:
    problems = Problems()
    text = read_bytes(data, "plans/x.md", problems)
    if text is not None:
        read_plan_text(text, "plans/x.md", problems)
    else:
        assert problems.errors


@given(st.text(max_size=200))
def test_number_and_date_parsers_raise_only_the_documented_error(text: str) -> None:
    list(find_numbers(text))
    parse_number(text)
    for parser in (parse_date, parse_period, parse_recurrence):
        with contextlib.suppress(DateError):
            parser(text)
