"""Citations."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from ..core.numbers import DocumentNumber, NumberMatch
from .kinds import citation_facts, kind_before, kind_for
from .sentences import context_of, issuer_fits
from .vocabulary import squash


@dataclass
class Doc:
    number: DocumentNumber
    raw: str
    kind: str | None
    issued: date | None
    year: int | None
    issuer: str | None
    subject: str | None
    mentions: list[int]
    facts: tuple[str, str | None, str | None]  # _facts(number)


def find_citations(p: str, matches: list[NumberMatch], warnings: list[str]) -> list[Doc]:
    docs: list[Doc] = []
    by_key: dict[str, list[Doc]] = {}
    for m in matches:
        facts = citation_facts(m.number)
        word = kind_before(p, m.start)
        ctx = context_of(p, m.end)
        if ctx.bad_date:
            warnings.append(
                f"số hiệu '{m.number.canonical}': ngày ban hành '{ctx.bad_date}' "
                "không tồn tại; kiểm tra lại văn bản"
            )
        if ctx.cut:
            warnings.append(f"số hiệu '{m.number.canonical}': {ctx.cut}; kiểm tra lại văn bản")
        issuer = ctx.issuer
        if issuer and not issuer_fits(issuer, m.number, facts[2]):
            warnings.append(
                f"số hiệu '{m.number.canonical}' có mã cơ quan khác cấp với '{issuer}' đứng sau "
                "nó: có thể 'của …' thuộc về văn bản khác trong câu, nên không ghi cơ quan ban hành"
            )
            issuer = None
        # A number without a type code names no kind for sure: the word before it does.
        kind = kind_for(word, facts[1]) if m.number.type_code else word or facts[1]
        same = by_key.setdefault(facts[0], [])
        doc = next(
            (d for d in same if d.year is None or ctx.year is None or d.year == ctx.year), None
        )
        if doc is None:
            doc = Doc(
                m.number,
                squash(m.raw) if "\n" not in m.raw else m.raw,
                kind,
                ctx.issued,
                ctx.year,
                issuer,
                ctx.subject,
                [m.start],
                facts,
            )
            docs.append(doc)
            same.append(doc)
            continue
        doc.mentions.append(m.start)
        if ctx.issued and doc.issued and ctx.issued != doc.issued:
            warnings.append(
                f"số hiệu '{doc.number.canonical}' được ghi với hai ngày ban hành khác nhau "
                f"({doc.issued:%d/%m/%Y} và {ctx.issued:%d/%m/%Y}); kiểm tra lại văn bản"
            )
        doc.kind = doc.kind if word is None or doc.kind != doc.facts[1] else kind
        doc.issued = doc.issued or ctx.issued
        doc.year = doc.year or ctx.year
        doc.issuer = doc.issuer or issuer
        doc.subject = doc.subject or ctx.subject
    for doc in docs:
        n = doc.number
        what = n.unknown_code
        if what is None:
            continue
        similar = {
            d.number.canonical
            for d in docs
            if d.number.serial == n.serial
            and d.number.form == n.form
            and d.number.known_issuer
            and d.number.known_type
            and d is not doc
        }
        close = difflib.get_close_matches(n.canonical, sorted(similar), n=1, cutoff=0)
        hint = f"; có thể là lỗi đánh máy của {close[0]}" if close else ""
        warnings.append(f"số hiệu '{squash(doc.raw)}': {what} không có trong danh mục{hint}")
    return docs
