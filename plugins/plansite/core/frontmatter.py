"""Strict reading of a plan file: its bytes, decoding, front matter and body, with lines.

MkDocs' own front-matter reader swallows YAML errors; this one reports them with the file
and line, in Vietnamese, and keeps the line of every key and list item so that later checks
can point at the exact line too.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems, os_reason
from .text import decode, is_binary

__all__ = [
    "MAX_BYTES",
    "Entry",
    "SourceText",
    "parse_source",
    "read_bytes",
    "read_file",
    "report_too_large",
]

#: A plan is a few pages of text; anything far larger is a mistake (a pasted file, an image).
MAX_BYTES = 2 * 1024 * 1024
_MAX_NODES = 5000
_YAML_TAG = "tag:yaml.org,2002:"
_STR = _YAML_TAG + "str"
#: The scalars plansite reads; an explicit tag of any other kind is refused, not constructed.
_SCALAR_TAGS = frozenset(
    _YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)


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


def report_too_large(size: int, file: str, problems: Problems) -> None:
    """A file of ``size`` bytes, over :data:`MAX_BYTES` (found before or after reading it)."""
    problems.error(
        file,
        1,
        f"tệp quá lớn ({size // 1024} KB, tối đa {MAX_BYTES // 1024} KB): một kế hoạch "
        "chỉ có văn bản; đưa hình ảnh, tệp đính kèm vào `attachments` thay vì dán vào đây",
    )


def read_file(path: Path, file: str, problems: Problems) -> bytes | None:
    """The bytes of the plan file at ``path`` (named ``file`` in messages); None, with the
    problem reported, for what is not a regular file (a folder, a named pipe, a device, a
    socket: never opened in a way that could wait for a writer), a link to nothing or to
    itself, a file too large or one the system refuses to read."""
    try:
        info = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP or (os.path.islink(path) and error.errno == errno.ENOENT):
            what = "trỏ vòng quanh" if error.errno == errno.ELOOP else "trỏ tới tệp không có"
            problems.error(
                file,
                1,
                f"tệp là liên kết tượng trưng (symlink) {what}: sửa liên kết cho trỏ tới tệp "
                "kế hoạch thật, hoặc xóa nó",
            )
        else:
            problems.error(file, 1, f"không đọc được tệp ({os_reason(error)}): {_FIX_ACCESS}")
        return None
    if not stat.S_ISREG(info.st_mode):
        _not_regular(info.st_mode, file, problems)
        return None
    if info.st_size > MAX_BYTES:
        report_too_large(info.st_size, file, problems)
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):  # replaced between the two looks
                _not_regular(mode, file, problems)
                return None
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        problems.error(file, 1, f"không đọc được tệp ({os_reason(error)}): {_FIX_ACCESS}")
        return None
    if len(data) > MAX_BYTES:  # grew since it was looked at
        report_too_large(len(data), file, problems)
        return None
    return data


_FIX_ACCESS = "kiểm tra quyền đọc tệp, hoặc chép nội dung kế hoạch vào một tệp mới"


def _not_regular(mode: int, file: str, problems: Problems) -> None:
    if stat.S_ISDIR(mode):
        what = "một thư mục"
    elif stat.S_ISFIFO(mode):
        what = "một ống dẫn (named pipe, FIFO)"
    elif stat.S_ISSOCK(mode):
        what = "một socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "một tệp thiết bị"
    else:
        what = "một loại tệp đặc biệt"
    problems.error(
        file,
        1,
        f"đây không phải tệp văn bản thường mà là {what}, nên không đọc được như một kế "
        "hoạch: xóa nó khỏi thư mục plans/ (hoặc sửa liên kết trỏ tới nó), đặt kế hoạch vào "
        "một tệp .md thật",
    )


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
        report_too_large(len(data), file, problems)
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


_QUOTE_IT = 'đặt cả giá trị trong dấu ngoặc kép "…"'
_FLOW = (
    "dấu ngoặc [ hoặc { mở một danh sách viết trên một dòng nhưng không được đóng đúng: đóng "
    "bằng ] hoặc }, ngăn các mục bằng dấu phẩy; nếu giá trị là chữ bắt đầu bằng [ hay {, "
    + _QUOTE_IT
)
_TAG = "dấu ! ở đầu giá trị là một thẻ YAML, không dùng trong phần thông tin: bỏ dấu !, hoặc "
_FOUND = re.compile(r"but (?:found|got) '?(.*?)'?$")
_CHARACTER = re.compile(r"found character '(.*)' that cannot start any token")

#: PyYAML's problems (its English text, as ``problem`` or ``context`` of the error, matched by
#: a piece of it) and what to tell the editor instead, in the order they are tried.
_YAML_PROBLEMS: list[tuple[str, str]] = [
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "no-colon"),
    ("that cannot start any token", "character"),
    ("while scanning a quoted scalar", "quote"),
    ("while scanning a double-quoted scalar", "quote"),
    ("found undefined alias", "alias"),
    ("found duplicate anchor", "alias"),
    ("while scanning an anchor", "alias"),
    ("while scanning an alias", "alias"),
    ("found unconstructable recursive node", "alias"),
    ("while scanning a tag", "tag"),
    ("while parsing a tag", "tag"),
    ("tag handle", "tag"),
    ("non-specific tag", "tag"),
    ("could not determine a constructor", "tag"),
    ("while constructing", "tag"),
    ("base64", "tag"),
    ("while scanning a block scalar", "block"),
    ("while scanning a directive", "directive"),
    ("YAML directive", "directive"),
    ("incompatible YAML document", "directive"),
    ("expected a single document", "document"),
    ("<document start>", "document"),
    ("document separator", "document"),
    ("while parsing a flow", "flow"),
    ("unclosed '[' or '{'", "flow"),
    ("expected <block end>", "block-end"),
    ("expected the node content", "node"),
    ("sequence entries are not allowed", "dash"),
    ("mapping keys are not allowed", "question"),
    ("found unhashable key", "key"),
    ("found unexpected end of stream", "quote"),
]


def _found(problem: str) -> str:
    m = _FOUND.search(problem)
    return m[1] if m else ""


def _yaml_message(error: yaml.YAMLError) -> str:
    """What is wrong, in Vietnamese, from PyYAML's kind of problem (its English text is
    never shown: an unknown kind gets a general explanation)."""
    problem = str(getattr(error, "problem", None) or "")
    context = str(getattr(error, "context", None) or "")
    both = f"{context}\n{problem}"
    if "'\\t'" in problem or "tab character" in problem:
        return (
            "có ký tự Tab: phần thông tin chỉ được thụt lề bằng dấu cách; "
            "thay mỗi Tab bằng hai dấu cách"
        )
    kind = next((kind for piece, kind in _YAML_PROBLEMS if piece in both), "")
    found = _found(problem)
    match kind:
        case "colon":
            return (
                "dấu hai chấm ':' đặt sai chỗ: nếu giá trị có dấu hai chấm, đặt cả giá trị "
                'trong dấu ngoặc kép "…"; nếu không, xem lại thụt lề của dòng này (các trường '
                "cùng cấp viết thẳng hàng) và dấu hai chấm sau tên trường ở dòng trên"
            )
        case "no-colon":
            return (
                "dòng này thiếu dấu hai chấm sau tên trường: viết `tên: giá trị`; nếu đây là "
                "phần tiếp của giá trị dòng trên, viết cả giá trị trên một dòng"
            )
        case "character":
            m = _CHARACTER.search(problem)
            char = m[1] if m else "?"
            return f"giá trị không được bắt đầu bằng ký tự '{char}': {_QUOTE_IT}"
        case "quote" if "escape" in problem:
            return (
                'trong dấu ngoặc kép "…", dấu \\ bắt đầu một ký tự đặc biệt: viết \\\\ cho một '
                "dấu \\, hoặc đặt giá trị trong dấu nháy đơn '…' thay vì ngoặc kép"
            )
        case "quote":
            return (
                "thiếu dấu ngoặc kép đóng: mỗi dấu \" (hoặc ') mở phải có một dấu đóng trên "
                "cùng dòng"
            )
        case "alias":
            return (
                "dấu & hoặc * ở đầu giá trị là tham chiếu YAML, không dùng trong phần thông "
                f"tin: {_QUOTE_IT}"
            )
        case "tag":
            return _TAG + _QUOTE_IT
        case "block":
            return (
                "dấu | hoặc > ở đầu giá trị mở một đoạn nhiều dòng: sau nó không viết gì trên "
                "cùng dòng, nội dung viết ở các dòng dưới, thụt vào hai dấu cách; nếu giá "
                f"trị là chữ, {_QUOTE_IT}"
            )
        case "directive" | "document":
            return (
                "phần thông tin có một dòng bắt đầu bằng ---, ... hoặc % (dấu hiệu riêng của "
                "YAML): chỉ dùng dòng --- (một mình trên dòng) để mở và đóng phần thông tin; "
                f"nếu là giá trị, {_QUOTE_IT}"
            )
        case "flow":
            return _FLOW
        case "block-end" if found == "-":
            return (
                "dòng `- …` đặt sai chỗ: mục danh sách nằm dưới một trường kết thúc bằng dấu "
                "hai chấm (ví dụ `topics:`), thụt vào hai dấu cách"
            )
        case "block-end" if found == "<block sequence start>":
            return (
                "các mục `- …` của một danh sách phải thẳng hàng với nhau, thụt vào hai dấu "
                "cách dưới tên trường"
            )
        case "block-end" if found in ("<scalar>", "<block mapping start>"):
            return (
                "sau giá trị còn chữ thừa (thường sau dấu ngoặc kép đóng) hoặc thụt lề không "
                f"khớp: {_QUOTE_IT}, các trường cùng cấp viết thẳng hàng"
            )
        case "block-end" if found == ":":
            return "dòng bắt đầu bằng dấu hai chấm, thiếu tên trường: viết `tên: giá trị`"
        case "block-end" | "node" if found in ("]", "}", ","):
            return f"giá trị không được bắt đầu bằng ký tự '{found}': {_QUOTE_IT}"
        case "block-end":
            return (
                "thụt lề không khớp: các trường cùng cấp viết thẳng hàng, trường con thụt vào "
                "hai dấu cách dưới trường cha"
            )
        case "dash":
            return (
                "dòng `- …` đặt sai chỗ: mục danh sách nằm dưới một trường kết thúc bằng dấu "
                f"hai chấm (ví dụ `topics:`), thụt vào hai dấu cách; nếu là giá trị, {_QUOTE_IT}"
            )
        case "question":
            return f"dấu ? ở đầu giá trị có nghĩa riêng trong YAML: {_QUOTE_IT}"
        case "key":
            return "tên trường phải là một chữ đơn giản, ví dụ `title:`"
    return (
        "phần thông tin viết sai cú pháp YAML: kiểm tra thụt lề (chỉ dùng dấu cách), dấu hai "
        'chấm sau mỗi tên trường, và đặt trong dấu ngoặc kép "…" mọi giá trị có ký tự '
        "đặc biệt (: # [ ] { } & * ! | > % @ `)"
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
        return Entry(self.scalar(node), self.line(node))

    def scalar(self, node: yaml.Node) -> Any:
        # A string is what the constructor would make of it, without its machinery.
        if node.tag == _STR:
            return str(node.value).strip()
        if node.tag not in _SCALAR_TAGS:  # !!binary, !!python/…, !custom: not plan data
            tag = node.tag.replace(_YAML_TAG, "!!") if node.tag.startswith(_YAML_TAG) else node.tag
            self.problems.error(
                self.file,
                self.line(node),
                f"giá trị có thẻ YAML '{tag[:40]}': {_TAG}{_QUOTE_IT}",
            )
            return str(node.value).strip()
        try:
            scalar = self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, yaml.YAMLError):
            # What the editor wrote, as text: a number too long for Python (over 4,300
            # digits), an explicit `!!int abc`; the field's reader says what is wrong with it.
            return str(node.value).strip()
        return scalar.strip() if isinstance(scalar, str) else scalar


#: Problems better shown where their construct began: the quote or bracket left open, the
#: start of the line that lacks its colon (PyYAML notices them further on).
_AT_CONTEXT = (
    "while scanning a quoted scalar",
    "while scanning a simple key",
    "while parsing a flow",
)


def _yaml_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    context = str(error.context or "")
    at_context = any(context.startswith(c) for c in _AT_CONTEXT)
    if error.context_mark is not None and at_context and "escape" not in str(error.problem or ""):
        return error.context_mark
    return error.problem_mark or error.context_mark


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
        mark = _yaml_mark(error)
        line = 2 + (mark.line if mark else 0)
        where = f" (cột {mark.column + 1})" if mark else ""
        problems.error(file, line, _yaml_message(error) + where)
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


#: The shapes of front matter plansite writes (``plansite new``, the importer, the form):
#: ``key: value``, ``key:`` over a block of such lines or of ``- value`` / ``- key: value``
#: items, values quoted "…" (no escape), '…' or plain. :func:`_plain_meta` reads only these
#: and leaves everything else (a multi-line value, a comment, a tag, a flow list…) to libyaml.
#: One match a line: indent, "- ", then ``key:`` and its value, or a value alone.
_PLAIN_LINES = re.compile(
    r"^( *)(- )?(?:([A-Za-z_][A-Za-z0-9_]*):(?: +([^ \n](?:.*[^ \n])?))?"
    r"|([^ \n](?:.*[^ \n])?))? *$",
    re.MULTILINE,
)
#: Characters YAML reads as line breaks or otherwise apart, and tabs: left to libyaml.
_NOT_PLAIN_TEXT = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
#: What cannot start a plain scalar in YAML's block context (or starts one only before some
#: characters: ``-``, ``?``, ``:``), and what ends or breaks one inside it.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_BREAK = re.compile(r": | #|:$")
#: The implicit resolvers PyYAML tries on a plain scalar, by its first character (as
#: ``Resolver.resolve`` picks them), and those it tries on any.
_ANY_RESOLVERS: tuple[re.Pattern[str], ...] = tuple(
    r for _, r in _Loader.yaml_implicit_resolvers.get(None, [])
)
_RESOLVERS: dict[str, tuple[re.Pattern[str], ...]] = {
    first: tuple(r for _, r in resolvers) + _ANY_RESOLVERS
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}
#: (line index, indent, "- " or "", key or "", value or "") of a non-blank line.
_Line = tuple[int, int, str, str, str]


class _NotPlain(Exception):
    """The front matter has a shape :func:`_plain_meta` leaves to libyaml."""


def _plain_scalar(text: str) -> str:
    """A value of a ``key: value`` or ``- value`` line, as the converter would make it."""
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            raise _NotPlain
        return inner.strip()
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _NotPlain
        return inner.replace("''", "'").strip()
    if first in _NOT_PLAIN_START or _PLAIN_BREAK.search(text):
        raise _NotPlain
    for regexp in _RESOLVERS.get(first, _ANY_RESOLVERS):
        if regexp.match(text):  # a number, true/false, null…: libyaml's
            raise _NotPlain
    return text.strip()


class _PlainReader:
    """Blocks of :data:`_PLAIN_LINES` lines, by indentation, as :class:`_Converter` makes
    them of libyaml's nodes (each block at its key's line)."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.at = 0
        self.count = 0  # the nodes read, as the converter counts them

    def block(self, indent: int) -> Entry:
        """The mapping or sequence whose first line is the current one, at ``indent``."""
        if self.lines[self.at][2]:
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int, first: _Line | None = None) -> Entry:
        out: dict[str, Entry] = {}
        lines, end = self.lines, len(self.lines)
        if first is None:
            first = lines[self.at]
            if first[2]:
                raise _NotPlain
            self.at += 1
        start = first[0]
        index, _, _, key, value = first
        while True:
            if not key or key in out:  # a duplicate key: reported by the checked reader
                raise _NotPlain
            if value:
                out[key] = Entry(_plain_scalar(value), 2 + index)
                self.count += 1
            else:
                if self.at >= end or lines[self.at][1] <= indent:  # null, or a list at the
                    raise _NotPlain  # key's indent: left to libyaml
                entry = self.block(lines[self.at][1])
                entry.line = 2 + index
                out[key] = entry
            if self.at >= end:
                break
            index, at_indent, dash, key, value = lines[self.at]
            if at_indent < indent:
                break
            if at_indent > indent or dash:
                raise _NotPlain
            self.at += 1
        self.count += 1
        return Entry(out, 2 + start)

    def sequence(self, indent: int) -> Entry:
        items: list[Entry] = []
        lines, end = self.lines, len(self.lines)
        start = lines[self.at][0]
        while self.at < end:
            line = lines[self.at]
            index, at_indent, dash, key, value = line
            if at_indent < indent:
                break
            if at_indent > indent or not dash:
                raise _NotPlain
            self.at += 1
            if key:
                items.append(self.mapping(indent + 2, line))
            elif value:
                items.append(Entry(_plain_scalar(value), 2 + index))
                self.count += 1
            else:
                raise _NotPlain
        self.count += 1
        return Entry(items, 2 + start)


