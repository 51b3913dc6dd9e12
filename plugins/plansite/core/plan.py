"""The plan (Kế hoạch): its fields, and reading one from a file with every problem reported.

The schema of the front matter is documented for editors in ``docs/huong-dan-bien-tap.md``.
"""

from __future__ import annotations

import bisect
import difflib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from hashlib import sha256
from pathlib import Path

from .dates import DateError, Period, Recurrence, parse_date, parse_period, parse_recurrence
from .frontmatter import Entry, parse_source, read_bytes
from .links import allowed_url, link_targets, url_scheme
from .numbers import DocumentNumber, find_numbers, parse_number
from .problems import Problems
from .schema import KNOWN_KEYS
from .text import (
    Invisible,
    find_invisible,
    find_lookalikes,
    fold,
    normalize,
    remove_invisible,
    script_name,
    slugify,
)

__all__ = [
    "LEVELS",
    "NEW_PLAN",
    "PLACEHOLDER_BODY",
    "REVIEW_OCR",
    "Attachment",
    "Citation",
    "DirectiveRef",
    "Milestone",
    "Plan",
    "PlanRef",
    "Result",
    "Signer",
    "read_plan",
    "read_plan_data",
    "read_plan_file",
    "read_plan_text",
]

#: The body of a plan file made by ``plansite new``: a plan still holding it was never filled.
PLACEHOLDER_BODY = (
    'Nội dung kế hoạch viết ở đây (đoạn mở đầu "Thực hiện…", rồi các mục ## I., ## II., …).'
)

#: The file `plansite new` writes (and the browser form, admin/, writes the same): the
#: front matter with a Vietnamese comment per field, then the placeholder body.
NEW_PLAN = """\
---
# Tên kế hoạch: phần sau chữ KẾ HOẠCH (bắt buộc)
title: "{title}"
# Số hiệu của kế hoạch, ví dụ 12-KH/HU. Bỏ trống nếu văn bản không ghi: không tự đặt số.
number:
# Cơ quan ban hành, như văn bản ghi, ví dụ "Ban Thường vụ Huyện ủy"
issuer:
# Ngày ban hành (dd/mm/yyyy). Bỏ trống nếu văn bản không ghi.
issued:
# Ngày đăng lên trang (bắt buộc)
published: {today}
signer:
  name:
  title:
# Cấp ban hành: trung ương, tỉnh, huyện, xã hoặc chi bộ
level:
locality:
# Các văn bản kế hoạch thực hiện, ví dụ:
#   - number: 21-KL/TW
#     issued: 25/10/2021
#     issuer: "Ban Chấp hành Trung ương"
#     title: "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"
implements: []
# Các mốc thời gian, ví dụ:
#   - by: 2023-Q1            # 20/11/2020, 2022-02, 2022-02-H1, 2023-Q1, 2022-H1
#     what: "Hoàn thành quán triệt"
#     who: "Các tổ chức cơ sở Đảng"
milestones: []
recipients: []
topics: []
summary: ""
---

{placeholder}
"""

#: The review mark ``plansite import`` puts in the front matter of a plan read by OCR from a
#: scan (``review:``): a plan still holding it is refused until an editor has compared it with
#: the original and removed the mark (or written what was checked in its place).
REVIEW_OCR = (
    "Đọc bằng nhận dạng chữ (OCR) từ bản quét: đối chiếu từng chữ, từng số với bản gốc, "
    "sửa chỗ sai, rồi xóa dòng review này"
)

#: Levels of the Party's organisation, top down: code -> Vietnamese label.
LEVELS = {
    "trung-uong": "Trung ương",
    "tinh": "Tỉnh",
    "huyen": "Huyện",
    "xa": "Xã",
    "chi-bo": "Chi bộ",
}
_LEVEL_WORDS = {
    "trung uong": "trung-uong",
    "tw": "trung-uong",
    "tinh": "tinh",
    "thanh pho": "tinh",
    "huyen": "huyen",
    "quan": "huyen",
    "thi xa": "huyen",
    "xa": "xa",
    "phuong": "xa",
    "thi tran": "xa",
    "co so": "xa",
    "chi bo": "chi-bo",
}


@dataclass(frozen=True)
class Signer:
    """Người ký: name, title, and on whose behalf (``T/M BAN THƯỜNG VỤ``)."""

    name: str
    title: str = ""
    on_behalf_of: str = ""


@dataclass(frozen=True)
class DirectiveRef:
    """A directive a plan carries out, as the plan states it (``implements``)."""

    number: DocumentNumber | None
    title: str
    issuer: str
    issued: date | None
    line: int


@dataclass(frozen=True)
class Result:
    """What was done for a milestone (kết quả thực hiện): the day (``done``), and where the
    plan's text or the editor says so: a report by its number (``report``) or as a file of the
    site (``report_path``), and a short text (``result``). For a recurring milestone,
    ``period`` is the occurrence it is the result of."""

    done: date
    line: int
    period: Period | None = None
    report: DocumentNumber | None = None
    report_path: str = ""
    result: str = ""


