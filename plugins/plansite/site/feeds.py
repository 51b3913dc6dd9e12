"""Feeds in the site: which feed files exist, and the pages that list and link them.

* files: the site feeds (``rss.xml``, ``atom.xml``, ``feed.json``), the same three in each
  directive's folder (``van-ban/<slug>/``), issuing body's (``co-quan/<slug>/``) and topic's
  (``chu-de/<slug>/``), and the widget ``nhung/moi-nhat/index.html``;
* pages: ``theo-doi/`` (every feed, a guide for news editors, the widget's snippet), one page
  per issuing body and per topic, and their two indexes.

Feeds need absolute links, so a site without ``site_url`` gets no feed (the pages say so);
its widget links relatively.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from ..core.catalog import Catalog, Directive
from ..core.feeds import (
    FEED_FORMATS,
    Feed,
    FeedOptions,
    Group,
    ItemCache,
    ResultEntry,
    directive_feed,
    directive_feed_title,
    group_feed,
    group_feed_title,
    issuing_bodies,
    latest_results,
    results_feed,
    site_feed,
    topics,
)
from ..core.plan import Plan
from ..core.urls import BODIES_DIR, RESULTS_DIR, TOPICS_DIR, directive_url
from ..formats import feeds as feedwriter
from .context import BuildContext, GeneratedPage
from .lists import ListPage, paginate
from .widget import WIDGET_PATH, embed_snippet, widget_html

__all__ = ["FOLLOW_PAGE", "FeedLink", "FeedRef", "FollowView", "GroupPage", "files", "pages"]

FOLLOW_PAGE = "theo-doi/"
GUIDE_PAGE = "nhung-tin/"  # docs/nhung-tin.md


def feed_options(ctx: BuildContext) -> FeedOptions | None:
    """The feeds' options from the build context; None without an absolute ``site_url``."""
    options = ctx.feed_options()
    return options if options.site_url else None


@dataclass(frozen=True)
class FeedLink:
    """One format of a feed: label, media type, site-relative file, absolute URL."""

    label: str
    media_type: str
    file: str
    url: str


@dataclass(frozen=True)
class FeedRef:
    """A feed as pages show it: what it follows, its page, how many plans, its three links."""

    name: str
    title: str
    page: str
    count: int
    links: tuple[FeedLink, ...]

    @property
    def rss(self) -> FeedLink:
        return self.links[0]


def _ref(name: str, title: str, page: str, count: int, options: FeedOptions) -> FeedRef:
    links = tuple(
        FeedLink(f.label, f.media_type, page + f.filename, options.absolute(page + f.filename))
        for f in FEED_FORMATS
    )
    return FeedRef(name, title, page, count, links)


@dataclass(frozen=True)
class GroupPage:
    """The page of an issuing body or a topic: its plans and, if the site has feeds, its feed."""

    group: Group
    feed: FeedRef | None
    #: This page of the group's list of plans (:mod:`plansite.site.lists`).
    page: ListPage[Plan] | None = None

    @property
    def plans(self) -> tuple[Plan, ...]:
        return self.page.items if self.page else self.group.plans

    @property
    def kind_label(self) -> str:
        return "Cơ quan ban hành" if self.group.kind == "body" else "Chủ đề"


@dataclass(frozen=True)
class GroupIndex:
    """``co-quan/`` or ``chu-de/``: every group of one kind."""

    kind: Literal["body", "topic"]
    groups: tuple[GroupPage, ...]


@dataclass(frozen=True)
class FollowView:
    """What ``theo-doi/`` shows."""

    site: FeedRef | None
    directives: tuple[FeedRef, ...]
    bodies: tuple[FeedRef, ...]
    topics: tuple[FeedRef, ...]
    widget_page: str
    snippet: str
    items: int
    content: str
    guide_page: str = GUIDE_PAGE
    #: How many directives, bodies and topics have a feed (the lists show the largest).
    totals: tuple[int, int, int] = (0, 0, 0)

    @property
    def enabled(self) -> bool:
        return self.site is not None


def _directives(catalog: Catalog) -> list[Directive]:
    return [d for d in catalog.directives if d.plans]


def _group_pages(groups: list[Group], options: FeedOptions | None) -> tuple[GroupPage, ...]:
    return tuple(
        GroupPage(
            g,
            _ref(g.name, group_feed_title(g, options), g.path, len(g.plans), options)
            if options
            else None,
        )
        for g in groups
    )


T = TypeVar("T")

#: ``theo-doi/`` lists the feeds of this many directives, bodies and topics at most, those with
#: the most plans (in their order); every other one has its feed on its own page.
FOLLOW_LIST = 30


def _largest(items: list[T], size: Callable[[T], int]) -> list[T]:
    """The :data:`FOLLOW_LIST` largest of ``items``, in their own order."""
    if len(items) <= FOLLOW_LIST:
        return items
    keep = {id(x) for x in sorted(items, key=lambda x: -size(x))[:FOLLOW_LIST]}
    return [x for x in items if id(x) in keep]


