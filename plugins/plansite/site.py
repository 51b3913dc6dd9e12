"""The pages of a plan site and what each one shows; independent of the site generator.

:func:`generated_pages` says which pages exist (URL, template, Markdown); :class:`SiteView`
gives templates the lists they render (newest plans, plans by year, directives by kind and
level). Templates only render; ordering and grouping happen here.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from . import timeline_site
from .catalog import Catalog, Directive
from .dates import TZ
from .lookup import lookup_table
from .plan import LEVELS, Milestone, Plan
from .text import slugify

__all__ = [
    "FILTERS",
    "BuildContext",
    "Fragments",
    "GeneratedPage",
    "SiteView",
    "build_date",
    "data_files",
    "generated_pages",
]

PLANS_DIR = "ke-hoach"
DIRECTIVES_DIR = "van-ban"
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
    # Feeds (plansite.feeds_site): the site's name and description, the plugin's `feed_items`
    # and `feed_content`, and the site's Markdown extensions (to render bodies in feeds).
    site_name: str = ""
    site_description: str = ""
    feed_items: int = 50
    feed_content: str = "summary"
    markdown_extensions: tuple[Any, ...] = ()
    mdx_configs: dict[str, Any] | None = None


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


def plan_url(plan: Plan) -> str:
    return f"{PLANS_DIR}/{plan.slug}/"


def directive_url(directive: Directive) -> str:
    return f"{DIRECTIVES_DIR}/{directive.slug}/"


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def generated_pages(ctx: BuildContext) -> list[GeneratedPage]:
    """Every page the catalogue makes: one per plan, one per directive, and their indexes."""
    catalog = ctx.catalog
    pages = [
        GeneratedPage(
            f"{PLANS_DIR}/index.md",
            "plans_index",
            catalog,
            "Kế hoạch",
            "plansite/plans.html",
            "",
            "Tất cả kế hoạch đã đăng, theo năm.",
        ),
        GeneratedPage(
            f"{DIRECTIVES_DIR}/index.md",
            "directives_index",
            catalog,
            "Văn bản được thực hiện",
            "plansite/directives.html",
            "",
            "Các nghị quyết, kết luận, chỉ thị… mà các kế hoạch thực hiện hoặc nhắc đến.",
        ),
        GeneratedPage(
            "tim-kiem/index.md",
            "search_page",
            None,
            "Tìm kiếm",
            "plansite/search.html",
            "",
            "Tìm kế hoạch và văn bản theo từ khóa hoặc số hiệu văn bản.",
        ),
    ]
    for plan in catalog.plans:
        pages.append(
            GeneratedPage(
                f"{PLANS_DIR}/{plan.slug}.md",
                "plan",
                plan,
                plan.title,
                "plansite/plan.html",
                plan.body,
                _short(plan.summary or plan.title),
            )
        )
    for d in catalog.directives:
        description = f"{d.title}" + (f" về {d.subject}" if d.subject else "")
        description += (
            f": {len(d.implemented_by)} kế hoạch thực hiện, {len(d.plans)} kế hoạch liên quan."
        )
        pages.append(
            GeneratedPage(
                f"{DIRECTIVES_DIR}/{d.slug}.md",
                "directive",
                d,
                d.title,
                "plansite/directive.html",
                "",
                _short(description),
            )
        )
    pages += timeline_site.timeline_pages(ctx)
    from . import feeds_site  # here, not at the top: feeds_site imports this module

    pages += feeds_site.pages(ctx)
    return pages


def data_files(ctx: BuildContext) -> dict[str, str | bytes]:
    """Data the site ships beside its pages: the number lookup table."""
    catalog = ctx.catalog
    entries = [(d.number, d.kind, directive_url(d)) for d in catalog.directives if d.number]
    table = lookup_table(entries)
    titles = {directive_url(d): d.title for d in catalog.directives if d.number}
    payload = {"keys": table, "titles": titles}
    files: dict[str, str | bytes] = {
        LOOKUP_URI: json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0)
    }
    files.update(timeline_site.timeline_files(ctx))  # bytes: calendars end lines with CRLF
    from . import export, feeds_site  # here, not at the top: they import this module

    files.update(feeds_site.files(ctx))
    files.update(export.files(ctx))  # ke-hoach.json and ke-hoach/<slug>/ke-hoach.json
    return files


@dataclass(frozen=True)
class MilestoneView:
    milestone: Milestone
    when: str
    sort_key: tuple[int, date]


def milestones_in_order(plan: Plan) -> list[MilestoneView]:
    """A plan's milestones by deadline; recurring ones, shown by their rule, come last."""
    views = []
    for m in plan.milestones:
        if m.by is not None:
            when = (
                m.by.label if m.recurring is None else f"{m.by.label}, {m.recurring.label.lower()}"
            )
            views.append(MilestoneView(m, when, (0, m.by.end)))
        elif m.recurring is not None:
            views.append(MilestoneView(m, m.recurring.label, (1, date.max)))
    return sorted(views, key=lambda v: v.sort_key)