@dataclass(frozen=True)
class Milestone:
    """A deadline of the plan: what, who, by when (a period or a recurring rule), and what
    was done for it (``results``: one for a dated milestone, one per occurrence of a rule)."""

    what: str
    who: str
    by: Period | None
    recurring: Recurrence | None
    line: int
    written: str = ""
    results: tuple[Result, ...] = ()

    def result_for(self, period: Period | None) -> Result | None:
        """The result recorded for ``period`` (an occurrence of a rule), or the dated
        milestone's own."""
        for r in self.results:
            if r.period is None or period is None or r.period == period:
                return r
        return None


@dataclass(frozen=True)
class PlanRef:
    """A plan that this one replaces (``replaces:``): by its number, or by its file name
    (slug) when it has none."""

    written: str
    number: DocumentNumber | None
    slug: str
    line: int


@dataclass(frozen=True)
class Attachment:
    """A file attached to a plan, relative to the plan file or the site's ``docs``."""

    title: str
    path: str
    line: int


@dataclass(frozen=True)
class Citation:
    """A document number found in the plan's text or front matter."""

    number: DocumentNumber
    raw: str
    line: int
    corrected_from: DocumentNumber | None = None


@dataclass
class Plan:
    """A plan, read and validated. Fields the source does not state are empty, never guessed."""

    source: str
    slug: str
    title: str
    published: date
    body: str
    body_line: int
    number: DocumentNumber | None = None
    id: str | None = None
    kind: str = "Kế hoạch"
    issuer: str = ""
    issued: date | None = None
    signer: Signer | None = None
    level: str | None = None
    locality: str = ""
    implements: list[DirectiveRef] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    summary: str = ""
    #: What an editor wrote in ``review:`` (empty without it); a plan whose ``review`` is still
    #: the OCR mark (:data:`REVIEW_OCR`) is refused.
    review: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    term: tuple[int, int] | None = None
    #: The last day the plan is in force, where it says so (``until:``).
    until: date | None = None
    #: The plans this one replaces (``replaces:``), as written.
    replaces: list[PlanRef] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    #: The day a later plan on the site that replaces this one starts (its date of issue, else
    #: of publication); set by the catalogue, None when no plan replaces it.
    replaced_on: date | None = None

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level or "", "")

    @property
    def year(self) -> int:
        """The plan's year: of issue where stated, else of publication."""
        return (self.issued or self.published).year

    @property
    def guid(self) -> str:
        """A stable identifier for feeds (mã định danh), never from the file's name or path.

        The explicit ``id``; else the number and year of issue (``21-kl-tw-2021``); else,
        for a plan with neither, ``kh-<published>-<hash>`` where the hash is of the issuing
        body, the locality and the title, folded as slugs are (so fixing case, tone marks,
        spaces or punctuation keeps it). Renaming or moving the file keeps it; changing the
        title, issuer, locality or publication date of a plan without a number changes it,
        which is why editors pin it with ``id`` before such a change.
        """
        if self.id:
            return self.id
        if self.number:
            year = f"-{self.issued.year}" if self.issued else ""
            return f"{self.number.slug}{year}"
        digest = _guid_digest(self.issuer, self.locality, self.title)
        return f"kh-{self.published.isoformat()}-{digest}"

    @property
    def display_number(self) -> str:
        return self.number.canonical if self.number else ""

    @cached_property
    def _corrections(self) -> dict[str, DocumentNumber]:
        return {c.corrected_from.key: c.number for c in self.citations if c.corrected_from}

    def meant(self, number: DocumentNumber) -> DocumentNumber:
        """The number a plan's text means by ``number``: the one its ``corrections`` name for
        a typo (``28-NQ/W`` → ``28-NQ/TW``), else ``number`` itself."""
        return self._corrections.get(number.key, number) if self._corrections else number


@lru_cache(maxsize=1 << 14)  # feeds, exports and pages ask a plan for its guid many times
def _guid_digest(*fields: str) -> str:
    parts = (slugify(part, max_length=100_000) for part in fields)
    return sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


_KNOWN_KEYS = KNOWN_KEYS  # the plan schema's keys (core/schema.py)
_TAG_IN_TEXT = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_UNSAFE_BODY = re.compile(
    r"<\s*(script|style|iframe|object|embed|form|input|button|link|meta|base|svg|math)\b"
    r"|\s(on[a-z]+)\s*=",
    re.IGNORECASE,
)


_INVISIBLE_MESSAGES = {
    "control": (
        True,
        "có ký tự điều khiển không in được (mã {hex}): xóa ký tự này (thường do dán từ "
        "tệp khác vào)",
    ),
    "bidi": (
        True,
        "có ký tự đổi hướng chữ {code}: ký tự này làm chữ hiện sai thứ tự (một ngày, một số "
        "hiệu có thể đọc thành cái khác); xóa ký tự này",
    ),
    "invisible": (
        False,
        "có ký tự vô hình {code} (như khoảng trắng độ rộng 0, dấu gạch mềm, dấu ngắt dòng "
        "Unicode): đã bỏ khi đăng; xóa ký tự này khỏi tệp",
    ),
}


def report_invisible(
    found: list[Invisible], problems: Problems, source: str, line_of: Callable[[int], int]
) -> None:
    """One problem per line and kind of character :func:`text.find_invisible` found."""
    seen: set[tuple[int, str, str]] = set()
    for item in found:
        line = line_of(item.offset)
        key = (line, item.kind, item.char)
        if key in seen:
            continue
        seen.add(key)
        is_error, message = _INVISIBLE_MESSAGES[item.kind]
        text = message.format(hex=hex(ord(item.char)), code=item.code)
        (problems.error if is_error else problems.warning)(source, line, text)


