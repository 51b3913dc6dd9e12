"""Timelines: what happens when, for one plan, for one directive, and for the whole site.

A plan's timeline runs from its date of issue (where stated) through its milestones in order
of deadline; recurring milestones ("quý I hằng năm", "định kỳ 6 tháng") are shown once with
their rule, and expanded into occurrences only over the plan's term (``term: 2020 - 2025``)
when the plan states one. Periods stay periods ("Quý I/2023"): nothing here invents a day.

Each deadline has a status relative to a date (the reader's today in the browser, the build
date in the static page): **past** once its last day is over, **due soon** when its last day
is at most :data:`DUE_SOON_DAYS` days away or its period has started, **upcoming** otherwise.
A plan is **đang thực hiện** while it is in force (:mod:`plansite.core.life`), then **đã kết
thúc**, or **đã được thay thế** once a later plan that replaces it has started.

Pure domain code: no site generator here.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import count
from typing import Literal

from .catalog import Catalog, Directive
from .dates import Period, Recurrence
from .life import Life, PlanStatus, plan_life, recurrence_start
from .plan import LEVELS, Milestone, Plan, Result
from .text import fold, slugify

__all__ = [
    "DUE_SOON_DAYS",
    "PAGE_DEADLINES",
    "PLAN_STATUS_LABELS",
    "STATUS_LABELS",
    "ChainDocument",
    "ChainLevel",
    "ChainPlan",
    "Deadline",
    "DirectiveTimeline",
    "MonthGroup",
    "PlanStatus",
    "PlanTimeline",
    "QuarterGroup",
    "Schedule",
    "SiteTimeline",
    "Status",
    "TimelineItem",
    "TimelinePart",
    "current_timeline",
    "directive_timeline",
    "due_in_month",
    "level_rank",
    "period_status",
    "plan_timeline",
    "site_timeline",
    "timeline_parts",
]

#: A deadline at most this many days away is "due soon" (sắp đến hạn).
DUE_SOON_DAYS = 30

Status = Literal["past", "due-soon", "upcoming"]

STATUS_LABELS: dict[str, str] = {
    "past": "Đã qua",
    "due-soon": "Sắp đến hạn",
    "upcoming": "Chưa đến hạn",
}
PLAN_STATUS_LABELS: dict[str, str] = {
    "active": "Đang thực hiện",
    "expired": "Đã kết thúc",
    "replaced": "Đã được thay thế",
}


def period_status(period: Period, today: date) -> Status:
    """Past, due soon or upcoming: ``period`` seen from ``today``."""
    if today > period.end:
        return "past"
    if today >= period.start or (period.end - today).days <= DUE_SOON_DAYS:
        return "due-soon"
    return "upcoming"


def level_rank(level: str | None) -> int | None:
    """Position of a level from the top (``trung-uong`` → 0); None when not known."""
    order = list(LEVELS)
    return order.index(level) if level in order else None


# --- recurring milestones ---------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """The occurrences of a recurring milestone: from ``first``, up to ``last`` if bounded.

    ``last`` is the last occurrence while the plan is in force (:func:`plansite.core.life.
    plan_life`); None only when nothing bounds the plan (the rule runs on). ``first`` is None
    when no occurrence falls in the plan's life.
    """

    recurrence: Recurrence
    first: Period | None
    last: Period | None

    @property
    def bounded(self) -> bool:
        return self.last is not None or self.first is None

    def __iter__(self) -> Iterator[Period]:
        if self.first is None:
            return
        for year in count(self.first.start.year):
            periods = self.recurrence.occurrences(year, year)
            if not periods:
                return  # a rule with no period in a year has none in any year
            for period in periods:
                if period.start < self.first.start:
                    continue
                if self.last is not None and period.end > self.last.end:
                    return
                yield period

    def occurrences(self) -> list[Period]:
        """Every occurrence of a bounded schedule; empty for a rule that runs on."""
        return list(self) if self.bounded else []

    def next(self, today: date) -> Period | None:
        """The occurrence in progress or next to come on ``today``; None when all are past."""
        for period in self:
            if period.end >= today:
                return period
        return None

    def ending_between(self, start: date, end: date) -> list[Period]:
        """Occurrences whose last day falls between ``start`` and ``end``, both included."""
        out = []
        for period in self:
            if period.end > end:
                break
            if period.end >= start:
                out.append(period)
        return out


def _schedule(milestone: Milestone, recurrence: Recurrence, plan: Plan) -> Schedule:
    if milestone.by is not None:
        # "by" names the first occurrence: the rule's period that holds that deadline.
        first = next(
            (
                p
                for p in _periods_from(recurrence, milestone.by.start.year)
                if p.end >= milestone.by.end
            ),
            None,
        )
    else:
        start = recurrence_start(plan)
        first = next((p for p in _periods_from(recurrence, start.year) if p.start >= start), None)
    end = plan_life(plan).end
    if end is None:
        return Schedule(recurrence, first, None)
    if first is None or first.end > end:
        return Schedule(recurrence, None, None)
    in_life = [p for p in recurrence.occurrences(first.start.year, end.year) if p.end <= end]
    return Schedule(recurrence, first, in_life[-1])


def _periods_from(recurrence: Recurrence, year: int) -> Iterator[Period]:
    for y in range(year, year + 3):
        yield from recurrence.occurrences(y, y)


# --- one plan ---------------------------------------------------------------------------

_REPORT = re.compile(r"^(?:gui |nop )?bao cao\b(?! vien)")


@lru_cache(maxsize=1 << 14)
def _is_report(what: str) -> bool:
    return _REPORT.match(fold(what)) is not None


@dataclass(frozen=True)
class TimelineItem:
    """One step of a plan's timeline: its issue, a dated milestone or a recurring one."""

    plan: Plan
    milestone: Milestone | None  # None: the plan's date of issue
    period: Period | None  # the deadline (the day of issue); None for a recurring milestone
    schedule: Schedule | None = None

    @property
    def kind(self) -> Literal["issued", "report", "milestone"]:
        """``issued``; ``report`` for a report deadline (báo cáo); else ``milestone``."""
        if self.milestone is None:
            return "issued"
        return "report" if _is_report(self.milestone.what) else "milestone"

    @property
    def what(self) -> str:
        if self.milestone is None:
            return f"Ban hành {self.plan.kind.lower()}"
        return self.milestone.what

    @property
    def who(self) -> str:
        if self.milestone is None:
            return self.plan.issuer
        return self.milestone.who

    @property
    def recurring(self) -> bool:
        return self.schedule is not None

    @property
    def when(self) -> str:
        """How the plan states the time: ``Quý I/2023``, ``20/11/2020``, ``Quý I hằng năm``."""
        if self.schedule is not None:
            rule = self.schedule.recurrence.label
            if self.milestone is not None and self.milestone.by is not None:
                return f"{rule}, từ {self.milestone.by.label}"
            return rule
        return self.period.label if self.period else ""

    @property
    def result(self) -> Result | None:
        """What was done for a dated milestone (a rule's results are its occurrences')."""
        if self.milestone is None or self.schedule is not None:
            return None
        return self.milestone.result_for(None)

    def current(self, today: date) -> Period | None:
        """The period that counts on ``today``: the deadline, or the next occurrence."""
        if self.schedule is not None:
            return self.schedule.next(today)
        return self.period

    def status(self, today: date) -> Status | None:
        """Past, due soon or upcoming on ``today``; None for the plan's issue."""
        if self.milestone is None:
            return None
        if self.schedule is not None:
            period = self.schedule.next(today)
            if period is None:
                return "past" if self.schedule.first is not None else None
            return period_status(period, today)
        return period_status(self.period, today) if self.period else None


