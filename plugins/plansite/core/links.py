"""Link targets an editor's text may produce: one allow-list, and where links stand in Markdown.

Every URL that comes from a plan (body links and images, reference links, raw HTML
attributes, attachments) is judged by :func:`allowed_url`: the schemes ``http``, ``https``,
``mailto`` and ``tel``, or a path inside the site. The check (:func:`link_targets` finds the
links in the Markdown source, with their offsets for line numbers) and the sanitiser of the
published HTML use this one function, so what check accepts is what the pages keep.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = [
    "ALLOWED_SCHEMES",
    "LinkTarget",
    "allowed_url",
    "anchor_ids",
    "link_targets",
    "site_link_problems",
    "url_scheme",
]

#: Schemes a link in a plan may use; anything else (javascript:, data:, vbscript:, file:…) is
#: refused. A URL without a scheme is a path inside the site.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
#: What browsers drop before reading a URL (WHATWG URL parsing): C0 controls and spaces at
#: either end, tab and line breaks anywhere.
_EDGES = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")
#: Markdown's backslash escapes of ASCII punctuation (``javascript\:``).
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _as_browser_reads(url: str) -> str:
    """``url`` as a browser would parse it from HTML: entities decoded (twice, so that an
    entity written as an entity is judged too), escapes undone, controls dropped."""
    text = html.unescape(html.unescape(url))
    text = _ESCAPED.sub(r"\1", text)
    return _INSIDE.sub("", text).strip(_EDGES)


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` in lower case (``JaVaScRiPt&colon;x`` → ``javascript``), or None
    for a relative URL."""
    m = _SCHEME.match(_as_browser_reads(url))
    return m[1].lower() if m else None


def allowed_url(url: str) -> bool:
    """True if a link to ``url`` may be published: an allowed scheme, or a path inside the
    site (not ``//host/…``, which leaves it)."""
    text = _as_browser_reads(url)
    if text[:2].replace("\\", "/") == "//":
        return False
    m = _SCHEME.match(text)
    return m is None or m[1].lower() in ALLOWED_SCHEMES


@dataclass(frozen=True)
class LinkTarget:
    """A link target as written in Markdown source, at offset ``start``."""

    url: str
    start: int
    #: A Markdown link, image or reference definition (MkDocs resolves these); False for a raw
    #: HTML attribute, which MkDocs leaves as written.
    markdown: bool = True


_TARGETS = re.compile(
    # inline links and images: ](url) or ](<url>)
    r"\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<inline>[^\s)]+))"
    # reference definitions: [label]: url
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(?:<(?P<refangled>[^>\n]*)>|(?P<ref>\S+))"
    # raw HTML attributes that load or follow a URL, quoted or not
    r"|\b(?:href|src|action|formaction|poster|background|cite|srcset|data|xlink:href)"
    r"\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>\"']+))",
    re.IGNORECASE | re.MULTILINE,
)


def link_targets(markdown: str) -> Iterator[LinkTarget]:
    """Every link target written in ``markdown`` (inline and reference links, images, raw
    HTML attributes), in order."""
    for m in _TARGETS.finditer(markdown):
        name = m.lastgroup
        if name is not None:
            yield LinkTarget(m[name], m.start(name), name in _MARKDOWN_GROUPS)


_MARKDOWN_GROUPS = frozenset({"angled", "inline", "refangled", "ref"})

# --------------------------------------------------------------------------------------------
# Links inside the site: a relative link must reach a page or file of the site, an anchor a
# heading of the page. MkDocs resolves the same links in the same way (from the page's source
# path; a target whose last part has no extension is left as written), so what this accepts is
# what a strict build accepts, and what it refuses the build refuses with the plan's line.

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
_ATTR_ID = re.compile(r"\{[^}\n]*#(?P<id>[^\s}]+)[^}\n]*\}\s*$")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE_MARKS = re.compile(r"[*_`]")