def _check_lookalikes(plan: Plan, reader: _Reader) -> None:
    """A document number written with a Cyrillic or Greek letter that looks Latin."""
    texts = [(plan.body, plan.body_line)]
    texts += [
        (plan.title, plan.lines.get("title", 1)),
        (plan.summary, plan.lines.get("summary", 1)),
    ]
    texts += [(m.what, m.line) for m in plan.milestones]
    for text, first_line in texts:
        found = find_lookalikes(text)
        if found is None:
            continue
        latin, offsets = found
        for match in find_numbers(latin):
            inside = [o for o in offsets if match.start <= o < match.end]
            if not inside:
                continue
            char = text[inside[0]]
            line = first_line + text.count("\n", 0, match.start)
            reader.error(
                line,
                f"số hiệu '{text[match.start : match.end]}' có chữ {script_name(char)} "
                f"'{char}' (trông như chữ '{latin[inside[0]]}' nhưng máy đọc là chữ khác): "
                "gõ lại số hiệu bằng chữ Latin",
            )


class _Reader:
    """Turns front-matter entries into a :class:`Plan`, recording problems as it goes."""

    def __init__(self, file: str, problems: Problems) -> None:
        self.file, self.problems = file, problems

    def error(self, line: int, message: str) -> None:
        self.problems.error(self.file, line, message)

    def warning(self, line: int, message: str) -> None:
        self.problems.warning(self.file, line, message)

    def text(
        self, entry: Entry | None, name: str, *, required: bool = False, parent_line: int = 1
    ) -> str:
        if entry is None or entry.value is None or entry.value == "":
            if required:
                self._missing(entry, name, parent_line)
            return ""
        value = entry.value
        if isinstance(value, (list, dict)):
            shape = "danh sách" if isinstance(value, list) else "nhóm trường"
            self.error(
                entry.line,
                f"`{name}` phải là một đoạn chữ, không phải {shape}: "
                "viết giá trị trên cùng dòng, sau dấu hai chấm",
            )
            return ""
        if isinstance(value, bool):
            self.error(
                entry.line, f'`{name}` phải là một đoạn chữ: đặt giá trị trong dấu ngoặc kép "…"'
            )
            return ""
        text = normalize(str(value))
        # YAML escapes ("\\x00", "\\u202e") bring in what the file's text did not show.
        report_invisible(find_invisible(text), self.problems, self.file, lambda _: entry.line)
        text = remove_invisible(text).strip()
        if not text and required:
            self._missing(entry, name, parent_line)
        return text

    def _missing(self, entry: Entry | None, name: str, parent_line: int) -> None:
        """A required field absent (at its parent's line) or empty (at its own line)."""
        if entry is not None:
            child = name.rsplit(".", 1)[-1]
            self.error(
                entry.line,
                f"thiếu {'trường ' if child == name else ''}`{child}`"
                f"{'' if child == name else ' trong `' + name.rsplit('.', 1)[0] + '`'} "
                "(đang để trống): ghi giá trị sau dấu hai chấm",
            )
        elif "." in name:
            parent, child = name.rsplit(".", 1)
            self.error(
                parent_line,
                f"thiếu `{child}` trong `{parent}`: thêm dòng "
                f"`  {child}: …` (thụt vào hai dấu cách) dưới `{parent}:`",
            )
        else:
            self.error(parent_line, f"thiếu trường `{name}`: thêm dòng `{name}: …`")

    def texts(self, entry: Entry | None, name: str) -> list[str]:
        if entry is None or entry.value is None:
            return []
        if not isinstance(entry.value, list):
            if isinstance(entry.value, str):
                return [self.text(entry, name)]
            self.error(
                entry.line, f"`{name}` phải là danh sách, mỗi mục một dòng bắt đầu bằng `- `"
            )
            return []
        return [t for item in entry.value if (t := self.text(item, name))]

    def mapping(self, entry: Entry, name: str) -> dict[str, Entry] | None:
        if not isinstance(entry.value, dict):
            self.error(
                entry.line,
                f"`{name}` phải gồm các trường con, mỗi trường một dòng thụt vào hai dấu cách",
            )
            return None
        return entry.value

    def date(self, entry: Entry | None, name: str) -> date | None:
        if entry is None or entry.value in (None, ""):
            return None
        if isinstance(entry.value, (list, dict, bool)):
            self.error(entry.line, f"`{name}` phải là một ngày, ví dụ 18/01/2022")
            return None
        try:
            return parse_date(str(entry.value))
        except DateError as error:
            self.error(entry.line, f"`{name}`: {error}")
            return None

    def number(self, entry: Entry | None, name: str) -> DocumentNumber | None:
        written = self.text(entry, name)
        if not written or entry is None:
            return None
        number = parse_number(written)
        if number is None and (found := find_lookalikes(written)) is not None:
            latin, offsets = found
            if parse_number(latin) is not None:
                char = written[offsets[0]]
                self.error(
                    entry.line,
                    f"`{name}`: số hiệu '{written}' có chữ {script_name(char)} '{char}' (trông "
                    f"như chữ '{latin[offsets[0]]}' nhưng máy đọc là chữ khác): gõ lại số hiệu "
                    "bằng chữ Latin",
                )
                return None
        if number is None:
            self.error(
                entry.line,
                f"`{name}`: '{written}' không phải số hiệu văn bản; viết như "
                "21-KL/TW, 05-QĐi/ThU hoặc 42/2022/NĐ-CP, hoặc bỏ trống nếu văn bản "
                "không ghi số",
            )
        return number

    def unknown_keys(self, meta: dict[str, Entry], known: tuple[str, ...], where: str) -> None:
        for key, entry in meta.items():
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = (
                f"; có phải `{close[0]}`?"
                if close
                else f"; các trường dùng được: {', '.join(known)}"
            )
            self.warning(entry.line, f"trường `{key}` {where}không được dùng và bị bỏ qua{hint}")