class SiteView:
    """What templates read: the catalogue, grouped and ordered for display."""

    def __init__(
        self, catalog: Catalog | None, home_plans: int = 10, today: date | None = None
    ) -> None:
        self.catalog = catalog
        self.home_plans = home_plans
        self.today = today or build_date()

    @property
    def plans(self) -> list[Plan]:
        return self.catalog.plans if self.catalog else []

    @property
    def directives(self) -> list[Directive]:
        return self.catalog.directives if self.catalog else []

    def newest(self) -> list[Plan]:
        return self.plans[: self.home_plans]

    def plans_by_year(self) -> list[tuple[str, str, list[Plan]]]:
        """(heading, anchor, plans): by year of issue; plans whose text states no date of issue
        are grouped by the year they were posted, and the heading says so."""
        groups: dict[tuple[int, bool], list[Plan]] = defaultdict(list)
        for plan in self.plans:
            groups[(plan.year, plan.issued is not None)].append(plan)
        out = []
        for (year, issued), plans in sorted(groups.items(), reverse=True):
            if issued:
                out.append((f"Ban hành năm {year}", f"nam-{year}", plans))
            else:
                out.append(
                    (f"Đăng năm {year}, văn bản không ghi ngày ban hành", f"dang-nam-{year}", plans)
                )
        return out

    def directives_by_kind(self) -> list[tuple[str, list[Directive]]]:
        groups: dict[str, list[Directive]] = defaultdict(list)
        for d in self.directives:
            groups[d.kind or "Văn bản khác"].append(d)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def directives_by_level(self) -> list[tuple[str, list[Directive]]]:
        groups: dict[str, list[Directive]] = defaultdict(list)
        for d in self.directives:
            groups[d.level or ""].append(d)
        order = [*LEVELS, ""]
        return [
            (LEVELS.get(level, "Chưa rõ cấp"), groups[level])
            for level in order
            if groups.get(level)
        ]

    def implemented(self, plan: Plan) -> list[Directive]:
        return self.catalog.implemented(plan) if self.catalog else []

    def cited(self, plan: Plan) -> list[Directive]:
        return self.catalog.cited(plan) if self.catalog else []

    def chain_up(self, directive: Directive) -> list[list[Directive]]:
        return self.catalog.chain_up(directive) if self.catalog else []

    @cached_property
    def timelines(self) -> timeline_site.TimelineView:
        """Timelines of plans and directives, what is due, statuses on the build date."""
        return timeline_site.TimelineView(self.catalog, self.today)

    def milestones(self, plan: Plan) -> list[MilestoneView]:
        return milestones_in_order(plan)

    def plan_url(self, plan: Plan) -> str:
        return plan_url(plan)

    def directive_url(self, directive: Directive) -> str:
        return directive_url(directive)

    def open_data(self, obj: Plan | Directive | None, site_url: str) -> Any:
        """JSON-LD and JSON export path of a page's plan or directive (plansite.export)."""
        from . import export  # here, not at the top: export imports this module

        return export.page_data(obj, self.catalog, site_url)


def vndate(value: date | None) -> str:
    """``18/01/2022``; empty for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


FILTERS = {"vndate": vndate, "plansite_slug": slugify}


class Fragments:
    """Parts of pages that come out the same on every page that shows them, rendered once per
    build: a plan's milestones on the page of each directive it carries out, directly or
    through other plans. In a template (a ``{% call %}`` block; the key names the part and
    must hold everything it depends on besides the build)::

        {% call plansite_fragment("milestones", plan.source) %}…{% endcall %}
    """

    def __init__(self) -> None:
        self._done: dict[tuple[str, ...], Any] = {}

    def __call__(self, *key: str, caller: Callable[[], Any]) -> Any:
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = caller()
        return found
