"""The whole text: :func:`extract` and :func:`cited_documents` put the parts together."""

from __future__ import annotations

from datetime import date
from itertools import accumulate
from typing import Any

from ..core.cited import CitedDocument
from ..core.dates import DateError, parse_date
from ..core.numbers import NumberMatch, find_numbers, scan_numbers
from .citations import Doc, find_citations
from .deadlines import NAM_YEAR, DeadlineFinder, digit_anchors, resolve
from .document import OWN_DATE, OWN_LABEL, is_intro, read_kind_line, read_layout
from .kinds import kind_before
from .named import Named, find_named_directives
from .results import Deadline, Extraction
from .sentences import WRITES_PLAN, find_all
from .tables import table_deadlines, task_tables
from .tasks import Sections
from .vocabulary import BODY_START, plain_text, squash

#: Words between a body and its verb that are not part of its name ("Ban Thường vụ Tỉnh ủy đã
#: ban hành…").
_AUXILIARY = frozenset({"đã", "vừa", "sẽ", "đang", "cũng", "mới", "nay", "đã được", "lại"})


def _plan_issuer(p: str, start: int, end: int) -> str | None:
    """The body the opening paragraph says writes the plan ("Ban Thường vụ Tỉnh ủy xây dựng
    kế hoạch…"): the clause before the verb, if it starts with a body."""
    text = p[start:end]
    low = text.lower()
    if len(low) != len(text):
        return None
    for verb in ("xây dựng", "ban hành", "đề ra"):
        for at in find_all(low, verb):
            if at == 0 or not WRITES_PLAN.match(low, at - 1):
                continue
            clause = max(text.rfind(sep, 0, at) for sep in (". ", ", ", "; ", ": ", "\n"))
            body = squash(text[clause + 1 if clause >= 0 else 0 : at])
            words = body.split()
            while words and words[-1].lower() in _AUXILIARY:  # "Tỉnh ủy … đã ban hành"
                words.pop()
            if words[-2:] == ["tiếp", "tục"]:
                words = words[:-2]
            body = " ".join(words)
            if body and body[0].isupper() and len(body.split()) <= 10 and BODY_START.match(body):
                return body
    return None


def extract(text: str, *, year: int | None = None) -> Extraction:
    """Read a received plan text (``.txt``/``.md`` content, any layout the genre uses).

    ``year`` is the plan's year, for dates written without one ("trước 20/5"); without it the
    year of the plan's own date in the letterhead is used, if the text has one.
    """
    p = plain_text(text)
    lines = tuple(p.split("\n"))
    lay = read_layout(lines)
    sections = Sections(p, lines, lay.body)
    line_start = sections.starts
    warnings: list[str] = []

    def offset(line: int) -> int:
        return line_start[line] if line < len(line_start) else len(p)

    issued: date | None = None
    locality: str | None = None
    scan = scan_numbers(p)  # the numbers, and the slashes the deadline finder needs too
    own_number, matches = _head(p, lines, lay.kind_line, lay.kind, scan.numbers, line_start)
    if lay.kind_line is not None:
        for i in range(lay.kind_line):
            line = lines[i]
            if issued is None and (m := OWN_DATE.search(line)):
                try:
                    issued = parse_date(f"{m['d']}/{m['m']}/{m['y']}")
                    locality = squash(m["place"]) if m["place"] else None
                except DateError:
                    pass
    plan_year = year or (issued.year if issued else None)

    docs = find_citations(p, matches, warnings)
    years = digit_anchors(p, NAM_YEAR)
    named = find_named_directives(p, [(m.start, m.end) for m in matches], years)

    body_from, body_to = offset(lay.body[0]), offset(lay.body[1])
    finder = DeadlineFinder(p, plan_year, warnings, scan.slashes, years)
    found = resolve([f for f in finder.run() if body_from <= f.start < body_to])
    tables = task_tables(text) if "|" in p or "\t" in text else []
    tables = [t for t in tables if lay.body[0] <= t.first < lay.body[1]]
    in_tables: list[tuple[int, Deadline]] = []
    if tables:  # a task table's rows are read by column, not as sentences
        rows = {k for t in tables for k in range(t.first, t.end)}
        found = [f for f in found if sections.line_of(f.start) not in rows]
        in_tables = table_deadlines(tables, plan_year, warnings, finder.missing_year)
    missing = list(dict.fromkeys(finder.missing_year))
    # "tháng 3 đến tháng 4" holds "đến tháng 4": one deadline, one warning
    for phrase in [x for x in missing if not any(x != y and x in y for y in missing)]:
        warnings.append(
            f"thời hạn '{phrase}' không ghi năm và không biết năm của kế hoạch: "
            "chạy lại với năm của kế hoạch hoặc thêm mốc này bằng tay"
        )
    placed: list[tuple[int, Deadline]] = []
    starts = [f.start for f in found]
    for f in found:
        who, what = sections.who_what(f, found, starts)
        placed.append(
            (
                f.start,
                Deadline(
                    by=f.period.iso if f.period else None,
                    period=f.period.code if f.period else None,
                    recurring=f.recurring,
                    text=squash(p[f.start : f.end]),
                    who=who,
                    what=what,
                ),
            )
        )
    placed += [(offset(line), d) for line, d in in_tables]
    if in_tables:
        placed.sort(key=lambda x: x[0])
    deadlines: list[Deadline] = []
    seen: set[tuple[Any, ...]] = set()
    for _, d in placed:
        key = (d.by, d.period, d.recurring, d.who, d.what)
        if key in seen:
            continue
        seen.add(key)
        deadlines.append(d)

    title_text = squash(" ".join(lines[lay.title[0] : lay.title[1]])) or None
    implements = _implements(
        docs,
        named,
        (offset(lay.title[0]), offset(lay.title[1])),
        (body_from, offset(lay.preamble_end)),
    )
    return Extraction(
        title=title_text,
        issuer=_plan_issuer(p, body_from, offset(lay.preamble_end)),
        signer=lay.signer,
        recipients=list(lay.recipient_items),
        citations=[_cited(d) for d in docs],
        named_directives=[
            {
                "title": n.title,
                "kind": n.kind,
                "number": n.number,
                "issuer": n.issuer,
                "issued": n.issued.isoformat() if n.issued else None,
                "subject": n.subject,
                "raw": squash(n.raw),
            }
            for n in named
        ],
        deadlines=deadlines,
        implements=implements,
        kind=lay.kind,
        number=own_number,
        issued=issued.isoformat() if issued else None,
        locality=locality,
        warnings=warnings,
    )


