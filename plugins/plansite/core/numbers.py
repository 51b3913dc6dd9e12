"""Document numbers (số hiệu): recognition in real text, canonical form, identity.

Two forms exist (see ``DOMAIN.md``):

* Party form ``NUMBER-TYPE/ISSUER``: ``21-KL/TW``, ``05-QĐi/ThU``, ``09-KH/ĐU``;
* State form ``NUMBER/YEAR/TYPE-ISSUER`` or ``NUMBER/TYPE-ISSUER``: ``42/2022/NĐ-CP``.

Real text writes them messily: ``01 - KL/TW``, ``09 KH/ĐU``, ``70-TB/TWngày``, ``21-kl/tw``,
split over a line break. :func:`find_numbers` finds them all; :func:`parse_number` reads one;
:attr:`DocumentNumber.canonical` and :attr:`DocumentNumber.key` give one spelling for
display and one for matching (case, ``Đ``/``D`` and spaces ignored). This module is the only
implementation of these rules: the search box in the browser receives its tables through
:func:`browser_tables`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from operator import attrgetter
from typing import Any, Literal

import yaml

from .text import fold

__all__ = [
    "Codes",
    "DocumentNumber",
    "NumberMatch",
    "NumberScan",
    "codes",
    "find_numbers",
    "parse_number",
    "scan_numbers",
]

Form = Literal["party", "state"]


@cache
def _key(code: str) -> str:
    """Fold a code for matching; ``Ư`` in a code abbreviates "Ương" (``TƯ`` = ``TW``)."""
    return fold(code.replace("Ư", "W").replace("ư", "w")).replace(" ", "")


@dataclass(frozen=True)
class IssuerInfo:
    """An issuing body's code, its name and its level (``tinh``, ``huyen``…; None if it varies)."""

    code: str
    name: str
    level: str | None


