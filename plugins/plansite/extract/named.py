"""Named directives (no number) and bare references ("Chỉ thị số 05")."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .deadlines import NAM_YEAR, SO_NUMBER, anchors, digit_anchors, lower_slice
from .kinds import kind_before
from .sentences import context_of
from .vocabulary import U, fold_word, squash

_NQ_BEFORE = re.compile(r"nghị\s+quyết\s+$")
_CONGRESS = re.compile(
    r"(?i:đại\s+hội)(?P<delegates>\s+(?i:đại\s+biểu))?(?:\s+(?i:toàn\s+quốc))?"
    r"(?:\s+(?P<body>(?i:đảng\s+bộ)(?:\s+[^\W\d_]+){0,4}?))?(?:\s+(?i:lần\s+thứ))?"
    r"\s+(?P<ord>[IVXL]{1,6})\b(?P<dang>\s+(?i:của)\s+(?i:đảng)\b)?"
    r"(?P<term>,?\s*(?i:nhiệm\s+kỳ)\s+\d{4}\s*[-–]\s*\d{4})?"
)
_COMMITTEE = (
    rf"(?i:(?:ban\s+(?:thường\s+vụ|chấp\s+hành)\s+)?(?:(?:tỉnh|huyện|thị|thành|quận|đảng)\s+(?:{U})"
    r"|chi\s+bộ|đảng\s+bộ\s+(?:tỉnh|huyện|xã|phường|thị\s+xã|thành\s+phố)))"
)
_YEARLY = re.compile(
    rf"năm\s+(?P<year>\d{{4}})\s+(?i:của)\s+(?P<bodies>{_COMMITTEE}"
    rf"(?:\s*(?:,|(?i:và))\s*(?:(?i:của)\s+)?{_COMMITTEE})*)"
)
#: What _YEARLY needs after "năm": a quick test on the text as written, before lower-casing.
_YEARLY_OF = re.compile(r"\s+\d{4}\s+(?i:của)")
_ONE_COMMITTEE = re.compile(_COMMITTEE)
_CENTRAL = re.compile(
    r"(?i:trung\s+ương)\s+(?P<n>\d{1,2})\s*,?\s*\(?\s*(?i:khóa|khoá)\s+(?P<k>[IVXL]{1,5})\b"
)
_CENTRAL_BEFORE = re.compile(
    r"nghị\s+quyết\s+(?:hội\s+nghị\s+)?(?:lần\s+thứ\s+\S+\s+)?(?:(?:ban\s+chấp\s+hành|bch)\s+)?$"
)
_BARE = re.compile(r"(?i:số)\s*:?\s*(?P<n>\d{1,4})(?![\d/\-–]|\s*[-–]?\s*[A-Za-zĐđ]{1,6}\s*/)")


@dataclass
class Named:
    key: tuple[Any, ...]
    title: str
    kind: str
    start: int
    number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    subject: str | None = None
    raw: str = ""
    mentions: list[int] = field(default_factory=list)


def _kind_start(p: str, at: int, kind: str) -> int:
    """Where the kind word found by :func:`kind_before` starts, before ``at``."""
    lo = max(0, at - 48)
    i = lower_slice(p, lo, at).rfind(kind.split()[0].lower())
    if i >= 0:
        return lo + i
    words = p[lo:at].split()  # an abbreviation ("NQ số 05"): the last word
    return p.rfind(words[-1], lo, at) if words else at


def find_named_directives(
    p: str, taken: list[tuple[int, int]], years: list[int] | None = None
) -> list[Named]:
    """Directives named without a number, and bare references ("Chỉ thị số 05"); ``taken``
    are the spans of numbers found, which are not bare references; ``years`` where "năm
    <year>" stands, if already known."""
    found: list[Named] = []
    for at in anchors(p, "đại hội"):
        lo = max(0, at - 16)
        before = _NQ_BEFORE.search(lower_slice(p, lo, at))
        if not before or not (m := _CONGRESS.match(p, at)):
            continue
        start = lo + before.start()
        end = m.end()
        body = fold_word(m["body"] or "toan quoc")
        issuer_end = m.end("dang") if m["dang"] else m.end("ord")
        found.append(
            Named(
                ("congress", body, m["ord"]),
                squash(p[start:end]),
                "Nghị quyết",
                start,
                issuer=squash(p[at:issuer_end]),
                raw=p[start:end],
            )
        )
    for at in digit_anchors(p, NAM_YEAR) if years is None else years:
        end = min(len(p), at + 160)
        if not _YEARLY_OF.match(p, at + 3, end):
            continue
        m = _YEARLY.match(lower_slice(p, at, end))
        if not m:
            continue
        kind = kind_before(p, at)
        if kind is None:
            continue
        start = _kind_start(p, at, kind)
        bodies_start = at + m.start("bodies")
        for b in _ONE_COMMITTEE.finditer(p, bodies_start, at + m.end("bodies")):
            body = squash(b.group(0))
            key = ("yearly", fold_word(kind), m["year"], fold_word(body))
            found.append(
                Named(
                    key,
                    f"{kind} năm {m['year']} của {body}",
                    kind,
                    start,
                    issuer=body,
                    raw=p[start : at + m.end()],
                )
            )
    for at in anchors(p, "trung ương"):
        m = _CENTRAL.match(p, at)
        if not m:
            continue
        lo = max(0, at - 60)
        before = _CENTRAL_BEFORE.search(lower_slice(p, lo, at))
        if not before:
            continue
        start = lo + before.start()
        found.append(
            Named(
                ("central", int(m["n"]), m["k"]),
                squash(p[start : m.end()]),
                "Nghị quyết",
                start,
                raw=p[start : m.end()],
            )
        )
    taken_starts = sorted(taken)
    for at in digit_anchors(p, SO_NUMBER):
        m = _BARE.match(p, at)
        if not m:
            continue
        pos = m.start("n")
        i = bisect.bisect_right(taken_starts, (pos, len(p))) - 1
        if i >= 0 and taken_starts[i][0] <= pos < taken_starts[i][1]:
            continue
        kind = kind_before(p, at)
        if kind is None:
            continue
        number = m["n"]
        start = _kind_start(p, at, kind)
        named = Named(
            ("bare", fold_word(kind), int(number)),
            f"{kind} số {number}",
            kind,
            start,
            number=number,
            raw=p[start : m.end()],
        )
        ctx = context_of(p, m.end())
        named.issuer, named.issued, named.subject = ctx.issuer, ctx.issued, ctx.subject
        found.append(named)
    merged: dict[tuple[Any, ...], Named] = {}
    for named in sorted(found, key=lambda n: n.start):
        kept = merged.get(named.key)
        if kept is None:
            named.mentions.append(named.start)
            merged[named.key] = named
            continue
        kept.mentions.append(named.start)
        longer = "nhiệm kỳ" in named.title and "nhiệm kỳ" not in kept.title
        if named.key[0] == "congress" and longer:
            kept.title = named.title
        kept.issuer = kept.issuer or named.issuer
        kept.issued = kept.issued or named.issued
        kept.subject = kept.subject or named.subject
    return list(merged.values())
