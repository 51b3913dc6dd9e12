"""What MkDocs itself says, as an editor reads it: in Vietnamese, at the plan's file and line.

MkDocs speaks of the pages it renders, and a plan's page is a generated one
(``ke-hoach/<slug>.md``, a path no editor has on disk); its messages are English. The plugin
and the CLI (both adapters) install :class:`Translator` on the handlers that print, so that
every message reaching an editor names ``plans/…`` or ``docs/…`` with a line, in Vietnamese,
and levels read ``CẢNH BÁO``/``LỖI`` instead of ``WARNING``/``ERROR``.

One meaning of a warning: a plan's warnings (``plansite check``'s) never stop a build, even a
strict one (:func:`plan_warnings_do_not_stop`); what stops a strict build is what MkDocs finds
wrong with the pages (a link to nothing…), and ``check`` reports those first as errors
(:mod:`plansite.site.links`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

__all__ = [
    "PLAN_WARNING",
    "Translator",
    "install",
    "plan_warnings_do_not_stop",
    "stop_text",
]

#: The attribute (``extra=``) that marks a log record as a plan's warning.
PLAN_WARNING = "plansite_plan_warning"

#: A page's source path → the editor's file and the line where ``needle`` stands in it.
Locate = Callable[[str, str], tuple[str, int]]

_LEVELS = {"DEBUG": "GỠ LỖI", "INFO": "THÔNG TIN", "WARNING": "CẢNH BÁO", "ERROR": "LỖI"}
_LEVELS["CRITICAL"] = "LỖI"

#: What MkDocs says when a build stops (MkDocs 1.6).
_STOPS = [
    (
        r"Aborted with (\d+) warnings? in strict mode!",
        "dừng vì có {0} vấn đề của trang (liên kết hỏng, mục trong nav không có tệp…): sửa các "
        "dòng ở trên rồi dựng lại; cảnh báo của kế hoạch không dừng việc đăng",
    ),
    (r"Aborted with a BuildError!", "dừng vì lỗi khi dựng trang: xem các dòng ở trên"),
    (r"Aborted with (\d+) errors?!", "dừng vì có {0} lỗi: sửa các dòng ở trên rồi dựng lại"),
]

_DOC = r"Doc file '(?P<page>[^']+)' contains "
_HINT = r"(?: Did you mean '(?P<hint>[^']*)'\?)?"
#: (pattern, message, needle group): the needle is what is searched for in the file for the line.
_PAGE_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            _DOC + r"a link '(?P<url>[^']*)', but the target(?: '(?P<target>[^']+)')? is not "
            r"found among documentation files\." + _HINT
        ),
        "liên kết '{url}' trỏ tới '{target}', không có trên trang: sửa đường dẫn hoặc bỏ liên "
        "kết (liên kết tới trang ngoài viết đầy đủ https://…)",
    ),
    (
        re.compile(
            _DOC + r"an unrecognized relative link '(?P<url>[^']*)', it was left as is\." + _HINT
        ),
        "liên kết '{url}' không trỏ tới tệp nào của trang (để nguyên như đã viết): kiểm tra "
        "đường dẫn",
    ),
    (
        re.compile(_DOC + r"an absolute link '(?P<url>[^']*)', it was left as is\." + _HINT),
        "liên kết '{url}' bắt đầu bằng '/' (để nguyên như đã viết): trang đặt ở thư mục con sẽ "
        "hỏng liên kết này; dùng đường dẫn tương đối",
    ),
    (
        re.compile(
            _DOC + r"a link '(?P<url>[^']*)', but there is no such anchor on this page\." + _HINT
        ),
        "liên kết '{url}' trỏ tới một mục không có trên trang: tên mục lấy từ đề mục (## …) của "
        "nội dung; sửa phần sau dấu # hoặc bỏ liên kết",
    ),
    (
        re.compile(
            _DOC + r"a link '(?P<url>[^']*)', but the doc '(?P<target>[^']+)' does not contain "
            r"an anchor '(?P<anchor>[^']*)'\." + _HINT
        ),
        "liên kết '{url}' trỏ tới mục '{anchor}', không có trong '{target}': sửa phần sau dấu # "
        "hoặc bỏ liên kết",
    ),
]
_OTHER_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"A reference to '(?P<ref>[^']+)' is included in the 'nav' configuration, which is "
            r"not found in the documentation files\.?"
        ),
        "mkdocs.yml: mục '{ref}' trong phần nav không có tệp trong docs/: sửa tên tệp hoặc bỏ mục",
    ),
    (
        re.compile(
            r"The following pages exist in the docs directory, but are not included in the "
            r'"nav" configuration:(?P<pages>.*)',
            re.S,
        ),
        "các trang sau có trong docs/ nhưng không có trong phần nav của mkdocs.yml:{pages}",
    ),
    (
        re.compile(r"Error reading page '(?P<page>[^']+)':(?P<why>.*)", re.S),
        "docs/{page}: không đọc được trang:{why}; lưu lại tệp dạng UTF-8 rồi dựng lại",
    ),
    (re.compile(r"Cleaning site directory"), "dọn thư mục trang"),
    (re.compile(r"Building documentation to directory: (?P<dir>.*)"), "dựng trang vào {dir}"),
    (re.compile(r"Building documentation\.\.\."), "đang dựng trang…"),
    (
        re.compile(r"Documentation built in (?P<s>[\d.]+) seconds"),
        "đã dựng xong trong {s} giây",
    ),
    (re.compile(r"\[[^\]]*\] Serving on (?P<url>\S+)"), "xem trước tại {url}"),
    (re.compile(r"Serving on (?P<url>\S+)"), "xem trước tại {url}"),
    (re.compile(r"\[[^\]]*\] Watching paths for changes: (?P<p>.*)"), "theo dõi thay đổi ở {p}"),
    (re.compile(r"Watching paths for changes: (?P<p>.*)"), "theo dõi thay đổi ở {p}"),
    (re.compile(r"\[[^\]]*\] Detected file changes"), "có tệp vừa thay đổi"),
    (re.compile(r"Detected file changes"), "có tệp vừa thay đổi"),
    (re.compile(r"\[[^\]]*\] Reloading browsers"), "tải lại trang trong trình duyệt"),
    (re.compile(r"Reloading browsers"), "tải lại trang trong trình duyệt"),
    (re.compile(r"\[[^\]]*\] Shutting down\.\.\."), "dừng xem trước"),
    (re.compile(r"Shutting down\.\.\."), "dừng xem trước"),
    (
        re.compile(
            r"Excluding '(?P<a>[^']+)' from the site because it conflicts with '(?P<b>[^']+)'\."
        ),
        "bỏ '{a}' khỏi trang vì trùng với '{b}'",
    ),
]


def stop_text(message: str) -> str:
    """MkDocs' last words when a build stops, in Vietnamese; anything else as it is."""
    for pattern, text in _STOPS:
        if found := re.fullmatch(pattern, message.strip()):
            return text.format(*found.groups())
    return message