def _plain_meta(yaml_text: str) -> dict[str, Entry] | None:
    """The front matter when it has only the shapes plansite writes, read without YAML's
    machinery: exactly what :func:`_fast_meta` reads of it (tests/test_check_speed_*.py
    compare them); None for any other shape, and for any problem."""
    if _NOT_PLAIN_TEXT.search(yaml_text) or yaml.reader.Reader.NON_PRINTABLE.search(yaml_text):
        return None
    found = _PLAIN_LINES.findall(yaml_text)
    if len(found) != yaml_text.count("\n") + 1:  # a line of another shape
        return None
    lines: list[_Line] = []
    for index, (indent, dash, key, value, other) in enumerate(found):
        if key:
            lines.append((index, len(indent), dash, key, value))
        elif other:
            lines.append((index, len(indent), dash, "", other))
        elif dash:
            return None  # "- " alone
    if not lines or lines[0][1] != 0:
        return None
    reader = _PlainReader(lines)
    try:
        meta = reader.mapping(0)
    except (_NotPlain, RecursionError):
        return None
    if reader.at != len(lines) or reader.count > _MAX_NODES:
        return None
    return meta.value  # type: ignore[no-any-return]


#: Where a line that may close the front matter starts: one that begins with --- or ...
_CLOSE_START = re.compile(r"\n(?=---|\.\.\.)")