@dataclass(frozen=True)
class Deadline:
    """One deadline falling in one period: a dated milestone, or one occurrence of a rule."""

    item: TimelineItem
    period: Period
    order: int = field(default=0, compare=False)  # position among all deadlines, by date

    @property
    def plan(self) -> Plan:
        return self.item.plan

    @property
    def result(self) -> Result | None:
        """What was done for this deadline: the dated milestone's result, or the result of
        this occurrence of a rule."""
        m = self.item.milestone
        if m is None:
            return None
        return m.result_for(self.period if self.item.schedule is not None else None)

    def status(self, today: date) -> Status:
        return period_status(self.period, today)

    @property
    def sort_key(self) -> tuple[date, date, str, int]:
        m = self.item.milestone
        return (self.period.end, self.period.start, self.plan.slug, m.line if m else 0)


@dataclass(frozen=True)
class PlanTimeline:
    """A plan's timeline: issue, dated milestones in order, then recurring ones."""

    plan: Plan
    issued: TimelineItem | None
    dated: list[TimelineItem]
    recurring: list[TimelineItem]

    @property
    def items(self) -> list[TimelineItem]:
        return ([self.issued] if self.issued else []) + self.dated + self.recurring

    @property
    def milestones(self) -> list[TimelineItem]:
        return self.dated + self.recurring

    @property
    def life(self) -> Life:
        return plan_life(self.plan)

    @property
    def open_ended(self) -> bool:
        """True when a recurring milestone runs on (nothing bounds the plan)."""
        return any(i.schedule is not None and not i.schedule.bounded for i in self.recurring)

    @property
    def end(self) -> date | None:
        """The plan's last day in force (:func:`plansite.core.life.plan_life`); None if
        nothing bounds it."""
        return self.life.end

    @property
    def replaced_on(self) -> date | None:
        """The day the plan replacing this one starts, when it ends that way."""
        life = self.life
        return life.end + timedelta(days=1) if life.ends_by == "replaced" and life.end else None

    def status(self, today: date) -> PlanStatus | None:
        """In force (``active``), ``expired`` after its last day, or ``replaced`` once the
        plan replacing it has started; None when nothing bounds it and it has no deadline."""
        status = self.life.status(today)
        if status is None and self.open_ended:
            return "active"
        return status

    def deadlines(self) -> list[Deadline]:
        """Every dated deadline and every occurrence of a bounded rule, in order."""
        out = [Deadline(i, i.period) for i in self.dated if i.period]
        for item in self.recurring:
            if item.schedule is not None:
                out += [Deadline(item, p) for p in item.schedule.occurrences()]
        return sorted(out, key=lambda d: d.sort_key)

    def results(self, today: date) -> tuple[int, int]:
        """(with a result, due): the deadlines due by ``today`` (their last day past) or
        already done, and how many of them have a result (kết quả thực hiện)."""

        def done(d: Deadline) -> bool:
            return d.result is not None and d.result.done <= today

        due = [d for d in self.deadlines() if d.period.end < today or done(d)]
        return sum(1 for d in due if done(d)), len(due)

    def open_rules(self) -> list[TimelineItem]:
        """Recurring milestones that run on: shown once, by their rule."""
        return [i for i in self.recurring if i.schedule and not i.schedule.bounded]