def _heading_texts(markdown: str) -> Iterator[str]:
    """The text of every heading (ATX ``## …`` and setext), outside fenced code."""
    fence = ""
    previous = ""
    for line in markdown.split("\n"):
        if m := _FENCE.match(line):
            mark = m[1][0] * 3
            fence = "" if fence and m[1].startswith(fence) else (fence or mark)
            previous = ""
            continue
        if fence:
            continue
        if m := _ATX.match(line):
            yield m["text"]
        elif _SETEXT.match(line) and previous.strip() and not _ATX.match(previous):
            yield previous.strip()
        previous = line


def anchor_ids(markdown: str, slugify: Callable[[str], str]) -> set[str]:
    """The ids a page rendered from ``markdown`` has: its headings' (``toc``'s rule: the text
    through ``slugify``, ``_1``, ``_2``… for repeats, or an attr_list ``{#id}``) and every
    ``id``/``name`` written in raw HTML."""
    ids: set[str] = set()
    for text in _heading_texts(markdown):
        if m := _ATTR_ID.search(text):
            ids.add(m["id"])
            continue
        plain = _INLINE_MARKS.sub("", _INLINE_LINK.sub(r"\1", text))
        slug = slugify(html.unescape(plain))
        unique, n = slug, 0
        while unique in ids:
            n += 1
            unique = f"{slug}_{n}"
        ids.add(unique)
    for m in _HTML_ID.finditer(markdown):
        ids.add(next(g for g in m.groups() if g is not None))
    return ids


def site_link_problems(
    markdown: str,
    page: str,
    exists: Callable[[str], bool],
    anchors: Callable[[str], Collection[str] | None],
) -> Iterator[tuple[int, str]]:
    """``(offset, Vietnamese message)`` for every relative Markdown link of ``markdown`` (the
    source of the page ``page``, a source path such as ``ke-hoach/x.md``) that reaches nothing:
    a target file that ``exists`` does not know, or an anchor that is not among ``anchors`` of
    its page (``anchors`` returns None for a page whose anchors are not known)."""
    for link in link_targets(markdown):
        if not link.markdown or not allowed_url(link.url) or url_scheme(link.url):
            continue
        url = _as_browser_reads(link.url)
        if url.startswith(("/", "\\")) or "&#" in url:
            continue
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
        if not path:
            own = anchors(page)
            if fragment and own is not None and unquote(fragment) not in own:
                yield link.start, _no_anchor(link.url)
            continue
        if not posixpath.splitext(path.rstrip("/"))[1] or path.endswith("/"):
            continue  # MkDocs leaves a link to a folder or a page address as written
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
        if target.startswith("../") or target == ".." or not exists(target):
            yield link.start, _no_target(link.url, target, page, path, exists)
            continue
        theirs = anchors(target)
        if fragment and theirs is not None and unquote(fragment) not in theirs:
            yield link.start, _no_anchor(link.url)


def _no_target(url: str, target: str, page: str, path: str, exists: Callable[[str], bool]) -> str:
    message = (
        f"liên kết '{url[:80]}' trỏ tới '{target}', không có trên trang: sửa đường dẫn hoặc bỏ "
        "liên kết (liên kết tới trang ngoài viết đầy đủ https://…)"
    )
    # Written from the site's root (docs/): say how to write it from the page's folder.
    from_root = posixpath.normpath(unquote(path))
    if from_root not in (target, ".") and not from_root.startswith("..") and exists(from_root):
        relative = posixpath.relpath(from_root, posixpath.dirname(page) or ".")
        message += f"; tệp '{from_root}' có trên trang: viết '{relative}'"
    return message


def _no_anchor(url: str) -> str:
    return (
        f"liên kết '{url[:80]}' trỏ tới một mục không có trên trang đó: tên mục lấy từ đề mục "
        "(## …) của nội dung; sửa phần sau dấu # hoặc bỏ liên kết"
    )
