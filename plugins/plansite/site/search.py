"""Full-text search with Pagefind, tuned for Vietnamese; independent of the site generator.

The site's search runs in the visitor's browser and never leaves the site: the build writes
Pagefind indexes, cut into chunks fetched on demand, and small tables of document numbers
(``tim-kiem/so-hieu/*.json``); ``assets/plansite/search.js`` reads them.

Two indexes, because Pagefind keeps every position of every word: on a site of 10,000 plans
the positions of a common syllable (``đảng``, ``quán``) in the full texts weigh megabytes,
and a chunk, cut only after 20,000 positions (not configurable), holds them whole.

- ``pagefind/``, the summary index, read first: for each plan its title, summary, the
  directives it carries out, its milestones, topics and signer, with its number, date and
  issuing body as Pagefind metadata; for each directive that is not itself a plan on the
  site, its title and subject. These documents are written from the catalogue
  (:func:`summary_html`), not taken from the built pages, which also hold the template's
  labels and other features' blocks (timelines, calendar and feed links) on every page:
  words on every page match every query and weigh on every chunk of the index.
- ``pagefind-toan-van/<n>/``, the full text of the plans (the body of the built page:
  the part of the ``<article>`` marked ``data-plansite-full-text``), in parts of at most
  :data:`PART_PAGES` plans, each indexed by a Pagefind process of its own (so the indexer's
  memory stays bounded whatever the size of the site). The browser reads it when the summary
  index finds little, or when the visitor asks to search the full texts.

What Pagefind 1.5 does by itself:

- indexes the text of the element marked ``data-pagefind-body`` (here the ``<article>`` of
  plan and directive pages: not the navigation, header, footer or sidebar), with
  ``data-pagefind-filter`` values (kind, issuing body, level, year) and
  ``data-pagefind-meta`` fields (number, date) shown with each result;
- matches words whatever their tone marks (``quan triet`` finds ``quán triệt``) and, with
  ``exactDiacritics``, only with the tones typed; ranks with BM25 and the ``ranking`` weights
  (``termFrequency``, ``termSimilarity``, ``pageLength``, ``termSaturation``,
  ``diacriticSimilarity``) and ``data-pagefind-weight`` on elements; matches a word as a
  prefix of longer words (``ha`` finds ``hành``).

What it does not do, and plansite adds:

- ``đ`` is a letter of its own in Unicode, not ``d`` with a mark, so Pagefind does not fold
  it: ``dang uy`` would not find ``Đảng ủy``. The text plansite hands to Pagefind writes
  ``đ`` as ``ď`` (:data:`INDEX_LETTERS`: d with caron, no Vietnamese letter), which Pagefind
  folds to ``d``; the search script writes queries the same way and shows ``đ``. (``d`` +
  U+0335, a combining stroke, also folds, but Pagefind files such a word twice, with and
  without the stroke, and every ``đ`` word weighed double in the index.)
- Pagefind cuts its index into chunks by counting the positions of words without marks
  only: in Vietnamese, where nearly every word has marks, a chunk of the summary index of
  10,000 plans held up to 578 KB. Each indexed text ends with its words folded
  (:func:`_folded_words`), so that every word counts and chunks stay small.
- Exact tones do not reliably rank first (``Hà Tĩnh`` and ``hà tính`` score the same), and
  Pagefind's quoted-phrase search misses phrases whose words have several tone variants on
  the page. The search script ranks, within Pagefind's order: the phrase with the tones
  typed, the phrase with any tones, all words with the tones typed, then the rest. It reads
  adjacency from the word positions Pagefind returns for every result (no download), and
  checks the results it shows against their text.
- Block elements are separated by a space in the indexed text, so words of two cells or list
  items (``Tĩnh)`` / ``Cấp``) are not glued together in excerpts.
- Document numbers: a query in any spelling of a number (``kết luận 21``, ``QDi 05``) shows
  the directive's page first, from the same table of spellings as the home page's lookup
  box (:func:`plansite.core.lookup.lookup_table`), cut into shards by the number's last digits so
  a visitor downloads one small shard, not the table of every directive.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..core.catalog import Catalog, Directive
from ..core.lookup import browser_rules, lookup_table
from ..core.plan import LEVELS, Plan
from ..core.text import fold
from ..core.urls import directive_url, plan_url
from .context import rules_attribute
from .view import milestones_in_order

__all__ = [
    "FILTERS",
    "FOLDED_MARK",
    "FULL_TEXT_DIR",
    "GLOBALS",
    "INDEX_LETTERS",
    "NUMBERS_DIR",
    "PAGEFIND_DIR",
    "SEARCH_FIELDS",
    "SEARCH_FILTERS",
    "SHARD_DIGITS",
    "IndexStats",
    "SearchIndexer",
    "form_attributes",
    "index_html",
    "indexed",
    "number_files",
    "search_attributes",
    "shard_of",
    "summary_html",
]

PAGEFIND_DIR = "pagefind"
FULL_TEXT_DIR = "pagefind-toan-van"
#: Plans per part of the full-text index: Pagefind needs about 0.35 MB per plan page.
PART_PAGES = 2000
NUMBERS_DIR = "tim-kiem/so-hieu"
#: A lookup key's shard: the number its last digits make (:func:`shard_of`).
SHARD_DIGITS = 2
#: The names of what a page tells the search index, by role: Pagefind's filters and metadata
#: (:func:`search_attributes`) and the number tables' fields (:func:`_doc`). ``search.js``
#: reads them from the form's ``data-fields`` (:func:`form_attributes`).
SEARCH_FIELDS = {
    "kind": "loai",
    "issuer": "co-quan",
    "place": "dia-phuong",
    "level": "cap",
    "year": "nam",
    "number": "so-hieu",
    "date": "ngay",
    "implements": "thuc-hien",
}
_F = SEARCH_FIELDS
#: The filters of the search page: Pagefind's filter names (:func:`search_attributes`) and the
#: label the page shows for each; ``search.js`` reads the names from the form.
SEARCH_FILTERS = {
    _F["kind"]: "Loại văn bản",
    _F["issuer"]: "Cơ quan ban hành",
    _F["place"]: "Địa phương",
    _F["level"]: "Cấp",
    _F["year"]: "Năm",
}
#: Pagefind's ready-made interfaces; the site uses its own script, so they are not shipped.
_UNUSED_BUNDLE = re.compile(r"pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$")
#: How the indexed text writes ``đ``: as ``ď`` (d with caron, not a Vietnamese letter), which
#: Pagefind folds to ``d``; ``search.js`` writes queries the same way and shows it as ``đ``.
INDEX_LETTERS = {"đ": "\u010f", "Đ": "\u010e"}
#: What starts the folded words at the end of an indexed document (:func:`_folded_words`);
#: ``search.js`` shows a result's text up to it, so the text itself writes it as ``*``.
FOLDED_MARK = "\u2042"
_INDEX_TEXT = str.maketrans({**INDEX_LETTERS, FOLDED_MARK: "*"})
_FOLDED_GAP = " \u00b7 "
_NON_WORD = re.compile(r"[^\w\s]")
_BLOCK_TAG = re.compile(
    r"(?=</?(?:address|article|blockquote|br|dd|div|dl|dt|h[1-6]|hr|li|ol|p|pre|section|"
    r"table|tbody|td|tfoot|th|thead|tr|ul)\b)",
    re.IGNORECASE,
)
_TEXT = re.compile(r">[^<]+<")
_TAG = re.compile(r"<[^>]*>")
_RECORD_START = re.compile(
    r"<(article|main|div|section)\b[^>]*\bdata-pagefind-(?:body|filter)\b[^>]*>"
)
_FULL_TEXT = re.compile(r"<([a-z]+)\b[^>]*\bdata-plansite-full-text\b[^>]*>")


# -- what pages say about themselves ------------------------------------------------------


def _attrs(filters: dict[str, str], meta: dict[str, str], *, body: bool) -> Markup:
    """`` data-pagefind-body data-pagefind-filter="…" data-pagefind-meta="…" data-…="…"``."""
    parts = [" data-pagefind-body"] if body else []
    values = {
        **{f"data-{k}": v for k, v in filters.items() if v},
        **{f"data-{k}": v for k, v in meta.items() if v},
    }
    wanted = [f"{k}[data-{k}]" for k, v in filters.items() if v]
    if wanted:
        parts.append(f' data-pagefind-filter="{", ".join(wanted)}"')
    wanted = [f"{k}[data-{k}]" for k, v in meta.items() if v]
    if wanted:
        parts.append(f' data-pagefind-meta="{", ".join(wanted)}"')
    parts += [f' {name}="{escape(value)}"' for name, value in values.items()]
    return Markup("".join(parts))


def search_attributes(obj: Plan | Directive) -> Markup:
    """The attributes of a plan's or directive's ``<article>`` that tell Pagefind how to
    filter the page (``loai``, ``co-quan``, ``dia-phuong``, ``cap``, ``nam``; the search
    script also shows the issuing body and place from them) and what to show with a result
    (``so-hieu``, ``ngay``: metadata, which Pagefind also indexes as words).

    A plan's article is Pagefind's ``data-pagefind-body``; a directive's page is mostly made
    of other pages (the plans carrying it out, their deadlines, feeds), so its template marks
    only its title and card. plansite's own indexes are written by :func:`summary_html` and
    :func:`index_html`.
    """
    if isinstance(obj, Plan):
        filters = {
            _F["kind"]: obj.kind,
            _F["issuer"]: obj.issuer,
            _F["place"]: obj.locality,
            _F["level"]: obj.level_label,
            _F["year"]: str(obj.year),
        }
        when = f"ngày {obj.issued:%d/%m/%Y}" if obj.issued else f"đăng {obj.published:%d/%m/%Y}"
        number = obj.number.canonical if obj.number else ""
        return _attrs(filters, {_F["number"]: number, _F["date"]: when}, body=True)
    year = obj.issued.year if obj.issued else obj.year
    filters = {
        _F["kind"]: obj.kind or "Văn bản khác",
        _F["issuer"]: obj.issuer_name,
        _F["level"]: LEVELS.get(obj.level or "", ""),
        _F["year"]: str(year) if year else "",
    }
    when = f"ngày {obj.issued:%d/%m/%Y}" if obj.issued else (f"năm {year}" if year else "")
    number = obj.number.canonical if obj.number else ""
    return _attrs(filters, {_F["number"]: number, _F["date"]: when}, body=False)


FILTERS = {"plansite_search_attrs": search_attributes}


def form_attributes() -> Markup:
    """The attributes of a search form that give ``search.js`` the rules it shares with the
    index: how the indexed text is written, ``data-index-letters`` (:data:`INDEX_LETTERS`,
    JSON) and ``data-folded-mark`` (:data:`FOLDED_MARK`); the filter names,
    ``data-filters`` (:data:`SEARCH_FILTERS`, JSON); the names of the fields by role,
    ``data-fields`` (:data:`SEARCH_FIELDS`, JSON); and the shards of the number tables,
    ``data-shard-digits`` (:data:`SHARD_DIGITS`). One definition, here, for the index and the
    browser."""
    letters = json.dumps(INDEX_LETTERS, ensure_ascii=False, separators=(",", ":"))
    filters = json.dumps(list(SEARCH_FILTERS), separators=(",", ":"))
    fields = json.dumps(SEARCH_FIELDS, separators=(",", ":"))
    return Markup(
        f' data-index-letters="{escape(letters)}" data-folded-mark="{escape(FOLDED_MARK)}"'
        f' data-filters="{escape(filters)}" data-fields="{escape(fields)}"'
        f' data-shard-digits="{SHARD_DIGITS}"'
    )


@cache
def text_script_attributes() -> Markup:
    """The attributes of the ``<script>`` that loads ``lookup.js``: ``data-plansite-text``,
    :func:`plansite.core.lookup.browser_rules` as JSON (about 300 bytes)."""
    return rules_attribute("data-plansite-text", browser_rules())


#: Template globals: the search forms' attributes, the search page's filters, and the
#: attributes of the script tag of ``lookup.js`` (:func:`text_script_attributes`).
GLOBALS = {
    "plansite_search_form": form_attributes,
    "plansite_search_filters": SEARCH_FILTERS,
    "plansite_text_script": text_script_attributes,
}


def indexed(obj: object) -> bool:
    """Whether a page's object is searched: every plan; a directive unless it is itself a
    plan on the site (its plan's page stands for it, and numbers find it directly)."""
    return isinstance(obj, Plan) or (isinstance(obj, Directive) and obj.plan is None)


# -- the document-number table, in shards -------------------------------------------------


def shard_of(key: str) -> str | None:
    """The shard of a lookup key: its last :data:`SHARD_DIGITS` digits without leading zeros
    (``ketluan21`` → ``21``, ``kl5`` → ``5``, ``kl105`` → ``5``), or None for a key without
    digits (no number).

    ``search.js`` computes the same from the key ``lookup.js`` gives, with the number of
    digits from the form (:func:`form_attributes`); every key of a directive holds its
    serial number, so it has digits.
    """
    digits = "".join(ch for ch in key if ch.isdigit())
    return str(int(digits[-SHARD_DIGITS:])) if digits else None


def number_files(catalog: Catalog) -> dict[str, str]:
    """``tim-kiem/so-hieu/<shard>.json``: lookup keys → directive pages, and what to show of
    each page (title, number, date, issuer). Built with :func:`plansite.core.lookup.lookup_table`,
    the table the home page's lookup box uses, so both find the same documents."""
    numbered = [(d, d.number, directive_url(d)) for d in catalog.directives if d.number]
    table = lookup_table((number, d.kind, url) for d, number, url in numbered)
    docs = {url: _doc(d) for d, _, url in numbered}
    shards: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for key, pages in table.items():
        shard = shard_of(key)
        if shard is not None:
            shards[shard][key] = pages
    files = {}
    for shard, keys in sorted(shards.items()):
        used = sorted({url for pages in keys.values() for url in pages})
        payload = {"keys": keys, "docs": {url: docs[url] for url in used}}
        files[f"{NUMBERS_DIR}/{shard}.json"] = json.dumps(
            payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
    return files


def _doc(d: Directive) -> dict[str, str]:
    when = f"ngày {d.issued:%d/%m/%Y}" if d.issued else (f"năm {d.year}" if d.year else "")
    return {
        "title": d.title,
        _F["number"]: d.label,
        _F["date"]: when,
        _F["issuer"]: d.issuer_name,
        _F["kind"]: d.kind,
    }


# -- the Pagefind index -------------------------------------------------------------------


def _element(html: str, start: re.Match[str]) -> str:
    """The element whose start tag ``start`` matched (group 1: its name), nested ones included."""
    depth = 0
    for m in re.finditer(rf"<(/?){start.group(1)}\b[^>]*>", html[start.start() :]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return html[start.start() : start.start() + m.end()]
    return html[start.start() :]


def _document(record: str) -> str:
    """A bare document for Pagefind: a space before each block tag, so that words of two
    blocks are not glued in excerpts; ``đ`` written as ``ď`` in text (not in attributes, which
    hold filter values and metadata shown as they are); and, last, the folded words of the
    text (:func:`_folded_words`) after :data:`FOLDED_MARK`, which the text itself never holds."""
    body = _BLOCK_TAG.sub(" ", record)
    body = _TEXT.sub(lambda m: m.group(0).translate(_INDEX_TEXT), body)
    text = _TAG.sub("", body)
    folded = _folded_words(text) + _joined_parts(text)
    if folded:
        end = body.rfind("</")
        tail = f'<p data-pagefind-weight="0">{FOLDED_MARK} {_FOLDED_GAP.join(folded)}</p>'
        body = body[:end] + tail + body[end:]
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title></title></head>'
        f"<body>{body}</body></html>\n"
    )


#: A word Pagefind keeps whole that holds parts joined by a dash, slash or dot: a document
#: number (``33-CTr/TU``, ``21-KL/TW``, ``05/QĐi-TW``) or a code.
_JOINED = re.compile(r"\w+(?:[-/.]\w+)+")


def _joined_parts(text: str) -> list[str]:
    """Each word of ``text`` made of parts joined by ``-``, ``/`` or ``.`` (a document number
    such as ``33-CTr/TU``), its parts apart and folded (``33 ctr tu``), each once.

    Pagefind files ``33-CTr/TU`` as one word (``33ctrtu``): a resident typing ``33 ctr tu``,
    or the number itself, which the search script cuts at the same marks, would not find the
    page. Written after :data:`FOLDED_MARK`, the parts stand together, so the query's words
    match as a phrase there too."""
    seen = {fold(m.group(0).lower()) for m in _JOINED.finditer(unescape(text))}
    numbers = (w for w in seen if any(c.isdigit() for c in w) and any(c.isalpha() for c in w))
    return sorted(" ".join(re.split(r"[-/.]", w)) for w in numbers)


def _folded_words(text: str) -> list[str]:
    """The words of ``text`` that Pagefind files under a folded key alone, folded: ``Hà`` →
    ``ha``, ``ďảng`` → ``dang``, each once, in order.

    Pagefind files a word with tone marks (``hà``) as a variant of its folded key (``ha``),
    and cuts its index into chunks by counting the positions of the keys, not of their
    variants. In Vietnamese text nearly every word has marks: the chunks would be cut by the
    few words without any (numbers, ``theo``, ``trong``), and a common syllable would share a
    chunk of several hundred kilobytes with its neighbours. Each folded word, written once
    more at the end of the document (in a part that weighs nothing in the ranking, set apart
    by :data:`FOLDED_MARK`, each word apart from the next so no phrase forms there), makes
    every key count and keeps each chunk near the size Pagefind means.

    A word is cut as Pagefind cuts it: at spaces, with what is not a letter or digit removed.
    """
    segments = " ".join(set(text.split()))  # a plan repeats its words: each is folded once
    words = [
        w for w in set(_NON_WORD.sub("", unescape(segments)).lower().split()) if not w.isascii()
    ]
    folded = fold(" ".join(words)).split()  # one pass over them all
    if len(folded) != len(words):  # a word folded apart or away: fold them one by one
        folded = [fold(w) for w in words]
    return sorted({f for w, f in zip(words, folded, strict=True) if f and f != w})


def index_html(html: str) -> str | None:
    """The full-text document of a built plan page: its ``<article>`` (which carries the
    filters and metadata) with only its title and the part marked
    ``data-plansite-full-text`` (the plan's body, marked ``data-pagefind-ignore`` for any
    other Pagefind run over the site, since its summary is indexed apart). The title, which
    names the result, weighs nothing here (the summary index ranks by it): Pagefind's excerpt
    would go to it, the heading weighing most, and repeat what the result already shows. None
    if the page has no such part."""
    start = _RECORD_START.search(html)
    if start is None:
        return None
    record = _element(html, start)
    marked = _FULL_TEXT.search(record)
    if marked is None:
        return None
    text = _element(record, marked)
    opening = re.sub(r"\sdata-pagefind-ignore(?:=\"[^\"]*\")?", "", marked.group(0))
    title = re.search(r"<h1\b.*?</h1>", record, re.DOTALL)
    return _document(
        start.group(0)
        + (title.group(0).replace("<h1", '<h1 data-pagefind-weight="0"', 1) if title else "")
        + opening
        + text[len(marked.group(0)) :]
        + f"</{start.group(1)}>"
    )


def summary_html(obj: Plan | Directive, implemented: Iterable[Directive] = ()) -> str:
    """The summary-index document of a plan (``implemented``: the directives it carries out,
    each with its number where its title does not hold it, so that the number finds the plan)
    or of a directive: what identifies it and what it is about, each word once. The number
    and date are Pagefind metadata (indexed as words, shown with the result); the issuing
    body and place are in the text and the filters. A directive's words count half
    (``data-pagefind-weight``), so that plans come before the documents they carry out."""
    parts = [f"<h1>{escape(obj.title)}</h1>"]
    if isinstance(obj, Plan):
        issuer = obj.issuer + (f" ({obj.locality})" if obj.locality else "")
        if issuer.strip():
            parts.append(f"<p>{escape(issuer.strip())}</p>")
        if obj.summary:
            parts.append(f"<p>{escape(obj.summary)}</p>")
        carried = [
            d.title + _number_if_untold(d) + (f" về {d.subject}" if d.subject else "")
            for d in implemented
        ]
        if carried:
            parts.append(f"<p>Thực hiện {escape('; '.join(carried))}.</p>")
        items = [
            " · ".join(x for x in (v.when, v.milestone.what, v.milestone.who) if x)
            for v in milestones_in_order(obj)
        ]
        if items:
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
        about = [*obj.topics, obj.level_label and f"cấp {obj.level_label.lower()}"]
        if obj.signer:
            about.append(" ".join(x for x in (obj.signer.title, obj.signer.name) if x))
        if any(about):
            parts.append(f"<p>{escape('; '.join(x for x in about if x))}.</p>")
    else:
        said = " ".join(x for x in (obj.issuer_name, obj.subject and f"về {obj.subject}") if x)
        if said:
            parts.append(f'<p data-pagefind-weight="0.5">{escape(said)}.</p>')
    if isinstance(obj, Plan):
        numbers = "; ".join(d.number.canonical for d in implemented if d.number)
        if numbers:  # shown nowhere: the search script ranks by it (a number, its plans first)
            parts.append(f'<span data-pagefind-meta="{_F["implements"]}:{escape(numbers)}"></span>')
    attrs = str(search_attributes(obj)).replace(" data-pagefind-body", "")
    return _document(f"<article data-pagefind-body{attrs}>{''.join(parts)}</article>")


def _number_if_untold(d: Directive) -> str:
    """`` số <number>`` for a directive whose title does not hold its number, else ``""``."""
    return f" số {d.number.canonical}" if d.number and d.number.canonical not in d.title else ""


@dataclass(frozen=True)
class IndexStats:
    """What building the indexes took: pages in the summary index, plans in the full-text
    index and its parts, seconds, bytes and files written, and the largest peak memory of a
    Pagefind process in bytes (None where the system does not tell)."""

    pages: int
    full_text_pages: int
    parts: int
    seconds: float
    bytes: int
    files: int
    peak_memory: int | None


def _copy_part(n: int) -> str:
    """The spool folder of the ``n``-th full-text part of a split build's other process."""
    return f"w{n}"


class SearchIndexer:
    """Builds the Pagefind indexes beside the build, on the machine's other core.

    Pagefind reads a folder of pages fastest (``add_directory`` parses its files in
    parallel; handing it pages one by one costs about 0.1 s each), so pages are written
    into a private spool folder and each index is made from its folder by a Pagefind
    process of its own, run by a worker thread while MkDocs goes on rendering:

    - :meth:`start` writes the summary documents, which come from the catalogue alone, and
      starts the summary index before the first page is rendered;
    - :meth:`add` spools each plan's full text as its page is built; a part of the
      full-text index starts as soon as it holds :data:`PART_PAGES` plans or the last plan
      page is built (plan pages are built before directive pages);
    - :meth:`write` waits for what is left and moves the indexes into the site.

    One worker: one Pagefind process at a time, so the indexer's memory stays that of one
    part whatever the size of the site.
    """

    def __init__(self, part_pages: int = PART_PAGES) -> None:
        self.spool = Path(tempfile.mkdtemp(prefix="plansite-search-"))
        self.output = self.spool / "site"
        self.part_pages = part_pages
        self.pages = 0
        self.full_text_pages = 0
        self.parts = 0
        self._plans = 0
        self._expected_plans: int | None = None
        self._pending = 0  # full texts spooled for the part not yet started
        self._copy = False  # True in the second process of a split build (plansite.parallel)
        self._adopted = 0  # parts of the second process indexed so far
        self._own = 0  # parts of this process's own pages started so far
        self._worker = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="plansite-search"
        )
        self._jobs: list[concurrent.futures.Future[int | None]] = []

    def _index(self, spool: Path, output: Path) -> None:
        def job() -> int | None:
            peak = asyncio.run(_run_pagefind(spool, output))
            # Removed now, beside the build, not all at its end (21,000 files at 10,000 plans).
            shutil.rmtree(spool, ignore_errors=True)
            return peak

        self._jobs.append(self._worker.submit(job))

    def start(self, catalog: Catalog) -> None:
        """Spool the summary document of every plan and directive searched and start its
        index; the full-text parts follow the plan pages (:meth:`add`)."""
        summary = self.spool / "summary"
        for plan in catalog.plans:
            self._spool(summary, plan_url(plan), summary_html(plan, catalog.implemented(plan)))
            self.pages += 1
        for directive in catalog.directives:
            if indexed(directive):
                self._spool(summary, directive_url(directive), summary_html(directive))
                self.pages += 1
        self._expected_plans = len(catalog.plans)
        self._index(summary, self.output / PAGEFIND_DIR)

    def add(self, url: str, html: str, obj: Plan | Directive) -> bool:
        """Spool the full text of a built plan page (``url`` relative to the site root,
        ``ke-hoach/x/``); False for any other page or a plan page without a body."""
        if not isinstance(obj, Plan):
            return False
        self._plans += 1
        full = index_html(html)
        if full is not None:
            self._spool(self.spool / "full" / self._part_name(self._own + 1), url, full)
            self.full_text_pages += 1
            self._pending += 1
        if self._pending and (
            self._pending >= self.part_pages or self._plans == self._expected_plans
        ):
            self._start_part()
        return full is not None

    def _part_name(self, n: int) -> str:
        return _copy_part(n) if self._copy else str(n)

    def _start_part(self) -> None:
        self._own += 1
        self._pending = 0
        spooled = self.spool / "full" / self._part_name(self._own)
        if self._copy:  # the build process indexes it (adopt_parts)
            ready = self.spool / "ready"
            ready.mkdir(exist_ok=True)
            (ready / spooled.name).touch()
            return
        self.parts += 1
        self._index(spooled, self.output / FULL_TEXT_DIR / str(self.parts))

    # -- a build split in two processes (plansite.parallel) ---------------------------------

    def share(self, their_plans: int) -> None:
        """In the build process: the other process renders ``their_plans`` plan pages; this
        one's last part starts after its own last plan page."""
        if self._expected_plans is not None:
            self._expected_plans -= their_plans

    def as_copy(self, plans: int) -> None:
        """In the other process, which renders ``plans`` plan pages: their full texts are
        spooled in parts of its own (``full/w1``…), each marked ready when complete, and
        indexed by the build process (:meth:`adopt_parts`); this process runs no Pagefind."""
        self._copy = True
        self._expected_plans, self._plans, self._pending = plans, 0, 0
        self._own = self.parts = self.full_text_pages = 0

    def finish_copy(self) -> int:
        """In the other process, after its last page: the last part marked ready; returns the
        full texts it spooled."""
        if self._pending:
            self._start_part()
        return self.full_text_pages

    def adopt_parts(self, full_text_pages: int | None = None) -> None:
        """In the build process: index the other process's parts marked ready so far; with
        ``full_text_pages`` (its count, once it has ended), the last ones too."""
        ready = self.spool / "ready"
        while (ready / _copy_part(self._adopted + 1)).exists():
            self._adopted += 1
            self.parts += 1
            spooled = self.spool / "full" / _copy_part(self._adopted)
            self._index(spooled, self.output / FULL_TEXT_DIR / str(self.parts))
        if full_text_pages is not None:
            self.full_text_pages += full_text_pages

    @staticmethod
    def _spool(folder: Path, url: str, text: str) -> None:
        page = url.strip("/")
        if not page.endswith(".html"):  # use_directory_urls: ke-hoach/x/ is ke-hoach/x/index.html
            page = f"{page}/index.html".lstrip("/")
        path = folder / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def write(self, site_dir: Path) -> IndexStats:
        """Wait for the indexes and move them into the site: ``site_dir/pagefind`` (summary)
        and ``site_dir/pagefind-toan-van/<n>/`` with ``parts.json`` listing the parts.
        Raises if Pagefind failed on any of them. The time reported is the build's wait."""
        begin = time.perf_counter()
        if self._pending:
            self._start_part()
        peaks = [job.result() for job in self._jobs]
        full = self.output / FULL_TEXT_DIR
        if self.parts:
            (full / "parts.json").write_text(
                json.dumps([f"{n}/" for n in range(1, self.parts + 1)]), encoding="utf-8"
            )
        _share_wasm(self.output / PAGEFIND_DIR, full)
        for name in (PAGEFIND_DIR, FULL_TEXT_DIR):
            target = site_dir / name
            shutil.rmtree(target, ignore_errors=True)
            if (self.output / name).is_dir():
                shutil.move(self.output / name, target)
        files = [
            p
            for d in (site_dir / PAGEFIND_DIR, site_dir / FULL_TEXT_DIR)
            if d.is_dir()
            for p in d.rglob("*")
            if p.is_file()
        ]
        known = [p for p in peaks if p is not None]
        return IndexStats(
            self.pages,
            self.full_text_pages,
            self.parts,
            time.perf_counter() - begin,
            sum(p.stat().st_size for p in files),
            len(files),
            max(known) if known else None,
        )

    def close(self) -> None:
        """Stop the jobs not started, wait for the running one, remove the spool."""
        for job in self._jobs:
            job.cancel()
        self._worker.shutdown(wait=True)
        shutil.rmtree(self.spool, ignore_errors=True)


def _share_wasm(summary: Path, full: Path) -> None:
    """Keep Pagefind's WebAssembly (``wasm.<language>.pagefind``) in the summary bundle
    only: ``search.js`` answers the full-text instances' request for it with the summary's
    file, so a visitor downloads it once. A part's copy that is not the same bytes (another
    Pagefind, another language) stays where it is."""
    for path in full.glob("*/wasm.*.pagefind"):
        mine = summary / path.name
        if mine.is_file() and mine.read_bytes() == path.read_bytes():
            path.unlink()


async def _run_pagefind(spool: Path, output: Path) -> int | None:
    """One Pagefind process indexes ``spool`` into ``output``; returns its peak memory."""
    from pagefind.service import PagefindService

    # "vi" has no stemmer in Pagefind: words are kept as written (no English stemming).
    config = {"force_language": "vi", "output_path": str(output)}
    output.mkdir(parents=True, exist_ok=True)
    async with PagefindService() as service:
        index = await service.create_index(config)  # type: ignore[arg-type]
        await index.add_directory(str(spool))
        await index.write_files(str(output))
        peak = _peak_memory(service)
        # Pagefind answers before its last writes reach the disk (tokio files, not flushed):
        # closing the service now would kill them half-written.
        await _settle(output)
    for path in output.iterdir():
        if _UNUSED_BUNDLE.match(path.name):
            path.unlink()
    _check_bundle(output)
    return peak


async def _settle(output: Path, timeout: float = 60.0) -> None:
    """Wait until the files under ``output`` stop changing and the entry file is complete."""

    def snapshot() -> list[tuple[str, int]]:
        return sorted((str(p), p.stat().st_size) for p in output.rglob("*") if p.is_file())

    deadline = time.monotonic() + timeout
    before = snapshot()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        after = snapshot()
        if after == before and _entry(output) is not None:
            return
        before = after


def _entry(output: Path) -> dict[str, Any] | None:
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) else None


def _check_bundle(output: Path) -> None:
    """Raise if Pagefind left a file of the index incomplete (every one is gzip)."""
    if _entry(output) is None:
        raise RuntimeError(f"Pagefind did not finish writing {output / 'pagefind-entry.json'}")
    for path in output.rglob("*.pf_*"):
        try:
            gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as error:
            raise RuntimeError(f"Pagefind left {path} incomplete: {error}") from None


def _peak_memory(service: object) -> int | None:
    """The Pagefind process's peak resident memory (Linux ``VmHWM``), read while it runs.

    The Python API does not expose the process, so this reads a private attribute and gives
    up quietly where that changes or ``/proc`` is missing."""
    pid = getattr(getattr(service, "_backend", None), "pid", None)
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    m = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(m.group(1)) * 1024 if m else None
