"""Strict reading of a plan file: decoding, front matter and body, with line numbers.

MkDocs' own front-matter reader swallows YAML errors; this one reports them with the file
and line, in Vietnamese, and keeps the line of every key and list item so that later checks
can point at the exact line too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .problems import Problems
from .text import decode, is_binary

__all__ = ["MAX_BYTES", "Entry", "SourceText", "parse_source", "read_bytes"]

#: A plan is a few pages of text; anything far larger is a mistake (a pasted file, an image).
MAX_BYTES = 2 * 1024 * 1024
_MAX_NODES = 5000
_STR = "tag:yaml.org,2002:str"


@dataclass
class Entry:
    """A front-matter value with the file line it stands on (1-based).

    ``value`` is a scalar (str, int, float, bool, None), a ``list[Entry]`` or a
    ``dict[str, Entry]``.
    """

    value: Any
    line: int


@dataclass
class SourceText:
    """A plan file split into its front matter and its body."""

    meta: dict[str, Entry]
    meta_line: int
    body: str
    body_line: int
    text: str


class _Loader(yaml.SafeLoader):
    """Safe loader that leaves dates as text: plansite reads them itself, in both orders."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FastLoader: type[Any] | None = None
if hasattr(yaml, "CSafeLoader"):  # libyaml: the same nodes and marks, some 25 times faster

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser with :class:`_Loader`'s resolvers (dates left as text)."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


def read_bytes(data: bytes, file: str, problems: Problems) -> str | None:
    """Decode a plan file's bytes, reporting a file that cannot be a plan."""
    if not data.strip():
        problems.error(
            file,
            1,
            "tệp trống: một kế hoạch cần phần thông tin (front matter) "
            "giữa hai dòng --- và nội dung; xem hướng dẫn biên tập",
        )
        return None
    if len(data) > MAX_BYTES:
        problems.error(
            file,
            1,
            f"tệp quá lớn ({len(data) // 1024} KB, tối đa {MAX_BYTES // 1024} KB): một kế hoạch "
            "chỉ có văn bản; đưa hình ảnh, tệp đính kèm vào `attachments` thay vì dán vào đây",
        )
        return None
    text, _encoding = decode(data)
    if is_binary(text):
        problems.error(
            file,
            1,
            "tệp không phải văn bản (có thể là tệp Word, PDF hay hình ảnh đổi đuôi .md): "
            "hãy dùng `plansite import` để chuyển văn bản thành tệp kế hoạch",
        )
        return None
    return text


def _yaml_message(error: yaml.YAMLError) -> str:
    text = str(getattr(error, "problem", "") or error)
    if "'\\t'" in text or "tab" in text.lower():
        return (
            "có ký tự Tab: phần thông tin chỉ được thụt lề bằng dấu cách; "
            "thay mỗi Tab bằng hai dấu cách"
        )
    if "mapping values are not allowed" in text:
        return (
            "dấu hai chấm ':' đặt sai chỗ: nếu giá trị có dấu hai chấm, hãy đặt cả giá trị "
            'trong dấu ngoặc kép "…"'
        )
    if "found undefined alias" in text or "found unhashable key" in text:
        return f'giá trị không hợp lệ ({text}): đặt giá trị trong dấu ngoặc kép "…"'
    if "while scanning a quoted scalar" in str(error) or "found unexpected end of stream" in text:
        return 'thiếu dấu ngoặc kép đóng: mỗi dấu " mở phải có một dấu " đóng trên cùng dòng'
    return (
        f"phần thông tin viết sai cú pháp YAML ({text}): kiểm tra thụt lề, dấu hai chấm "
        "sau tên trường và dấu ngoặc kép"
    )


