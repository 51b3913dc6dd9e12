"""Citation sentences: "<Kind> số <number>, ngày <date> của <issuer> về <subject>"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..core.dates import DateError, Period, parse_date, parse_period, parse_recurrence
from ..core.numbers import DocumentNumber
from .kinds import skip_ws
from .vocabulary import BODY_START, KIND_BY_LOWER, KIND_WORDS, KINDS, squash

_DATE_CORE = (
    r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
    r"|\d{1,2}\s+(?i:tháng)\s+\d{1,2}\s*,?\s+(?i:năm)\s+\d{4}"
)
_CTX_DATE = re.compile(
    rf"[ \t]*,?\s*(?:(?:(?i:ban\s+hành)\s+)?(?i:ngày)\s*(?P<a>{_DATE_CORE})|(?P<b>{_DATE_CORE}))"
    r"(?!\d)"
)
_CTX_YEAR = re.compile(r"[ \t]*,?[ \t]*(?i:năm)\s+(?P<year>(?:19|20)\d\d)(?!\d)")
_CTX_OF = re.compile(r"[ \t]*,?\s*(?i:của)\s+(?=\S)")
#: Words that end an issuer: "của Ban Chấp hành Trung ương về…", "của Bộ Chính trị ngày…".
_ISSUER_STOP = frozenset(
    {
        "về",
        "v/v",
        "thực",
        "ngày",
        "năm",
        "đã",
        "tại",
        "nhằm",
        "trên",
        "với",
        "cho",
        "để",
        "là",
        "gắn",
        "trong",
        "đối",
        "theo",
        "đến",
        "khi",
        "được",
        "sau",
        "trước",
        "vừa",
        "qua",
        "nay",
        "có",
    }
)
_KIND_FIRST = frozenset(k.split()[0].lower() for k in KINDS)
_ISSUER_VERB_START = {
    "quy": "định",
    "ban": "hành",
    "hướng": "dẫn",
    "triển": "khai",
    "quyết": "định",
    "yêu": "cầu",
    "phê": "duyệt",
    "chỉ": "đạo",
    "tổ": "chức",
}
_CTX_ABOUT = re.compile(
    r"[ \t]*,?\s*(?i:về\s+việc|về|v/v)\s*:?\s*|[ \t]*,?[ \t]*(?=(?i:thực\s+hiện)\s)"
)
_ACTION_ON_DOCS = re.compile(
    r"(?i:thực\s+hiện|triển\s+khai|học\s+tập|quán\s+triệt|sơ\s+kết|tổng\s+kết|tuyên\s+truyền"
    r"|một\s+số\s+nội\s+dung)"
)
_QUOTES = "“”\"'‘’«»"
#: Where a subject ends at the latest: a line end, a full stop, a bracket.
_SUBJECT_STOP = re.compile(r"\n|\.[ \n]| \(|\|")  # "|": the end of a table's cell
#: Words a phrase cannot end with: a line that ends with one was wrapped (a text copied from a
#: PDF or a legal site), and a fact cut after one was not read whole.
_DANGLING = frozenset(
    {"số", "ngày", "của", "về", "và", "với", "các", "những", "tháng", "năm", "tại", "theo", "để"}
)
#: Words after which the name of a body goes on ("Ban" / "Thường vụ Tỉnh ủy").
_NAME_GOES_ON = frozenset(
    {"ban", "ủy", "uỷ", "bộ", "văn", "hội", "đảng", "chấp", "thường", "bí", "mặt", "trận", "sở"}
    | {"phòng", "cơ", "trung", "tổ", "liên", "đoàn", "ủy ban", "chính", "nhân", "tuyên", "dân"}
)


@dataclass
class _Context:
    issued: date | None = None
    year: int | None = None
    issuer: str | None = None
    subject: str | None = None
    bad_date: str | None = None
    #: a fact that could not be read whole (Vietnamese, for Extraction.warnings)
    cut: str | None = None


def find_all(s: str, sub: str) -> Iterator[int]:
    i = s.find(sub)
    while i >= 0:
        yield i
        i = s.find(sub, i + 1)


@lru_cache(maxsize=4096)
def read_period(written: str) -> Period:
    """:func:`plansite.core.dates.parse_period`, cached: the same few periods recur."""
    return parse_period(written)


@lru_cache(maxsize=256)
def read_recurrence(written: str) -> str:
    """The code :func:`plansite.core.dates.parse_recurrence` gives a phrase, cached."""
    return parse_recurrence(written).code


@lru_cache(maxsize=4096)
def _read_date(written: str) -> date:
    return parse_date(squash(written.replace(",", " ")))


def _kind_at(s: str, at: int) -> bool:
    """Whether a kind of document ("Kết luận", "Quy định"…) starts at ``at``."""
    words = s[at : at + 40].split()[:KIND_WORDS]
    if not words or words[0].lower() not in _KIND_FIRST:
        return False
    return any(" ".join(words[:k]).lower() in KIND_BY_LOWER for k in range(1, len(words) + 1))


#: A word on the line, or (group 2) the end of the line.
_TOKEN = re.compile(r"[ \t]*(?:([^ \t\n]+)|(\n))")


def _issuer_words(p: str, start: int) -> tuple[str | None, int]:
    """The issuing body after "của", word by word; None unless something ends it properly."""
    words: list[str] = []
    pos, n = start, len(p)
    for m in _TOKEN.finditer(p, start):
        if len(words) > 14:
            return None, start
        token = m[1]
        if token is None:  # the end of the line, unless the name goes on over it
            if words and words[-1].lower() in _NAME_GOES_ON and _goes_on(p, m.end()):
                continue
            pos = m.start(2)
            break
        pos, end = m.span(1)
        core = token.rstrip(',;:.)”"')
        if token[0] in '(“"|' or core in _ISSUER_STOP:
            break
        if core == "và":
            nxt = p[end : end + 40].split()[:1]
            if not nxt or nxt[0][:1].islower() or _kind_at(p, skip_ws(p, end, n)):
                break
        if core in _ISSUER_VERB_START and p[end : end + 12].split()[:1] == [
            _ISSUER_VERB_START[core]
        ]:  # "của Chính phủ quy định về…": a verb, not part of the name
            break
        words.append(core)
        pos = end
        if core != token:
            break
    else:  # the end of the text
        if len(words) > 14:
            return None, start
        pos = n
    while words and words[-1].lower() in _DANGLING:
        words.pop()
    issuer = " ".join(words)
    if not issuer or not issuer[0].isupper():
        return None, start
    return issuer, (pos if words else start)


def _goes_on(p: str, at: int) -> bool:
    """Whether the line starting at ``at`` continues the phrase before it: no heading or list
    mark, no blank line."""
    nxt = p[at : at + 3]
    if nxt[:1].isdigit():  # a date goes on ("ngày" / "15/5/2016"), a numbered heading does not
        return bool(_DATE_NEXT.match(p, at))
    return bool(nxt.strip()) and nxt[0] not in "-–+•*IVX\n"


_DATE_NEXT = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}")


def _date_at(p: str, at: int, ctx: _Context) -> int:
    """Read the date of issue at ``at`` into ``ctx``; return where it ends (``at`` if none)."""
    m = _CTX_DATE.match(p, at)
    if not m:
        return at
    written = m["a"] or m["b"]
    try:
        ctx.issued = _read_date(written)
        ctx.year = ctx.issued.year
    except DateError:
        ctx.bad_date = written
    return m.end()


def context_of(p: str, pos: int) -> _Context:
    """What the citation sentence says after a number ending at ``pos``."""
    ctx = _Context()
    pos = _date_at(p, pos, ctx)
    if ctx.issued is None and (m := _CTX_YEAR.match(p, pos)):
        ctx.year = int(m["year"])
        pos = m.end()
    if m := _CTX_OF.match(p, pos):
        issuer, end = _issuer_words(p, m.end())
        if issuer:
            ctx.issuer = issuer
            pos = end
            if ctx.issued is None:
                pos = _date_at(p, pos, ctx)
        elif p[m.end() : m.end() + 1].isupper():  # a name, but no end to it was found
            shown = squash(p[m.end() : m.end() + 60])
            ctx.cut = f"không đọc trọn được cơ quan ban hành sau 'của' ('{shown}…')"
    if m := _CTX_ABOUT.match(p, pos):
        start = m.end()
        limit = min(len(p), start + 700)
        stop = _SUBJECT_STOP.search(p, start, limit)
        for _ in range(3):  # a wrapped line: the phrase goes on at the next one
            if stop is None or p[stop.start()] != "\n" or not _wrapped(p, start, stop.start()):
                break
            stop = _SUBJECT_STOP.search(p, stop.end(), limit)
        end = stop.start() if stop else limit
        at = p.find(";", start, end)
        while at >= 0:
            # "về A; kiên quyết B" goes on; "về A; Kết luận số …" is the next citation
            if not p[at + 1 : at + 3].strip()[:1].islower():
                end = at
                break
            at = p.find(";", at + 1, end)
        subject = p[start:end]
        at = subject.find(", ")
        while at >= 0:  # "…giai đoạn mới, Ban Thường vụ … xây dựng kế hoạch"
            if _writes_plan_at(subject, at + 2):
                subject = subject[:at]
                break
            at = subject.find(", ", at + 1)
        if not _ACTION_ON_DOCS.match(subject):
            for at in find_all(subject, " và "):  # "về A và Kết luận số …": a second citation
                if _kind_at(subject, at + 4):
                    subject = subject[:at]
                    break
        subject = squash(subject).removesuffix("./").strip(" ,.:…").removeprefix("việc ")
        if subject[:1] in _QUOTES and subject[-1:] in _QUOTES:
            subject = subject[1:-1].strip(" ,.:…")
        words = subject.split()
        if words and words[-1].lower() in _DANGLING:
            while words and words[-1].lower() in _DANGLING:
                words.pop()
            if not (words and "/" in words[-1]):  # "… số 05-CT/TW ngày": whole without "ngày"
                ctx.cut = f"trích yếu '{squash(p[start:end])[:80]}' bị cắt giữa chừng"
            subject = " ".join(words).strip(" ,.:…")
        if len(subject) >= 3:
            ctx.subject = subject
    return ctx


def _wrapped(p: str, start: int, at: int) -> bool:
    """Whether the line break at ``at`` wraps a phrase begun at ``start``: the line ends
    with a word that cannot end one, or the next line starts in lower case."""
    if not _goes_on(p, at + 1) or _kind_at(p, at + 1):  # the next line cites another one
        return False
    last = p[max(start, at - 30) : at].split()[-1:]
    return bool(last and last[0].lower() in _DANGLING) or p[at + 1 : at + 2].islower()


#: Which level a body in a citation belongs to, to catch "kế hoạch thực hiện NQ 28-NQ/TU của
#: Thị ủy" (the "của" belongs to the plan, not to a Tỉnh ủy resolution).
_LEVEL_WORDS = re.compile(
    r"\b(?P<tw>trung ương|bộ chính trị|ban bí thư)\b"
    r"|\b(?P<tinh>tỉnh (?:ủy|uỷ)|đảng bộ tỉnh|tỉnh)\b"
    r"|\b(?P<huyen>(?:huyện|thị|quận) (?:ủy|uỷ)|đảng bộ huyện|huyện|thị xã|quận)\b"
    r"|\b(?P<xa>đảng (?:ủy|uỷ) (?:xã|phường)|xã|phường|thị trấn)\b"
)
_LEVEL_OF_GROUP = {"tw": "trung-uong", "tinh": "tinh", "huyen": "huyen", "xa": "xa"}


def issuer_fits(issuer: str, number: DocumentNumber, level: str | None) -> bool:
    """Whether ``issuer`` may be the body that issued ``number``, whose issuer code names a
    body of ``level``."""
    if level is None or number.form != "party":
        return True
    return _level_fits(issuer, level)


@lru_cache(maxsize=4096)
def _level_fits(issuer: str, level: str) -> bool:
    m = _LEVEL_WORDS.search(squash(issuer).lower())
    if m is None or m.lastgroup is None:
        return True
    return _LEVEL_OF_GROUP[m.lastgroup] == level


WRITES_PLAN = re.compile(
    r"\s+(?:xây\s+dựng|ban\s+hành|đề\s+ra)\s+(?:kế\s+hoạch|chương\s+trình|hướng\s+dẫn)"
)


def _writes_plan_at(s: str, at: int) -> bool:
    """Whether the clause at ``at`` is "<body> xây dựng kế hoạch…" (the plan's own issuer)."""
    if not BODY_START.match(s, at):
        return False
    clause = s[at : at + 120].lower()
    for sep in ".,;:":
        if (cut := clause.find(sep)) >= 0:
            clause = clause[:cut]
    return any(
        (i := clause.find(v)) > 0 and WRITES_PLAN.match(clause, i - 1)
        for v in ("xây dựng", "ban hành", "đề ra")
    ) or any((i := clause.find(v)) > 0 and _INSTRUCTS.match(clause, i - 1) for v in _INSTRUCT)


#: "…, Ban Tuyên giáo Trung ương hướng dẫn như sau": the text's own body and verb, not the
#: end of a cited document's subject.
_INSTRUCT = ("hướng dẫn", "chỉ đạo", "yêu cầu")
_INSTRUCTS = re.compile(
    r"\s+(?:hướng\s+dẫn|chỉ\s+đạo|yêu\s+cầu)\s+(?:như\s+sau|thực\s+hiện|triển\s+khai|các\s)"
)
