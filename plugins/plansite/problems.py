"""Problems found in plan files: one type for everything an editor must fix or know.

A :class:`Problem` carries the file, the line and a Vietnamese message that says what to
do. The CLI and the MkDocs plugin print it the same way, ``FILE:LINE: lỗi: message``.
Errors stop a build; warnings do not (``mkdocs build --strict`` counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PlanError", "Problem", "Problems", "Severity"]


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
        return f"{self.file}:{self.line}: {self.severity.value}: {self.message}"

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
