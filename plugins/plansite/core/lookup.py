"""Looking up a directive by any spelling of its number, in the resident's browser.

The rules that say which spellings name which document live here, in Python: for each
directive, :func:`directive_keys` lists the lookup keys of every spelling residents type
(``21-KL/TW``, ``21 kl tw``, ``KL 21``, ``21/KL-TW``, ``kết luận 21``, ``ket luan so 21``,
``QDi 05``, ``qđi 05 thu``…). The site ships them as a table (key → pages). The browser only
turns the query into a key with :func:`query_key`'s few generic steps (fold diacritics and
``đ``, split into letter and digit runs, drop the word "số", drop leading zeros), which
``assets/plansite/lookup.js`` repeats and a test compares on many inputs.

``lookup.js`` also holds the browser's one ``fold`` (the search script uses it too). What it
needs of the rules here comes as data, on its ``<script>`` tag (:func:`browser_rules`, written
by :func:`plansite.site.search.text_script_attributes`): the fold of each Vietnamese letter
with marks, made by :func:`plansite.core.text.fold` (:func:`fold_table`), and the words a key
drops.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import permutations
from typing import Any

from .numbers import DocumentNumber
from .text import fold

__all__ = [
    "browser_rules",
    "directive_keys",
    "fold_table",
    "lookup_table",
    "query_key",
]

_RUNS = re.compile(r"[a-z]+|[0-9]+")
_STOP = {"so"}
#: The vowels of Vietnamese (with their own marks: ă â ê ô ơ ư) and its five tone marks.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def query_key(text: str) -> str:
    """The lookup key of what a resident typed: ``Kết luận số 01`` → ``ketluan1``."""
    runs = [r for r in _RUNS.findall(fold(text)) if r not in _STOP]
    return "".join(r.lstrip("0") or "0" if r.isdigit() else r for r in runs)


def directive_keys(number: DocumentNumber, kind: str | None = None) -> set[str]:
    """Every lookup key that should find the document with this number."""
    serial = str(number.serial)
    type_key = query_key(number.type_code)
    issuer_key = query_key(number.issuer_code)
    keys: set[str] = set()
    pieces = [serial, type_key, issuer_key]
    if number.form == "state" and number.year:
        pieces.insert(1, str(number.year))
    keys.add("".join(pieces))  # 21kltw, 422022ndcp
    for order in permutations([serial, type_key]):
        keys.add("".join(order))  # 21kl, kl21
        keys.add("".join(order) + issuer_key)  # kl21tw
    keys.add(type_key + issuer_key + serial)  # kltw21
    keys.add(issuer_key + serial + type_key)
    for word in {kind or "", number.kind or ""} - {""}:
        kind_key = query_key(word)
        keys.add(kind_key + serial)  # ketluan21
        keys.add(kind_key + serial + type_key + issuer_key)  # ketluan21kltw
        keys.add(kind_key + serial + issuer_key)  # ketluan21tw
    return keys


def lookup_table(entries: Iterable[tuple[DocumentNumber, str | None, str]]) -> dict[str, list[str]]:
    """Key → page URLs, from ``(number, kind, url)`` of every directive; a key that names two
    documents lists both, in the order given."""
    table: dict[str, list[str]] = {}
    for number, kind, url in entries:
        for key in sorted(directive_keys(number, kind)):
            urls = table.setdefault(key, [])
            if url not in urls:
                urls.append(url)
    return dict(sorted(table.items()))


# -- the same rules in the browser ----------------------------------------------------------


@cache
def fold_table() -> dict[str, str]:
    """:func:`plansite.core.text.fold` of the Vietnamese letters it changes (each vowel with each
    tone, ``ă`` ``â`` ``ê`` ``ô`` ``ơ`` ``ư``, ``đ``), in lower case, grouped by what they fold
    to: ``{"a": "àáạảãâầấ…", "d": "đ", …}``. The browser's fold lower-cases a text, then
    folds these letters by the table; the few other letters with marks it decomposes and
    strips, as ``fold`` does (``lookup.js``)."""
    letters = {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES} | {"đ"}
    table: dict[str, str] = {}
    for letter in sorted(letters):
        folded = fold(letter)
        if folded != letter:
            table[folded] = table.get(folded, "") + letter
    return dict(sorted(table.items()))


def browser_rules() -> dict[str, Any]:
    """What ``lookup.js`` needs of the rules here: the fold table (:func:`fold_table`) and the
    words :func:`query_key` drops."""
    return {"fold": fold_table(), "stop": sorted(_STOP)}
