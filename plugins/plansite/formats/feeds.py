"""Writes feeds: RSS 2.0 and Atom 1.0 with feedgen, JSON Feed 1.1 with :mod:`json`.

The only module that imports feedgen. Output is byte-identical for the same
:class:`~plansite.core.feeds.Feed`: feedgen stamps ``datetime.now()`` on feeds and entries and
prepends entries unless told otherwise, so every date is set from the data and entries are
appended in the feed's order.
"""

from __future__ import annotations

import json
from typing import Any

from feedgen.feed import FeedGenerator

from ..core.feeds import FEED_FORMATS, Feed, FeedFormat

__all__ = ["GENERATOR", "JSON_FEED_VERSION", "atom", "json_feed", "rss", "write"]

GENERATOR = "plansite"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
RSS_DOCS = "https://www.rssboard.org/rss-specification"


def _generator(feed: Feed, fmt: FeedFormat) -> FeedGenerator:
    fg = FeedGenerator()
    if fmt.key == "rss":
        # RSS's <author> must be an e-mail address; the issuing body goes in dc:creator.
        fg.load_extension("dc", atom=False, rss=True)
    fg.id(feed.url(fmt))
    fg.title(feed.title)
    # RSS readers read <description> as HTML, also the channel's: escape editors' text for
    # RSS; feedgen gives the same value to Atom's <subtitle>, which is plain text.
    fg.description(_escape_html(feed.description) if fmt.key == "rss" else feed.description)
    fg.link(href=feed.url(fmt), rel="self", type=fmt.media_type)
    # RSS's channel <link> is the last link given: the page the feed follows.
    fg.link(href=feed.home_url, rel="alternate", type="text/html")
    fg.language("vi")
    fg.author({"name": feed.site_name, "uri": feed.site_url})
    fg.generator(GENERATOR)
    fg.docs(RSS_DOCS)
    fg.updated(feed.updated)
    fg.lastBuildDate(feed.updated)
    fg.pubDate(feed.updated)
    for item in feed.items:
        fe = fg.add_entry(order="append")
        fe.id(item.id)  # also the RSS <guid isPermaLink="false">
        fe.title(item.title)
        fe.link(href=item.url, rel="alternate", type="text/html")
        fe.published(item.published)
        fe.updated(item.published)
        # RSS <description> is read as HTML by readers: give it the summary, escaped.
        fe.description(_escape_html(item.summary))
        fe.content(item.content_html, type="html")  # Atom <content>, RSS <content:encoded>
        fe.summary(item.summary, type="text")  # Atom only: the description stays as set
        if item.author:
            if fmt.key == "rss":
                fe.dc.dc_creator(item.author)
            else:
                fe.author({"name": item.author})
        for category in item.categories:
            fe.category(term=category.term, scheme=category.scheme, label=category.term)
    return fg


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss(feed: Feed) -> str:
    """The feed as RSS 2.0 (with ``atom:link rel="self"``)."""
    fmt = FEED_FORMATS[0]
    data: bytes = _generator(feed, fmt).rss_str(pretty=True, encoding="UTF-8")
    return data.decode("utf-8")


def atom(feed: Feed) -> str:
    """The feed as Atom 1.0 (RFC 4287)."""
    fmt = FEED_FORMATS[1]
    data: bytes = _generator(feed, fmt).atom_str(pretty=True, encoding="UTF-8")
    return data.decode("utf-8")


def json_feed(feed: Feed) -> str:
    """The feed as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    fmt = FEED_FORMATS[2]
    items: list[dict[str, Any]] = []
    for item in feed.items:
        entry: dict[str, Any] = {
            "id": item.id,
            "url": item.url,
            "title": item.title,
            "content_html": item.content_html,
            "summary": item.summary,
            "date_published": item.published.isoformat(),
        }
        if item.author:
            entry["authors"] = [{"name": item.author}]
        if item.categories:
            entry["tags"] = list(dict.fromkeys(c.term for c in item.categories))
        items.append(entry)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url(fmt),
        "description": feed.description,
        "language": "vi",
        "authors": [{"name": feed.site_name, "url": feed.site_url}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_WRITERS = {"rss": rss, "atom": atom, "json": json_feed}


def write(feed: Feed) -> dict[str, str]:
    """Every format of ``feed``: site-relative file name -> content."""
    return {feed.file(fmt): _WRITERS[fmt.key](feed) for fmt in FEED_FORMATS}