def _item_key(item: TimelineItem) -> tuple[date, date, int, int]:
    line = item.milestone.line if item.milestone else 0
    if item.schedule is not None:
        return (date.max, date.max, 0, line)  # recurring ones: in the plan's order
    assert item.period is not None
    return (item.period.end, item.period.start, 0, line)


#: Timelines already made, by plan (the plan is kept with its timeline, so its id stays its
#: own): a page, its calendar, its export and every directive page it appears on ask again.
#: A plan read once serves several builds (``mkdocs serve``); a plan that replaces it may come
#: or go between them, so the day it was replaced is part of the key.
_TIMELINES: OrderedDict[int, tuple[Plan, PlanTimeline, date | None]] = OrderedDict()
_TIMELINES_KEPT = 50_000


def plan_timeline(plan: Plan) -> PlanTimeline:
    """The timeline of ``plan``, from what its front matter states."""
    hit = _TIMELINES.get(id(plan))
    if hit is not None and hit[0] is plan and hit[2] == plan.replaced_on:
        return hit[1]
    timeline = _plan_timeline(plan)
    _TIMELINES[id(plan)] = (plan, timeline, plan.replaced_on)
    if len(_TIMELINES) > _TIMELINES_KEPT:
        _TIMELINES.popitem(last=False)
    return timeline


