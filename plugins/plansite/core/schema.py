"""The plan schema: every field of a plan file's front matter, declared once.

The reader (:mod:`plansite.core.plan`) takes its list of known keys from here, and the
browser form (:mod:`plansite.site.admin`) is generated from it: a field added here is a field
``check`` accepts and the form shows. Labels and hints are what editors read (Vietnamese).

``kind`` says what a value is, and with it which rule checks it (each rule has its own home):

- ``text``: one line of text; ``long``: a paragraph (``summary``);
- ``date``: a day (:func:`plansite.core.dates.parse_date`);
- ``number``: a document number, số hiệu (:func:`plansite.core.numbers.parse_number`);
- ``level``: a level of the Party's organisation (:data:`plansite.core.plan.LEVELS`);
- ``period``: a deadline (:func:`plansite.core.dates.parse_period`);
- ``recurrence``: a recurring deadline (:func:`plansite.core.dates.parse_recurrence`);
- ``texts``: a list of lines; ``group``: sub-fields (``fields``); ``list``: a list of
  groups (``fields`` of each item); ``map``: written text -> meant text (``corrections``: the
  two ``fields`` name the key and the value).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "KNOWN_KEYS", "PLAN_FIELDS", "Field", "field_names"]

KINDS = (
    "text",
    "long",
    "date",
    "number",
    "level",
    "period",
    "recurrence",
    "texts",
    "group",
    "list",
    "map",
)


@dataclass(frozen=True)
class Field:
    """One field of the front matter: its key, what editors read of it, its kind, whether a
    plan (or, for a sub-field, its item) must have it, and its sub-fields."""

    name: str
    label: str
    kind: str
    hint: str = ""
    required: bool = False
    fields: tuple[Field, ...] = ()


_RESULT = (
    Field("done", "Ngày hoàn thành", "date", "Ngày việc được hoàn thành."),
    Field("report", "Báo cáo kết quả", "text", "Số hiệu báo cáo, hoặc tệp của trang."),
    Field("result", "Kết quả", "text", "Vài dòng về việc đã làm."),
)

#: The front matter of a plan file, in the order the reader lists its keys.
PLAN_FIELDS: tuple[Field, ...] = (
    Field("title", "Tên kế hoạch", "text", "Phần sau chữ KẾ HOẠCH.", required=True),
    Field("number", "Số hiệu", "number", "Ví dụ 12-KH/HU. Bỏ trống nếu văn bản không ghi."),
    Field("id", "Mã định danh", "text", "Chỉ ghi khi cần giữ mã cũ của kế hoạch."),
    Field("slug", "Đường dẫn trang", "text", "Bỏ trống: lấy theo tên tệp."),
    Field("kind", "Loại văn bản", "text", "Bỏ trống nếu là Kế hoạch."),
    Field("issuer", "Cơ quan ban hành", "text", "Như văn bản ghi, ví dụ Ban Thường vụ Huyện ủy."),
    Field("issued", "Ngày ban hành", "date", "Bỏ trống nếu văn bản không ghi."),
    Field("published", "Ngày đăng lên trang", "date", required=True),
    Field(
        "signer",
        "Người ký",
        "group",
        fields=(
            Field("name", "Họ tên người ký", "text", required=True),
            Field("title", "Chức vụ", "text"),
            Field("on_behalf_of", "Thay mặt", "text", "Ví dụ Ban Thường vụ."),
        ),
    ),
    Field("level", "Cấp ban hành", "level"),
    Field("locality", "Địa phương", "text"),
    Field(
        "implements",
        "Văn bản được thực hiện",
        "list",
        "Mỗi văn bản cần số hiệu, hoặc tên nếu văn bản không có số.",
        fields=(
            Field("number", "Số hiệu", "number", "Ví dụ 21-KL/TW."),
            Field("issued", "Ngày ban hành", "date"),
            Field("issuer", "Cơ quan ban hành", "text"),
            Field("title", "Tên văn bản", "text"),
        ),
    ),
    Field(
        "milestones",
        "Các mốc thời gian",
        "list",
        "Mỗi mốc có hạn (by) hoặc chu kỳ (recurring).",
        fields=(
            Field("by", "Hạn", "period", "Ví dụ 20/11/2020, 2022-02, 2023-Q1, 2022-H1."),
            Field("what", "Việc cần làm", "text", required=True),
            Field("who", "Nơi thực hiện", "text"),
            Field("recurring", "Chu kỳ", "recurrence", "Chỉ chọn khi mốc lặp lại."),
            *_RESULT,
            Field(
                "results",
                "Kết quả từng kỳ",
                "list",
                "Chỉ cho mốc định kỳ: mỗi kỳ một mục.",
                fields=(Field("by", "Kỳ", "period", "Ví dụ 2023-Q1.", required=True), *_RESULT),
            ),
        ),
    ),
    Field("recipients", "Nơi nhận", "texts"),
    Field("topics", "Chủ đề", "texts"),
    Field("summary", "Tóm tắt", "long"),
    Field(
        "review",
        "Cần đối chiếu",
        "long",
        "Có khi kế hoạch nhập từ bản quét (OCR): đối chiếu với bản gốc rồi xóa.",
    ),
    Field(
        "attachments",
        "Tệp đính kèm",
        "list",
        "Đường dẫn trong thư mục docs/ của trang.",
        fields=(
            Field("path", "Đường dẫn tệp", "text", required=True),
            Field("title", "Tên tệp", "text"),
        ),
    ),
    Field(
        "corrections",
        "Sửa số hiệu viết sai",
        "map",
        "Số hiệu như văn bản viết sai, và số hiệu đúng.",
        fields=(
            Field("written", "Như văn bản viết", "text", required=True),
            Field("meant", "Số hiệu đúng", "number", required=True),
        ),
    ),
    Field("term", "Giai đoạn", "text", "Năm đầu - năm cuối, ví dụ 2020 - 2025."),
    Field("until", "Hiệu lực đến ngày", "date"),
    Field("replaces", "Thay thế kế hoạch", "texts", "Số hiệu, hoặc tên tệp của kế hoạch cũ."),
)

#: The keys a plan file may have at the top of its front matter.
KNOWN_KEYS: tuple[str, ...] = tuple(f.name for f in PLAN_FIELDS)


def field_names(fields: tuple[Field, ...] = PLAN_FIELDS, prefix: str = "") -> set[str]:
    """Every field's dotted name (``milestones.results.by``), sub-fields included."""
    out: set[str] = set()
    for f in fields:
        out.add(prefix + f.name)
        out |= field_names(f.fields, f"{prefix}{f.name}.")
    return out