def _level(reader: _Reader, entry: Entry | None) -> str | None:
    written = reader.text(entry, "level")
    if not written or entry is None:
        return None
    folded = re.sub(r"^cap\s+", "", fold(written).replace("-", " ").strip())
    if folded in LEVELS:
        return folded
    level = _LEVEL_WORDS.get(folded)
    if level is None:
        reader.error(
            entry.line,
            f"`level`: '{written}' không phải cấp; dùng một trong: "
            "trung ương, tỉnh, huyện, xã, chi bộ",
        )
    return level


def _signer(reader: _Reader, entry: Entry | None) -> Signer | None:
    if entry is None or entry.value is None:
        return None
    if isinstance(entry.value, str):
        return Signer(normalize(entry.value))
    meta = reader.mapping(entry, "signer")
    if meta is None or all(e.value in (None, "") for e in meta.values()):
        return None  # an empty block, as `plansite new` writes it
    reader.unknown_keys(meta, ("name", "title", "on_behalf_of"), "trong `signer` ")
    name = reader.text(meta.get("name"), "signer.name", required=True, parent_line=entry.line)
    return Signer(
        name,
        reader.text(meta.get("title"), "signer.title"),
        reader.text(meta.get("on_behalf_of"), "signer.on_behalf_of"),
    )


def _implements(reader: _Reader, entry: Entry | None) -> list[DirectiveRef]:
    if entry is None or entry.value is None:
        return []
    items = entry.value if isinstance(entry.value, list) else [entry]
    refs: list[DirectiveRef] = []
    for item in items:
        if isinstance(item.value, (str, int)):
            number = reader.number(item, "implements")
            if number:
                refs.append(DirectiveRef(number, "", "", None, item.line))
            continue
        meta = reader.mapping(item, "implements")
        if meta is None:
            continue
        reader.unknown_keys(meta, ("number", "issued", "issuer", "title"), "trong `implements` ")
        number = reader.number(meta.get("number"), "implements.number")
        title = reader.text(meta.get("title"), "implements.title")
        if number is None and not title and "number" not in meta:
            reader.error(
                item.line,
                "mỗi văn bản trong `implements` cần `number` (số hiệu) hoặc, "
                "nếu văn bản không có số, `title` (tên văn bản)",
            )
            continue
        if number is None and not title:
            continue
        refs.append(
            DirectiveRef(
                number,
                title,
                reader.text(meta.get("issuer"), "implements.issuer"),
                reader.date(meta.get("issued"), "implements.issued"),
                item.line,
            )
        )
    return refs


def _milestones(reader: _Reader, entry: Entry | None) -> list[Milestone]:
    if entry is None or entry.value is None:
        return []
    if not isinstance(entry.value, list):
        reader.error(entry.line, "`milestones` phải là danh sách, mỗi mốc bắt đầu bằng `- by: …`")
        return []
    milestones: list[Milestone] = []
    for item in entry.value:
        meta = reader.mapping(item, "milestones")
        if meta is None:
            continue
        reader.unknown_keys(
            meta,
            ("by", "what", "who", "recurring", "done", "report", "result", "results"),
            "trong `milestones` ",
        )
        what = reader.text(
            meta.get("what"), "milestones.what", required=True, parent_line=item.line
        )
        who = reader.text(meta.get("who"), "milestones.who")
        period: Period | None = None
        recurrence: Recurrence | None = None
        by_entry, rec_entry = meta.get("by"), meta.get("recurring")
        written = reader.text(by_entry, "milestones.by")
        if written and by_entry is not None:
            try:
                period = parse_period(written)
            except DateError as error:
                reader.error(by_entry.line, f"`by`: {error}")
                continue
        rec_written = reader.text(rec_entry, "milestones.recurring")
        if rec_written and rec_entry is not None:
            try:
                recurrence = parse_recurrence(rec_written)
            except DateError as error:
                reader.error(rec_entry.line, f"`recurring`: {error}")
                continue
        if period is None and recurrence is None:
            if by_entry is None and rec_entry is None:
                reader.error(
                    item.line,
                    "mốc thời gian thiếu `by` (hạn: 20/11/2020, 2023-Q1…) "
                    "hoặc `recurring` (chu kỳ: yearly-Q1, every-6-months)",
                )
            continue
        results = _results(reader, meta, item.line, recurrence)
        if what:
            milestones.append(
                Milestone(what, who, period, recurrence, item.line, written, tuple(results))
            )
    return milestones


