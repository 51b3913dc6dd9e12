"""Every page and data file a site has, gathered in one place (the top of the site layer):
plan and directive pages and their indexes, the search page, timelines, feeds, exports.
"""

from __future__ import annotations

import json

from ..core.lookup import lookup_table
from ..core.urls import DIRECTIVES_DIR, PLANS_DIR, directive_url
from . import export, feeds, lists, timeline
from .context import LOOKUP_URI, BuildContext, GeneratedPage, short_text

__all__ = ["data_files", "generated_pages"]


def generated_pages(ctx: BuildContext) -> list[GeneratedPage]:
    """Every page the catalogue makes: one per plan, one per directive, and their indexes."""
    catalog = ctx.catalog
    pages = [
        *lists.plans_index_pages(catalog),
        *lists.directives_index_pages(catalog),
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
                short_text(plan.summary or plan.title),
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
                short_text(description),
            )
        )
    for d in catalog.directives:
        pages += lists.directive_list_pages(d)
    pages += timeline.timeline_pages(ctx)
    pages += feeds.pages(ctx)
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
    files.update(timeline.timeline_files(ctx))  # bytes: calendars end lines with CRLF
    files.update(feeds.files(ctx))
    files.update(export.files(ctx))  # ke-hoach.json and ke-hoach/<slug>/ke-hoach.json
    return files