def _plan_timeline(plan: Plan) -> PlanTimeline:
    issued = TimelineItem(plan, None, Period.day(plan.issued)) if plan.issued else None
    dated: list[TimelineItem] = []
    recurring: list[TimelineItem] = []
    for m in plan.milestones:
        if m.recurring is not None:
            recurring.append(TimelineItem(plan, m, None, _schedule(m, m.recurring, plan)))
        elif m.by is not None:
            dated.append(TimelineItem(plan, m, m.by))
    dated.sort(key=_item_key)
    recurring.sort(key=_item_key)
    return PlanTimeline(plan, issued, dated, recurring)


# --- one directive, across levels ---------------------------------------------------------


@dataclass(frozen=True)
class ChainDocument:
    """A document between the directive and a plan, at a level between theirs: the plans
    named in ``plans`` carry out both (``33-CTr/TU`` between ``28-NQ/TW`` and a town plan)."""

    directive: Directive
    plans: list[Plan]


@dataclass(frozen=True)
class ChainPlan:
    """A plan on the site that carries out the directive, directly or through other plans."""

    plan: Plan
    timeline: PlanTimeline
    through: list[Directive]  # plans on the site it carries out on the way, nearest last
    also: list[Directive]  # other directives it carries out, not on the way down


@dataclass(frozen=True)
class ChainLevel:
    """One level of a directive's timeline: the documents and plans issued at that level."""

    level: str | None
    documents: list[ChainDocument] = field(default_factory=list)
    plans: list[ChainPlan] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Cấp {LEVELS[self.level].lower()}" if self.level in LEVELS else "Chưa rõ cấp"


@dataclass(frozen=True)
class DirectiveTimeline:
    """How a directive reached the levels below: its date, then level by level the
    documents and plans that carry it out, with their deadlines."""

    directive: Directive
    levels: list[ChainLevel]
    total: int = 0  # plans that carry it out, shown or not

    @property
    def plans(self) -> list[ChainPlan]:
        return [p for level in self.levels for p in level.plans]

    @property
    def omitted(self) -> int:
        """Plans that carry it out and are not shown (see ``limit``)."""
        return max(0, self.total - len(self.plans))

    @property
    def empty(self) -> bool:
        return not self.plans


def _date_key(d: date | None) -> date:
    return d or date.max


