"""Timelines on the site: the ``moc-thoi-gian/`` page, the calendars, and what templates read.

Independent of the site generator, like :mod:`plansite.site`: it says which page and which
files exist and gives templates the timeline objects of :mod:`plansite.timeline`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import ics
from .catalog import Catalog, Directive
from .dates import Period
from .plan import Plan
from .timeline import (
    DUE_SOON_DAYS,
    PLAN_STATUS_LABELS,
    STATUS_LABELS,
    Deadline,
    DirectiveTimeline,
    PlanTimeline,
    SiteTimeline,
    TimelineItem,
    directive_timeline,
    due_in_month,
    issuer_key,
    issuer_label,
    period_status,
    plan_timeline,
    site_timeline,
)

if TYPE_CHECKING:
    from .site import BuildContext, GeneratedPage

__all__ = [
    "CALENDAR_URI",
    "TIMELINE_URI",
    "TimelineView",
    "plan_calendar",
    "plan_calendar_uri",
    "timeline_files",
    "timeline_pages",
]

TIMELINE_URI = "moc-thoi-gian/index.md"
TIMELINE_URL = "moc-thoi-gian/"
CALENDAR_URI = "lich.ics"
CALENDAR_NAME = "Mốc thời gian các kế hoạch"
#: Plans a directive's page shows with their milestones, the latest issued: a directive many
#: plans carry out would otherwise weigh megabytes (6.7 MB for 2,300 plans on a phone); the
#: page still lists every plan, and its feed and the site's timeline hold every deadline.
CHAIN_PLANS = 50


def plan_calendar_uri(plan: Plan) -> str:
    """Where a plan's own calendar goes: beside its page."""
    return f"ke-hoach/{plan.slug}/lich.ics"


def plan_calendar(plan: Plan) -> str | None:
    """The plan's own calendar, or None when it has no milestone to put in one."""
    return plan_calendar_uri(plan) if ics.has_events(plan_timeline(plan)) else None


def _absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path}" if site_url else ""


def _domain(site_url: str) -> str:
    return urlsplit(site_url).hostname or "plansite"


def timeline_pages(ctx: BuildContext) -> list[GeneratedPage]:
    """The ``moc-thoi-gian/`` page: every milestone of every plan by quarter and month."""
    from .site import GeneratedPage

    timeline = site_timeline(ctx.catalog.plans, ctx.today)
    return [
        GeneratedPage(
            TIMELINE_URI,
            "timeline",
            timeline,
            "Mốc thời gian",
            "plansite/timeline.html",
            "",
            "Mọi mốc thời gian của các kế hoạch trên trang, theo quý và tháng, việc sắp đến trước; "
            "lọc theo cấp và cơ quan ban hành, thêm vào lịch.",
        )
    ]


def timeline_files(ctx: BuildContext) -> dict[str, bytes]:
    """``lich.ics`` with every milestone, and ``ke-hoach/<slug>/lich.ics`` for each plan
    that has milestones."""
    from .site import plan_url

    domain = _domain(ctx.site_url)
    files: dict[str, bytes] = {}
    every: list[ics.Event] = []
    for plan in ctx.catalog.plans:
        events = ics.plan_events(
            plan_timeline(plan), _absolute(ctx.site_url, plan_url(plan)), domain
        )
        if not events:
            continue
        every += events
        description = f"Các mốc thời gian của {plan.kind.lower()}: {plan.title}"
        files[plan_calendar_uri(plan)] = ics.write_calendar(events, plan.title, description)
    files[CALENDAR_URI] = ics.write_calendar(
        every, CALENDAR_NAME, "Mọi mốc thời gian của các kế hoạch đăng trên trang"
    )
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class Marker:
    """What the page says about a period's status, and what the script needs to redo it."""

    status: str
    label: str
    start: str
    end: str


class TimelineView:
    """What templates read about time: the timelines, statuses seen from the build date
    (the static fallback; the page's script redoes them for the reader's today)."""

    def __init__(self, catalog: Catalog | None, today: date) -> None:
        self.catalog = catalog
        self.today = today

    @property
    def plans(self) -> list[Plan]:
        return self.catalog.plans if self.catalog else []

    def plan(self, plan: Plan) -> PlanTimeline:
        return plan_timeline(plan)

    def directive(self, directive: Directive) -> DirectiveTimeline | None:
        if self.catalog is None:
            return None
        return directive_timeline(directive, self.catalog, limit=CHAIN_PLANS)

    @cached_property
    def site(self) -> SiteTimeline:
        return site_timeline(self.plans, self.today)

    def due_this_month(self) -> list[Deadline]:
        return due_in_month(self.plans, self.today)

    @property
    def month(self) -> Period:
        return Period.month(self.today.year, self.today.month)

    def marker(self, period: Period) -> Marker:
        status = period_status(period, self.today)
        return Marker(
            status, STATUS_LABELS[status], period.start.isoformat(), period.end.isoformat()
        )

    def item_status(self, item: TimelineItem) -> tuple[str, str]:
        status = item.status(self.today)
        return (status or "", STATUS_LABELS.get(status or "", ""))

    def plan_status(self, timeline: PlanTimeline) -> tuple[str, str]:
        status = timeline.status(self.today)
        return (status or "", PLAN_STATUS_LABELS.get(status or "", ""))

    def calendar_uri(self, plan: Plan) -> str | None:
        """The plan's calendar, or None when it has no milestone to put in one."""
        return plan_calendar(plan)

    @property
    def calendar(self) -> str:
        return CALENDAR_URI

    @property
    def page(self) -> str:
        return TIMELINE_URL

    def issuer_key(self, plan: Plan) -> str:
        return issuer_key(plan)

    def issuer_label(self, plan: Plan) -> str:
        return issuer_label(plan)

    @property
    def due_soon_days(self) -> int:
        return DUE_SOON_DAYS

    @property
    def status_labels(self) -> dict[str, str]:
        return STATUS_LABELS

    @property
    def plan_status_labels(self) -> dict[str, str]:
        return PLAN_STATUS_LABELS