def _results(
    reader: _Reader, meta: dict[str, Entry], line: int, recurrence: Recurrence | None
) -> list[Result]:
    """``done`` / ``report`` / ``result`` of a dated milestone, or ``results:`` of a recurring
    one (each with the ``by`` of its occurrence)."""
    if recurrence is None:
        if "results" in meta:
            reader.error(
                meta["results"].line,
                "`results` chỉ dùng cho mốc định kỳ (`recurring`); mốc có hạn `by` ghi kết quả "
                "bằng `done`, `report`, `result` ngay trong mốc",
            )
        found = _result(reader, meta, None)
        return [found] if found else []
    for key in ("done", "report", "result"):
        if key in meta:
            reader.error(
                meta[key].line,
                f"mốc định kỳ ghi kết quả từng kỳ trong `results`, mỗi kỳ một mục "
                f"`- by: 2023-Q1` kèm `done`, `report`, `result`; không ghi `{key}` ngay trong mốc",
            )
    entry = meta.get("results")
    if entry is None or entry.value is None:
        return []
    if not isinstance(entry.value, list):
        reader.error(entry.line, "`results` phải là danh sách, mỗi kỳ một mục `- by: …`")
        return []
    out: list[Result] = []
    for item in entry.value:
        sub = reader.mapping(item, "results")
        if sub is None:
            continue
        reader.unknown_keys(sub, ("by", "done", "report", "result"), "trong `results` ")
        by_entry = sub.get("by")
        written = reader.text(by_entry, "results.by", required=True, parent_line=item.line)
        if not written or by_entry is None:
            continue
        try:
            period = parse_period(written)
        except DateError as error:
            reader.error(by_entry.line, f"`by`: {error}")
            continue
        if period not in recurrence.occurrences(period.start.year, period.end.year):
            reader.error(
                by_entry.line,
                f"kỳ {period.label} không phải một kỳ của chu kỳ "
                f"'{recurrence.label[:1].lower()}{recurrence.label[1:]}': ghi đúng kỳ của mốc, "
                "ví dụ "
                f"{recurrence.occurrences(period.start.year, period.start.year)[0].code}",
            )
            continue
        found = _result(reader, sub, period)
        if found:
            out.append(found)
    return out


def _result(reader: _Reader, meta: dict[str, Entry], period: Period | None) -> Result | None:
    done_entry = meta.get("done")
    report_entry, text_entry = meta.get("report"), meta.get("result")
    if done_entry is None:
        given = report_entry or text_entry
        if given is not None:
            reader.error(
                given.line,
                "có `report` hoặc `result` mà thiếu `done`: ghi ngày việc được hoàn thành "
                "(`done: 15/06/2023`) trước khi ghi kết quả",
            )
        return None
    done = reader.date(done_entry, "done")
    if done is None:
        return None
    report, report_path = None, ""
    written = reader.text(report_entry, "report")
    if written and report_entry is not None:
        report = parse_number(written)
        if report is None:
            report_path = _site_path(reader, report_entry.line, written, "báo cáo") or ""
            if not report_path:
                return None
    result = reader.text(text_entry, "result")
    return Result(done, done_entry.line, period, report, report_path, result)


def _attachments(reader: _Reader, entry: Entry | None) -> list[Attachment]:
    out: list[Attachment] = []
    if entry is None or entry.value is None:
        return out
    if not isinstance(entry.value, list):
        reader.error(entry.line, "`attachments` phải là danh sách, mỗi tệp một mục `- path: …`")
        return out
    for item in entry.value:
        if isinstance(item.value, str):
            path, title = item.value, ""
        else:
            meta = reader.mapping(item, "attachments")
            if meta is None:
                continue
            reader.unknown_keys(meta, ("path", "title"), "trong `attachments` ")
            path = reader.text(
                meta.get("path"), "attachments.path", required=True, parent_line=item.line
            )
            title = reader.text(meta.get("title"), "attachments.title")
            if not path:
                continue
        normal = _site_path(reader, item.line, path, "tệp đính kèm")
        if normal is None:
            continue
        out.append(Attachment(title or posixpath.basename(normal), normal, item.line))
    return out


def _site_path(reader: _Reader, line: int, path: str, what: str) -> str | None:
    """``path`` as a file of the site (relative, inside ``docs/``), or None after an error."""
    path = path.replace("\\", "/")
    normal = posixpath.normpath(path)
    if (
        path.startswith("/")
        or re.match(r"^[A-Za-z]:", path)
        or normal.startswith("..")
        or "://" in path
        or path.startswith("~")
        or url_scheme(path) is not None
        or not allowed_url(path)
    ):
        scheme = url_scheme(path)
        reader.error(
            line,
            (f"{what} dùng '{scheme}:' không được phép; " if scheme else "")
            + f"{what} '{path}' phải là đường dẫn tương đối nằm trong "
            "thư mục docs/ của trang (ví dụ tai-lieu/ke-hoach-12.pdf), không phải "
            "đường dẫn tuyệt đối hay ra ngoài kho",
        )
        return None
    return normal