def directive_timeline(
    directive: Directive, catalog: Catalog, limit: int | None = None
) -> DirectiveTimeline:
    """The timeline of ``directive``: every plan on the site that carries it out, directly or
    through a plan on the site that does, grouped by level top down and ordered by date.

    A document that such a plan also carries out, issued at a level between the directive's
    and the plan's and not before the directive, is shown at its level: that is how a
    resolution of the centre reaches a town through the province's programme.

    With ``limit``, only that many plans are shown, the latest issued; ``total`` still counts
    them all (a directive of the centre can have thousands on a provincial portal).
    """
    as_directive = catalog.directive_of_plan
    reached: list[tuple[Plan, list[Directive]]] = []
    seen_plans: set[int] = set()
    queue: list[tuple[Directive, list[Directive]]] = [(directive, [])]
    seen = {id(directive)}
    while queue:
        current, through = queue.pop(0)
        for plan in current.implemented_by:
            if id(plan) in seen_plans:
                continue
            seen_plans.add(id(plan))
            reached.append((plan, through))
            below = as_directive.get(id(plan))
            if below is not None and id(below) not in seen:
                seen.add(id(below))
                queue.append((below, [*through, below]))
    total = len(reached)
    if limit is not None and total > limit:
        latest = sorted(reached, key=lambda r: _plan_key(r[0]), reverse=True)[:limit]
        kept = {id(plan) for plan, _ in latest}
        reached = [r for r in reached if id(r[0]) in kept]
    top = level_rank(directive.level)
    documents: dict[int, ChainDocument] = {}
    chain_plans: list[ChainPlan] = []
    for plan, through in reached:
        bottom = level_rank(plan.level)
        also = []
        for d in catalog.implemented(plan):
            if d is directive or d in through:
                continue
            rank = level_rank(d.level)
            between = (
                top is not None
                and bottom is not None
                and rank is not None
                and (top < rank < bottom)
            )
            not_before = not (d.issued and directive.issued and d.issued < directive.issued)
            if between and not_before and d.plan is None:
                documents.setdefault(id(d), ChainDocument(d, [])).plans.append(plan)
            else:
                also.append(d)
        chain_plans.append(ChainPlan(plan, plan_timeline(plan), through, also))
    by_level: dict[str | None, ChainLevel] = {directive.level: ChainLevel(directive.level)}
    for doc in sorted(
        documents.values(), key=lambda c: (_date_key(c.directive.issued), c.directive.slug)
    ):
        by_level.setdefault(doc.directive.level, ChainLevel(doc.directive.level))
        by_level[doc.directive.level].documents.append(doc)
    for chain_plan in sorted(chain_plans, key=lambda c: _plan_key(c.plan)):
        by_level.setdefault(chain_plan.plan.level, ChainLevel(chain_plan.plan.level))
        by_level[chain_plan.plan.level].plans.append(chain_plan)

    def order(lv: ChainLevel) -> tuple[bool, int]:
        rank = level_rank(lv.level)
        return (lv.level != directive.level, len(LEVELS) if rank is None else rank)

    return DirectiveTimeline(directive, sorted(by_level.values(), key=order), total)


def _plan_key(plan: Plan) -> tuple[date, date, str]:
    """Plans by date of issue; a plan that states none by the latest date it must follow."""
    lower = max((r.issued for r in plan.implements if r.issued), default=date.min)
    first = min((m.by.end for m in plan.milestones if m.by), default=date.max)
    return (plan.issued or lower, first, plan.slug)


# --- every plan: by quarter and month -------------------------------------------------------


@dataclass(frozen=True)
class MonthGroup:
    """Deadlines whose last day falls in one month (days, half-months, months)."""

    year: int
    month: int
    deadlines: list[Deadline]

    @property
    def label(self) -> str:
        return f"Tháng {self.month:02d}/{self.year}"

    @property
    def key(self) -> str:
        return f"thang-{self.year}-{self.month:02d}"

    @property
    def end(self) -> date:
        return Period.month(self.year, self.month).end


@dataclass(frozen=True)
class QuarterGroup:
    """One quarter: deadlines stated as a quarter or longer period ending in it, then by month."""

    year: int
    quarter: int
    spanning: list[Deadline]
    months: list[MonthGroup]

    @property
    def period(self) -> Period:
        return Period.quarter(self.year, self.quarter)

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def key(self) -> str:
        return f"quy-{self.year}-{self.quarter}"

    @property
    def deadlines(self) -> list[Deadline]:
        return self.spanning + [d for m in self.months for d in m.deadlines]


_SPANNING = {"quarter", "half-year", "year"}