def parse_source(text: str, file: str, problems: Problems) -> SourceText | None:
    """Split decoded text into front matter and body; report every problem with its line."""
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).strip() != "---":
        problems.error(
            file,
            1,
            "tệp phải bắt đầu bằng một dòng --- rồi đến phần thông tin (title, published…) "
            "và một dòng --- nữa; xem tệp mẫu tạo bằng `plansite new`",
        )
        return None
    # The first line after the first that is --- or ... once its end's spaces are stripped.
    close_start = close_end = -1
    for m in _CLOSE_START.finditer(text, first_end if first_end >= 0 else len(text)):
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].rstrip() in ("---", "..."):
            close_start, close_end = start, end
            break
    if close_start < 0:
        problems.error(
            file,
            1,
            "phần thông tin mở bằng dòng --- ở dòng 1 nhưng không được đóng: thêm một dòng --- "
            "sau trường cuối cùng, trước nội dung kế hoạch",
        )
        return None
    yaml_text = text[first_end + 1 : close_start - 1]
    meta = _plain_meta(yaml_text)
    if meta is None:
        meta = _fast_meta(yaml_text, file)
    if meta is None:
        meta = _checked_meta(yaml_text, file, problems)
        if meta is None:
            return None
    body = text[close_end + 1 :]
    close = text.count("\n", 0, close_start)  # the closing line's index
    return SourceText(meta, 2, body, close + 2, text)
