"""Reading a received plan text (Kế hoạch): what it states, and nothing it does not.

:func:`extract` reads the title, the issuing body, the signer and the recipients (Nơi nhận);
every cited document number (số hiệu) with what its citation sentence says of it (date,
issuer, the "về …" subject); directives named without a number ("Nghị quyết Đại hội đại biểu
Đảng bộ tỉnh lần thứ XIX", "Chỉ thị số 05"); the deadlines with who must meet them and what;
and what the plan carries out (the opening "Thực hiện… / Căn cứ…" paragraph). A field the
text does not state stays ``None``: a deadline without a year takes the plan's year, and if
that is unknown it is reported in :attr:`Extraction.warnings`, never guessed.

Number, date and period rules are not repeated here: :mod:`plansite.numbers` and
:mod:`plansite.dates` read every number, date, period and recurrence.

Speed: Python's regular expressions cost about a microsecond per character when a pattern
can start anywhere, so the text is never scanned with such patterns. Cheap literal anchors
("/", "tháng", "quý", "số", "Đại hội"…) are found with ``str.find`` and small anchored
patterns run only around them; this keeps a 20 KB text to a few milliseconds.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Any, Literal

from .dates import DateError, Period, parse_date, parse_period, parse_recurrence, roman
from .numbers import DocumentNumber, NumberMatch, codes, find_numbers, scan_numbers
from .text import fold, normalize

#: fold() is exact but slow; the words folded here (codes, labels, bodies) recur constantly.
_fold = lru_cache(maxsize=16384)(fold)

__all__ = [
    "CitedDocument",
    "Deadline",
    "Extraction",
    "Layout",
    "cited_documents",
    "extract",
    "kind_before",
    "layout",
]

# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class CitedDocument:
    """A document cited by number, once per distinct document (number + year of issue)."""

    number: str
    form: Literal["party", "state"]
    raw: str
    kind: str | None
    issued: str | None
    issuer: str | None
    subject: str | None
    key: str


@dataclass(frozen=True)
class Deadline:
    """A deadline (thời hạn) as the text states it.

    ``by`` is the last day of the period (ISO) and ``period`` its code (``2023-Q1``,
    ``2022-02``, ``2022-02-H1``; None for a day). A recurring deadline (``quý I hằng năm``)
    has ``recurring`` set and no ``by``: the text names no single day.
    """

    by: str | None
    period: str | None
    recurring: str | None
    text: str
    who: str | None
    what: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything :func:`extract` read from one text."""

    title: str | None
    issuer: str | None
    signer: dict[str, str] | None
    recipients: list[str]
    citations: list[CitedDocument]
    named_directives: list[dict[str, Any]]
    deadlines: list[Deadline]
    implements: list[dict[str, str]]
    kind: str | None = None
    number: str | None = None
    issued: str | None = None
    locality: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (what ``plansite extract`` prints)."""
        return {
            "title": self.title,
            "kind": self.kind,
            "number": self.number,
            "issued": self.issued,
            "locality": self.locality,
            "issuer": self.issuer,
            "signer": dict(self.signer) if self.signer else None,
            "recipients": list(self.recipients),
            "citations": [asdict(c) for c in self.citations],
            "named_directives": [dict(d) for d in self.named_directives],
            "deadlines": [asdict(d) for d in self.deadlines],
            "implements": [dict(i) for i in self.implements],
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------------------------
# Vocabulary

#: Kinds of document, as the word before "số" names them; longest first where one extends
#: another ("Chương trình hành động" before "Chương trình").
_KINDS = (
    "Chương trình hành động",
    "Chương trình công tác",
    "Chương trình",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Kết luận",
    "Chỉ thị",
    "Kế hoạch",
    "Hướng dẫn liên tịch",
    "Hướng dẫn",
    "Quyết định",
    "Quy định",
    "Báo cáo",
    "Thông báo kết luận",
    "Thông báo",
    "Công văn",
    "Thông tri",
    "Quy chế",
    "Đề án",
    "Tờ trình",
    "Biên bản",
    "Nghị định",
    "Thông tư liên tịch",
    "Thông tư",
    "Luật",
    "Pháp lệnh",
    "Công điện",
    "Điều lệ",
)
_KIND_BY_LOWER = {k.lower(): k for k in _KINDS}
_KIND_WORDS = 4
_U = "ủy|uỷ"  # both spellings of "ủy" occur, often in the same text

_SPACES = (
    ("\u00a0", " "),
    ("\u2007", " "),
    ("\u202f", " "),
    ("\t", " "),
    ("\u200b", ""),
    ("\u00ad", ""),
    ("\ufeff", ""),
    ("\u2028", "\n"),
    ("\u2029", "\n"),
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _plain(text: str) -> str:
    """NFC text without Markdown emphasis or escapes; a ``*`` bullet becomes ``•``."""
    t = normalize(text)
    for old, new in _SPACES:
        if old in t:
            t = t.replace(old, new)
    if "*" in t:
        if t.startswith("* "):
            t = "• " + t[2:]
        # "\n* " becomes "\n• " and every other "*" goes: stars are few, so look at them
        # rather than search the text for "\n* " (a slow search: both "\n" and " " are common)
        parts = t.split("*")
        kept = [parts[0]]
        for before, after in pairwise(parts):
            if after[:1] == " " and before[-1:] == "\n":
                kept.append("•")
            kept.append(after)
        t = "".join(kept)
    if "\\" in t:
        t = _ESCAPE.sub(r"\1", t)
    return t


def _squash(s: str) -> str:
    return " ".join(s.split())


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _sentence_case(s: str) -> str:
    """``TỔ CHỨC THỰC HIỆN`` → ``Tổ chức thực hiện``; text already in mixed case is kept."""
    return _cap(s.lower()) if s.isupper() else s


# --------------------------------------------------------------------------------------------
# Document numbers


_WS = " \t\n"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


@lru_cache(maxsize=8192)
def _skip_ws(text: str, i: int, ceiling: int) -> int:
    while i < ceiling and text[i] in _WS:
        i += 1
    return i


def kind_before(text: str, start: int) -> str | None:
    """The kind of document named just before a number at ``start``, if any.

    ``"Quy định số 37-QĐ/TW"`` → ``"Quy định"``; ``"Nghị quyết 02-NQ/ThU"`` → ``"Nghị
    quyết"``; an abbreviation before "số" counts too (``"NQ số 28-NQ/TW"``).
    """
    return _kind_in(text[max(0, start - 48) : start])


@lru_cache(maxsize=8192)
def _kind_in(before: str) -> str | None:
    words = before.replace("*", " ").replace("_", " ").split()
    had_so = False
    while words and words[-1].lower().rstrip(":") in ("số", ""):
        words.pop()
        had_so = True
    for count in range(min(_KIND_WORDS, len(words)), 0, -1):
        phrase = " ".join(words[-count:]).lower().lstrip("(“\"'[")
        kind = _KIND_BY_LOWER.get(phrase)
        if kind:
            return kind
    if words:
        token = words[-1].lstrip("(“\"'[")
        if (
            2 <= len(token) <= 4
            and token[0].isupper()
            and token.isalpha()
            and (had_so or token.isupper())
        ):
            found = codes().party_types.get(_fold(token))
            if found:
                return found[1]
    return None


@lru_cache(maxsize=8192)
def _facts(number: DocumentNumber) -> tuple[str, str | None, str | None]:
    """(key, kind, level of the issuer) of a number; DocumentNumber folds on every access."""
    info = number.issuer
    return number.key, number.kind, info.level if info else None


def _kind_for(word: str | None, coded: str | None) -> str | None:
    """The word before a number where it agrees with the kind its type code names
    (``coded``), else that kind."""
    if word is None or coded is None:
        return word or coded
    w, c = _fold(word), _fold(coded)
    if w.startswith(c) or c.startswith(w) or (w == "quy dinh" and c == "quyet dinh"):
        return word
    return coded


# --------------------------------------------------------------------------------------------
# Citation sentences: "<Kind> số <number>, ngày <date> của <issuer> về <subject>"

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
_KIND_FIRST = frozenset(k.split()[0].lower() for k in _KINDS)
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
_CTX_ABOUT = re.compile(r"[ \t]*,?\s*(?:(?i:về\s+việc|về|v/v)\s*:?\s*|(?=(?i:thực\s+hiện)\s))")
_ACTION_ON_DOCS = re.compile(
    r"(?i:thực\s+hiện|triển\s+khai|học\s+tập|quán\s+triệt|sơ\s+kết|tổng\s+kết|tuyên\s+truyền"
    r"|một\s+số\s+nội\s+dung)"
)
_QUOTES = "“”\"'‘’«»"
#: Where a subject ends at the latest: a line end, a full stop, a bracket.
_SUBJECT_STOP = re.compile(r"\n|\.[ \n]| \(")


@dataclass
class _Context:
    issued: date | None = None
    year: int | None = None
    issuer: str | None = None
    subject: str | None = None
    bad_date: str | None = None


def _find_all(s: str, sub: str) -> Iterator[int]:
    i = s.find(sub)
    while i >= 0:
        yield i
        i = s.find(sub, i + 1)


@lru_cache(maxsize=4096)
def _period(written: str) -> Period:
    """:func:`plansite.dates.parse_period`, cached: the same few periods recur."""
    return parse_period(written)


@lru_cache(maxsize=256)
def _recurrence(written: str) -> str:
    """The code :func:`plansite.dates.parse_recurrence` gives a phrase, cached."""
    return parse_recurrence(written).code


@lru_cache(maxsize=4096)
def _read_date(written: str) -> date:
    return parse_date(_squash(written.replace(",", " ")))


def _kind_at(s: str, at: int) -> bool:
    """Whether a kind of document ("Kết luận", "Quy định"…) starts at ``at``."""
    words = s[at : at + 40].split()[:_KIND_WORDS]
    if not words or words[0].lower() not in _KIND_FIRST:
        return False
    return any(" ".join(words[:k]).lower() in _KIND_BY_LOWER for k in range(1, len(words) + 1))


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
        if token is None:  # the end of the line
            pos = m.start(2)
            break
        pos, end = m.span(1)
        core = token.rstrip(',;:.)”"')
        if token[0] in '(“"' or core in _ISSUER_STOP:
            break
        if core == "và":
            nxt = p[end : end + 40].split()[:1]
            if not nxt or nxt[0][:1].islower() or _kind_at(p, _skip_ws(p, end, n)):
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
    issuer = " ".join(words)
    if not issuer or not issuer[0].isupper():
        return None, start
    return issuer, (pos if words else start)


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


def _context(p: str, pos: int) -> _Context:
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
    if m := _CTX_ABOUT.match(p, pos):
        start = m.end()
        limit = min(len(p), start + 700)
        stop = _SUBJECT_STOP.search(p, start, limit)
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
            for at in _find_all(subject, " và "):  # "về A và Kết luận số …": a second citation
                if _kind_at(subject, at + 4):
                    subject = subject[:at]
                    break
        subject = _squash(subject).removesuffix("./").strip(" ,.:…").removeprefix("việc ")
        if subject[:1] in _QUOTES and subject[-1:] in _QUOTES:
            subject = subject[1:-1].strip(" ,.:…")
        if len(subject) >= 3:
            ctx.subject = subject
    return ctx


#: Which level a body in a citation belongs to, to catch "kế hoạch thực hiện NQ 28-NQ/TU của
#: Thị ủy" (the "của" belongs to the plan, not to a Tỉnh ủy resolution).
_LEVEL_WORDS = re.compile(
    r"\b(?P<tw>trung ương|bộ chính trị|ban bí thư)\b"
    r"|\b(?P<tinh>tỉnh (?:ủy|uỷ)|đảng bộ tỉnh|tỉnh)\b"
    r"|\b(?P<huyen>(?:huyện|thị|quận) (?:ủy|uỷ)|đảng bộ huyện|huyện|thị xã|quận)\b"
    r"|\b(?P<xa>đảng (?:ủy|uỷ) (?:xã|phường)|xã|phường|thị trấn)\b"
)
_LEVEL_OF_GROUP = {"tw": "trung-uong", "tinh": "tinh", "huyen": "huyen", "xa": "xa"}


def _issuer_fits(issuer: str, number: DocumentNumber, level: str | None) -> bool:
    """Whether ``issuer`` may be the body that issued ``number``, whose issuer code names a
    body of ``level``."""
    if level is None or number.form != "party":
        return True
    return _level_fits(issuer, level)


@lru_cache(maxsize=4096)
def _level_fits(issuer: str, level: str) -> bool:
    m = _LEVEL_WORDS.search(_squash(issuer).lower())
    if m is None or m.lastgroup is None:
        return True
    return _LEVEL_OF_GROUP[m.lastgroup] == level


# --------------------------------------------------------------------------------------------
# Layout: letterhead, title, body, recipients, signature

_SEPARATOR = re.compile(r"[-_=*~.·•]{3,}")
_ROMAN_HEAD = re.compile(r"(?P<num>[IVX]{1,4})\s*[.\-–/:)]\s*(?P<text>\S.*)")
_NUM_HEAD = re.compile(
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<text>\S.*)|(?P<one>\d{1,2})[.)]\s*(?P<t1>\S.*)"
)
_LETTER_HEAD = re.compile(r"(?P<num>[a-zđ])[.)]\s+(?P<text>\S.*)")
_BULLET = re.compile(r"(?:[-–—+•·●○▪►]\s*|\*\s+)(?P<text>\S.*)")
_OPENER = re.compile(
    r"(?i:thực\s+hiện|căn\s+cứ|để|thi\s+hành|triển\s+khai|nhằm|theo|qua|trên\s+cơ\s+sở|tiếp\s+tục)\b"
)
_NOI_NHAN = re.compile(r"\W*(?i:nơi\s+nhận)\s*:?\s*")
_ON_BEHALF = re.compile(r"(?:T\s*/\s*M|TM|T\.M)\b\.?\s*|THAY\s+MẶT\s+")
_SIGN_FOR = re.compile(r"(?:KT|K\s*/\s*T|TL|T\s*/\s*L|TUQ)\b\.?\s*|KÝ\s+THAY\s+")
_SIGNED = re.compile(
    r"\W*(?i:đã\s+ký|ký\s*(?:tên)?(?:\s*,?\s*(?:đóng\s+dấu|ghi\s+rõ\s+họ\s+tên))?"
    r"|đóng\s+dấu|chữ\s+ký)\W*"
)
_TITLE_WORDS = re.compile(
    r"\b(?:BÍ THƯ|TRƯỞNG|PHÓ|CHỦ|BAN|ỦY|UỶ|VIÊN|GIÁM|CHÁNH|THƯỜNG|ĐẢNG|CHI BỘ|HUYỆN|TỈNH|XÃ"
    r"|T/M|TM|KT|TL)\b"
)
_OWN_NUMBER = re.compile(r"\W*(?i:số)\s*:?\s*\d")
_OWN_DATE = re.compile(
    r"(?:(?P<place>[^\W\d][^,\d]{1,40}),\s*)?(?i:ngày)\s+(?P<d>\d{1,2})\s+(?i:tháng)\s+"
    r"(?P<m>\d{1,2})\s+(?i:năm)\s+(?P<y>\d{4})"
)
_TITLE_CASE = (
    ("bí thư", "Bí thư"),
    ("thường trực", "Thường trực"),
    ("thường vụ", "Thường vụ"),
    ("chấp hành", "Chấp hành"),
    ("trưởng ban", "Trưởng ban"),
    ("tuyên giáo", "Tuyên giáo"),
    ("tổ chức", "Tổ chức"),
    ("dân vận", "Dân vận"),
    ("kiểm tra", "Kiểm tra"),
    ("văn phòng", "Văn phòng"),
    ("chi bộ", "Chi bộ"),
    ("đảng bộ", "Đảng bộ"),
    ("đảng ủy", "Đảng ủy"),
    ("đảng uỷ", "Đảng uỷ"),
    ("đảng đoàn", "Đảng đoàn"),
    ("tỉnh ủy", "Tỉnh ủy"),
    ("tỉnh uỷ", "Tỉnh uỷ"),
    ("huyện ủy", "Huyện ủy"),
    ("huyện uỷ", "Huyện uỷ"),
    ("thị ủy", "Thị ủy"),
    ("thị uỷ", "Thị uỷ"),
    ("thành ủy", "Thành ủy"),
    ("thành uỷ", "Thành uỷ"),
    ("ủy ban", "Ủy ban"),
    ("uỷ ban", "Uỷ ban"),
    ("chủ nhiệm", "Chủ nhiệm"),
    ("ban cán sự", "Ban cán sự"),
)


def _case_title(s: str) -> str:
    """``PHÓ BÍ THƯ THƯỜNG TRỰC`` → ``Phó Bí thư Thường trực``; ``BAN THƯỜNG VỤ`` → ``Ban
    Thường vụ``."""
    t = _squash(s).strip(" .,:").lower()
    for lower, cased in _TITLE_CASE:
        t = t.replace(lower, cased)
    return _cap(t)


def _is_name(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 6 or len(s) > 50:
        return False
    if not all(w.isalpha() and w[0].isupper() for w in words):
        return False
    return not (s.isupper() and _TITLE_WORDS.search(s))


def _is_title_line(s: str) -> bool:
    return (
        len(s) <= 80
        and s.isupper()
        and not any(c.isdigit() for c in s)
        and not _ROMAN_HEAD.match(s)
    ) or bool(_ON_BEHALF.match(s) or _SIGN_FOR.match(s))


@dataclass(frozen=True)
class Layout:
    """Where the parts of a received text are, as line ranges ``[start, end)``.

    ``lines`` are the plain lines (no Markdown emphasis); they correspond one to one with
    ``normalize(text).split("\\n")``.
    """

    lines: tuple[str, ...]
    kind: str | None
    kind_line: int | None
    title: tuple[int, int]
    body: tuple[int, int]
    preamble_end: int
    recipients: tuple[int, int] | None
    signature: tuple[int, int] | None
    recipient_items: tuple[str, ...] = ()
    signer: dict[str, str] | None = None


def layout(text: str) -> Layout:
    """Split a received text into letterhead, title, body, recipients and signature."""
    return _layout(tuple(_plain(text).split("\n")))


def _kind_line(lines: tuple[str, ...]) -> tuple[int, str] | None:
    for i, line in enumerate(lines[:60]):
        s = _squash(line.strip(" #*_"))
        if s and len(s) <= 40 and s.isupper():
            kind = _KIND_BY_LOWER.get(s.lower())
            if kind:
                return i, kind
    return None


def _title_range(lines: tuple[str, ...], start: int) -> tuple[int, int, int]:
    """Title lines after the kind line; returns (title start, title end, body start)."""
    n = len(lines)
    i = start
    while i < n and (not lines[i].strip() or _OWN_NUMBER.match(lines[i])):
        i += 1
    first = i
    while i < n and i - first < 5:
        s = lines[i].strip()
        if not s or _SEPARATOR.fullmatch(s) or _ROMAN_HEAD.match(s) or _NUM_HEAD.match(s):
            break
        opener = bool(_OPENER.match(s))
        if i > first and (opener or len(s) > 300 or s.endswith(":")):
            break
        if i == first and opener and (len(s) > 300 or s.endswith(":")):
            break
        i += 1
    end = i
    while i < n and (not lines[i].strip() or _SEPARATOR.fullmatch(lines[i].strip())):
        i += 1
    return first, end, i


def _recipients(lines: tuple[str, ...], at: int) -> tuple[list[str], int]:
    """Recipient items after the "Nơi nhận:" line ``at``; returns them and the end line."""
    items: list[str] = []
    head = lines[at].strip()
    m = _NOI_NHAN.match(head)
    rest = head[m.end() :] if m else ""
    if rest:
        items.append(rest)
    end = at + 1
    j = at + 1
    while j < len(lines):
        s = lines[j].strip()
        if not s:
            j += 1
            continue
        b = _BULLET.match(s)
        if b and not _SEPARATOR.fullmatch(s):
            items.append(b["text"])
        elif _is_title_line(s) or _is_name(s) or _SIGNED.fullmatch(s):
            break
        elif len(s) <= 150 and s[-1] in ",;." and not s.isupper():
            items.append(s)
        else:
            break
        j += 1
        end = j
    cleaned = [_squash(i).rstrip(" ,;.") for i in items]
    return [c for c in cleaned if c], end


def _signature(lines: tuple[str, ...], lo: int, hi: int) -> tuple[int, int, dict[str, str]] | None:
    """The signature block ending at line ``hi`` (exclusive), scanning upwards."""
    i = hi - 1
    while i >= lo and not lines[i].strip():
        i -= 1
    if i < lo or not _is_name(lines[i].strip()):
        return None
    name = lines[i].strip()
    end = i + 1
    if name.isupper():
        name = name.title()
    i -= 1
    titles: list[tuple[int, str]] = []
    while i >= lo and len(titles) < 4:
        s = lines[i].strip()
        if not s or _SIGNED.fullmatch(s):
            i -= 1
            continue
        if not _is_title_line(s):
            break
        titles.insert(0, (i, s))
        i -= 1
    if not titles:
        return None
    signer = {"name": _squash(name)}
    parts: list[str] = []
    on_behalf = sign_for = ""
    for _, s in titles:
        if m := _ON_BEHALF.match(s):
            on_behalf = _case_title(s[m.end() :])
        elif m := _SIGN_FOR.match(s):
            sign_for = _case_title(s[m.end() :])
        else:
            parts.append(s)
    if parts:
        signer["title"] = _case_title(" ".join(parts))
    if on_behalf or sign_for:
        signer["on_behalf_of"] = on_behalf or sign_for
    return titles[0][0], end, signer


def _layout(lines: tuple[str, ...]) -> Layout:
    n = len(lines)
    found = _kind_line(lines)
    kind_line, kind = found if found else (None, None)
    if kind_line is None:
        title_start = title_end = body_start = 0
        while body_start < n and not lines[body_start].strip():
            body_start += 1
    else:
        title_start, title_end, body_start = _title_range(lines, kind_line + 1)
    noi_nhan = next(
        (
            i
            for i in range(n - 1, body_start - 1, -1)
            if len(lines[i]) < 80 and _NOI_NHAN.match(lines[i]) and "nhận" in lines[i].lower()
        ),
        None,
    )
    recipients: tuple[int, int] | None = None
    items: list[str] = []
    sig: tuple[int, int, dict[str, str]] | None = None
    tail = n
    if noi_nhan is not None:
        items, rec_end = _recipients(lines, noi_nhan)
        recipients = (noi_nhan, rec_end)
        tail = noi_nhan
        sig = _signature(lines, rec_end, n) or _signature(lines, body_start, noi_nhan)
    else:
        sig = _signature(lines, body_start, n)
    signature = (sig[0], sig[1]) if sig else None
    if sig and sig[0] < tail:
        tail = sig[0]
    while tail > body_start and not lines[tail - 1].strip():
        tail -= 1
    preamble_end = body_start
    while preamble_end < tail:
        s = lines[preamble_end].strip()
        if s and (_ROMAN_HEAD.match(s) or _NUM_HEAD.match(s)) and not s.startswith(("V/v", "V/V")):
            break
        preamble_end += 1
    return Layout(
        lines=lines,
        kind=kind,
        kind_line=kind_line,
        title=(title_start, title_end),
        body=(body_start, tail),
        preamble_end=preamble_end,
        recipients=recipients,
        signature=signature,
        recipient_items=tuple(items),
        signer=sig[2] if sig else None,
    )


# --------------------------------------------------------------------------------------------
# Deadlines

_LEAD_DAY = re.compile(
    r"(?:(?:hoàn\s+thành|xong|thực\s+hiện\s+xong|gửi\s+về)\s+)?"
    r"(?:trước|chậm\s+nhất|muộn\s+nhất|đến\s+hết|đến|hạn\s+chót|hạn\s+cuối|thời\s+hạn|hạn"
    r"|không\s+quá)(?:\s+(?:là|vào))?(?:\s+ngày)?\s*[:,]?\s*$"
)
_LEAD_PERIOD = re.compile(
    r"(?:(?:hoàn\s+thành|xong)\s+)?(?:(?:trong|vào|đến\s+hết|hết|đến|trước\s+cuối"
    r"|(?:chậm|muộn)\s+nhất(?:\s+(?:trong|vào|là))?)\s+(?:cuối\s+)?|cuối\s+)$"
)
_LEAD_OPTIONAL = re.compile(r"(?:(?:hoàn\s+thành\s+)?(?:trong|vào|đến\s+hết)\s+)?$")
_LEAD_YEAR = re.compile(
    r"(?:(?:hoàn\s+thành|xong)\s+(?:trong\s+)?|(?:đến\s+hết|đến\s+cuối|trước\s+cuối|trước\s+hết"
    r"|hết|cuối)\s+)$"
)
_DMY = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?!\d)(?:\s*/\s*(?P<y>\d{4})(?!\d))?")
_NGAY_DATE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})\s*[.\-]\s*(?P<m>\d{1,2})(?!\d)(?:\s*[.\-]\s*(?P<y>\d{4})(?!\d))?"
)
_THANG = re.compile(r"tháng\s+(?P<m>\d{1,2})(?!\d)(?:\s*(?:/|,?\s*năm)\s*(?P<y>\d{4})(?!\d))?")
_QUY = re.compile(r"quý\s+(?P<q>iv|iii|ii|i|[1-4])(?!\w)(?:\s*(?:/|năm)\s*(?P<y>\d{4})(?!\d))?")
_NAM = re.compile(r"năm\s+(?P<y>\d{4})(?!\d)")
_YEARLY_TAIL = re.compile(r"\s+(?:hằng|hàng)\s+năm\b")
_HALF_YEAR = re.compile(r"tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4})(?!\d))?")
_EVERY_6 = re.compile(r"tháng\s+(?:một|1)\s+lần")
_DINH_KY = re.compile(
    r"định\s+kỳ\s+(?:(?:6|sáu)\s+tháng(?:\s+(?:một|1)\s+lần)?|(?:hằng|hàng)\s+(?:quý|tháng|năm))\b"
)
_DAY_BEFORE = re.compile(r"(?:ngày\s*)?(\d{1,2})\s+$")  # "ngày 20 | tháng 11"
_HALF_BEFORE = re.compile(r"nửa\s+(?:tháng\s+)?(đầu|cuối)\s+$")  # "nửa đầu | tháng 3"
_HANG_QUY = re.compile(r"(?:hằng|hàng)\s+quý\b")
_EVERY_QUARTER = frozenset({"hằng ", "Hằng ", "hàng ", "Hàng "})
_WINDOW = 56
#: The last word of every trigger (see the _LEAD_* patterns), and words that may follow it.
_LEAD_LAST = frozenset(
    {"trước", "nhất", "hết", "đến", "chót", "cuối", "hạn", "quá", "trong", "vào", "xong", "thành"}
)
_LEAD_FILLERS = frozenset({"ngày", "là", "vào"})


@dataclass
class _Found:
    start: int
    end: int
    period: Period | None
    recurring: str | None


def _variants(word: str) -> tuple[str, ...]:
    # Upper-case text is headings, where no deadline or citation stands.
    return (word, _cap(word)) if word != _cap(word) else (word,)


def _anchors(p: str, *words: str) -> list[int]:
    """Where ``words`` (lower-case or capitalised, see :func:`_variants`) start, in order.

    Each ``str.find`` that misses reads the whole text, so the two variants of a word are
    found together: its tail ("háng" for "tháng"), then the character before it (unless the
    tail is one letter, which occurs too often).
    """
    out: list[int] = []
    find = p.find
    for word in words:
        variants = _variants(word)
        rest = word[1:]
        if len(variants) == 2 and len(rest) > 1 and variants[1][1:] == rest:
            heads = word[0] + variants[1][0]
            i = find(rest, 1)
            while i >= 0:
                if p[i - 1] in heads:
                    out.append(i - 1)
                i = find(rest, i + 1)
            continue
        for variant in variants:
            i = find(variant)
            while i >= 0:
                out.append(i)
                i = find(variant, i + 1)
    return sorted(set(out))


_NGAY_DOTTED = ("ngày", re.compile(r"\s*\d{1,2}\s*[.\-]"))
_NAM_YEAR = ("năm", re.compile(r"\s+\d{4}"))
_SO_NUMBER = ("số", re.compile(r"\s*:?\s*\d"))


def _digit_anchors(p: str, word_digits: tuple[str, re.Pattern[str]]) -> list[int]:
    """Where a word followed by digits (``word_digits``: the word, and the pattern after it)
    starts, in order. Such matches cannot overlap: this finds what a scan would."""
    word, digits = word_digits
    after, match = len(word), digits.match
    return [at for at in _anchors(p, word) if match(p, at + after)]


def _lower_slice(p: str, a: int, b: int) -> str:
    s = p[a:b]
    low = s.lower()
    return low if len(low) == len(s) else s


class _DeadlineFinder:
    """Finds deadline phrases around literal anchors; never scans the whole text with a regex."""

    def __init__(
        self,
        p: str,
        year: int | None,
        warnings: list[str],
        slashes: list[int],
        years: list[int] | None = None,
    ) -> None:
        self.p, self.year, self.warnings = p, year, warnings
        #: where "năm <4 digits>" stands (see :func:`_digit_anchors`)
        self.years = _digit_anchors(p, _NAM_YEAR) if years is None else years
        #: where "/" stands (:attr:`plansite.numbers.NumberScan.slashes`)
        self.slashes = slashes
        self.found: list[_Found] = []
        self.missing_year: list[str] = []

    def lead(self, pattern: re.Pattern[str], at: int) -> int | None:
        """Start of the trigger words ending at ``at`` ("hoàn thành trước ngày"), if any."""
        lo = max(0, at - _WINDOW)
        before = _lower_slice(self.p, lo, at)
        # Most dates are dates of issue ("ngày 18/5/2021 của…"): unless the word before the
        # date (past "ngày", "vào", "là") can end a trigger, skip the pattern, which is tried
        # at every position of the window.
        if pattern is not _LEAD_OPTIONAL:
            words = before[-40:].replace(":", " ").replace(",", " ").split()
            while words and words[-1] not in _LEAD_LAST and words[-1] in _LEAD_FILLERS:
                words.pop()
            if not words or words[-1] not in _LEAD_LAST:
                return None
        m = pattern.search(before)
        return lo + m.start() if m else None

    def core(self, pattern: re.Pattern[str], at: int) -> re.Match[str] | None:
        return pattern.match(_lower_slice(self.p, at, min(len(self.p), at + _WINDOW)))

    def add(self, start: int, end: int, make: Any, year: str | None) -> None:
        y = int(year) if year else self.year
        if y is None:
            self.missing_year.append(_squash(self.p[start:end]))
            return
        try:
            period = make(y)
        except DateError as error:
            self.warnings.append(f"bỏ qua thời hạn '{_squash(self.p[start:end])}': {error}")
            return
        self.found.append(_Found(start, end, period, None))

    def recurring(self, start: int, end: int, phrase: str) -> None:
        try:
            code = _recurrence(_squash(phrase.replace("sáu", "6")))
        except DateError:
            return
        self.found.append(_Found(start, end, None, code))

    def run(self) -> list[_Found]:
        p = self.p
        for at in _anchors(p, "định kỳ"):
            if m := self.core(_DINH_KY, at):
                self.recurring(at, at + m.end(), m.group(0))
        quarters = _anchors(p, "quý")
        # "hằng quý", "hàng quý" (either capitalised): read off the anchors of "quý"
        for at in [q - 5 for q in quarters if p[q] == "q" and p[q - 5 : q] in _EVERY_QUARTER]:
            if m := self.core(_HANG_QUY, at):
                self.recurring(at, at + m.end(), m.group(0))
        for at in quarters:
            self.quarter(at)
        for at in _anchors(p, "tháng"):
            self.month(at)
        for at in self.slashes:
            self.slash(at)
        # Only "ngày 20-11-2020" / "ngày 20.11.2020" here: slashes have their own anchor.
        for at in _digit_anchors(p, _NGAY_DOTTED):
            if m := self.core(_NGAY_DATE, at):
                self.day(at, at + m.end(), m, lead_at=at)
        for at in self.years:
            if (m := self.core(_NAM, at)) and (start := self.lead(_LEAD_YEAR, at)) is not None:
                self.add(start, at + m.end(), lambda y: _period(str(y)), m["y"])
        return self.found

    def quarter(self, at: int) -> None:
        m = self.core(_QUY, at)
        if not m:
            return
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m["q"]) or int(m["q"])
        end = at + m.end()
        if m["y"] is None and (tail := _YEARLY_TAIL.match(_lower_slice(self.p, end, end + 20))):
            start = self.lead(_LEAD_PERIOD, at)
            self.recurring(
                at if start is None else start, end + tail.end(), f"quý {roman(q)} hằng năm"
            )
            return
        start = self.lead(_LEAD_PERIOD, at)
        if start is not None:
            self.add(start, end, lambda y: _period(f"{y}-Q{q}"), m["y"])

    def month(self, at: int) -> None:
        p = self.p
        before = _lower_slice(p, max(0, at - 24), at)
        if before.endswith(("6 ", "sáu ")):
            six = at - (2 if before.endswith("6 ") else 4)
            if m := self.core(_HALF_YEAR, at):
                h = 1 if m["h"] == "đầu" else 2
                start = self.lead(_LEAD_PERIOD, six)
                if start is not None:
                    self.add(start, at + m.end(), lambda y: _period(f"{y}-H{h}"), m["y"])
            elif m := self.core(_EVERY_6, at):
                self.recurring(six, at + m.end(), "6 tháng một lần")
            return
        m = self.core(_THANG, at)
        if not m:
            return
        end = at + m.end()
        month = int(m["m"])
        if day := _DAY_BEFORE.search(before):
            self.day(
                at - len(before) + day.start(),
                end,
                m,
                day=int(day[1]),
                lead_at=at - len(before) + day.start(),
            )
            return
        if half := _HALF_BEFORE.search(before):
            h = 1 if half[1] == "đầu" else 2
            hs = at - len(before) + half.start()
            lead = self.lead(_LEAD_OPTIONAL, hs)
            self.add(
                hs if lead is None else lead,
                end,
                lambda y: _period(f"{y}-{month:02d}-H{h}"),
                m["y"],
            )
            return
        start = self.lead(_LEAD_PERIOD, at)
        if start is None:
            return
        if m["y"] is None and (tail := _YEARLY_TAIL.match(_lower_slice(p, end, end + 20))):
            self.recurring(start, end + tail.end(), "hằng năm")
            return
        self.add(start, end, lambda y: _period(f"{y}-{month:02d}"), m["y"])

    def slash(self, at: int) -> None:
        p = self.p
        a = at - 1
        while a >= 0 and a > at - 3 and p[a] == " ":
            a -= 1
        s = a
        while s >= 0 and s > a - 2 and p[s].isdigit():
            s -= 1
        s += 1
        if s > a or (s > 0 and (p[s - 1].isdigit() or p[s - 1] in "/.-")):
            return
        # _DMY holds no letter: no need for the lower-case window core() makes
        m = _DMY.match(p, s, min(len(p), s + _WINDOW))
        if m:
            self.day(s, m.end(), m, lead_at=s)

    def day(
        self, start: int, end: int, m: re.Match[str], *, lead_at: int, day: int | None = None
    ) -> None:
        lead = self.lead(_LEAD_DAY, lead_at)
        if lead is None:
            return
        d = day if day is not None else int(m["d"])
        month = int(m["m"])
        if m["y"] is None and (tail := _YEARLY_TAIL.match(_lower_slice(self.p, end, end + 20))):
            self.recurring(lead, end + tail.end(), "hằng năm")
            return
        self.add(lead, end, lambda y: _period(f"{d}/{month}/{y}"), m["y"])


def _resolve(found: list[_Found]) -> list[_Found]:
    """Drop overlapping finds, keeping the longest one that starts first."""
    out: list[_Found] = []
    last_end = -1
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if f.start >= last_end:
            out.append(f)
            last_end = f.end
    return out


# --------------------------------------------------------------------------------------------
# Who and what: the body named in the deadline's sentence, and the task

_BODY_WORD = (
    r"(?:ban(?!\s+hành)|thường\s+trực|thường\s+vụ|đảng\s+(?:ủy|uỷ|đoàn|bộ)|chi\s+(?:bộ|ủy|uỷ|đoàn|hội)"
    r"|cấp\s+(?:ủy|uỷ|tỉnh|huyện|xã|cơ\s+sở|trên)|(?:ủy|uỷ)\s+ban|ubkt|ubnd|ubmttq|mttq|mặt\s+trận"
    r"|văn\s+phòng|(?:tỉnh|huyện|thị|thành|quận)\s+(?:ủy|uỷ)|sở|phòng(?!\s+(?:chống|ngừa))"
    r"|trung\s+tâm|trường(?!\s+hợp)|đoàn|hội(?!\s+nghị)|báo(?!\s+cáo)|đài|tổ\s+chức\s+cơ\s+sở"
    r"|tổ\s+chức\s+đảng|công\s+an|hội\s+đồng|hđnd|btg|btv|bch|tuyên\s+giáo|bí\s+thư|cơ\s+quan"
    r"|liên\s+đoàn|trạm|bộ\s+phận|đồng\s+chí|cán\s+bộ|đảng\s+viên|ngành|huyện|xã|phường"
    r"|thị\s+trấn|cấp\s+ủy\s+viên|người\s+đứng\s+đầu|tổ\s+chức\s+chính\s+trị)\b"
)
_BODY_START = re.compile(rf"(?i:(?:các\s+|những\s+)?{_BODY_WORD})")
_BODY_NEXT = re.compile(rf"(?i:(?:các\s+|những\s+)?{_BODY_WORD}|các\s)")
# Verbs that end the body a sentence starts with ("Ban Tuyên giáo Đảng ủy chủ trì…"), by
# number of words; a verb right after "ban", "các", "những" is a name ("Ban Tổ chức").
_VERBS = (
    frozenset(
        {
            "gửi",
            "nộp",
            "mở",
            "cử",
            "là",
            "được",
            "cần",
            "phải",
            "sẽ",
            "trình",
            "hằng",
            "hàng",
            "treo",
            "viết",
            "mời",
            "lập",
            "giao",
        }
    ),
    frozenset(
        {
            "chủ trì",
            "phối hợp",
            "xây dựng",
            "tổ chức",
            "báo cáo",
            "triển khai",
            "chỉ đạo",
            "hoàn thành",
            "thực hiện",
            "tham mưu",
            "hướng dẫn",
            "biên soạn",
            "tuyên truyền",
            "quán triệt",
            "lãnh đạo",
            "căn cứ",
            "rà soát",
            "tiến hành",
            "đăng tải",
            "phát hành",
            "theo dõi",
            "kiểm tra",
            "học tập",
            "cung cấp",
            "đẩy mạnh",
            "tăng cường",
            "thường xuyên",
            "chủ động",
            "tiếp tục",
            "nghiên cứu",
            "sử dụng",
            "bố trí",
            "phổ biến",
            "tập trung",
            "bảo đảm",
            "đảm bảo",
            "trực tiếp",
            "đôn đốc",
            "giám sát",
            "xem xét",
            "đề xuất",
            "tổng hợp",
            "lựa chọn",
            "đăng ký",
            "quản lý",
            "chấp hành",
            "phát huy",
            "tổng kết",
            "sơ kết",
            "đánh giá",
            "chuẩn bị",
            "hoàn thiện",
            "tiếp nhận",
            "vận động",
            "động viên",
            "khen thưởng",
            "thông báo",
            "tham gia",
            "tham dự",
            "cập nhật",
            "phân công",
            "tiếp thu",
            "giải quyết",
            "xử lý",
            "bổ sung",
            "điều chỉnh",
            "thành lập",
            "ban hành",
            "định kỳ",
            "kịp thời",
            "chậm nhất",
            "đồng thời",
            "soạn thảo",
            "in ấn",
            "phát động",
        }
    ),
    frozenset({"có trách nhiệm", "chịu trách nhiệm", "có kế hoạch"}),
)
_NAME_BEFORE = frozenset({"ban", "các", "những"})
_NOUN_AFTER = {
    "tổ chức": frozenset({"cơ", "đảng", "đoàn", "chính", "mình", "quần", "thành", "xã"}),
    "báo cáo": frozenset({"viên"}),
}
_PUNCT = ",;:.()“”\"'"


def _tokens(s: str, start: int, limit: int) -> list[tuple[int, str]]:
    """Up to ``limit`` words of ``s`` from ``start``, with their offsets."""
    out: list[tuple[int, str]] = []
    i = start
    for word in s[start : start + 16 * limit].split()[:limit]:
        i = s.find(word, i)
        out.append((i, word))
        i += len(word)
    return out


def _verb_at(words: list[str], k: int) -> bool:
    if k and words[k - 1] in _NAME_BEFORE:
        return False
    for size in (3, 2, 1):
        if k + size <= len(words):
            phrase = " ".join(words[k : k + size])
            if phrase in _VERBS[size - 1]:
                after = words[k + size] if k + size < len(words) else ""
                return after not in _NOUN_AFTER.get(phrase, ())
    return False


_REQUEST = re.compile(r"(?i:đề\s+nghị|giao\s+cho|giao|yêu\s+cầu|đối\s+với)\s+")
_LABEL = re.compile(r"(?P<label>[^:\n]{2,40}?)\s*:\s*")
_WHO_LABEL = re.compile(r"(?P<label>[^:\n(]{2,120}?)\s*:\s*")
_SKIP_LABELS = frozenset(
    {
        "thoi gian",
        "thoi gian thuc hien",
        "thoi han",
        "thanh phan",
        "dia diem",
        "bao cao vien",
        "tai lieu",
        "kinh phi",
        "doi tuong",
        "tien do",
        "luu y",
        "ghi chu",
        "thoi gian to chuc",
        "thoi gian hoan thanh",
        "thanh phan tham du",
    }
)
_WHAT_LABELS = frozenset({"hinh thuc", "noi dung", "nhiem vu", "cong viec", "hinh thuc to chuc"})
_GENERIC_HEADINGS = (
    _SKIP_LABELS
    | _WHAT_LABELS
    | frozenset(
        {
            "muc dich",
            "yeu cau",
            "muc dich yeu cau",
            "to chuc thuc hien",
            "phuong thuc thuc hien",
            "noi dung va tai lieu",
            "thoi gian thuc hien",
            "hinh thuc to chuc",
            "cong tac tuyen truyen",
        }
    )
)
_DURATION = re.compile(r"\d+(?:[.,]\d+)?\s+(?:ngày|buổi|tuần)\b\s*[,;]?\s*")
_RESIDUE = re.compile(r"[,;]?\s*(?:hoàn\s+thành(?:\s+xong)?|xong|thực\s+hiện)$", re.IGNORECASE)
_RESIDUE_MAX = 24  # longest match in squashed text: ", hoàn thành xong" (17)
_SEGMENT_END = re.compile(r";|\.(?=\s|$)")
_SUB_END = re.compile(r"[,()]")


_BULLET_CHARS = "-\u2013\u2014+\u2022\u00b7\u25cf\u25cb\u25aa\u25ba*"


def _strip_marker(line: str) -> tuple[int, str, int]:
    """(heading level or 9 for bullets/paragraphs, content, offset of content in ``line``).

    Levels: 0 for ``I.``, 1–4 for ``1.``…``1.1.1.1.``, 5 for ``a.``, 9 for a bullet item, 10
    for a paragraph, -1 for a blank or separator line. Dispatches on the first character: this
    runs on most lines of every text.
    """
    s = line.strip()
    lead = len(line) - len(line.lstrip())
    if not s:
        return -1, "", lead
    c = s[0]
    if c in "IVX" and not s.startswith(("V/v", "V/V")) and (m := _ROMAN_HEAD.match(s)):
        return 0, m["text"], lead + m.start("text")
    if c.isdigit() and (m := _NUM_HEAD.match(s)):
        if m["num"]:
            return m["num"].count(".") + 1, m["text"], lead + m.start("text")
        return 1, m["t1"], lead + m.start("t1")
    if c in _BULLET_CHARS or c in "_=~.":
        if _SEPARATOR.fullmatch(s):
            return -1, "", lead
        if m := _BULLET.match(s):
            return 9, m["text"], lead + m.start("text")
    elif c.islower() and s[1:2] in (".", ")") and (m := _LETTER_HEAD.match(s)):
        return 5, m["text"], lead + m.start("text")
    return 10, s, lead


def _has_verb(s: str) -> bool:
    words = [t.lower().strip(_PUNCT) for _, t in _tokens(s, 0, 40)]
    return any(_verb_at(words, k) for k in range(len(words)))


@lru_cache(maxsize=2048)
def _subject(s: str) -> tuple[str | None, str | None]:
    """The body a sentence starts with ("Cấp ủy các cấp báo cáo…" → "Cấp ủy các cấp") and
    what follows it when a verb follows directly (else None)."""
    m = _REQUEST.match(s)
    base = m.end() if m else 0
    tokens = _tokens(s, base, 60)
    if not tokens:  # "" (a heading such as "Thời gian:" cleans to nothing): no body
        return None, None
    words = [t.lower().strip(_PUNCT) for _, t in tokens]
    candidates = [0] + [k + 1 for k, (_, t) in enumerate(tokens[:-1]) if t[-1] in ",;"]
    for c in candidates[:12]:
        if not _BODY_START.match(s, tokens[c][0]):
            continue
        end, verb = min(len(tokens), c + 31), False
        for k in range(c + 1, min(len(tokens), c + 31)):
            previous = tokens[k - 1][1]
            if tokens[k][1][0] in '(“"' or previous[-1] in ":.":
                end = k
                break
            if previous[-1] in ",;" and not _BODY_NEXT.match(s, tokens[k][0]):
                end = k
                break
            if _verb_at(words, k):
                end, verb = k, True
                break
        if end - c > 30 or (c and not verb):
            continue
        last = tokens[end - 1]
        subject = s[tokens[c][0] : last[0] + len(last[1])].strip(" ,;:-–")
        if not subject:
            continue
        return _cap(subject), (s[tokens[end][0] :].strip() if verb else None)
    return None, None


def _informative(s: str) -> bool:
    return len(s.split(None, 1)) == 2 and not _RESIDUE.fullmatch(s)  # two words or more


_TIME_LABEL = re.compile(
    r"(?i:thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành|tổ\s+chức))?|thời\s+hạn)\s*:?\s*"
)


def _clean_what(s: str) -> str:
    s = s.strip()
    if m := _TIME_LABEL.match(s):
        s = s[m.end() :]
    if ":" in s and (m := _LABEL.match(s)):
        label = _fold(m["label"]).strip()
        if label in _SKIP_LABELS or label in _WHAT_LABELS:
            s = s[m.end() :]
    if s[:1].isdigit() and (m := _DURATION.match(s)):  # "Thời gian: 01 ngày, …"
        s = s[m.end() :]
    s = _squash(s).replace(" ,", ",").replace(" ;", ";").strip(" ,;:.-–")
    # A _RESIDUE match ends the string, on "g", "h" or "n" ("xong", "hoàn thành", "thực hiện"),
    # and is at most 17 characters long now that spaces are single: searching the whole
    # string would try the pattern at every position.
    if s[-1:] in "gGhHnN" and (m := _RESIDUE.search(s, max(0, len(s) - _RESIDUE_MAX))):
        s = s[: m.start()]
    s = s.strip(" ,;:.-–")
    if s.count("(") < s.count(")"):
        s = s.replace(")", "", s.count(")") - s.count("("))
    if s.count("(") > s.count(")"):
        s = s.rstrip("(").strip() + ")" if s.rfind("(") < len(s) - 1 else s.rstrip("( ")
    return s.strip(" ,;:.-–")


class _Sections:
    """Lines of the plain text with their heading levels, for finding who and what."""

    def __init__(self, p: str, lines: tuple[str, ...], body: tuple[int, int]) -> None:
        self.p, self.lines, self.body = p, lines, body
        #: where each line starts in ``p``
        self.starts: list[int] = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        self._info: dict[int, tuple[int, str, int]] = {}

    def info(self, i: int) -> tuple[int, str, int]:
        if i not in self._info:
            self._info[i] = _strip_marker(self.lines[i])
        return self._info[i]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def ancestors(self, i: int) -> Iterator[int]:
        level = self.info(i)[0]
        limit = 9 if level in (9, 10, -1) else level
        j = i - 1
        while j >= self.body[0] and limit > 0:
            lv = self.info(j)[0]
            if 0 <= lv < limit:
                yield j
                limit = lv
            j -= 1

    def section_paragraphs(self, h: int) -> Iterator[int]:
        level = self.info(h)[0]
        j = h + 1
        while j < self.body[1]:
            lv = self.info(j)[0]
            if 0 <= lv <= level:
                return
            if lv in (9, 10):
                yield j
            j += 1

    def who_what(
        self, f: _Found, others: list[_Found], starts: list[int] | None = None
    ) -> tuple[str | None, str | None]:
        """Who must meet deadline ``f`` and what they must do; ``others`` are all the deadlines
        found, and ``starts`` their starts if they are in order of start."""
        li = self.line_of(f.start)
        _, content, offset = self.info(li)
        base = self.starts[li] + offset
        a, b = f.start - base, f.end - base
        if a < 0:
            return None, None
        who: str | None = None
        if (
            ":" in content  # a quick test for the pattern below
            and (m := _WHO_LABEL.match(content))
            and _BODY_START.match(m["label"])
            and not (_has_verb(m["label"]))
        ):
            who = _cap(_squash(m["label"]))
            content = " " * m.end() + content[m.end() :]
        seg_start = 0
        seg_end = len(content)
        for m in _SEGMENT_END.finditer(content):
            if m.start() < a:
                seg_start = m.end()
            elif m.start() >= b:
                seg_end = m.start()
                break
        sa, sb = seg_start, seg_end
        lo, hi = base + sa, base + sb  # other deadlines in the same segment?
        if starts is None:
            same = any(o is not f and lo <= o.start < hi for o in others)
        else:
            k, last = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
            same = any(others[j] is not f for j in range(k, last))
        if same:
            for m in _SUB_END.finditer(content, sa, sb):
                if m.start() < a:
                    sa = m.end()
                elif m.start() >= b:
                    sb = m.start()
                    break
        clause = _clean_what(content[sa:a] + " " + content[b:sb])
        if not _informative(clause) and same:
            clause = _clean_what(content[seg_start:a] + " " + content[b:seg_end])
        what: str | None = None
        if _informative(clause):
            what = clause
        elif _informative(before := _clean_what(content[:seg_start])):
            what = before
        if who is None:
            who = _subject(content[seg_start:seg_end].strip())[0] or _subject(content)[0]
        if what is not None:
            tail = _subject(what)[1]
            return who or self.who_from_sections(li), _cap(_clean_what(tail or what))
        return self.from_sections(li, who)

    def who_from_sections(self, li: int) -> str | None:
        for h in self.ancestors(li):
            text = _sentence_case(_clean_what(self.info(h)[1]).rstrip(":"))
            if _fold(text).replace(",", "").strip() in _GENERIC_HEADINGS:
                continue
            subject = _subject(text)[0]
            if subject:
                return subject
        return None

    def from_sections(self, li: int, who: str | None) -> tuple[str | None, str | None]:
        """Who and what from the headings above line ``li``: "3.1. Cấp tỉnh" names who, and
        the section's "Hình thức:" or first paragraph says what; "1. Thường trực Huyện ủy
        tổ chức triển khai…" says both."""
        for h in self.ancestors(li):
            content = self.info(h)[1]
            text = _sentence_case(_clean_what(content).rstrip(":"))
            generic = _fold(text).replace(",", "").strip() in _GENERIC_HEADINGS
            if generic or not text:
                continue
            subject, rest = _subject(text)
            body_only = subject is not None and rest is None and len(subject) >= len(text) - 2
            if body_only or (_REQUEST.match(text) and subject):
                who = who or subject
                para = self.first_paragraph(h, li)
                if para:
                    p_subject = _subject(para)[0]
                    if p_subject:
                        who = p_subject if who is None or who == subject else who
                    return who, _cap(para)
                continue
            if len(text.split()) >= 3:
                if subject and rest:
                    return who or subject, _cap(rest)
                return who, text
        return who, None

    def first_paragraph(self, h: int, not_line: int) -> str | None:
        plain: str | None = None
        for j in self.section_paragraphs(h):
            if j == not_line:
                continue
            content = self.info(j)[1]
            m = _LABEL.match(content) if ":" in content else None
            label = _fold(m["label"]).strip() if m else ""
            if label in _WHAT_LABELS:
                return _clean_what(content)
            if label in _SKIP_LABELS:
                continue
            if plain is None and _informative(content):
                plain = _clean_what(content)
        return plain