@dataclass(frozen=True)
class SiteTimeline:
    """Every deadline of every plan by quarter and month: quarters still to come first (in
    order), then past ones (latest first); rules that run on are listed once, apart."""

    today: date
    upcoming: list[QuarterGroup]
    past: list[QuarterGroup]
    recurring: list[TimelineItem]
    levels: list[tuple[str, str]]  # (code, label) of the levels present, top down
    issuers: list[tuple[str, str]]  # (key, label) of the issuing bodies present

    @property
    def deadlines(self) -> list[Deadline]:
        return [d for q in self.upcoming + self.past for d in q.deadlines]

    @property
    def count(self) -> int:
        return len(self.deadlines) + len(self.recurring)


def issuer_key(plan: Plan) -> str:
    """Key of a plan's issuing body for filtering: body and locality (two towns each have a
    ``Ban Thường vụ Thị ủy``)."""
    return slugify(issuer_label(plan)) or "khong-ghi"


def issuer_label(plan: Plan) -> str:
    label = plan.issuer or "Không ghi cơ quan ban hành"
    return f"{label} ({plan.locality})" if plan.locality else label


def _next_end(item: TimelineItem, today: date) -> date:
    current = item.current(today)
    return current.end if current else date.max


def _group(deadlines: list[Deadline], reverse: bool) -> list[QuarterGroup]:
    quarters: dict[tuple[int, int], tuple[list[Deadline], dict[int, list[Deadline]]]] = {}
    for d in sorted(deadlines, key=lambda d: d.sort_key, reverse=reverse):
        end = d.period.end
        spanning, months = quarters.setdefault((end.year, (end.month - 1) // 3 + 1), ([], {}))
        if d.period.kind in _SPANNING:
            spanning.append(d)
        else:
            months.setdefault(end.month, []).append(d)
    return [
        QuarterGroup(y, q, spanning, [MonthGroup(y, m, ds) for m, ds in months.items()])
        for (y, q), (spanning, months) in sorted(quarters.items(), reverse=reverse)
    ]


def site_timeline(plans: Iterable[Plan], today: date) -> SiteTimeline:
    """Every milestone of ``plans`` grouped by quarter and month, seen from ``today``."""
    plans = list(plans)
    deadlines: list[Deadline] = []
    recurring: list[TimelineItem] = []
    for plan in plans:
        timeline = plan_timeline(plan)
        deadlines += timeline.deadlines()
        recurring += timeline.open_rules()
    deadlines = [
        Deadline(d.item, d.period, n)
        for n, d in enumerate(sorted(deadlines, key=lambda d: d.sort_key), 1)
    ]
    recurring.sort(
        key=lambda i: (_next_end(i, today), i.plan.slug, i.milestone.line if i.milestone else 0)
    )
    return _timeline_of(deadlines, recurring, today)


def _timeline_of(
    deadlines: list[Deadline], recurring: list[TimelineItem], today: date
) -> SiteTimeline:
    """A timeline of these deadlines (in order, numbered) and rules, seen from ``today``."""
    this_quarter_start = Period.quarter(today.year, (today.month - 1) // 3 + 1).start
    to_come = [d for d in deadlines if d.period.end >= this_quarter_start]
    gone = [d for d in deadlines if d.period.end < this_quarter_start]
    with_deadlines = {id(d.plan): d.plan for d in deadlines}
    with_deadlines |= {id(i.plan): i.plan for i in recurring}
    present = list(with_deadlines.values())
    levels = [
        (code, label) for code, label in LEVELS.items() if any(p.level == code for p in present)
    ]
    issuers = sorted(
        {(issuer_key(p), issuer_label(p)) for p in present}, key=lambda kv: (fold(kv[1]), kv[1])
    )
    return SiteTimeline(
        today, _group(to_come, False), _group(gone, True), recurring, levels, issuers
    )


# --- a timeline too long for one page ------------------------------------------------------

#: At most this many deadlines on one page of the timeline (about 300 KB of HTML): a site with
#: more splits its timeline by year, a large year by quarter, a large quarter by month, and a
#: large month into parts.
PAGE_DEADLINES = 300


@dataclass(frozen=True)
class TimelinePart:
    """A part of the site's timeline: a year, a quarter, a month or a part of a month, with
    its deadlines (``timeline``) or, when it holds too many for a page, its parts."""

    path: tuple[str, ...]  # ("2024",), ("2024", "quy-1"), ("2024", "thang-03", "phan-2")
    title: str
    count: int
    timeline: SiteTimeline | None = None
    parts: tuple[TimelinePart, ...] = ()


def _quarter_of(d: Deadline) -> int:
    return (d.period.end.month - 1) // 3 + 1


def timeline_parts(timeline: SiteTimeline, limit: int = PAGE_DEADLINES) -> tuple[TimelinePart, ...]:
    """The years of ``timeline``, newest first, each split as far as ``limit`` asks."""
    by_year: dict[int, list[Deadline]] = {}
    for d in sorted(timeline.deadlines, key=lambda d: d.order):
        by_year.setdefault(d.period.end.year, []).append(d)
    today = timeline.today

    def part(path: tuple[str, ...], title: str, ds: list[Deadline], level: int) -> TimelinePart:
        if len(ds) <= limit:
            return TimelinePart(path, title, len(ds), _timeline_of(ds, [], today))
        parts: list[TimelinePart] = []
        if level == 0:  # a year: its quarters
            for q in range(1, 5):
                sub = [d for d in ds if _quarter_of(d) == q]
                if sub:
                    label = Period.quarter(int(path[0]), q).label
                    parts.append(part((*path, f"quy-{q}"), label, sub, 1))
        elif level == 1:  # a quarter: its months
            for m in sorted({d.period.end.month for d in ds}):
                sub = [d for d in ds if d.period.end.month == m]
                parts.append(part((path[0], f"thang-{m:02d}"), f"Tháng {m:02d}/{path[0]}", sub, 2))
        else:  # a month: parts of at most ``limit``
            for k in range(0, len(ds), limit):
                n = k // limit + 1
                sub = ds[k : k + limit]
                timeline = _timeline_of(sub, [], today)
                parts.append(
                    TimelinePart((*path, f"phan-{n}"), f"{title}, phần {n}", len(sub), timeline)
                )
        return TimelinePart(path, title, len(ds), None, tuple(parts))

    return tuple(
        part((str(y),), f"Năm {y}", ds, 0) for y, ds in sorted(by_year.items(), reverse=True)
    )


def current_timeline(
    timeline: SiteTimeline, limit: int = PAGE_DEADLINES
) -> tuple[SiteTimeline, int]:
    """What the timeline's first page shows of a long timeline: the deadlines of this
    quarter and the next (at most ``limit``, the earliest first), and the rules that run on;
    and how many deadlines those quarters hold in all."""
    today = timeline.today
    start = Period.quarter(today.year, (today.month - 1) // 3 + 1).start
    after = date(start.year + (start.month + 5) // 12, (start.month + 5) % 12 + 1, 1)
    near = [d for d in timeline.deadlines if start <= d.period.end < after]
    near.sort(key=lambda d: d.order)
    return _timeline_of(near[:limit], timeline.recurring, today), len(near)


def due_in_month(plans: Iterable[Plan], today: date) -> list[Deadline]:
    """Deadlines whose last day falls in the month of ``today``, of the plans in force on
    ``today`` (a plan that has ended or was replaced has nothing due), rules that run on
    included."""
    month = Period.month(today.year, today.month)
    out: list[Deadline] = []
    for plan in plans:
        timeline = plan_timeline(plan)
        if timeline.status(today) not in ("active", None):
            continue
        out += [d for d in timeline.deadlines() if month.start <= d.period.end <= month.end]
        for item in timeline.open_rules():
            assert item.schedule is not None
            out += [Deadline(item, p) for p in item.schedule.ending_between(month.start, month.end)]
    return sorted(out, key=lambda d: d.sort_key)