def _term(reader: _Reader, entry: Entry | None) -> tuple[int, int] | None:
    """``term: 2020 - 2025``: the years the plan runs over (nhiệm kỳ, giai đoạn), each within
    the years a plan may state (:func:`dates.check_year`: recurring deadlines are expanded
    over them)."""
    from .dates import check_year

    written = reader.text(entry, "term")
    if not written or entry is None:
        return None
    m = re.fullmatch(r"(\d{1,6})\s*[-–—]\s*(\d{1,6})", written)
    if m is None or int(m[1]) > int(m[2]):
        reader.error(
            entry.line,
            f"`term`: '{written}' không phải giai đoạn; viết năm đầu - năm cuối, ví dụ 2020 - 2025",
        )
        return None
    try:
        first = check_year(int(m[1]), f"giai đoạn '{written}'")
        last = check_year(int(m[2]), f"giai đoạn '{written}'")
    except DateError as error:
        reader.error(entry.line, f"`term`: {error}")
        return None
    return first, last


def _replaces(reader: _Reader, entry: Entry | None) -> list[PlanRef]:
    """``replaces: 12-KH/ĐU`` or a list: the plans this one replaces, by number (or by file
    name, for a plan without a number)."""
    if entry is None or entry.value is None:
        return []
    items = entry.value if isinstance(entry.value, list) else [entry]
    out: list[PlanRef] = []
    for item in items:
        if isinstance(item.value, (list, dict, bool)) or item.value in (None, ""):
            reader.error(
                item.line,
                "`replaces`: ghi số hiệu của kế hoạch được thay thế (ví dụ 12-KH/ĐU), hoặc "
                "tên tệp của nó nếu nó không có số hiệu; nhiều kế hoạch thì ghi thành danh "
                "sách, mỗi dòng `- 12-KH/ĐU`",
            )
            continue
        written = normalize(str(item.value)).strip()
        number = parse_number(written)
        slug = "" if number else slugify(Path(written).stem if written.endswith(".md") else written)
        if number is None and not slug:
            reader.error(item.line, f"`replaces`: '{written}' không phải số hiệu hay tên tệp")
            continue
        out.append(PlanRef(written, number, slug, item.line))
    return out


def _corrections(reader: _Reader, entry: Entry | None) -> dict[str, DocumentNumber]:
    out: dict[str, DocumentNumber] = {}
    if entry is None or entry.value is None:
        return out
    meta = reader.mapping(entry, "corrections")
    for written, target_entry in (meta or {}).items():
        source = parse_number(written)
        target = reader.number(target_entry, "corrections")
        if source is None:
            reader.error(
                target_entry.line,
                f"`corrections`: '{written}' không phải số hiệu như "
                'văn bản viết; ghi đúng như trong văn bản, ví dụ "28-NQ/W"',
            )
        elif target is not None:
            out[source.key] = target
    return out


def _citations(
    plan: Plan, corrections: dict[str, DocumentNumber], extra: list[tuple[str, int]]
) -> list[Citation]:
    found: list[Citation] = []
    line, pos = plan.body_line, 0
    for match in find_numbers(plan.body):
        line += plan.body.count("\n", pos, match.start)
        pos = match.start
        found.append(Citation(match.number, match.raw, line))
    for text, text_line in extra:
        found += [Citation(m.number, m.raw, text_line) for m in find_numbers(text)]
    out = []
    for citation in found:
        target = corrections.get(citation.number.key)
        if target is not None:
            citation = Citation(target, citation.raw, citation.line, citation.number)
        out.append(citation)
    return out


def read_plan_text(text: str, source: str, problems: Problems) -> Plan | None:
    """Read a plan from decoded text; ``source`` names it in messages (``plans/2022/x.md``)."""
    local = Problems()
    invisible = find_invisible(text)
    if invisible:
        breaks = [i for i, ch in enumerate(text) if ch == "\n"]
        report_invisible(invisible, local, source, lambda at: bisect.bisect(breaks, at) + 1)
        text = remove_invisible(text)
    parsed = parse_source(text, source, local)
    if parsed is None:
        problems.extend(local)
        return None
    reader = _Reader(source, local)
    meta = parsed.meta
    reader.unknown_keys(meta, _KNOWN_KEYS, "")
    title = reader.text(meta.get("title"), "title", required=True)
    published_entry = meta.get("published")
    published = reader.date(published_entry, "published")
    if published_entry is None or published_entry.value in (None, ""):
        reader.error(
            published_entry.line if published_entry else 1,
            "thiếu trường `published` (ngày đăng lên trang): thêm dòng "
            "`published: 2022-01-18` với ngày đăng",
        )
    slug_written = reader.text(meta.get("slug"), "slug")
    slug = slugify(slug_written or Path(source).stem)
    if not slug:
        reader.error(
            meta["slug"].line if "slug" in meta else 1,
            "không tạo được đường dẫn trang từ tên tệp: đặt tên tệp bằng chữ và số, "
            "ví dụ ke-hoach-trien-khai-nghi-quyet.md",
        )
    plan = Plan(
        source=source,
        slug=slug,
        title=title,
        published=published or date.min,
        body=parsed.body,
        body_line=parsed.body_line,
        number=reader.number(meta.get("number"), "number"),
        id=reader.text(meta.get("id"), "id") or None,
        kind=reader.text(meta.get("kind"), "kind") or "Kế hoạch",
        issuer=reader.text(meta.get("issuer"), "issuer"),
        issued=reader.date(meta.get("issued"), "issued"),
        signer=_signer(reader, meta.get("signer")),
        level=_level(reader, meta.get("level")),
        locality=reader.text(meta.get("locality"), "locality"),
        implements=_implements(reader, meta.get("implements")),
        milestones=_milestones(reader, meta.get("milestones")),
        recipients=reader.texts(meta.get("recipients"), "recipients"),
        topics=reader.texts(meta.get("topics"), "topics"),
        summary=reader.text(meta.get("summary"), "summary"),
        review=reader.text(meta.get("review"), "review"),
        attachments=_attachments(reader, meta.get("attachments")),
        term=_term(reader, meta.get("term")),
        until=reader.date(meta.get("until"), "until"),
        replaces=_replaces(reader, meta.get("replaces")),
        lines={key: entry.line for key, entry in meta.items()},
    )
    corrections = _corrections(reader, meta.get("corrections"))
    extra = [(plan.title, plan.lines.get("title", 1)), (plan.summary, plan.lines.get("summary", 1))]
    extra += [(m.what, m.line) for m in plan.milestones]
    extra += [
        (f"{r.report.canonical if r.report else ''} {r.result}", r.line)
        for m in plan.milestones
        for r in m.results
    ]
    plan.citations = _citations(plan, corrections, extra)
    _check_plan(plan, reader)
    problems.extend(local)
    if local.errors or published is None or not title or not slug:
        return None
    return plan


