"""Timelines on the site: the ``moc-thoi-gian/`` page, the calendars, and what templates read.

Independent of the site generator, like :mod:`plansite.site`: it says which page and which
files exist and gives templates the timeline objects of :mod:`plansite.core.timeline`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..core.catalog import Catalog, Directive
from ..core.dates import TZ, Period, Recurrence
from ..core.plan import Plan
from ..core.timeline import (
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
from ..core.urls import absolute_url, plan_calendar_uri, plan_url
from ..formats import ics
from .context import BuildContext, GeneratedPage, rules_attribute

__all__ = [
    "CALENDAR_URI",
    "NO_NEXT_LABEL",
    "RECURRENCE_CODES",
    "TIMELINE_URI",
    "TimelineView",
    "plan_calendar",
    "script_attributes",
    "script_rules",
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
#: What a recurring milestone's next deadline reads once all its periods are past.
NO_NEXT_LABEL = "đã hết các kỳ"
#: Every rule of :class:`plansite.core.dates.Recurrence`: the script gets the periods of each.
RECURRENCE_CODES = (
    "yearly-Q1",
    "yearly-Q2",
    "yearly-Q3",
    "yearly-Q4",
    "yearly",
    "every-6-months",
    "quarterly",
    "monthly",
)
#: Any year: a rule's periods are the same months every year, and labels only change year.
_SAMPLE_YEAR = 2001


def _year_periods(recurrence: Recurrence) -> list[tuple[int, int, str]]:
    """The periods of a rule in a year, as ``(first month, last month, label)``, the label
    with ``{y}`` for the year: ``[(1, 3, "Quý I/{y}")]`` for ``yearly-Q1``."""
    year = str(_SAMPLE_YEAR)
    out = []
    for p in recurrence.occurrences(_SAMPLE_YEAR, _SAMPLE_YEAR):
        whole = p.start.day == 1 and (p.end + timedelta(days=1)).day == 1
        if not whole or p.start.year != p.end.year or p.label.count(year) != 1:
            raise ValueError(f"{recurrence.code}: {p} is not whole months of one year")
        out.append((p.start.month, p.end.month, p.label.replace(year, "{y}")))
    return out


@cache
def script_rules() -> dict[str, Any]:
    """What ``timeline.js`` needs of the rules of :mod:`plansite.core.timeline`, as data: the
    due-soon window (:data:`~plansite.core.timeline.DUE_SOON_DAYS`), the site's time zone as
    minutes from UTC (:data:`~plansite.core.dates.TZ`), the labels of statuses, and the periods
    of each rule in a year (:data:`RECURRENCE_CODES`)."""
    return {
        "due_soon_days": DUE_SOON_DAYS,
        "utc_offset_minutes": int(TZ.utcoffset(None).total_seconds()) // 60,
        "status_labels": STATUS_LABELS,
        "plan_status_labels": PLAN_STATUS_LABELS,
        "no_next": NO_NEXT_LABEL,
        "periods": {code: _year_periods(Recurrence(code)) for code in RECURRENCE_CODES},
    }


@cache
def script_attributes() -> Markup:
    """The attributes of the ``<script>`` that loads ``timeline.js``:
    ``data-plansite-timeline``, :func:`script_rules` as JSON (in single quotes, so that the
    JSON's double quotes stay as they are)."""
    return rules_attribute("data-plansite-timeline", script_rules())


def plan_calendar(plan: Plan) -> str | None:
    """The plan's own calendar, or None when it has no milestone to put in one."""
    return plan_calendar_uri(plan) if ics.has_events(plan_timeline(plan)) else None


def _domain(site_url: str) -> str:
    return urlsplit(site_url).hostname or "plansite"


def timeline_pages(ctx: BuildContext) -> list[GeneratedPage]:
    """The ``moc-thoi-gian/`` page: every milestone of every plan by quarter and month."""
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
    domain = _domain(ctx.site_url)
    files: dict[str, bytes] = {}
    every: list[ics.Event] = []
    for plan in ctx.catalog.plans:
        events = ics.plan_events(
            plan_timeline(plan),
            absolute_url(ctx.site_url, plan_url(plan)) if ctx.site_url else "",
            domain,
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

    @property
    def no_next_label(self) -> str:
        return NO_NEXT_LABEL

    @property
    def script_attributes(self) -> Markup:
        """The attributes of the ``<script>`` tag of ``timeline.js`` (:func:`script_attributes`)."""
        return script_attributes()