class _Converter:
    def __init__(self, loader: _Loader, offset: int, file: str, problems: Problems) -> None:
        self.loader, self.offset, self.file, self.problems = loader, offset, file, problems
        self.count = 0

    def line(self, node: yaml.Node) -> int:
        return self.offset + node.start_mark.line

    def convert(self, node: yaml.Node) -> Entry:
        self.count += 1
        if self.count > _MAX_NODES:
            raise OverflowError
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Entry] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str) or key == "<<":
                    self.problems.error(
                        self.file,
                        self.line(key_node),
                        "tên trường phải là một chữ đơn giản, ví dụ `title:`",
                    )
                    continue
                if key in out:
                    self.problems.error(
                        self.file,
                        self.line(key_node),
                        f"trường `{key}` viết hai lần (lần đầu ở dòng {out[key].line}): "
                        "giữ một lần, xóa lần kia",
                    )
                    continue
                value = self.convert(value_node)
                if isinstance(value.value, (list, dict)):
                    value.line = self.line(key_node)  # a block is reported at its key's line
                out[key] = value
            return Entry(out, self.line(node))
        if isinstance(node, yaml.SequenceNode):
            return Entry([self.convert(item) for item in node.value], self.line(node))
        # A string is what the constructor would make of it, without its machinery.
        is_str = node.tag == _STR
        scalar = node.value if is_str else self.loader.construct_object(node, deep=True)
        if isinstance(scalar, str):
            scalar = scalar.strip()
        return Entry(scalar, self.line(node))


def _checked_meta(yaml_text: str, file: str, problems: Problems) -> dict[str, Entry] | None:
    """The front matter read by PyYAML's pure-Python parser, every problem reported with its
    line (libyaml's messages differ and it reports some characters differently)."""
    try:
        loader = _Loader(yaml_text)  # checks the whole text for unprintable characters
    except yaml.reader.ReaderError as error:
        line = 2 + yaml_text.count("\n", 0, max(0, error.position))
        problems.error(
            file,
            line,
            f"có ký tự điều khiển không in được (mã {error.character:#x}) "
            "trong phần thông tin, thường do dán từ Word: xóa ký tự đó",
        )
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            problems.error(file, 2, "phần thông tin trống: cần ít nhất `title` và `published`")
            return None
        if not isinstance(node, yaml.MappingNode):
            problems.error(
                file,
                2 + node.start_mark.line,
                "phần thông tin phải là các dòng `tên: giá trị`, ví dụ `title: …`",
            )
            return None
        converter = _Converter(loader, 2, file, problems)
        meta = converter.convert(node).value
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "quoted scalar" in str(error.context or ""):
            mark = error.context_mark  # point at the line where the quote was opened
        line = 2 + (mark.line if mark else 0)
        problems.error(file, line, _yaml_message(error))
        return None
    except yaml.YAMLError as error:
        problems.error(file, 2, _yaml_message(error))
        return None
    except (OverflowError, RecursionError):
        problems.error(
            file,
            2,
            "phần thông tin quá phức tạp (quá nhiều mục hoặc tham chiếu "
            "lồng nhau): viết các giá trị trực tiếp, không dùng & và *",
        )
        return None
    finally:
        loader.dispose()
    return meta  # type: ignore[no-any-return]


def _fast_meta(yaml_text: str, file: str) -> dict[str, Entry] | None:
    """The front matter read by libyaml when it is there and the text has no problem; None
    otherwise (then :func:`_checked_meta` reads it again and says what is wrong)."""
    if _FastLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(yaml_text):
        return None
    found = Problems()
    loader = _FastLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None
        meta = _Converter(loader, 2, file, found).convert(node).value
    except (yaml.YAMLError, OverflowError, RecursionError):
        return None
    finally:
        loader.dispose()
    if found:  # duplicate or unusable keys: reported by the checked reader
        return None
    return meta  # type: ignore[no-any-return]


def parse_source(text: str, file: str, problems: Problems) -> SourceText | None:
    """Split decoded text into front matter and body; report every problem with its line."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.error(
            file,
            1,
            "tệp phải bắt đầu bằng một dòng --- rồi đến phần thông tin (title, published…) "
            "và một dòng --- nữa; xem tệp mẫu tạo bằng `plansite new`",
        )
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        problems.error(
            file,
            1,
            "phần thông tin mở bằng dòng --- ở dòng 1 nhưng không được đóng: thêm một dòng --- "
            "sau trường cuối cùng, trước nội dung kế hoạch",
        )
        return None
    yaml_text = "\n".join(lines[1:close])
    meta = _fast_meta(yaml_text, file)
    if meta is None:
        meta = _checked_meta(yaml_text, file, problems)
        if meta is None:
            return None
    body = "\n".join(lines[close + 1 :])
    return SourceText(meta, 2, body, close + 2, text)