def follow_view(ctx: BuildContext) -> FollowView:
    options = feed_options(ctx)
    catalog = ctx.catalog
    site = directives = bodies = topic_refs = None
    snippet = ""
    totals = (0, 0, 0)
    if options is not None:
        site = _ref(options.site_name, options.site_name, "", len(catalog.plans), options)
        directives = tuple(
            _ref(d.label, directive_feed_title(d, options), directive_url(d), len(d.plans), options)
            for d in _largest(_directives(catalog), lambda d: len(d.plans))
        )
        all_bodies, all_topics = issuing_bodies(catalog), topics(catalog)
        bodies = tuple(
            p.feed
            for p in _group_pages(_largest(all_bodies, lambda g: len(g.plans)), options)
            if p.feed
        )
        topic_refs = tuple(
            p.feed
            for p in _group_pages(_largest(all_topics, lambda g: len(g.plans)), options)
            if p.feed
        )
        totals = (len(_directives(catalog)), len(all_bodies), len(all_topics))
        snippet = embed_snippet(options.absolute(WIDGET_PATH), options.site_name)
    return FollowView(
        site,
        directives or (),
        bodies or (),
        topic_refs or (),
        WIDGET_PATH,
        snippet,
        ctx.feed_items,
        ctx.feed_content,
        totals=totals,
    )


def pages(ctx: BuildContext) -> list[GeneratedPage]:
    """``theo-doi/``, the pages of issuing bodies and topics, and their indexes."""
    options = feed_options(ctx)
    out = [
        GeneratedPage(
            f"{FOLLOW_PAGE}index.md",
            "follow",
            follow_view(ctx),
            "Theo dõi kế hoạch mới",
            "plansite/follow.html",
            "",
            "Nguồn tin RSS, Atom và JSON Feed của các kế hoạch, theo văn bản, cơ quan ban hành và "
            "chủ đề; khung nhúng danh sách kế hoạch mới cho trang tin địa phương.",
        )
    ]
    out += _group_pages_of("body", issuing_bodies(ctx.catalog), options)
    out += _group_pages_of("topic", topics(ctx.catalog), options)
    results = latest_results(ctx.catalog)
    feed = None
    if options and results:
        title = f"Kết quả thực hiện – {options.site_name}"
        feed = _ref("Kết quả thực hiện", title, f"{RESULTS_DIR}/", len(results), options)
    out.append(
        GeneratedPage(
            f"{RESULTS_DIR}/index.md",
            "results",
            ResultsView(tuple(results[:RESULTS_SHOWN]), len(results), feed),
            "Kết quả thực hiện",
            "plansite/results.html",
            "",
            "Kết quả thực hiện các mốc của các kế hoạch, mới cập nhật trước; theo dõi qua RSS.",
        )
    )
    return out


#: Results the ``ket-qua/`` page lists, the latest first (its feed has ``feed_items``).
RESULTS_SHOWN = 100


@dataclass(frozen=True)
class ResultsView:
    """``ket-qua/``: the latest results, how many there are, and their feed."""

    entries: tuple[ResultEntry, ...]
    total: int
    feed: FeedRef | None


def _group_pages_of(
    kind: Literal["body", "topic"], groups: list[Group], options: FeedOptions | None
) -> list[GeneratedPage]:
    """The index of one kind of group (``co-quan/``, ``chu-de/``) and a page per group."""
    title, folder = ("Cơ quan ban hành", BODIES_DIR) if kind == "body" else ("Chủ đề", TOPICS_DIR)
    group_pages = _group_pages(groups, options)
    out = [
        GeneratedPage(
            f"{folder}/index.md",
            "feed_groups",
            GroupIndex(kind, group_pages),
            title,
            "plansite/groups.html",
            "",
            f"{title} của các kế hoạch trên trang, mỗi mục có nguồn tin RSS riêng.",
        )
    ]
    for group_page in group_pages:
        g = group_page.group
        what = f"do {g.name} ban hành" if kind == "body" else f"thuộc chủ đề “{g.name}”"
        for page in paginate(g.plans, g.path):
            title = g.name if page.number == 1 else f"{g.name} (trang {page.number})"
            out.append(
                GeneratedPage(
                    f"{g.path.rstrip('/')}.md" if page.number == 1 else f"{page.url}index.md",
                    "feed_group",
                    replace(group_page, page=page),
                    title,
                    "plansite/group.html",
                    "",
                    f"{len(g.plans)} kế hoạch {what}, mới nhất trước; theo dõi qua RSS.",
                )
            )
    return out


def _feeds(ctx: BuildContext, options: FeedOptions) -> list[Feed]:
    catalog, cache = ctx.catalog, ItemCache()
    feeds = [site_feed(catalog, options, cache)]
    feeds += [directive_feed(d, catalog, options, cache) for d in _directives(catalog)]
    feeds += [group_feed(g, catalog, options, cache) for g in issuing_bodies(catalog)]
    feeds += [group_feed(g, catalog, options, cache) for g in topics(catalog)]
    if latest_results(catalog, 1):  # a feed with no item until a plan records a result
        feeds.append(results_feed(catalog, options))
    return feeds


def files(ctx: BuildContext) -> dict[str, str]:
    """Every feed in every format, and the widget: site-relative file name -> content."""
    options = feed_options(ctx)
    out: dict[str, str] = {}
    if options is not None:
        for feed in _feeds(ctx, options):
            out.update(feedwriter.write(feed))
    base = options.base if options else "../../"
    feed_url = options.absolute(FEED_FORMATS[0].filename) if options else None
    out[f"{WIDGET_PATH}index.html"] = widget_html(
        ctx.catalog.plans, base=base, site_name=ctx.site_name or "Kế hoạch", feed_url=feed_url
    )
    return out
