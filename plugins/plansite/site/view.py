"""What templates read: the catalogue grouped and ordered for display (:class:`SiteView`), a
plan's milestones in order, date formatting, and parts rendered once per build. Templates only
render; ordering and grouping happen here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from ..core.catalog import Catalog, Directive
from ..core.numbers import DocumentNumber
from ..core.plan import Milestone, Plan, PlanRef
from ..core.text import slugify
from ..core.timeline import plan_timeline
from ..core.urls import directive_url, plan_url
from . import export, timeline
from .context import build_date
from .lists import (
    ListPage,
    directive_lists,
    directives_by_kind,
    directives_by_level,
    plans_by_year,
)

__all__ = ["FILTERS", "Fragments", "MilestoneView", "SiteView", "milestones_in_order", "vndate"]


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
        """(heading, anchor, plans), by year (:func:`plansite.site.lists.plans_by_year`)."""
        return plans_by_year(self.plans)

    def directives_by_kind(self) -> list[tuple[str, list[Directive]]]:
        return directives_by_kind(self.directives)

    def directives_by_level(self) -> list[tuple[str, list[Directive]]]:
        return [(label, ds) for _, label, ds in directives_by_level(self.directives)]

    def implemented(self, plan: Plan) -> list[Directive]:
        return self.catalog.implemented(plan) if self.catalog else []

    def cited(self, plan: Plan) -> list[Directive]:
        return self.catalog.cited(plan) if self.catalog else []

    def replacements(self, plan: Plan) -> list[Plan]:
        """The later plans that replace ``plan``."""
        return self.catalog.replacements(plan) if self.catalog else []

    def replaced(self, plan: Plan) -> list[Plan]:
        """The plans on the site that ``plan`` replaces."""
        return self.catalog.replaced(plan) if self.catalog else []

    def replaced_by_ref(self, plan: Plan, ref: PlanRef) -> Plan | None:
        """The plan on the site that ``ref`` (one of ``plan.replaces``) names, if any."""
        for old in self.replaced(plan):
            if (ref.number and old.number and old.number.key == ref.number.key) or (
                not ref.number and old.slug == ref.slug
            ):
                return old
        return None

    def report_url(self, plan: Plan, number: DocumentNumber) -> str | None:
        """The page of a report a milestone's result names by number, if the site has one."""
        found = self.catalog.cited_directive(plan, number) if self.catalog else None
        return directive_url(found) if found else None

    def directive_results(self, directive: Directive) -> tuple[int, int]:
        """(with a result, due) over every plan that carries out ``directive``."""
        done = due = 0
        for plan in directive.implemented_by:
            d, n = plan_timeline(plan).results(self.today)
            done, due = done + d, due + n
        return done, due

    def directive_lists(self, directive: Directive) -> tuple[ListPage[Plan], ListPage[Plan]]:
        """The first page of the plans carrying out ``directive``, and of those citing it."""
        implemented, cited = directive_lists(directive)
        return implemented[0], cited[0]

    def chain_up(self, directive: Directive) -> list[list[Directive]]:
        return self.catalog.chain_up(directive) if self.catalog else []

    @cached_property
    def timelines(self) -> timeline.TimelineView:
        """Timelines of plans and directives, what is due, statuses on the build date."""
        return timeline.TimelineView(self.catalog, self.today)

    def milestones(self, plan: Plan) -> list[MilestoneView]:
        return milestones_in_order(plan)

    def plan_url(self, plan: Plan) -> str:
        return plan_url(plan)

    def directive_url(self, directive: Directive) -> str:
        return directive_url(directive)

    def open_data(self, obj: Plan | Directive | None, site_url: str) -> Any:
        """JSON-LD and JSON export path of a page's plan or directive (plansite.export)."""
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
