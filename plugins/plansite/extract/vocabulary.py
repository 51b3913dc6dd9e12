"""Vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from ..core.text import fold, normalize

#: fold() is exact but slow; the words folded here (codes, labels, bodies) recur constantly.
fold_word = lru_cache(maxsize=16384)(fold)
#: Kinds of document, as the word before "số" names them; longest first where one extends
#: another ("Chương trình hành động" before "Chương trình").
KINDS = (
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
KIND_BY_LOWER = {k.lower(): k for k in KINDS}
KIND_WORDS = 4
U = "ủy|uỷ"  # both spellings of "ủy" occur, often in the same text
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


def plain_text(text: str) -> str:
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


def squash(s: str) -> str:
    return " ".join(s.split())


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def sentence_case(s: str) -> str:
    """``TỔ CHỨC THỰC HIỆN`` → ``Tổ chức thực hiện``; text already in mixed case is kept."""
    return cap(s.lower()) if s.isupper() else s


_BODY_WORD = (
    r"(?:ban(?!\s+hành)|thường\s+trực|thường\s+vụ|đảng\s+(?:ủy|uỷ|đoàn|bộ)|chi\s+(?:bộ|ủy|uỷ|đoàn|hội)"
    r"|cấp\s+(?:ủy|uỷ|tỉnh|huyện|xã|cơ\s+sở|trên)|(?:ủy|uỷ)\s+ban|ubkt|ubnd|ubmttq|mttq|mặt\s+trận"
    r"|văn\s+phòng|(?:tỉnh|huyện|thị|thành|quận)\s+(?:ủy|uỷ)|sở|phòng(?!\s+(?:chống|ngừa))"
    r"|trung\s+tâm|trường(?!\s+hợp)|đoàn|hội(?!\s+nghị)|báo(?!\s+cáo)|đài|tổ\s+chức\s+cơ\s+sở"
    r"|tổ\s+chức\s+đảng|công\s+an|hội\s+đồng|hđnd|btg|btv|bch|tuyên\s+giáo|bí\s+thư|cơ\s+quan"
    r"|liên\s+đoàn|trạm|bộ\s+phận|đồng\s+chí|cán\s+bộ|đảng\s+viên|ngành|huyện|xã|phường"
    r"|thị\s+trấn|cấp\s+ủy\s+viên|người\s+đứng\s+đầu|tổ\s+chức\s+chính\s+trị)\b"
)
BODY_START = re.compile(rf"(?i:(?:các\s+|những\s+)?{_BODY_WORD})")
BODY_NEXT = re.compile(rf"(?i:(?:các\s+|những\s+)?{_BODY_WORD}|các\s)")
