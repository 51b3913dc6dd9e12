"""Links between the site's pages: every relative link of a plan reaches a page or file of the
site, and every anchor a heading of its page (the rule:
:func:`plansite.core.links.site_link_problems`).

``plansite check`` and the build both call :func:`link_problems`, each with the site's source
paths as it knows them (the check: ``docs/`` and the generated pages; the build: MkDocs' files),
so a link the build would refuse is an error of check first, with the plan's file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import cache

from ..core.catalog import Catalog
from ..core.links import anchor_ids, site_link_problems
from ..core.problems import Problem
from ..core.text import markdown_slugify
from ..core.urls import plan_source

__all__ = ["link_problems"]


def _has_markdown_link(body: str) -> bool:
    return "](" in body or "]:" in body  # cheap: most plans link nowhere


def link_problems(
    catalog: Catalog, exists: Callable[[str], bool], text_of: Callable[[str], str | None]
) -> list[Problem]:
    """Errors for the plans' links that reach nothing; ``exists`` says whether a source path
    of the site (``index.md``, ``ke-hoach/x.md``, ``tai-lieu/a.pdf``…) is there. It is called
    only for plans that have a Markdown link, so a site whose plans link nowhere pays nothing.
    ``text_of`` gives the Markdown of a hand-written page (``docs/``), whose headings are its
    anchors, or None (a generated page's anchors are not checked)."""
    linking = [plan for plan in catalog.plans if _has_markdown_link(plan.body)]
    if not linking:
        return []
    bodies = {plan_source(plan): plan.body for plan in catalog.plans}

    @cache
    def anchors(page: str) -> frozenset[str] | None:
        body = bodies.get(page)
        if body is None and page.endswith(".md") and exists(page):
            body = text_of(page)
        return None if body is None else frozenset(anchor_ids(body, markdown_slugify))

    problems = []
    for plan in linking:
        page = plan_source(plan)
        own = frozenset(anchor_ids(plan.body, markdown_slugify))  # its own body (slugs may clash)

        def anchors_of(
            uri: str, page: str = page, own: frozenset[str] = own
        ) -> Collection[str] | None:
            return own if uri == page else anchors(uri)

        for offset, message in site_link_problems(plan.body, page, exists, anchors_of):
            problems.append(
                Problem(plan.source, plan.body_line + plan.body.count("\n", 0, offset), message)
            )
    return problems
