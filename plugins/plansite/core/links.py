"""Link targets an editor's text may produce: one allow-list, and where links stand in Markdown.

Every URL that comes from a plan (body links and images, reference links, raw HTML
attributes, attachments) is judged by :func:`allowed_url`: the schemes ``http``, ``https``,
``mailto`` and ``tel``, or a path inside the site. The check (:func:`link_targets` finds the
links in the Markdown source, with their offsets for line numbers) and the sanitiser of the
published HTML use this one function, so what check accepts is what the pages keep.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["ALLOWED_SCHEMES", "LinkTarget", "allowed_url", "link_targets", "url_scheme"]

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
            yield LinkTarget(m[name], m.start(name))
