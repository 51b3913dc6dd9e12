"""Feed data (nguồn tin): the catalogue as items for RSS, Atom and JSON Feed.

Pure domain: no MkDocs, no feedgen (:mod:`plansite.formats.feeds` writes the files). Every value
comes from the plans' front matter and body, never from git or the clock, so the same content
always gives the same feeds:

* items newest first by ``published``, then by date of issue, then by GUID (fixed order);
* dates are midnight of the front-matter day in Asia/Ho_Chi_Minh (``+07:00``);
* a feed's own date is its newest item's date;
* links are absolute; the body is rendered with the site's Markdown extensions, sanitised,
  and its relative links and images made absolute.

Item identity: :attr:`Plan.guid <plansite.core.plan.Plan.guid>` (explicit ``id``, else number and
year, else a hash of stable content; never the file's path), turned into an IRI by
:func:`item_id`.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import markdown  # type: ignore[import-untyped, unused-ignore]  # no stubs installed
import nh3

from .bodies import link_numbers, sanitize
from .catalog import Catalog, Directive
from .dates import to_datetime
from .numbers import DocumentNumber
from .plan import Milestone, Plan, Result
from .text import normalize, slugify
from .urls import (
    BODIES_DIR,
    DIRECTIVES_DIR,
    PLANS_DIR,
    RESULTS_DIR,
    TOPICS_DIR,
    absolute_url,
    directive_url,
    plan_url,
)

__all__ = [
    "FEED_FORMATS",
    "Category",
    "Feed",
    "FeedFormat",
    "FeedItem",
    "FeedOptions",
    "Group",
    "ResultEntry",
    "absolute_links",
    "body_name",
    "directive_feed",
    "feed_item",
    "feed_items",
    "feed_order",
    "group_feed",
    "issuing_bodies",
    "item_id",
    "latest_results",
    "render_body",
    "results_feed",
    "site_feed",
    "topics",
]

ContentMode = Literal["summary", "body"]
#: Rendered items by plan (``id(plan)``): a plan is in several feeds, rendered once.
ItemCache = dict[int, "FeedItem"]

#: The date of a feed with no item: fixed, so that an empty site still builds the same feeds.
EMPTY_FEED_DATE = to_datetime(date(2000, 1, 1))


@dataclass(frozen=True)
class FeedFormat:
    """One of the three formats every feed is written in: file name, media type, label."""

    key: str
    filename: str
    media_type: str
    label: str


FEED_FORMATS = (
    FeedFormat("rss", "rss.xml", "application/rss+xml", "RSS"),
    FeedFormat("atom", "atom.xml", "application/atom+xml", "Atom"),
    FeedFormat("json", "feed.json", "application/feed+json", "JSON Feed"),
)


@dataclass(frozen=True)
class FeedOptions:
    """What a build knows about its feeds besides the catalogue.

    ``site_url`` must be absolute (``https://kehoach.example.vn/``): feed readers need
    absolute links. ``markdown_extensions`` / ``mdx_configs`` are the site's own (from
    ``mkdocs.yml``), so that a body in a feed reads as it does on the page.
    """

    site_url: str
    site_name: str
    site_description: str = ""
    items: int = 50
    content: ContentMode = "summary"
    markdown_extensions: Sequence[Any] = ()
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> str:
        """``site_url`` with a trailing slash."""
        return absolute_url(self.site_url, "")

    def absolute(self, path: str) -> str:
        """The absolute URL of a site-relative path (``van-ban/21-kl-tw/``)."""
        return absolute_url(self.site_url, path)


@dataclass(frozen=True)
class Category:
    """A category of an item: a directive's number or a topic, in a named scheme."""

    term: str
    scheme: str


@dataclass(frozen=True)
class FeedItem:
    """One plan as a feed item. ``summary`` is plain text; ``content_html`` is safe HTML."""

    id: str
    title: str
    url: str
    published: datetime
    summary: str
    content_html: str
    author: str
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Feed:
    """A feed: where it lives (``path``, a site folder), what it is about, and its items."""

    path: str
    title: str
    description: str
    home_url: str
    site_url: str
    site_name: str
    items: tuple[FeedItem, ...]

    @property
    def updated(self) -> datetime:
        """The newest item's date (items are newest first): never the build's clock."""
        return max((i.published for i in self.items), default=EMPTY_FEED_DATE)

    def url(self, fmt: FeedFormat) -> str:
        """The absolute URL of this feed in ``fmt``."""
        return self.site_url + self.path + fmt.filename

    def file(self, fmt: FeedFormat) -> str:
        """The site-relative file of this feed in ``fmt`` (``van-ban/21-kl-tw/rss.xml``)."""
        return self.path + fmt.filename


