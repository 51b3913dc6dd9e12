"""Vietnamese text handling: decoding received files, NFC, folding and slugs.

Every piece of text that enters plansite goes through :func:`decode` (bytes) or
:func:`normalize` (str), so the rest of the code can assume NFC with ``\\n`` line ends.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = [
    "Invisible",
    "decode",
    "find_invisible",
    "find_lookalikes",
    "fold",
    "is_binary",
    "normalize",
    "remove_invisible",
    "script_name",
    "slugify",
]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def normalize(text: str) -> str:
    """NFC-normalise ``text`` and turn CRLF / CR line ends into ``\\n``; drop a BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # a quick test: each replace below reads the whole text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _looks_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from the pattern of zero bytes in ASCII-heavy text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > half * 0.3 and even_zeros < half * 0.05:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode a received file; return ``(text, encoding)``.

    Accepts UTF-8 with or without a BOM, UTF-16 (with a BOM, or guessed from its zero
    bytes) and, for legacy files, Windows-1258. The text is NFC-normalised with ``\\n``
    line ends. Never raises: bytes no encoding fits (a binary file) come back with
    replacement characters and control characters, which :func:`is_binary` recognises.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return normalize(data[len(bom) :].decode(encoding, errors="replace")), encoding
    guessed = _looks_utf16(data)
    if guessed:
        return normalize(data.decode(guessed, errors="replace")), guessed
    try:
        return normalize(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1258 writes tones as combining marks; normalize() composes them.
    return normalize(data.decode("cp1258", errors="replace")), "cp1258"


def is_binary(text: str) -> bool:
    """True if decoded text holds control characters no plan text contains."""
    sample = text[:65536]
    if "\x00" in sample or sample.count("\ufffd") > 8:
        return True
    # A stray control character pasted from Word is text with a mistake, not a binary file.
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 100)


#: Control characters other than tab, line feed and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")


# --- characters that change how text reads without being text --------------------------------

InvisibleKind = Literal["control", "bidi", "invisible"]


@dataclass(frozen=True)
class Invisible:
    """A character a plan's text may not carry, at ``offset``.

    ``control``: C0 (but tab and line feed), DEL and C1 controls, NUL among them: refused.
    ``bidi``: direction overrides, embeddings, isolates and marks, which can make a text
    display as another (a date read backwards): refused. ``invisible``: zero-width
    characters, soft hyphens and the Unicode line separators that pasted text brings:
    removed, with a warning.
    """

    offset: int
    char: str
    kind: InvisibleKind

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"


_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u00ad\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\ufeff"
_INVISIBLE = re.compile(f"[{_CONTROLS}{_BIDI}{_ZERO_WIDTH}]")
_KIND_OF = re.compile(f"(?P<control>[{_CONTROLS}])|(?P<bidi>[{_BIDI}])")
#: Line and paragraph separators are line breaks to some readers: a space keeps words apart.
_REPLACEMENT = {"\u2028": " ", "\u2029": " "}


def find_invisible(text: str) -> list[Invisible]:
    """Every character of ``text`` that :class:`Invisible` names, in order."""
    if _INVISIBLE.search(text) is None:  # the usual case, in one pass
        return []
    found = []
    for m in _INVISIBLE.finditer(text):
        kind = _KIND_OF.match(m.group(0))
        found.append(
            Invisible(m.start(), m.group(0), kind.lastgroup if kind else "invisible")  # type: ignore[arg-type]
        )
    return found


def remove_invisible(text: str) -> str:
    """``text`` without the characters :func:`find_invisible` finds (separators become a
    space): what is read after their problems are reported. NFC again: a zero-width space
    between a letter and a combining mark kept them apart, and they compose once it is gone."""
    if _INVISIBLE.search(text) is None:
        return text
    removed = _INVISIBLE.sub(lambda m: _REPLACEMENT.get(m.group(0), ""), text)
    return unicodedata.normalize("NFC", removed)


#: Cyrillic and Greek letters drawn like Latin ones (the Cyrillic К of a Russian keyboard
#: layout in 21-КL/TW): a number written with one is not the number it looks like.
_LOOKALIKES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁԛԜԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαιορτυχ",
    "ABESIJKMHOPCTXYaeijopcxysdqWwABEZHIKMNOPTYXaioptux",
)
_LOOKALIKE = re.compile("[" + "".join(chr(c) for c in _LOOKALIKES) + "]")


def find_lookalikes(text: str) -> tuple[str, list[int]] | None:
    """``text`` with look-alike Cyrillic and Greek letters made Latin, and their offsets; None
    if it has none. The two texts have the same length, so offsets carry over."""
    offsets = [m.start() for m in _LOOKALIKE.finditer(text)]
    return (text.translate(_LOOKALIKES), offsets) if offsets else None


def script_name(char: str) -> str:
    """The Vietnamese name of the script of a look-alike letter (``Kirin``, ``Hy Lạp``)."""
    return "Kirin" if unicodedata.name(char, "").startswith("CYRILLIC") else "Hy Lạp"


_FOLD_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case ``text`` and remove diacritics, mapping ``đ`` to ``d``.

    ``Đảng ủy`` → ``dang uy``.
    """
    if text.isascii():
        return text.lower()
    if _UNTABLED.search(text) is None:
        return text.translate(_fold_table())
    return _fold_slowly(text)


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


#: Characters :func:`_fold_table` leaves out: Greek, whose sigma lower-cases by its context,
#: and everything from U+3000 on (CJK and beyond, rare in plans).
_UNTABLED = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u3000-\U0010ffff]")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Each character below U+3000 (Greek apart) and its fold, where they differ. Folding a
    text is folding each of its characters there: decomposing to NFD only reorders
    combining marks, which folding removes, and lower-casing needs context only for sigma."""
    chars = (chr(c) for c in range(0x3000) if not _UNTABLED.match(chr(c)))
    return {ord(ch): folded for ch in chars if (folded := _fold_slowly(ch)) != ch}


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """A URL slug: folded, ASCII letters and digits joined by ``-`` (``Đảng ủy`` → ``dang-uy``).

    Python-Markdown's default slugify drops ``đ``; this one keeps it as ``d``.
    """
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def markdown_slugify(value: str, separator: str = "-") -> str:
    """Heading-id function for Python-Markdown's ``toc`` extension (``toc.slugify``)."""
    return slugify(value).replace("-", separator)
