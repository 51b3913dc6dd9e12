"""Layout: letterhead, title, body, recipients, signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import KIND_BY_LOWER, cap, plain_text, squash

# The marks that open a heading or a list line in a plan text, shared with the importer
# (:mod:`plansite.intake.importer`), which turns the same lines into Markdown.
#: A Roman section number ("II") and what may follow it ("II.", "II -", "II/").
ROMAN = r"[IVX]{1,4}"
ROMAN_END = r"[.\-–/:)]"
#: A numbered heading with levels ("1.2", "2.1.3") and a one-level item ("3." or "3)").
MULTI_NUMBER = r"\d{1,2}(?:\.\d{1,2}){1,3}"
ONE_NUMBER = r"\d{1,2}"
ONE_NUMBER_END = r"[.)]"
#: Bullet marks; a "*" is a bullet only before a space.
BULLET_MARKS = r"[-–—+•·●○▪►]"
#: A line of dashes, underscores, dots… that only separates parts of a letter.
SEPARATOR = re.compile(r"[-_=*~.·•]{3,}")
ROMAN_HEAD = re.compile(rf"(?P<num>{ROMAN})\s*{ROMAN_END}\s*(?P<text>\S.*)")
NUM_HEAD = re.compile(
    rf"(?P<num>{MULTI_NUMBER})\.?\s+(?P<text>\S.*)"
    rf"|(?P<one>{ONE_NUMBER}){ONE_NUMBER_END}\s*(?P<t1>\S.*)"
)
LETTER_HEAD = re.compile(r"(?P<num>[a-zđ])[.)]\s+(?P<text>\S.*)")
BULLET = re.compile(rf"(?:{BULLET_MARKS}\s*|\*\s+)(?P<text>\S.*)")
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
OWN_NUMBER = re.compile(r"\W*(?i:số)\s*:?\s*\d")
#: "Số:" of the letterhead anywhere on its line: a flattened letterhead puts it after the
#: issuer's name ("TỈNH ỦY HÀ TĨNH Số: 27 -"), and the number may follow on the next lines.
OWN_LABEL = re.compile(r"(?:^|(?<=[\s*]))\W*(?i:số)\s*:|^\W*(?i:số)\s+(?=\d)")
#: A portal's page chrome above a reposted text: menus, breadcrumbs, share buttons, dates of
#: posting, view counts. Such a line is never the plan's text.
_CHROME = re.compile(
    r"\W*(?i:trang\s+chủ|chia\s+sẻ|lượt\s+(?:xem|đọc|truy\s+cập)|số\s+lượt|ngày\s+đăng|đăng\s+ngày"
    r"|đăng\s+lúc|ngày\s+cập\s+nhật|cập\s+nhật\s*:|in\s+bài|bản\s+in|gửi\s+(?:email|bài|cho\s+bạn)"
    r"|facebook|zalo|twitter|tweet|bình\s+luận|tin\s+(?:liên\s+quan|khác|cùng)|xem\s+thêm"
    r"|tác\s+giả\s*:|nguồn\s*:|từ\s+khóa|tags?\s*:|quay\s+lại|về\s+đầu\s+trang|đăng\s+nhập"
    r"|tìm\s+kiếm|font\s*size|cỡ\s+chữ|phóng\s+to|thu\s+nhỏ|nghe\s+đọc|\d{1,2}:\d{2})"
)
_CRUMB = re.compile(r"\s(?:>|»|›|/|\|)\s")


def is_chrome(line: str) -> bool:
    """Whether a line above the title is a portal's page chrome (menu, breadcrumb, share
    buttons, date of posting, view count), not text of the plan."""
    s = line.strip()
    return bool(_CHROME.match(s)) or len(_CRUMB.findall(s)) >= 2


def is_intro(line: str) -> bool:
    """Whether a line above the title line is an introductory paragraph (a news or portal
    repost: "Ngày 12/3, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số…"), whose citations count;
    letterhead lines are short, upper case, or the number and date of the text."""
    s = line.strip()
    if len(s) < 60 or s.isupper() or s.startswith(("V/v", "V/V")) or is_chrome(s):
        return False
    return sum(1 for w in s.split() if w[:1].islower()) >= 6


OWN_DATE = re.compile(
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
    t = squash(s).strip(" .,:").lower()
    for lower, cased in _TITLE_CASE:
        t = t.replace(lower, cased)
    return cap(t)


def _is_name(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 6 or len(s) > 50:
        return False
    if not all(w.isalpha() and w[0].isupper() for w in words):
        return False
    return not (s.isupper() and _TITLE_WORDS.search(s))


def _is_title_line(s: str) -> bool:
    return (
        len(s) <= 80 and s.isupper() and not any(c.isdigit() for c in s) and not ROMAN_HEAD.match(s)
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
    return read_layout(tuple(plain_text(text).split("\n")))


def read_kind_line(lines: tuple[str, ...]) -> tuple[int, str] | None:
    for i, line in enumerate(lines[:60]):
        s = squash(line.strip(" #*_"))
        if s and len(s) <= 40 and s.isupper():
            kind = KIND_BY_LOWER.get(s.lower())
            if kind:
                return i, kind
    return None


def _title_range(lines: tuple[str, ...], start: int) -> tuple[int, int, int]:
    """Title lines after the kind line; returns (title start, title end, body start)."""
    n = len(lines)
    i = start
    while i < n and (not lines[i].strip() or OWN_NUMBER.match(lines[i])):
        i += 1
    first = i
    while i < n and i - first < 5:
        s = lines[i].strip()
        if not s or SEPARATOR.fullmatch(s) or ROMAN_HEAD.match(s) or NUM_HEAD.match(s):
            break
        opener = bool(_OPENER.match(s))
        if i > first and (opener or len(s) > 300 or s.endswith(":")):
            break
        if i == first and opener and (len(s) > 300 or s.endswith(":")):
            break
        i += 1
    end = i
    while i < n and (not lines[i].strip() or SEPARATOR.fullmatch(lines[i].strip())):
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
        b = BULLET.match(s)
        if b and not SEPARATOR.fullmatch(s):
            items.append(b["text"])
        elif _is_title_line(s) or _is_name(s) or _SIGNED.fullmatch(s):
            break
        elif len(s) <= 150 and s[-1] in ",;." and not s.isupper():
            items.append(s)
        else:
            break
        j += 1
        end = j
    cleaned = [squash(i).rstrip(" ,;.") for i in items]
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
    signer = {"name": squash(name)}
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


def read_layout(lines: tuple[str, ...]) -> Layout:
    n = len(lines)
    found = read_kind_line(lines)
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
        if s and (ROMAN_HEAD.match(s) or NUM_HEAD.match(s)) and not s.startswith(("V/v", "V/V")):
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
