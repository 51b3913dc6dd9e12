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
from ..core.feeds import Group, issuing_bodies
from ..core.plan import Plan
from ..core.timeline import (
    DUE_SOON_DAYS,
    PAGE_DEADLINES,
    PLAN_STATUS_LABELS,
    STATUS_LABELS,
    Deadline,
    DirectiveTimeline,
    PlanTimeline,
    SiteTimeline,
    TimelineItem,
    TimelinePart,
    current_timeline,
    directive_timeline,
    due_in_month,
    issuer_key,
    issuer_label,
    period_status,
    plan_timeline,
    site_timeline,
    timeline_parts,
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
    "body_calendar",
    "body_calendar_uri",
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
#: page still lists every plan (in pages), and its feed and the site's timeline hold every deadline.
CHAIN_PLANS = 10
#: The documents of a level below a directive that its page names in its timeline, and the
#: plans it names for each (the others are counted).
CHAIN_DOCUMENTS = 10
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


@dataclass(frozen=True)
class TimelineLink:
    """A link to a page of the timeline, with how many deadlines it holds."""

    title: str
    url: str
    count: int


@dataclass(frozen=True)
class TimelinePage:
    """One page of the site's timeline (``moc-thoi-gian/…``): its deadlines (``timeline``), or
    the links to its parts when it has too many for a page (``parts``); the way back
    (``crumbs``) and, on every page of a split timeline, the years (``years``).

    ``total`` is every deadline of the site; ``shown_of`` is how many the first page of a
    split timeline would hold if it were not capped (this quarter and the next)."""

    title: str
    timeline: SiteTimeline | None
    total: int
    parts: tuple[TimelineLink, ...] = ()
    crumbs: tuple[TimelineLink, ...] = ()
    years: tuple[TimelineLink, ...] = ()
    current: bool = False
    shown_of: int = 0

    @property
    def split(self) -> bool:
        return bool(self.years)


def _part_url(path: tuple[str, ...]) -> str:
    return f"{TIMELINE_URL}{'/'.join(path)}/"


def timeline_pages(ctx: BuildContext) -> list[GeneratedPage]:
    """``moc-thoi-gian/``: every milestone of every plan by quarter and month. A timeline of
    more than :data:`PAGE_DEADLINES` deadlines is split: the first page shows this quarter and
    the next, and links to a page per year (per quarter, month, part of a month where a year
    is large: :func:`plansite.core.timeline.timeline_parts`)."""
    full = site_timeline(ctx.catalog.plans, ctx.today)
    description = (
        "Mọi mốc thời gian của các kế hoạch trên trang, theo quý và tháng, việc sắp đến trước; "
        "lọc theo cấp và cơ quan ban hành, thêm vào lịch."
    )
    total = len(full.deadlines)
    if total <= PAGE_DEADLINES:
        page = TimelinePage("Mốc thời gian", full, total)
        return [_page(TIMELINE_URI, page, description)]
    parts = timeline_parts(full)
    years = tuple(TimelineLink(p.title, _part_url(p.path), p.count) for p in parts)
    home = TimelineLink("Mốc thời gian", TIMELINE_URL, total)
    near, near_count = current_timeline(full)
    first = TimelinePage(
        "Mốc thời gian", near, total, years=years, current=True, shown_of=near_count
    )
    pages = [_page(TIMELINE_URI, first, description)]

    def add(part: TimelinePart, crumbs: tuple[TimelineLink, ...]) -> None:
        links = tuple(TimelineLink(p.title, _part_url(p.path), p.count) for p in part.parts)
        page = TimelinePage(
            f"Mốc thời gian: {part.title}", part.timeline, total, links, crumbs, years
        )
        uri = f"{TIMELINE_URL}{'/'.join(part.path)}/index.md"
        what = part.title[:1].lower() + part.title[1:]
        pages.append(_page(uri, page, f"Các mốc thời gian của các kế hoạch trên trang: {what}."))
        here = (*crumbs, TimelineLink(part.title, _part_url(part.path), part.count))
        for sub in part.parts:
            add(sub, here)

    for part in parts:
        add(part, (home,))
    return pages


def _page(uri: str, page: TimelinePage, description: str) -> GeneratedPage:
    return GeneratedPage(
        uri, "timeline", page, page.title, "plansite/timeline.html", "", description
    )


def timeline_files(ctx: BuildContext) -> dict[str, bytes]:
    """``ke-hoach/<slug>/lich.ics`` for each plan that has milestones; ``lich.ics`` with the
    milestones of every plan in force on the build date, and ``co-quan/<slug>/lich.ics`` with
    those of each issuing body's plans in force (a plan that has ended or was replaced has
    nothing left for a subscriber)."""
    domain = _domain(ctx.site_url)
    files: dict[str, bytes] = {}
    in_force: dict[int, list[ics.Event]] = {}
    upcoming: list[Deadline] = []

    def url(plan: Plan) -> str:
        return absolute_url(ctx.site_url, plan_url(plan)) if ctx.site_url else ""

    for plan in ctx.catalog.plans:
        timeline = plan_timeline(plan)
        events = ics.plan_events(timeline, url(plan), domain)
        if not events:
            continue
        description = f"Các mốc thời gian của {plan.kind.lower()}: {plan.title}"
        files[plan_calendar_uri(plan)] = ics.write_calendar(events, plan.title, description)
        if timeline.status(ctx.today) == "active":
            in_force[id(plan)] = events
            upcoming += [d for d in timeline.deadlines() if d.period.end >= ctx.today]
    upcoming.sort(key=lambda d: d.sort_key)
    shown = upcoming[:SITE_CALENDAR_EVENTS]
    note = (
        f" ({len(shown)} mốc gần nhất trong {len(upcoming)}; lịch của từng cơ quan ban hành và "
        "từng kế hoạch có đủ)"
        if len(upcoming) > len(shown)
        else ""
    )
    files[CALENDAR_URI] = ics.write_calendar(
        [ics.deadline_event(d, url(d.plan), domain) for d in shown],
        CALENDAR_NAME,
        "Các mốc sắp tới của những kế hoạch đang thực hiện đăng trên trang" + note,
    )
    for group in issuing_bodies(ctx.catalog):
        events = [e for plan in group.plans for e in in_force.get(id(plan), [])]
        if events:
            files[body_calendar_uri(group)] = ics.write_calendar(
                events,
                f"{CALENDAR_NAME}: {group.name}",
                f"Các mốc thời gian của những kế hoạch đang thực hiện do {group.name} ban hành",
            )
    return dict(sorted(files.items()))


def body_calendar_uri(group: Group) -> str:
    """The calendar of an issuing body's plans in force: ``co-quan/<slug>/lich.ics``."""
    return f"{group.path}lich.ics"


def body_calendar(group: Group, today: date) -> str | None:
    """The body's calendar, or None when none of its plans in force has a milestone."""
    for plan in group.plans:
        timeline = plan_timeline(plan)
        if timeline.status(today) == "active" and ics.has_events(timeline):
            return body_calendar_uri(group)
    return None


#: The site's calendar (lich.ics) holds the coming deadlines of the plans in force, one event
#: each, the nearest first, at most this many (about 600 KB); each body's and each plan's
#: calendar holds all of theirs.
SITE_CALENDAR_EVENTS = 800

#: How many of this month's deadlines the home page lists; the timeline page has them all.
HOME_DUE = 10


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

    @cached_property
    def due_this_month(self) -> list[Deadline]:
        """What falls due this month, from the plans in force (the home page shows the
        first :data:`HOME_DUE` of them and links to the rest)."""
        return due_in_month(self.plans, self.today)

    @property
    def home_due(self) -> int:
        return HOME_DUE

    @property
    def chain_documents(self) -> int:
        return CHAIN_DOCUMENTS

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

    def body_calendar(self, group: Group) -> str | None:
        """An issuing body's calendar of its plans in force (:func:`body_calendar`)."""
        return body_calendar(group, self.today) if group.kind == "body" else None

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