class Codes:
    """The tables of type and issuer codes, loaded from ``data/codes.yml``."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.party_types: dict[str, tuple[str, str]] = {}
        self.state_types: dict[str, tuple[str, str]] = {}
        for name, table in (("party_types", self.party_types), ("state_types", self.state_types)):
            for code, kind in raw[name].items():
                table[_key(code)] = (code, kind)
        self.party_issuers: dict[str, IssuerInfo] = {}
        for code, info in raw["party_issuers"].items():
            issuer = IssuerInfo(code, info["name"], info.get("level"))
            self.party_issuers[_key(code)] = issuer
            for alias in info.get("aliases", []):
                self.party_issuers[_key(alias)] = issuer
        self.state_issuers: dict[str, IssuerInfo] = {
            _key(code): IssuerInfo(code, name, None) for code, name in raw["state_issuers"].items()
        }
        self._kind_names = sorted(
            {kind.lower() for _, kind in (*self.party_types.values(), *self.state_types.values())}
        )
        # Longest first, so that a code glued to the next word ("TWngày") is cut right.
        self._party_issuer_prefixes = sorted(
            {info.code for info in self.party_issuers.values()}
            | {
                alias for info in raw["party_issuers"].values() for alias in info.get("aliases", [])
            },
            key=len,
            reverse=True,
        )

    def names_a_number(self, before: str) -> bool:
        """Whether the text ``before`` a number ends with "số" or the name of a kind of
        document (the names the type tables give: "Công văn", "Nghị định"…)."""
        words = before.lower().replace(":", " ").split()
        if words and words[-1] == "số":
            return True
        tail = " ".join(words[-3:])
        return any(tail.endswith(name) for name in self._kind_names)

    def party_issuer_prefix(self, token: str) -> str | None:
        """The longest known issuer code that starts ``token`` and is followed by lower case."""
        for code in self._party_issuer_prefixes:
            if len(token) > len(code) and token[: len(code)] == code and token[len(code)].islower():
                return code
        return None


@cache
def codes() -> Codes:
    """The code tables shipped with plansite."""
    text = resources.files("plansite").joinpath("data/codes.yml").read_text(encoding="utf-8")
    return Codes(yaml.safe_load(text))


@dataclass(frozen=True)
class DocumentNumber:
    """A document number (số hiệu), in canonical spelling.

    ``type_code`` and ``issuer_code`` are canonical where the code is known
    (``QĐi``, ``ThU``), as written otherwise; ``known_type`` / ``known_issuer`` say which.
    """

    serial: int
    type_code: str
    issuer_code: str
    form: Form = "party"
    year: int | None = None
    known_type: bool = True
    known_issuer: bool = True

    @cached_property  # a number is read once and compared many times (frozen: fields only)
    def canonical(self) -> str:
        """The display spelling: ``21-KL/TW``, ``05-QĐi/ThU``, ``42/2022/NĐ-CP``."""
        if self.form == "party":
            return f"{self.serial:02d}-{self.type_code}/{self.issuer_code}"
        year = f"{self.year}/" if self.year else ""
        if not self.type_code:  # no type code: 1523/UBND-VX, 30/2021/QH15
            return f"{self.serial:02d}/{year}{self.issuer_code}"
        return f"{self.serial:02d}/{year}{self.type_code}-{self.issuer_code}"

    @cached_property
    def key(self) -> str:
        """The matching key: folded canonical form (``05-qdi/thu``); equal for equal numbers."""
        return _key(self.canonical)

    @property
    def slug(self) -> str:
        """The URL slug: ``21-kl-tw``, ``05-qdi-thu``, ``42-2022-nd-cp``."""
        return re.sub(r"[^a-z0-9]+", "-", self.key).strip("-")

    @property
    def kind(self) -> str | None:
        """What kind of document the type code names (Nghị quyết, Kết luận…), if known."""
        if not self.type_code:
            # A number without a type code is a Công văn (1523/UBND-VX), except the National
            # Assembly's laws and resolutions (30/2021/QH15): the word before it tells.
            return None if _assembly(self.issuer_code) else "Công văn"
        table = codes().party_types if self.form == "party" else codes().state_types
        found = table.get(_key(self.type_code))
        return found[1] if found else None

    @property
    def issuer(self) -> IssuerInfo | None:
        """The issuing body the issuer code names, if known."""
        if not self.type_code:
            return _bare_issuer(self.issuer_code)
        table = codes().party_issuers if self.form == "party" else codes().state_issuers
        return table.get(_key(self.issuer_code))

    @property
    def unknown_code(self) -> str | None:
        """What in this number the code tables do not know, in Vietnamese; None if all known."""
        if not self.known_issuer:
            return f"mã cơ quan ban hành '{self.issuer_code}'"
        if not self.known_type:
            return f"mã loại văn bản '{self.type_code}'"
        return None

    def __str__(self) -> str:
        return self.canonical


@dataclass(frozen=True)
class NumberMatch:
    """A document number found in text: where, and as written."""

    number: DocumentNumber
    start: int
    end: int
    raw: str


# Letters that occur in codes: ASCII plus Đ/đ and Ư/ư (TƯ).
_L = "A-Za-zĐđƯư"
_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# A number starts at a digit that no digit, "/" or letter precedes. The check is written
# after the first digit, not before it: a pattern that starts with a character class lets the
# regular-expression engine skip to the next digit at C speed, where a leading lookbehind
# would be tried at every position.
_START = rf"\d(?<![\d/{_L}]\d)"
_PARTY = re.compile(
    rf"(?P<serial>{_START}\d{{0,4}})"
    rf"(?:\s*[{_DASH}]\s*|[ \t]+)"
    rf"(?P<type>[{_L}]{{1,6}})\s*/\s*(?P<issuer>[{_L}]{{1,14}})"
)
_STATE = re.compile(
    rf"(?P<serial>{_START}\d{{0,4}})\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    rf"(?P<type>[A-ZĐ][{_L}]{{0,7}})"
    rf"(?:(?P<term>\d\d)|\s*[{_DASH}]\s*(?P<issuer>[A-ZĐ][{_L}0-9]{{0,13}}))?"
    rf"(?![{_L}0-9])"
)
#: A number without a type code is a Công văn of a body and its unit (``1523/UBND-VX``,
#: ``412/SNV``, ``87/BCĐ-VP``) or a law or resolution of the National Assembly, whose code
#: carries the term (``30/2021/QH15``): what :data:`_STATE` matches with only one code, or
#: with two of which the first is a body's (see :func:`_bare_from`).
_ASSEMBLY = frozenset({"QH", "UBTVQH"})
_HYPHEN = re.compile(rf"\s*[{_DASH}]\s*")


def number_patterns() -> tuple[str, str]:
    """The scanner's two patterns (Party, state numbers), for a browser's pre-check."""
    return _PARTY.pattern, _STATE.pattern


def _assembly(issuer_code: str) -> bool:
    return issuer_code.rstrip("0123456789") in _ASSEMBLY


def _bare_issuer(issuer_code: str) -> IssuerInfo | None:
    """The body a number without a type code names: its first code (``UBND`` of
    ``UBND-VX``, ``QH`` of ``QH15``), a State body's first, then a Party body's."""
    head = _key(issuer_code.split("-")[0].rstrip("0123456789"))
    table = codes()
    return table.state_issuers.get(head) or table.party_issuers.get(head)


def _bare_from(m: re.Match[str], text: str) -> DocumentNumber | None:
    """A number without a type code, when its body's code is known and it reads as one:
    "1/2", "số 5/7", "2 ca/ngày" and dates hold no such code."""
    issuer, term, unit, year = m["type"], m["term"], m["issuer"], m["year"]
    head = _key(issuer)
    table = codes()
    if issuer in _ASSEMBLY:
        if term is None or unit is not None:
            return None
    elif term is not None or (head not in table.state_issuers and head not in table.party_issuers):
        return None
    elif unit is None and not table.names_a_number(text[max(0, m.start() - 28) : m.start()]):
        # A body's code alone ("Khoản 2/HĐND", "5/TU") is a number only after "số" or the
        # name of a kind of document ("Công văn 412/SNV", "Nghị định 43/CP").
        return None
    code = table.state_issuers.get(head) or table.party_issuers[head]
    written = code.code + (term or "") + (f"-{unit}" if unit else "")
    return DocumentNumber(
        int(m["serial"]), "", written, "state", int(year) if year else None, True, True
    )


def _canonical_code(table: dict[str, Any], token: str) -> tuple[str, bool]:
    found = table.get(_key(token))
    if found is None:
        return token, False
    return (found[0] if isinstance(found, tuple) else found.code), True


@lru_cache(maxsize=4096)
def _party_from(
    serial: str, type_token: str, issuer_token: str, sep: str
) -> tuple[DocumentNumber | None, int]:
    """Build a Party number from tokens; return it and how many issuer chars were used.

    Cached: a text cites the same documents again and again, and so do the texts of a site.
    """
    table = codes()
    type_code, known_type = _canonical_code(table.party_types, type_token)
    if not known_type and not _HYPHEN.fullmatch(sep):
        return None, 0  # "09 KH/ĐU" without a hyphen only for known types: avoids "2 ca/ngày"
    if not known_type and not type_token[0].isupper():
        return None, 0
    used = len(issuer_token)
    issuer_code, known_issuer = _canonical_code(table.party_issuers, issuer_token)
    if not known_issuer:
        prefix = table.party_issuer_prefix(issuer_token)
        if prefix is not None:  # "70-TB/TWngày": the code is glued to the next word
            used = len(prefix)
            issuer_code, known_issuer = _canonical_code(table.party_issuers, prefix)
        elif not issuer_token[0].isupper():
            return None, 0
    return (
        DocumentNumber(
            int(serial), type_code, issuer_code, "party", None, known_type, known_issuer
        ),
        used,
    )


def _state_from(m: re.Match[str]) -> DocumentNumber | None:
    table = codes()
    type_token, issuer_token = m["type"], m["issuer"]
    # "21/KL-TW" is a Party number written in the State order (a common search spelling).
    if (
        m["year"] is None
        and _key(issuer_token) in table.party_issuers
        and (
            _key(type_token) in table.party_types and _key(issuer_token) not in table.state_issuers
        )
    ):
        number, _ = _party_from(m["serial"], type_token, issuer_token, "-")
        return number
    type_code, known_type = _canonical_code(table.state_types, type_token)
    issuer_code, known_issuer = _canonical_code(table.state_issuers, issuer_token)
    if not known_type and not known_issuer:
        return None
    year = int(m["year"]) if m["year"] else None
    return DocumentNumber(
        int(m["serial"]), type_code, issuer_code, "state", year, known_type, known_issuer
    )


#: Every number holds a "/", and its parts stand within a few characters of it: searching
#: only windows this wide around each "/" finds the same matches as searching everything.
_WINDOW = 48


def _slashes(text: str) -> list[int]:
    """Where "/" stands in ``text``, in order."""
    out: list[int] = []
    find = text.find
    i = find("/")
    while i >= 0:
        out.append(i)
        i = find("/", i + 1)
    return out


def _windows(text: str, slashes: list[int] | None = None) -> list[tuple[int, int]]:
    """The spans within ``_WINDOW`` characters of a "/", overlapping ones merged, in order;
    ``slashes`` are where "/" stands, if already known (:func:`_slashes`)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    for i in _slashes(text) if slashes is None else slashes:
        start, end = max(0, i - _WINDOW), min(n, i + _WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def find_numbers(text: str) -> Iterator[NumberMatch]:
    """Every document number in ``text``, in order, in both forms and in messy spellings."""
    return _scan(text, _windows(text))


@dataclass(frozen=True)
class NumberScan:
    """A text searched for document numbers: the numbers, in order (what :func:`find_numbers`
    gives), and where "/" stands in the text, in order. Every number holds a "/", so the
    search starts from them; other readers of the text anchor on them too (the deadline
    finder of :mod:`plansite.extract` reads dates such as ``20/11/2020`` there)."""

    numbers: list[NumberMatch]
    slashes: list[int]


def scan_numbers(text: str, *, full: bool = False) -> NumberScan:
    """The numbers in ``text`` and where its slashes stand, for a reader that needs both: the
    text is searched once. ``full`` searches all of it, not only the few characters around
    each "/" that can hold a number: the same numbers, found slower (what the windows are
    checked against)."""
    slashes = _slashes(text)
    windows = [(0, len(text))] if full else _windows(text, slashes)
    return NumberScan(list(_scan(text, windows)), slashes)


def _scan(text: str, windows: list[tuple[int, int]]) -> Iterator[NumberMatch]:
    """Numbers found in the given spans of ``text`` (``[(0, len(text))]`` scans it all); the
    spans are in order and do not overlap, as :func:`_windows` makes them."""
    matches: list[NumberMatch] = []
    taken_until = -1
    for a, b in windows:
        for m in _STATE.finditer(text, a, b):
            number = _state_from(m) if m["issuer"] and m["term"] is None else None
            if number is None:
                number = _bare_from(m, text)
            if number is not None:
                matches.append(NumberMatch(number, m.start(), m.end(), m.group(0)))
    if len(matches) > 1:
        matches.sort(key=attrgetter("start"))
    # State numbers come in order and do not overlap: one pointer finds the one a Party
    # match starts in (Party matches come in order too).
    state_spans = [(n.start, n.end) for n in matches]
    k, last = 0, len(state_spans)
    for a, b in windows:
        for m in _PARTY.finditer(text, a, b):
            start = m.start()
            while k < last and state_spans[k][1] <= start:
                k += 1
            if k < last and state_spans[k][0] <= start:
                continue
            issuer_start = m.start("issuer")
            sep = text[m.end("serial") : m.start("type")]
            number, used = _party_from(m["serial"], m["type"], m["issuer"], sep)
            if number is None:
                continue
            end = issuer_start + used
            matches.append(NumberMatch(number, start, end, text[start:end]))
    matches.sort(key=attrgetter("start"))
    for match in matches:
        if match.start >= taken_until:
            taken_until = match.end
            yield match


@lru_cache(maxsize=1 << 16)  # the same numbers are read in plan after plan (immutable)
def parse_number(text: str) -> DocumentNumber | None:
    """Read ``text`` as exactly one document number (surrounding spaces allowed), else None."""
    stripped = text.strip()
    # read as the number of "số …": a number without a type code needs no more context
    for match in find_numbers("số " + stripped):
        if match.start == 3 and match.end == len(stripped) + 3:
            return match.number
        break
    return None


def browser_tables() -> dict[str, Any]:
    """The code tables as plain data, for the browser's copy of number matching."""
    table = codes()
    return {
        "party_types": {k: v[0] for k, v in table.party_types.items()},
        "state_types": {k: v[0] for k, v in table.state_types.items()},
        "party_issuers": {k: v.code for k, v in table.party_issuers.items()},
        "state_issuers": {k: v.code for k, v in table.state_issuers.items()},
    }
