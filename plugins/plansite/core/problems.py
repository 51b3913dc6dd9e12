"""Problems found in plan files: one type for everything an editor must fix or know.

A :class:`Problem` carries the file, the line and a Vietnamese message that says what to
do. The CLI and the MkDocs plugin print it the same way, ``FILE:LINE: lỗi: message``, one
problem a line: control characters in the file's name or the message (a file named with a
newline, a value with a YAML escape) are shown escaped (``\\n``), never written raw.
Errors stop a build; warnings do not (``mkdocs build --strict`` counts them).
"""

from __future__ import annotations

import errno
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PlanError", "Problem", "Problems", "Severity", "os_reason", "printable"]

_UNPRINTED = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to print on one line: control, format (bidi), line-separator and
    unpaired surrogate characters written as escapes (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _UNPRINTED else c for c in text)


_OS_REASONS = {
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc",
    errno.ENOENT: "không tìm thấy: tệp đã bị xóa, hoặc liên kết trỏ tới nơi không có",
    errno.ELOOP: "liên kết tượng trưng (symlink) trỏ vòng quanh, không tới tệp nào",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EIO: "lỗi đọc ổ đĩa",
    errno.ENAMETOOLONG: "tên hoặc đường dẫn quá dài",
    errno.EMFILE: "quá nhiều tệp đang mở",
    errno.ENFILE: "quá nhiều tệp đang mở",
    errno.ENXIO: "không phải tệp thường",
    errno.ENODEV: "không phải tệp thường",
    errno.EAGAIN: "tệp đang bận",
    errno.EBUSY: "tệp đang bận",
    errno.ETIMEDOUT: "hết thời gian chờ (ổ mạng?)",
}


def os_reason(error: OSError) -> str:
    """Why the file system refused, in Vietnamese (never the system's English text)."""
    reason = _OS_REASONS.get(error.errno or 0)
    if reason is not None:
        return reason
    name = errno.errorcode.get(error.errno or 0, str(error.errno))
    return f"lỗi hệ thống {name}"


class Severity(StrEnum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file."""

    file: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        # Line 0: the problem is the file or folder itself (a plans folder that is missing).
        where = printable(self.file) + (f":{self.line}" if self.line else "")
        return f"{where}: {self.severity.value}: {printable(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Problems:
    """Collects problems while reading, so that one run reports every problem at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, file: str, line: int, message: str) -> None:
        self.items.append(Problem(file, line, message, Severity.ERROR))

    def warning(self, file: str, line: int, message: str) -> None:
        self.items.append(Problem(file, line, message, Severity.WARNING))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.file, p.line, p.message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class PlanError(Exception):
    """Raised when plan files hold errors; carries every :class:`Problem` found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"Có {len(problems)} lỗi trong các tệp kế hoạch:\n{lines}")
