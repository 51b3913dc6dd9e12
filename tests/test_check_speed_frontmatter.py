"""The plain front-matter reader (issue 18, point 2) reads exactly what libyaml reads.

``frontmatter._plain_meta`` reads the shapes plansite writes without YAML's machinery and
gives up (None) on anything else; whatever it reads must be what the libyaml reader and the
checked reader read of the same text, values and lines. Timings are in tests/benchmarks/.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from plansite.core import frontmatter
from plansite.core.problems import Problems

ROOT = Path(__file__).resolve().parent.parent

#: Pieces of values that YAML reads in other ways: quotes, escapes, comments, colons,
#: numbers, booleans, nulls, indicators, spaces, line-break characters, Vietnamese text.
_PIECES = [
    "a",
    "Kế hoạch",
    "số 05-CT/TW",
    "2023-03-04",
    "02/03/2023",
    "2023 - 2028",
    "2023-Q2",
    "12",
    "0x1F",
    "1_000",
    "3.5",
    "1e3",
    ".5",
    "-7",
    "+3",
    "1:30",
    "true",
    "no",
    "On",
    "null",
    "~",
    "Null",
    "=",
    "<<",
    '"',
    "'",
    "''",
    "\\",
    "\\n",
    ": ",
    ":",
    " #",
    "#",
    "# x",
    "-",
    "- ",
    "?",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "!",
    "!!str",
    "|",
    ">",
    "%",
    "@",
    "`",
    " ",
    "  ",
    "\t",
    "\xa0",
    "\u3000",
    "\u2028",
    "\x85",
    "\r",
    "\ufeff",
    "…",
    "“x”",
]
_values = st.lists(st.sampled_from(_PIECES), min_size=0, max_size=4).map("".join)
_quoted = _values.map(lambda v: f'"{v}"') | _values.map(lambda v: f"'{v}'")
_scalar = _values | _quoted
_keys = st.sampled_from(["title", "number", "by", "what", "who", "on_behalf_of", "a", "x1"])
_indents = st.sampled_from(["", " ", "  ", "    "])


@st.composite
def _front_matter(draw: st.DrawFn) -> str:
    """Lines of key/value, key alone, "- value" and "- key: value" at drawn indents."""
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        indent = draw(_indents)
        shape = draw(st.sampled_from(["kv", "k", "item", "item-kv", "blank", "other"]))
        if shape == "kv":
            lines.append(f"{indent}{draw(_keys)}: {draw(_scalar)}")
        elif shape == "k":
            lines.append(f"{indent}{draw(_keys)}:{draw(st.sampled_from(['', ' ']))}")
        elif shape == "item":
            lines.append(f"{indent}- {draw(_scalar)}")
        elif shape == "item-kv":
            lines.append(f"{indent}- {draw(_keys)}: {draw(_scalar)}")
        elif shape == "blank":
            lines.append(indent)
        else:
            lines.append(indent + draw(_values))
    return "\n".join(lines)


def _check(text: str) -> bool:
    """Whether the plain reader read ``text``; what it read is what the others read."""
    plain = frontmatter._plain_meta(text)
    if plain is None:
        return False
    assert plain == frontmatter._fast_meta(text, "x.md")
    problems = Problems()
    assert plain == frontmatter._checked_meta(text, "x.md", problems)
    assert not problems
    return True


@settings(max_examples=1500, deadline=None)
@given(_front_matter())
def test_plain_reader_reads_what_libyaml_reads(text: str) -> None:
    _check(text)


def test_plain_reader_reads_the_shapes_plansite_writes() -> None:
    text = "\n".join(
        [
            'title: "Kế hoạch: thực hiện # Chỉ thị số 05-CT/TW"',
            "number: 08-KH/BTGHU",
            "issued: 02/03/2023",
            "published: 2023-03-04  ",
            "signer:",
            "  name: 'Ngô Thị ''Nga'''",
            "",
            "implements:",
            "  - number: 01-NQ/TU",
            '    title: "bảo vệ môi trường"',
            "  - number: 02-CT/TW",
            "topics:",
            '  - "Công tác cán bộ"',
            "  - Dân vận [x], {y}",
        ]
    )
    assert _check(text)
    meta = frontmatter._plain_meta(text)
    assert meta is not None
    assert meta["title"].value == "Kế hoạch: thực hiện # Chỉ thị số 05-CT/TW"
    assert meta["signer"].line == 6 and meta["signer"].value["name"].value == "Ngô Thị 'Nga'"
    assert meta["implements"].value[1].value["number"].line == 12
    assert meta["topics"].value[1].value == "Dân vận [x], {y}"


def test_plain_reader_leaves_other_shapes_to_libyaml() -> None:
    for text in [
        "title: a\ntitle: b",  # a duplicate key: the checked reader reports it
        "year: 2023",  # an int
        "draft: true",
        "summary: >-\n  a\n  b",
        "title: a\n  b",  # a value that goes on at the next line
        "title: a # comment",
        "topics:\n- a",  # a list at its key's indent
        "title:",  # null
        "topics: [a, b]",
        'title: "a\\"b"',
        "title: a: b",
        "- a",
        "  title: a",
        "a: b\n\nc:",
    ]:
        assert frontmatter._plain_meta(text) is None, text


def test_every_plan_of_the_sample_site_reads_the_same_whichever_way() -> None:
    for path in sorted((ROOT / "plans").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
        front = "\n".join(lines[1:close])
        plain = frontmatter._plain_meta(front)
        assert plain is None or plain == frontmatter._fast_meta(front, "x.md")
