"""Vietnamese text handling: decoding received files, NFC, folding and slugs.

Every piece of text that enters plansite goes through :func:`decode` (bytes) or
:func:`normalize` (str), so the rest of the code can assume NFC with ``\\n`` line ends.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["decode", "fold", "is_binary", "normalize", "slugify"]

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