# --------------------------------------------------------------------------------------------
# Named directives (no number) and bare references ("Chỉ thị số 05")

_NQ_BEFORE = re.compile(r"nghị\s+quyết\s+$")
_CONGRESS = re.compile(
    r"(?i:đại\s+hội)(?P<delegates>\s+(?i:đại\s+biểu))?(?:\s+(?i:toàn\s+quốc))?"
    r"(?:\s+(?P<body>(?i:đảng\s+bộ)(?:\s+[^\W\d_]+){0,4}?))?(?:\s+(?i:lần\s+thứ))?"
    r"\s+(?P<ord>[IVXL]{1,6})\b(?P<dang>\s+(?i:của)\s+(?i:đảng)\b)?"
    r"(?P<term>,?\s*(?i:nhiệm\s+kỳ)\s+\d{4}\s*[-–]\s*\d{4})?"
)
_COMMITTEE = (
    rf"(?i:(?:ban\s+(?:thường\s+vụ|chấp\s+hành)\s+)?(?:(?:tỉnh|huyện|thị|thành|quận|đảng)\s+(?:{_U})"
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
class _Named:
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
    i = _lower_slice(p, lo, at).rfind(kind.split()[0].lower())
    if i >= 0:
        return lo + i
    words = p[lo:at].split()  # an abbreviation ("NQ số 05"): the last word
    return p.rfind(words[-1], lo, at) if words else at


def _named_directives(
    p: str, taken: list[tuple[int, int]], years: list[int] | None = None
) -> list[_Named]:
    """Directives named without a number, and bare references ("Chỉ thị số 05"); ``taken``
    are the spans of numbers found, which are not bare references; ``years`` where "năm
    <year>" stands, if already known."""
    found: list[_Named] = []
    for at in _anchors(p, "đại hội"):
        lo = max(0, at - 16)
        before = _NQ_BEFORE.search(_lower_slice(p, lo, at))
        if not before or not (m := _CONGRESS.match(p, at)):
            continue
        start = lo + before.start()
        end = m.end()
        body = _fold(m["body"] or "toan quoc")
        issuer_end = m.end("dang") if m["dang"] else m.end("ord")
        found.append(
            _Named(
                ("congress", body, m["ord"]),
                _squash(p[start:end]),
                "Nghị quyết",
                start,
                issuer=_squash(p[at:issuer_end]),
                raw=p[start:end],
            )
        )
    for at in _digit_anchors(p, _NAM_YEAR) if years is None else years:
        end = min(len(p), at + 160)
        if not _YEARLY_OF.match(p, at + 3, end):
            continue
        m = _YEARLY.match(_lower_slice(p, at, end))
        if not m:
            continue
        kind = kind_before(p, at)
        if kind is None:
            continue
        start = _kind_start(p, at, kind)
        bodies_start = at + m.start("bodies")
        for b in _ONE_COMMITTEE.finditer(p, bodies_start, at + m.end("bodies")):
            body = _squash(b.group(0))
            key = ("yearly", _fold(kind), m["year"], _fold(body))
            found.append(
                _Named(
                    key,
                    f"{kind} năm {m['year']} của {body}",
                    kind,
                    start,
                    issuer=body,
                    raw=p[start : at + m.end()],
                )
            )
    for at in _anchors(p, "trung ương"):
        m = _CENTRAL.match(p, at)
        if not m:
            continue
        lo = max(0, at - 60)
        before = _CENTRAL_BEFORE.search(_lower_slice(p, lo, at))
        if not before:
            continue
        start = lo + before.start()
        found.append(
            _Named(
                ("central", int(m["n"]), m["k"]),
                _squash(p[start : m.end()]),
                "Nghị quyết",
                start,
                raw=p[start : m.end()],
            )
        )
    taken_starts = sorted(taken)
    for at in _digit_anchors(p, _SO_NUMBER):
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
        named = _Named(
            ("bare", _fold(kind), int(number)),
            f"{kind} số {number}",
            kind,
            start,
            number=number,
            raw=p[start : m.end()],
        )
        ctx = _context(p, m.end())
        named.issuer, named.issued, named.subject = ctx.issuer, ctx.issued, ctx.subject
        found.append(named)
    merged: dict[tuple[Any, ...], _Named] = {}
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


# --------------------------------------------------------------------------------------------
# Citations


@dataclass
class _Doc:
    number: DocumentNumber
    raw: str
    kind: str | None
    issued: date | None
    year: int | None
    issuer: str | None
    subject: str | None
    mentions: list[int]
    facts: tuple[str, str | None, str | None]  # _facts(number)


def _citations(p: str, matches: list[NumberMatch], warnings: list[str]) -> list[_Doc]:
    docs: list[_Doc] = []
    by_key: dict[str, list[_Doc]] = {}
    for m in matches:
        facts = _facts(m.number)
        word = kind_before(p, m.start)
        ctx = _context(p, m.end)
        if ctx.bad_date:
            warnings.append(
                f"số hiệu '{m.number.canonical}': ngày ban hành '{ctx.bad_date}' "
                "không tồn tại; kiểm tra lại văn bản"
            )
        issuer = ctx.issuer
        if issuer and not _issuer_fits(issuer, m.number, facts[2]):
            warnings.append(
                f"số hiệu '{m.number.canonical}' có mã cơ quan khác cấp với '{issuer}' đứng sau "
                "nó: có thể 'của …' thuộc về văn bản khác trong câu, nên không ghi cơ quan ban hành"
            )
            issuer = None
        kind = _kind_for(word, facts[1])
        same = by_key.setdefault(facts[0], [])
        doc = next(
            (d for d in same if d.year is None or ctx.year is None or d.year == ctx.year), None
        )
        if doc is None:
            doc = _Doc(
                m.number,
                _squash(m.raw) if "\n" not in m.raw else m.raw,
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
        warnings.append(f"số hiệu '{_squash(doc.raw)}': {what} không có trong danh mục{hint}")
    return docs


# --------------------------------------------------------------------------------------------
# The whole text

_WRITES_PLAN = re.compile(
    r"\s+(?:xây\s+dựng|ban\s+hành|đề\s+ra)\s+(?:kế\s+hoạch|chương\s+trình|hướng\s+dẫn)"
)


def _writes_plan_at(s: str, at: int) -> bool:
    """Whether the clause at ``at`` is "<body> xây dựng kế hoạch…" (the plan's own issuer)."""
    if not _BODY_START.match(s, at):
        return False
    clause = s[at : at + 120].lower()
    for sep in ".,;:":
        if (cut := clause.find(sep)) >= 0:
            clause = clause[:cut]
    return any(
        (i := clause.find(v)) > 0 and _WRITES_PLAN.match(clause, i - 1)
        for v in ("xây dựng", "ban hành", "đề ra")
    )


def _plan_issuer(p: str, start: int, end: int) -> str | None:
    """The body the opening paragraph says writes the plan ("Ban Thường vụ Tỉnh ủy xây dựng
    kế hoạch…"): the clause before the verb, if it starts with a body."""
    text = p[start:end]
    low = text.lower()
    if len(low) != len(text):
        return None
    for verb in ("xây dựng", "ban hành", "đề ra"):
        for at in _find_all(low, verb):
            if at == 0 or not _WRITES_PLAN.match(low, at - 1):
                continue
            clause = max(text.rfind(sep, 0, at) for sep in (". ", ", ", "; ", ": ", "\n"))
            body = _squash(text[clause + 1 if clause >= 0 else 0 : at])
            if body and body[0].isupper() and len(body.split()) <= 10 and _BODY_START.match(body):
                return body
    return None


def extract(text: str, *, year: int | None = None) -> Extraction:
    """Read a received plan text (``.txt``/``.md`` content, any layout the genre uses).

    ``year`` is the plan's year, for dates written without one ("trước 20/5"); without it the
    year of the plan's own date in the letterhead is used, if the text has one.
    """
    p = _plain(text)
    lines = tuple(p.split("\n"))
    lay = _layout(lines)
    sections = _Sections(p, lines, lay.body)
    line_start = sections.starts
    warnings: list[str] = []

    def offset(line: int) -> int:
        return line_start[line] if line < len(line_start) else len(p)

    head_end = offset(lay.kind_line) if lay.kind_line is not None else 0
    own_number: str | None = None
    issued: date | None = None
    locality: str | None = None
    if lay.kind_line is not None:
        for i in range(lay.kind_line):
            line = lines[i]
            if own_number is None and _OWN_NUMBER.match(line):
                own = next(find_numbers(line), None)
                own_number = own.number.canonical if own else None
            if issued is None and (m := _OWN_DATE.search(line)):
                try:
                    issued = parse_date(f"{m['d']}/{m['m']}/{m['y']}")
                    locality = _squash(m["place"]) if m["place"] else None
                except DateError:
                    pass
    plan_year = year or (issued.year if issued else None)

    scan = scan_numbers(p)  # the numbers, and the slashes the deadline finder needs too
    matches = [m for m in scan.numbers if m.start >= head_end]
    docs = _citations(p, matches, warnings)
    years = _digit_anchors(p, _NAM_YEAR)
    named = _named_directives(p, [(m.start, m.end) for m in matches], years)

    body_from, body_to = offset(lay.body[0]), offset(lay.body[1])
    finder = _DeadlineFinder(p, plan_year, warnings, scan.slashes, years)
    found = _resolve([f for f in finder.run() if body_from <= f.start < body_to])
    for phrase in dict.fromkeys(finder.missing_year):
        warnings.append(
            f"thời hạn '{phrase}' không ghi năm và không biết năm của kế hoạch: "
            "chạy lại với năm của kế hoạch hoặc thêm mốc này bằng tay"
        )
    deadlines: list[Deadline] = []
    seen: set[tuple[Any, ...]] = set()
    starts = [f.start for f in found]
    for f in found:
        who, what = sections.who_what(f, found, starts)
        key = (f.period, f.recurring, who, what)
        if key in seen:
            continue
        seen.add(key)
        deadlines.append(
            Deadline(
                by=f.period.iso if f.period else None,
                period=f.period.code if f.period else None,
                recurring=f.recurring,
                text=_squash(p[f.start : f.end]),
                who=who,
                what=what,
            )
        )

    title_text = _squash(" ".join(lines[lay.title[0] : lay.title[1]])) or None
    implements = _implements(
        docs,
        named,
        (offset(lay.title[0]), offset(lay.title[1])),
        (body_from, offset(lay.preamble_end)),
    )
    return Extraction(
        title=title_text,
        issuer=_plan_issuer(p, body_from, offset(lay.preamble_end)),
        signer=lay.signer,
        recipients=list(lay.recipient_items),
        citations=[_cited(d) for d in docs],
        named_directives=[
            {
                "title": n.title,
                "kind": n.kind,
                "number": n.number,
                "issuer": n.issuer,
                "issued": n.issued.isoformat() if n.issued else None,
                "subject": n.subject,
                "raw": _squash(n.raw),
            }
            for n in named
        ],
        deadlines=deadlines,
        implements=implements,
        kind=lay.kind,
        number=own_number,
        issued=issued.isoformat() if issued else None,
        locality=locality,
        warnings=warnings,
    )


def cited_documents(text: str) -> list[CitedDocument]:
    """What ``extract(text).citations`` holds, without reading the rest of the text
    (deadlines, signer, recipients…): the catalogue reads every plan's citations each build."""
    p = _plain(text)
    lines = tuple(p.split("\n"))
    found = _kind_line(lines)  # the documents cited after the letterhead, as in extract()
    head_end = sum(len(line) + 1 for line in lines[: found[0]]) if found else 0
    matches = [m for m in find_numbers(p) if m.start >= head_end]
    return [_cited(d) for d in _citations(p, matches, [])]


def _cited(d: _Doc) -> CitedDocument:
    return CitedDocument(
        number=d.number.canonical,
        form=d.number.form,
        raw=d.raw,
        kind=d.kind,
        issued=d.issued.isoformat() if d.issued else None,
        issuer=d.issuer,
        subject=d.subject,
        key=d.facts[0],
    )


def _implements(
    docs: list[_Doc], named: list[_Named], title: tuple[int, int], preamble: tuple[int, int]
) -> list[dict[str, str]]:
    """What the title and the opening paragraphs cite: the directives the plan carries out."""
    picked: list[tuple[int, dict[str, str]]] = []

    def first(mentions: list[int]) -> int | None:
        at = [m for m in mentions if title[0] <= m < title[1] or preamble[0] <= m < preamble[1]]
        return at[0] if at else None

    for d in docs:
        if (at := first(d.mentions)) is None:
            continue
        entry = {"number": d.number.canonical}
        if d.issued:
            entry["issued"] = d.issued.isoformat()
        if d.issuer:
            entry["issuer"] = d.issuer
        if d.subject:
            entry["title"] = d.subject
        picked.append((at, entry))
    for n in named:
        if (at := first(n.mentions)) is None:
            continue
        entry = {"title": n.title}
        if n.issuer:
            entry["issuer"] = n.issuer
        if n.issued:
            entry["issued"] = n.issued.isoformat()
        picked.append((at, entry))
    return [entry for _, entry in sorted(picked, key=lambda x: x[0])]
