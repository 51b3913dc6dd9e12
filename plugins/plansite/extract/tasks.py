"""Who and what: the body named in the deadline's sentence, and the task."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate

from .deadlines import Found
from .document import BULLET, LETTER_HEAD, NUM_HEAD, ROMAN_HEAD, SEPARATOR
from .vocabulary import BODY_NEXT, BODY_START, cap, fold_word, sentence_case, squash

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
_SEGMENT_END = re.compile(r";|\.(?=\s|$)|\|")  # "|": a table's cell ends
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
    if c == "|":  # a row of a table: its first cell is where the line's text starts
        cell = s.lstrip("| ")
        return (10, cell, lead + len(s) - len(cell)) if cell else (-1, "", lead)
    if c in "IVX" and not s.startswith(("V/v", "V/V")) and (m := ROMAN_HEAD.match(s)):
        return 0, m["text"], lead + m.start("text")
    if c.isdigit() and (m := NUM_HEAD.match(s)):
        if m["num"]:
            return m["num"].count(".") + 1, m["text"], lead + m.start("text")
        return 1, m["t1"], lead + m.start("t1")
    if c in _BULLET_CHARS or c in "_=~.":
        if SEPARATOR.fullmatch(s):
            return -1, "", lead
        if m := BULLET.match(s):
            return 9, m["text"], lead + m.start("text")
    elif c.islower() and s[1:2] in (".", ")") and (m := LETTER_HEAD.match(s)):
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
        if not BODY_START.match(s, tokens[c][0]):
            continue
        end, verb = min(len(tokens), c + 31), False
        for k in range(c + 1, min(len(tokens), c + 31)):
            previous = tokens[k - 1][1]
            if tokens[k][1][0] in '(“"' or previous[-1] in ":.":
                end = k
                break
            if previous[-1] in ",;" and not BODY_NEXT.match(s, tokens[k][0]):
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
        return cap(subject), (s[tokens[end][0] :].strip() if verb else None)
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
        label = fold_word(m["label"]).strip()
        if label in _SKIP_LABELS or label in _WHAT_LABELS:
            s = s[m.end() :]
    if s[:1].isdigit() and (m := _DURATION.match(s)):  # "Thời gian: 01 ngày, …"
        s = s[m.end() :]
    s = squash(s).replace(" ,", ",").replace(" ;", ";").strip(" ,;:.-–")
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


class Sections:
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
        self, f: Found, others: list[Found], starts: list[int] | None = None
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
            and BODY_START.match(m["label"])
            and not (_has_verb(m["label"]))
        ):
            who = cap(squash(m["label"]))
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
            what = cap(_clean_what(tail or what))
            if who is not None and fold_word(what) == fold_word(who):
                # "Ban Tuyên giáo hoàn thành trước…": the body is all there is, not a task
                return who, self.from_sections(li, who)[1]
            return who or self.who_from_sections(li), what
        return self.from_sections(li, who)

    def who_from_sections(self, li: int) -> str | None:
        for h in self.ancestors(li):
            text = sentence_case(_clean_what(self.info(h)[1]).rstrip(":"))
            if fold_word(text).replace(",", "").strip() in _GENERIC_HEADINGS:
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
            text = sentence_case(_clean_what(content).rstrip(":"))
            generic = fold_word(text).replace(",", "").strip() in _GENERIC_HEADINGS
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
                    return who, cap(para)
                continue
            if len(text.split()) >= 3:
                if subject and rest:
                    return who or subject, cap(rest)
                return who, text
        return who, None

    def first_paragraph(self, h: int, not_line: int) -> str | None:
        plain: str | None = None
        for j in self.section_paragraphs(h):
            if j == not_line:
                continue
            content = self.info(j)[1]
            m = _LABEL.match(content) if ":" in content else None
            label = fold_word(m["label"]).strip() if m else ""
            if label in _WHAT_LABELS:
                return _clean_what(content)
            if label in _SKIP_LABELS:
                continue
            if plain is None and _informative(content):
                plain = _clean_what(content)
        return plain
