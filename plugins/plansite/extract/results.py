"""What the text engine returns: :class:`Extraction` with its :class:`Deadline` items; a cited
document is :class:`plansite.core.cited.CitedDocument`, the domain's own type."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..core.cited import CitedDocument


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
class FieldStatus:
    """Whether one field of an :class:`Extraction` was read from the text or left empty, and
    what the editor should check (Vietnamese)."""

    field: str
    label: str
    read: bool
    check: str

    def line(self) -> str:
        """One Vietnamese line: ``Số hiệu: để trống (…)``."""
        state = "đọc được từ văn bản" if self.read else "để trống"
        return f"{self.label}: {state}; {self.check}"


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

    def field_report(self) -> list[FieldStatus]:
        """Per field, whether it was read from the text or left empty, with what the editor
        should check: the honest confidence ``plansite extract`` and ``plansite import`` show.
        A field is never filled by guessing, so "empty" means the text did not state it (or
        the engine could not read it): the check line says where to look."""
        n_dated = sum(1 for d in self.deadlines if d.by or d.recurring)
        no_who = sum(1 for d in self.deadlines if not d.who)
        no_what = sum(1 for d in self.deadlines if not d.what)
        no_facts = sum(1 for c in self.citations if not c.issued or not c.issuer)
        deadline_check = (
            f"{n_dated} mốc; đối chiếu từng mốc với văn bản"
            + (f"; {no_who} mốc chưa rõ ai thực hiện" if no_who else "")
            + (f"; {no_what} mốc chưa rõ việc gì" if no_what else "")
        )
        rows: list[tuple[str, str, bool, str, str]] = [
            (
                "title",
                "Tiêu đề",
                bool(self.title),
                "xem tiêu đề có đủ các dòng sau chữ KẾ HOẠCH không",
                "không thấy dòng tiêu đề sau chữ KẾ HOẠCH (hay CHƯƠNG TRÌNH…): điền tiêu đề",
            ),
            (
                "kind",
                "Loại văn bản",
                bool(self.kind),
                "xem loại văn bản đúng với dòng in hoa ở đầu",
                "không thấy dòng in hoa KẾ HOẠCH, CHƯƠNG TRÌNH… ở đầu văn bản",
            ),
            (
                "number",
                "Số hiệu",
                bool(self.number),
                "đối chiếu với dòng 'Số:' của bản gốc",
                "phần đầu không có dòng 'Số:' đọc được: điền số hiệu từ bản gốc, nếu có",
            ),
            (
                "issued",
                "Ngày ban hành",
                bool(self.issued),
                "đối chiếu với dòng ngày tháng năm ở phần đầu",
                "phần đầu không có dòng 'ngày … tháng … năm …': điền ngày từ bản gốc",
            ),
            (
                "locality",
                "Địa danh",
                bool(self.locality),
                "xem địa danh trước ngày ban hành",
                "không có địa danh trước ngày ban hành",
            ),
            (
                "issuer",
                "Cơ quan ban hành",
                bool(self.issuer),
                "xem tên cơ quan đủ, không thừa chữ",
                "đoạn mở đầu không nói cơ quan nào xây dựng kế hoạch: điền từ phần đầu",
            ),
            (
                "signer",
                "Người ký",
                bool(self.signer),
                "đối chiếu chức vụ và họ tên người ký",
                "không thấy khối chữ ký (chức vụ và họ tên) ở cuối văn bản",
            ),
            (
                "recipients",
                "Nơi nhận",
                bool(self.recipients),
                f"{len(self.recipients)} nơi nhận; xem có đủ không",
                "không thấy mục 'Nơi nhận:'",
            ),
            (
                "citations",
                "Văn bản được dẫn",
                bool(self.citations),
                f"{len(self.citations)} văn bản; đối chiếu số hiệu, ngày và cơ quan ban hành"
                + (f"; {no_facts} văn bản chưa rõ ngày hoặc cơ quan ban hành" if no_facts else ""),
                "không thấy số hiệu văn bản nào: nếu văn bản có dẫn, kiểm tra cách viết số hiệu",
            ),
            (
                "implements",
                "Văn bản được thực hiện",
                bool(self.implements),
                "xem đúng các văn bản mà tiêu đề và đoạn mở đầu nêu",
                "tiêu đề và đoạn mở đầu không dẫn văn bản nào: điền implements nếu có",
            ),
            (
                "deadlines",
                "Thời hạn",
                bool(self.deadlines),
                deadline_check,
                "không thấy thời hạn nào: nếu văn bản có hạn, thêm mốc bằng tay",
            ),
        ]
        return [
            FieldStatus(field, label, read, done if read else empty)
            for field, label, read, done, empty in rows
        ]

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