class Translator(logging.Filter):
    """A handler filter: MkDocs' messages in Vietnamese, a generated page's path replaced by
    the editor's file and line (``locate``), level names in Vietnamese. ``strict``: MkDocs'
    warnings stop the build, so they are said as errors."""

    def __init__(self, locate: Locate, *, strict: bool) -> None:
        super().__init__()
        self.locate = locate
        self.strict = strict

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "plansite_translated", False):
            return True
        record.plansite_translated = True
        record.levelname = _LEVELS.get(record.levelname, record.levelname)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        text = self.translate(message, record.levelno)
        if text != message:
            record.msg, record.args = text, ()
        return True

    def translate(self, message: str, levelno: int) -> str:
        prefix = ""
        if message.startswith("plansite: "):
            prefix, message = "plansite: ", message[len("plansite: ") :]
        level = "lỗi" if levelno >= logging.ERROR or self.strict else "cảnh báo"
        for pattern, text in _PAGE_MESSAGES:
            if m := pattern.fullmatch(message):
                groups = {k: v or "" for k, v in m.groupdict().items()}
                groups["target"] = groups.get("target") or groups.get("url", "")
                file, line = self.locate(groups["page"], groups["url"])
                said = text.format(**groups)
                if groups.get("hint"):
                    said += f" (có thể là '{groups['hint']}')"
                return (
                    f"{prefix}{file}:{line}: {level}: {said}"
                    if line
                    else (f"{prefix}{file}: {level}: {said}")
                )
        for pattern, text in _OTHER_MESSAGES:
            if m := pattern.fullmatch(message.strip()):
                return prefix + text.format(**{k: v or "" for k, v in m.groupdict().items()})
        return prefix + stop_text(message)


def _ours(handler: logging.Handler) -> Translator | None:
    return next((f for f in handler.filters if isinstance(f, Translator)), None)


def install(locate: Locate, *, strict: bool, logger: str = "mkdocs") -> None:
    """Put a :class:`Translator` on every handler of ``logger`` (the ones that print), once."""
    for handler in logging.getLogger(logger).handlers:
        if not isinstance(handler, logging.StreamHandler):
            continue  # counters and collectors keep MkDocs' own words
        old = _ours(handler)
        if old is not None:
            old.locate, old.strict = locate, strict
        else:
            handler.addFilter(Translator(locate, strict=strict))


def _not_a_plan_warning(record: logging.LogRecord) -> bool:
    return not getattr(record, PLAN_WARNING, False)


def plan_warnings_do_not_stop() -> None:
    """A strict build counts MkDocs' warnings (its ``CountHandler`` on the ``mkdocs`` logger);
    a plan's warnings are left out of the count, so they never stop publishing."""
    for handler in logging.getLogger("mkdocs").handlers:
        if type(handler).__name__ == "CountHandler" and _not_a_plan_warning not in handler.filters:
            handler.addFilter(_not_a_plan_warning)