def cited_documents(text: str) -> list[CitedDocument]:
    """What ``extract(text).citations`` holds, without reading the rest of the text
    (deadlines, signer, recipients…): the catalogue reads every plan's citations each build."""
    p = plain_text(text)
    lines = tuple(p.split("\n"))
    found = read_kind_line(lines)  # the documents cited after the letterhead, as in extract()
    kind_line, kind = found if found else (None, None)
    starts: list[int] = []
    if kind_line is not None:
        starts = list(accumulate((len(line) + 1 for line in lines[:kind_line]), initial=0))
    _, matches = _head(p, lines, kind_line, kind, list(find_numbers(p)), starts)
    return [_cited(d) for d in find_citations(p, matches, [])]


def _head(
    p: str,
    lines: tuple[str, ...],
    kind_line: int | None,
    kind: str | None,
    numbers: list[NumberMatch],
    starts: list[int],
) -> tuple[str | None, list[NumberMatch]]:
    """The text's own number, from the letterhead above the title line ("Số: 27-HD/BTGTW",
    "Số:" and the number on the next line, "Số: 27 -" / "HD/BTGTW"), and the numbers the text
    cites: those after the title line and those of an introductory paragraph above it (a
    repost), never of the letterhead or a portal's page chrome. ``starts`` are where the lines
    up to the title line start in ``p``."""
    if kind_line is None:
        return None, numbers
    head_end = starts[kind_line]
    own: NumberMatch | None = None
    intro: list[tuple[int, int]] = []
    for i in range(kind_line):
        line = lines[i]
        if own is None and "ố" in line.lower() and (label := OWN_LABEL.search(line)):
            at = starts[i] + label.end()
            own = next(
                (
                    m
                    for m in numbers
                    if at <= m.start < head_end and not p[at : m.start].strip(" \t\n*_")
                ),
                None,
            )
        elif is_intro(line):
            intro.append((starts[i], starts[i] + len(line)))
    own_number = own.number.canonical if own else None
    cited: list[NumberMatch] = []
    for m in numbers:
        if m.start >= head_end:
            cited.append(m)
        elif m is not own and any(a <= m.start < b for a, b in intro):
            if own_number is None and _names_itself(p, m, kind):
                own_number = m.number.canonical  # "…ban hành Kế hoạch số 45-KH/TU…": itself
            elif m.number.canonical != own_number:
                cited.append(m)
    return own_number, cited


def _names_itself(p: str, m: NumberMatch, kind: str | None) -> bool:
    """Whether a repost's introduction names the text itself: "ban hành <its kind> số …"."""
    if kind is None or kind_before(p, m.start) != kind:
        return False
    return "ban hành" in p[max(0, m.start - len(kind) - 40) : m.start].lower()


def _cited(d: Doc) -> CitedDocument:
    return CitedDocument(
        number=d.number.canonical,
        form=d.number.form,
        raw=d.raw,
        kind=d.kind,
        issued=d.issued.isoformat() if d.issued else None,
        issuer=d.issuer,
        subject=d.subject,
        key=d.facts[0],
    )


def _implements(
    docs: list[Doc], named: list[Named], title: tuple[int, int], preamble: tuple[int, int]
) -> list[dict[str, str]]:
    """What the title and the opening paragraphs cite: the directives the plan carries out."""
    picked: list[tuple[int, dict[str, str]]] = []

    def first(mentions: list[int]) -> int | None:
        at = [m for m in mentions if title[0] <= m < title[1] or preamble[0] <= m < preamble[1]]
        return at[0] if at else None

    for d in docs:
        if (at := first(d.mentions)) is None:
            continue
        entry = {"number": d.number.canonical}
        if d.issued:
            entry["issued"] = d.issued.isoformat()
        if d.issuer:
            entry["issuer"] = d.issuer
        if d.subject:
            entry["title"] = d.subject
        picked.append((at, entry))
    for n in named:
        if (at := first(n.mentions)) is None:
            continue
        entry = {"title": n.title}
        if n.issuer:
            entry["issuer"] = n.issuer
        if n.issued:
            entry["issued"] = n.issued.isoformat()
        picked.append((at, entry))
    return [entry for _, entry in sorted(picked, key=lambda x: x[0])]