@dataclass(frozen=True)
class Group:
    """An issuing body (cơ quan ban hành) or a topic (chủ đề), with its plans, newest first."""

    kind: Literal["body", "topic"]
    slug: str
    name: str
    plans: tuple[Plan, ...]
    level: str = ""

    @property
    def path(self) -> str:
        """The group's folder: ``co-quan/<slug>/`` or ``chu-de/<slug>/``."""
        return f"{BODIES_DIR if self.kind == 'body' else TOPICS_DIR}/{self.slug}/"


# --- order and identity -------------------------------------------------------------------


def feed_order(plan: Plan) -> tuple[int, int, str]:
    """Newest first by publication, then by date of issue, then by GUID (not the file name)."""
    issued = plan.issued.toordinal() if plan.issued else 0
    return (-plan.published.toordinal(), -issued, plan.guid)


_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def item_id(site_url: str, guid: str) -> str:
    """The item's id in every feed (RSS ``guid``, Atom ``id``, JSON Feed ``id``).

    An explicit ``id`` that is already a URI (``urn:…``, ``tag:…``, ``https://…``) is used as
    it is, so a site moving from another system keeps its readers' history. Any other GUID
    becomes ``urn:uuid:`` + UUID 5 of the site's host and path (not its scheme, so moving to
    https keeps it) and the GUID: unique across sites, stable across renames.
    """
    if _IRI.match(guid):
        return guid
    parts = urlsplit(site_url)
    name = f"{parts.netloc}{parts.path.rstrip('/')}/{PLANS_DIR}/{guid}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _unique_ids(items: list[FeedItem]) -> list[FeedItem]:
    """Make ids unique within a feed: a repeated GUID (two plans with the same ``id``) gets a
    suffix in feed order, so readers still see both. The catalogue should report the clash."""
    seen: dict[str, int] = {}
    out = []
    for item in items:
        count = seen.get(item.id, 0)
        seen[item.id] = count + 1
        out.append(replace(item, id=f"{item.id}-{count + 1}") if count else item)
    return out


# --- text ------------------------------------------------------------------------------------

#: Issuers, localities and topics recur across thousands of plans: slug each name once.
_slug = lru_cache(maxsize=1 << 14)(slugify)


