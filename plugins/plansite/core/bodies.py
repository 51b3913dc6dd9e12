"""HTML of plan bodies: the safe subset editors may use, and links on document numbers."""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable

import nh3

from .links import ALLOWED_SCHEMES, allowed_url
from .numbers import DocumentNumber, find_numbers

__all__ = ["ALLOWED_TAGS", "link_numbers", "sanitize"]

#: Tags a plan body may contain: what Markdown produces, plus tables and a few inline tags.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
}


#: Ids a body may give its elements: the form heading ids take (``muc-dich``, ``muc-dich_1``).
#: Page scripts and the theme name their globals and elements otherwise (``plansiteQueryKey``,
#: ``__search``), so content can never stand in for them through the browser's named access.
_CONTENT_ID = re.compile(r"[a-z0-9][a-z0-9_-]*|_[0-9]+")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src"):
        return value if allowed_url(value) else None
    if name == "id":
        return value if _CONTENT_ID.fullmatch(value) else None
    return value


def sanitize(html: str) -> str:
    """Keep only safe tags and attributes: no scripts, no ``on*`` handlers, no link outside
    :func:`links.allowed_url`, no id that could shadow a page script's name."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    )


_TAG = re.compile(r"<[^>]*>")
_SKIP = {"a", "code", "pre", "script", "style", "textarea", "kbd"}
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")


def link_numbers(html: str, href: Callable[[DocumentNumber], str | None]) -> str:
    """Wrap each document number in ``html``'s text in a link to ``href(number)``.

    Text inside links and code is left alone; a number ``href`` returns None for stays
    plain text.
    """
    out: list[str] = []
    depth = 0
    pos = 0
    for tag in _TAG.finditer(html):
        text = html[pos : tag.start()]
        out.append(text if depth else _link_text(text, href))
        name_match = _TAG_NAME.match(tag.group(0))
        if name_match and name_match.group(1).lower() in _SKIP:
            if tag.group(0).startswith("</"):
                depth = max(0, depth - 1)
            elif not tag.group(0).endswith("/>"):
                depth += 1
        out.append(tag.group(0))
        pos = tag.end()
    tail = html[pos:]
    out.append(tail if depth else _link_text(tail, href))
    return "".join(out)


def _link_text(text: str, href: Callable[[DocumentNumber], str | None]) -> str:
    if "/" not in text:  # every document number has one (numbers.find_numbers)
        return text
    parts: list[str] = []
    pos = 0
    for match in find_numbers(text):
        url = href(match.number)
        if url is None:
            continue
        parts.append(text[pos : match.start])
        parts.append(
            f'<a class="plansite-number" href="{_html.escape(url)}">'
            f"{text[match.start : match.end]}</a>"
        )
        pos = match.end
    parts.append(text[pos:])
    return "".join(parts)