def _check_plan(plan: Plan, reader: _Reader) -> None:
    """Checks across fields: dates in order, links, unknown codes in cited numbers."""
    if plan.issued and plan.published != date.min and plan.published < plan.issued:
        reader.error(
            plan.lines.get("published", 1),
            "ngày đăng (`published`) trước ngày ban hành (`issued`): kiểm tra lại hai ngày này",
        )
    if plan.issued:
        for m in plan.milestones:
            if m.by and m.by.end < plan.issued:
                reader.error(
                    m.line,
                    f"mốc '{m.what}' có hạn {m.by.label}, trước ngày ban hành "
                    f"{plan.issued:%d/%m/%Y}: kiểm tra lại năm của hạn hoặc của ngày ban hành",
                )
    start = plan.issued or (plan.published if plan.published != date.min else None)
    for m in plan.milestones:
        for r in m.results:
            if plan.issued and r.done < plan.issued:
                reader.error(
                    r.line,
                    f"`done` ({r.done:%d/%m/%Y}) trước ngày ban hành kế hoạch "
                    f"({plan.issued:%d/%m/%Y}): kiểm tra lại ngày hoàn thành",
                )
    if plan.until and start and plan.until < start:
        reader.error(
            plan.lines.get("until", 1),
            f"`until` ({plan.until:%d/%m/%Y}) trước ngày kế hoạch bắt đầu "
            f"({start:%d/%m/%Y}): ghi ngày cuối cùng kế hoạch còn hiệu lực",
        )
    elif plan.until:
        for m in plan.milestones:
            if m.by and m.by.start > plan.until:
                reader.warning(
                    m.line,
                    f"mốc '{m.what}' có hạn {m.by.label}, sau ngày kế hoạch hết hiệu lực "
                    f"(`until`: {plan.until:%d/%m/%Y}): sửa hạn của mốc hoặc ngày `until`",
                )
    if plan.until and plan.term:
        reader.warning(
            plan.lines.get("until", 1),
            f"có cả `term` ({plan.term[0]} - {plan.term[1]}) và `until` "
            f"({plan.until:%d/%m/%Y}): kế hoạch hết hiệu lực theo `until`; bỏ một trong hai "
            "nếu chúng không cùng ý",
        )
    for old in plan.replaces:
        if (old.number and plan.number and old.number.key == plan.number.key) or (
            old.slug and old.slug == plan.slug
        ):
            reader.error(
                old.line,
                f"`replaces`: '{old.written}' là chính kế hoạch này; ghi số hiệu của kế hoạch "
                "cũ mà kế hoạch này thay thế",
            )
    for ref in plan.implements:
        if ref.issued and plan.issued and ref.issued > plan.issued:
            reader.error(
                ref.line,
                f"văn bản {ref.number or ref.title} ban hành ngày "
                f"{ref.issued:%d/%m/%Y}, sau kế hoạch thực hiện nó "
                f"({plan.issued:%d/%m/%Y}): kiểm tra lại ngày",
            )
    body = plan.body
    linking = "](" in body or "]:" in body or "<" in body  # cheap: most plans link nowhere
    for link in link_targets(body) if linking else ():
        if allowed_url(link.url):
            continue
        line = plan.body_line + plan.body.count("\n", 0, link.start)
        scheme = url_scheme(link.url)
        what = f"dùng '{scheme}:'" if scheme else f"'{link.url[:60]}' dẫn ra ngoài trang"
        reader.error(
            line,
            f"liên kết {what} không được phép: chỉ dùng liên kết "
            "http://, https://, mailto:, tel: hoặc đường dẫn trong trang",
        )
    _check_lookalikes(plan, reader)
    if plan.review and " ".join(plan.review.split()) == REVIEW_OCR:
        reader.error(
            plan.lines.get("review", 1),
            "kế hoạch đọc bằng nhận dạng chữ (OCR) từ bản quét, chưa được đối chiếu: so từng "
            "chữ, từng số (số hiệu, ngày, hạn) với bản gốc, sửa chỗ sai, rồi xóa dòng `review` "
            "(chưa đối chiếu thì không đăng)",
        )
    if (at := plan.body.find(PLACEHOLDER_BODY)) >= 0:
        reader.error(
            plan.body_line + plan.body.count("\n", 0, at),
            'nội dung còn dòng mẫu của `plansite new` ("Nội dung kế hoạch viết ở đây…"): '
            "dán nội dung kế hoạch thay cho dòng này",
        )
    texts = [
        ("title", plan.title, plan.lines.get("title", 1)),
        ("summary", plan.summary, plan.lines.get("summary", 1)),
        ("issuer", plan.issuer, plan.lines.get("issuer", 1)),
        ("locality", plan.locality, plan.lines.get("locality", 1)),
    ]
    texts += [("milestones", f"{ms.what} {ms.who}", ms.line) for ms in plan.milestones]
    texts += [("implements", f"{r.title} {r.issuer}", r.line) for r in plan.implements]
    texts += [
        (name, " ".join(plan.__dict__[name]), plan.lines.get(name, 1))
        for name in ("recipients", "topics")
    ]
    if plan.signer:
        texts.append(("signer", " ".join(vars(plan.signer).values()), plan.lines.get("signer", 1)))
    for name, text, line in texts:
        if tag := _TAG_IN_TEXT.search(text):
            reader.warning(
                line,
                f"`{name}` có thẻ HTML '{tag.group(0)[:40]}': trang hiển thị "
                "nguyên văn các ký tự này, không chạy mã; xóa thẻ nếu dán nhầm",
            )
    markup = "<" in plan.body or "=" in plan.body
    for unsafe in _UNSAFE_BODY.finditer(plan.body) if markup else ():
        line = plan.body_line + plan.body.count("\n", 0, unsafe.start())
        what = f"thẻ <{unsafe.group(1)}>" if unsafe.group(1) else f"thuộc tính {unsafe.group(2)}="
        reader.warning(
            line,
            f"nội dung có {what}: phần này bị loại bỏ khi đăng (chỉ giữ các "
            "thẻ an toàn, xem hướng dẫn biên tập); xóa nó khỏi tệp",
        )
    if not plan.body.strip():
        reader.warning(
            plan.body_line - 1,
            "kế hoạch chưa có nội dung: dán nội dung kế hoạch sau dòng --- thứ hai",
        )
    numbers = [c.number for c in plan.citations] + [r.number for r in plan.implements if r.number]
    for citation in plan.citations:
        n = citation.number
        unknown = n.unknown_code
        if unknown is None:
            continue
        # The likely meant number: same serial, known codes, closest in spelling.
        similar = sorted(
            {
                o.canonical
                for o in numbers
                if o.serial == n.serial
                and o != n
                and o.known_issuer
                and o.known_type
                and o.form == n.form
            },
            key=lambda c: -difflib.SequenceMatcher(None, c, n.canonical).ratio(),
        )
        hint = (
            f"; nếu là lỗi đánh máy của {similar[0]}, thêm vào phần thông tin: "
            f'`corrections: {{"{citation.raw.strip()}": "{similar[0]}"}}`'
            if similar
            else "; nếu là lỗi đánh máy, khai báo số đúng trong `corrections`; nếu là mã mới, "
            "bổ sung vào danh mục mã (data/codes.yml)"
        )
        reader.warning(
            citation.line, f"số hiệu '{citation.raw}': {unknown} không có trong danh mục{hint}"
        )