def body_name(plan: Plan) -> str:
    """The issuing body as feeds and pages name it: ``Ban Thường vụ Thị ủy (Phước Long)``."""
    if not plan.issuer:
        return ""
    if plan.locality and f"-{_slug(plan.locality)}-" not in f"-{_slug(plan.issuer)}-":
        return f"{plan.issuer} ({plan.locality})"
    return plan.issuer


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed, NFC."""
    text = html.unescape(nh3.clean(fragment, tags=set(), strip_comments=True))
    return normalize(" ".join(text.split()))


def shorten(text: str, limit: int = 300) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with ``…``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def render_body(plan: Plan, catalog: Catalog, options: FeedOptions) -> str:
    """The plan's body as safe HTML for a feed: rendered with the site's Markdown extensions,
    sanitised, document numbers linked to their directives, every link and image absolute."""
    md = markdown.Markdown(
        extensions=list(options.markdown_extensions),
        extension_configs={k: dict(v) for k, v in options.mdx_configs.items()},
    )
    page = plan_url(plan)

    def href(number: DocumentNumber) -> str | None:
        directive = catalog.cited_directive(plan, number)
        return options.absolute(directive_url(directive)) if directive else None

    body = link_numbers(sanitize(md.convert(plan.body)), href)
    return absolute_links(body, src_dir=PLANS_DIR, page=page, options=options)


_URL_ATTR = re.compile(r'(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)(")')


def absolute_links(fragment: str, *, src_dir: str, page: str, options: FeedOptions) -> str:
    """Make every ``href`` / ``src`` of sanitised HTML absolute, resolving relative URLs as
    MkDocs does for a page generated at ``src_dir/<slug>.md`` and shown at ``page``."""

    def fix(m: re.Match[str]) -> str:
        url = html.unescape(m.group(2))
        return m.group(1) + html.escape(_absolute(url, src_dir, page, options)) + m.group(3)

    return _URL_ATTR.sub(fix, fragment)


def _absolute(url: str, src_dir: str, page: str, options: FeedOptions) -> str:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    if not parts.path:  # "#anchor" or "?query": on the plan's own page
        return options.absolute(page) + url
    if parts.path.startswith("/"):
        return urljoin(options.base, url)
    target = posixpath.normpath(posixpath.join(src_dir, parts.path))
    if target.startswith(".."):
        return urljoin(options.absolute(page), url)
    if target.endswith(".md"):  # a page: its URL, as use_directory_urls makes it
        stem = target[:-3]
        target = (
            posixpath.dirname(stem) if posixpath.basename(stem) in ("index", "README") else stem
        )
        target += "/"
    elif parts.path.endswith("/"):
        target += "/"
    target = "" if target in (".", "./") else target
    suffix = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    return options.absolute(target) + suffix


# --- items and feeds -------------------------------------------------------------------------


def feed_item(plan: Plan, catalog: Catalog, options: FeedOptions) -> FeedItem:
    """One plan as a feed item."""
    body_html = (
        render_body(plan, catalog, options)
        if (options.content == "body" or not plan.summary)
        else ""
    )
    summary = normalize(plan.summary) or shorten(plain_text(body_html)) or plan.title
    if options.content == "body" and body_html.strip():
        content = body_html
    else:
        content = f"<p>{html.escape(summary, quote=False)}</p>"
    categories = [
        Category(d.label, options.absolute(f"{DIRECTIVES_DIR}/")) for d in catalog.implemented(plan)
    ]
    categories += [Category(t, options.absolute(f"{TOPICS_DIR}/")) for t in plan.topics]
    return FeedItem(
        id=item_id(options.base, plan.guid),
        title=plan.title,
        url=options.absolute(plan_url(plan)),
        published=to_datetime(plan.published),
        summary=summary,
        content_html=content,
        author=body_name(plan),
        categories=tuple(dict.fromkeys(categories)),
    )


def feed_items(
    plans: Iterable[Plan], catalog: Catalog, options: FeedOptions, cache: ItemCache | None = None
) -> tuple[FeedItem, ...]:
    """The newest ``options.items`` plans as items, in feed order, with unique ids."""
    cache = {} if cache is None else cache
    chosen = sorted(plans, key=feed_order)[: max(options.items, 0)]
    items = []
    for plan in chosen:
        if id(plan) not in cache:
            cache[id(plan)] = feed_item(plan, catalog, options)
        items.append(cache[id(plan)])
    return tuple(_unique_ids(items))


def site_feed(catalog: Catalog, options: FeedOptions, cache: ItemCache | None = None) -> Feed:
    """Every plan of the site (the newest ``options.items``)."""
    return Feed(
        "",
        options.site_name,
        site_feed_description(options),
        options.base,
        options.base,
        options.site_name,
        feed_items(catalog.plans, catalog, options, cache),
    )


@dataclass(frozen=True)
class ResultEntry:
    """A result recorded for a milestone of a plan (kết quả thực hiện), as lists show it."""

    plan: Plan
    milestone: Milestone
    result: Result

    @property
    def when(self) -> str:
        """The deadline it answers: the occurrence of a rule, or the milestone's own."""
        if self.result.period is not None:
            return self.result.period.label
        return self.milestone.by.label if self.milestone.by else ""

    @property
    def key(self) -> str:
        """Identity within the site, from content, never from position or time."""
        period = self.result.period.code if self.result.period else ""
        text = "\x1f".join(
            [self.plan.guid, self.milestone.what, self.milestone.written, period or ""]
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def latest_results(catalog: Catalog, limit: int | None = None) -> list[ResultEntry]:
    """Every result of every plan, the latest done first (``limit``: that many)."""
    entries = [
        ResultEntry(plan, m, r)
        for plan in catalog.plans
        for m in plan.milestones
        for r in m.results
    ]
    entries.sort(key=lambda e: (e.result.done, feed_order(e.plan), e.key), reverse=True)
    return entries if limit is None else entries[:limit]


def results_feed(catalog: Catalog, options: FeedOptions) -> Feed:
    """The latest results (``ket-qua/rss.xml``): what was done for which milestone of which
    plan, dated the day it was done."""
    items = []
    for entry in latest_results(catalog, max(options.items, 0)):
        plan, m, r = entry.plan, entry.milestone, entry.result
        title = f"Kết quả: {m.what}" + (f" ({entry.when})" if entry.when else "")
        ref = f"{plan.kind} {plan.number.canonical}" if plan.number else plan.title
        summary = normalize(r.result) or f"Đã hoàn thành ngày {r.done:%d/%m/%Y}."
        summary += f" ({ref}; {body_name(plan)})" if body_name(plan) else f" ({ref})"
        items.append(
            FeedItem(
                id=item_id(options.base, f"{plan.guid}/{RESULTS_DIR}/{entry.key}"),
                title=title,
                url=options.absolute(plan_url(plan)),
                published=to_datetime(r.done),
                summary=summary,
                content_html=f"<p>{html.escape(summary, quote=False)}</p>",
                author=body_name(plan),
                categories=(),
            )
        )
    path = f"{RESULTS_DIR}/"
    return Feed(
        path,
        f"Kết quả thực hiện – {options.site_name}",
        f"Kết quả thực hiện các kế hoạch đăng trên {options.site_name}, mới cập nhật trước",
        options.absolute(path),
        options.base,
        options.site_name,
        tuple(items),
    )


def site_feed_description(options: FeedOptions) -> str:
    return options.site_description or f"Kế hoạch mới đăng trên {options.site_name}"


def directive_feed_title(directive: Directive, options: FeedOptions) -> str:
    return f"Kế hoạch thực hiện {directive.title} – {options.site_name}"


def directive_feed(
    directive: Directive, catalog: Catalog, options: FeedOptions, cache: ItemCache | None = None
) -> Feed:
    """Plans carrying out or citing ``directive`` (``van-ban/<slug>/rss.xml``)."""
    about = directive.title + (f" về {directive.subject}" if directive.subject else "")
    path = directive_url(directive)
    return Feed(
        path,
        directive_feed_title(directive, options),
        f"Các kế hoạch thực hiện hoặc nhắc đến {about}",
        options.absolute(path),
        options.base,
        options.site_name,
        feed_items(directive.plans, catalog, options, cache),
    )


def group_feed_title(group: Group, options: FeedOptions) -> str:
    if group.kind == "body":
        return f"Kế hoạch của {group.name} – {options.site_name}"
    return f"Kế hoạch về {group.name} – {options.site_name}"


def group_feed(
    group: Group, catalog: Catalog, options: FeedOptions, cache: ItemCache | None = None
) -> Feed:
    """Plans of an issuing body or of a topic."""
    if group.kind == "body":
        description = f"Các kế hoạch do {group.name} ban hành"
    else:
        description = f"Các kế hoạch thuộc chủ đề “{group.name}”"
    return Feed(
        group.path,
        group_feed_title(group, options),
        description,
        options.absolute(group.path),
        options.base,
        options.site_name,
        feed_items(group.plans, catalog, options, cache),
    )


# --- groups ----------------------------------------------------------------------------------


def _groups(kind: Literal["body", "topic"], named: Iterable[tuple[Plan, str, str]]) -> list[Group]:
    """Group plans by the slug of a name; each group is named as its newest plan writes it."""
    by_slug: dict[str, list[tuple[Plan, str, str]]] = {}
    for plan, name, level in named:
        slug = _slug(name)
        if slug:
            by_slug.setdefault(slug, []).append((plan, name, level))
    groups = []
    for slug, members in by_slug.items():
        members.sort(key=lambda m: feed_order(m[0]))
        plans = tuple({id(m[0]): m[0] for m in members}.values())  # a plan once per group
        groups.append(Group(kind, slug, members[0][1], plans, members[0][2]))
    return sorted(groups, key=lambda g: (_slug(g.name), g.slug))


def issuing_bodies(catalog: Catalog) -> list[Group]:
    """Every issuing body with its plans: one per issuer and locality, by name."""
    return _groups(
        "body", ((p, body_name(p), p.level_label) for p in catalog.plans if body_name(p))
    )


def topics(catalog: Catalog) -> list[Group]:
    """Every topic with its plans, by name. Spellings differing only in case or tone marks
    are one topic (they share a page address)."""
    return _groups("topic", ((p, t, "") for p in catalog.plans for t in p.topics))
