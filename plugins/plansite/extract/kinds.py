"""Document numbers."""

from __future__ import annotations

from functools import lru_cache

from ..core.numbers import DocumentNumber, codes
from .vocabulary import KIND_BY_LOWER, KIND_WORDS, fold_word

_WS = " \t\n"
#: Kinds whose documents are cited by their name before "số": "Luật <name> số …".
_NAMED_KINDS = frozenset({"Luật", "Pháp lệnh"})
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


@lru_cache(maxsize=8192)
def skip_ws(text: str, i: int, ceiling: int) -> int:
    while i < ceiling and text[i] in _WS:
        i += 1
    return i


def kind_before(text: str, start: int) -> str | None:
    """The kind of document named just before a number at ``start``, if any.

    ``"Quy định số 37-QĐ/TW"`` → ``"Quy định"``; ``"Nghị quyết 02-NQ/ThU"`` → ``"Nghị
    quyết"``; an abbreviation before "số" counts too (``"NQ số 28-NQ/TW"``).
    """
    return _kind_in(text[max(0, start - 48) : start])


@lru_cache(maxsize=8192)
def _kind_in(before: str) -> str | None:
    words = before.replace("*", " ").replace("_", " ").split()
    had_so = False
    while words and words[-1].lower().rstrip(":") in ("số", ""):
        words.pop()
        had_so = True
    for count in range(min(KIND_WORDS, len(words)), 0, -1):
        phrase = " ".join(words[-count:]).lower().lstrip("(“\"'[")
        kind = KIND_BY_LOWER.get(phrase)
        if kind:
            return kind
    for word in words[-7:-1] if had_so else ():
        if word in _NAMED_KINDS:  # "Luật Tiếp cận thông tin số 104/2016/QH13"
            return word
    if words:
        token = words[-1].lstrip("(“\"'[")
        if (
            2 <= len(token) <= 4
            and token[0].isupper()
            and token.isalpha()
            and (had_so or token.isupper())
        ):
            found = codes().party_types.get(fold_word(token))
            if found:
                return found[1]
    return None


@lru_cache(maxsize=8192)
def citation_facts(number: DocumentNumber) -> tuple[str, str | None, str | None]:
    """(key, kind, level of the issuer) of a number; DocumentNumber folds on every access."""
    info = number.issuer
    return number.key, number.kind, info.level if info else None


def kind_for(word: str | None, coded: str | None) -> str | None:
    """The word before a number where it agrees with the kind its type code names
    (``coded``), else that kind."""
    if word is None or coded is None:
        return word or coded
    w, c = fold_word(word), fold_word(coded)
    if w.startswith(c) or c.startswith(w) or (w == "quy dinh" and c == "quyet dinh"):
        return word
    return coded