def read_plan(path: Path, root: Path, problems: Problems) -> Plan | None:
    """Read ``path`` (a file under ``root``, the project folder); None if it holds errors."""
    found = read_plan_file(path, root, problems)
    return read_plan_data(*found, problems) if found else None


def read_plan_file(path: Path, root: Path, problems: Problems) -> tuple[bytes, str] | None:
    """The bytes of ``path`` and its name in messages (``plans/2022/x.md``); None, with the
    problem reported, for a link out of the project, a link to nothing or to itself, what is
    not a regular file (a named pipe, a device, a socket: never waited on) or a file that
    cannot be read (:func:`frontmatter.read_file`)."""
    import os

    from .frontmatter import read_file

    source = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    if os.path.islink(path):
        # realpath, not Path.resolve(): a link to itself is no RuntimeError, read_file says
        # what it is.
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(os.path.realpath(root)):
            problems.error(
                source,
                1,
                "tệp là liên kết tượng trưng (symlink) trỏ ra ngoài kho: "
                "chép nội dung kế hoạch vào tệp thật trong thư mục plans/",
            )
            return None
    data = read_file(path, source, problems)
    return None if data is None else (data, source)


def read_plan_data(data: bytes, source: str, problems: Problems) -> Plan | None:
    """Read a plan from a file's bytes; ``source`` names it in messages."""
    text = read_bytes(data, source, problems)
    if text is None:
        return None
    return read_plan_text(text, source, problems)
