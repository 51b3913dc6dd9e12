"""What a build knows and makes, shared by every part of the site: the build context (the
catalogue, the public URL, the build's date, feed settings), a generated page, the lookup
table's and the stylesheets' paths, and the rule data a script reads from its tag.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from ..core.catalog import Catalog
from ..core.dates import TZ
from ..core.feeds import FeedOptions
from ..core.urls import DIRECTIVES_DIR, is_absolute

__all__ = [
    "LOOKUP_URI",
    "STYLESHEETS",
    "BuildContext",
    "GeneratedPage",
    "build_date",
    "rules_attribute",
    "short_text",
]

LOOKUP_URI = f"{DIRECTIVES_DIR}/tra-cuu.json"
STYLESHEETS = [
    "assets/plansite/plansite.css",
    "assets/plansite/timeline.css",
    "assets/plansite/feeds.css",
    "assets/plansite/search.css",
    "assets/plansite/print.css",
]  # last: print rules override the others


@dataclass(frozen=True)
class BuildContext:
    """What a build knows besides the catalogue: the public URL and the build's date.

    ``today`` is the build date for static fallbacks (past / upcoming); set
    ``SOURCE_DATE_EPOCH`` to make two builds identical whatever the day.
    """

    catalog: Catalog
    site_url: str
    today: date
    # Feeds (plansite.site.feeds): the site's name and description, the plugin's `feed_items`
    # and `feed_content`, and the site's Markdown extensions (to render bodies in feeds).
    site_name: str = ""
    site_description: str = ""
    feed_items: int = 50
    feed_content: str = "summary"
    markdown_extensions: tuple[Any, ...] = ()
    mdx_configs: dict[str, Any] | None = None

    def feed_options(self) -> FeedOptions:
        """What feeds and exports render with: links absolute where ``site_url`` is (else
        from the site's root, and no feed is written), the site's Markdown extensions."""
        return FeedOptions(
            site_url=self.site_url if is_absolute(self.site_url) else "",
            site_name=self.site_name or "Kế hoạch",
            site_description=self.site_description,
            items=self.feed_items,
            content="body" if self.feed_content == "body" else "summary",
            markdown_extensions=tuple(self.markdown_extensions),
            mdx_configs=dict(self.mdx_configs or {}),
        )


def build_date(environ: dict[str, str] | None = None) -> date:
    """The build's date in Asia/Ho_Chi_Minh: from ``SOURCE_DATE_EPOCH`` if set, else today."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), TZ).date()
    return datetime.now(TZ).date()


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from the catalogue: where it goes, which template renders it, with what."""

    src_uri: str
    kind: str  # "plan", "directive", "plans_index", "directives_index"
    obj: Any
    title: str
    template: str
    markdown: str
    description: str


def short_text(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def rules_attribute(name: str, rules: dict[str, Any]) -> Markup:
    """`` name='…'``: the rules a page script needs, as JSON in a data attribute of its
    ``<script>`` tag (in single quotes, so that the JSON's double quotes stay as they are)."""
    text = json.dumps(rules, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "&amp;").replace("'", "&#39;")
    return Markup(f" {name}='{text}'")
