"""Calendars of milestones in iCalendar (RFC 5545), written by hand.

One all-day event per milestone: a deadline on a day is that day; a deadline stated as a
period ("Quý I/2023", "Tháng 02/2022") spans the whole period, so no exact day is made up.
A recurring milestone is one event with an RRULE on the last day of each occurrence (the
day it falls due), ending with the plan's term where the plan states one.

Output is deterministic: UIDs come from the plan's guid and the milestone's content, DTSTAMP
from the plan's publication date, and events come in a fixed order; two builds of the same
plans give the same bytes. Lines end with CRLF and are folded at 75 octets without
splitting a UTF-8 character.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, timedelta

from ..core.dates import Period, to_datetime
from ..core.feeds import body_name
from ..core.links import allowed_url
from ..core.plan import Plan
from ..core.timeline import Deadline, PlanTimeline, Schedule, TimelineItem

__all__ = [
    "TZID",
    "Event",
    "escape_text",
    "fold_line",
    "milestone_uid",
    "plan_events",
    "rrule",
    "write_calendar",
]

TZID = "Asia/Ho_Chi_Minh"
PRODID = "-//plansite//Lich moc thoi gian ke hoach//VI"
LINE_OCTETS = 75
CRLF = "\r\n"

#: Asia/Ho_Chi_Minh: +07:00 all year, no daylight saving since 1975.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "DTSTART:19700101T000000",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, ``;``, ``,`` and line breaks escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.

    Continuation lines start with a space, which counts toward their 75 octets.
    """
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    parts: list[bytes] = []
    start, limit = 0, LINE_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, LINE_OCTETS - 1
    parts.append(data[start:])
    return (CRLF + " ").join(p.decode("utf-8") for p in parts)


def _date(d: date) -> str:
    return d.strftime("%Y%m%d")


def _stamp(plan: Plan) -> str:
    """DTSTAMP from the content: midnight of the day the plan was published, in UTC."""
    return to_datetime(plan.published).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    """An all-day VEVENT: from ``start`` to ``end`` (exclusive), maybe recurring."""

    uid: str
    summary: str
    start: date
    end: date
    stamp: str
    description: str = ""
    url: str = ""
    rrule: str = ""
    categories: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{self.stamp}",
            f"DTSTART;VALUE=DATE:{_date(self.start)}",
            f"DTEND;VALUE=DATE:{_date(self.end)}",
        ]
        if self.rrule:
            out.append(f"RRULE:{self.rrule}")
        out.append(f"SUMMARY:{escape_text(self.summary)}")
        if self.description:
            out.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.categories:
            out.append("CATEGORIES:" + ",".join(escape_text(c) for c in self.categories))
        if self.url and self.url.isprintable() and allowed_url(self.url):
            out.append(f"URL:{self.url}")
        out += ["TRANSP:TRANSPARENT", "END:VEVENT"]
        return out


_RULES = {
    "yearly": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1",
    "every-6-months": "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
    "monthly": "FREQ=MONTHLY;BYMONTHDAY=-1",
}


def rrule(schedule: Schedule) -> str:
    """The RRULE of a schedule: each occurrence on the last day of its period."""
    quarter = schedule.recurrence.quarter
    if quarter:
        rule = f"FREQ=YEARLY;BYMONTH={quarter * 3};BYMONTHDAY=-1"
    else:
        rule = _RULES[schedule.recurrence.code]
    if schedule.last is not None:
        rule += f";UNTIL={_date(schedule.last.end)}"
    return rule


def milestone_uid(item: TimelineItem, nth: int = 0, domain: str = "plansite") -> str:
    """A UID from the plan's guid and the milestone's content, never from time or path.

    ``nth`` tells apart milestones of one plan whose content is identical.
    """
    m = item.milestone
    assert m is not None
    when = m.by.code or m.by.iso if m.by else ""
    rule = m.recurring.code if m.recurring else ""
    key = "\x1f".join([item.plan.guid, m.what, m.who, when, rule, str(nth)])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{domain}"


def _span(period: Period) -> str:
    if period.kind == "day":
        return period.label
    return f"{period.label} (từ {period.start:%d/%m/%Y} đến hết ngày {period.end:%d/%m/%Y})"


def _description(item: TimelineItem, url: str) -> str:
    plan, m = item.plan, item.milestone
    assert m is not None
    lines = []
    if item.schedule is not None:
        first = item.schedule.first
        rule = item.schedule.recurrence.label
        lines.append(
            f"Thời hạn: {rule} (hạn là ngày cuối của mỗi kỳ"
            + (f"; kỳ đầu: {first.label}" if first else "")
            + (f"; kỳ cuối: {item.schedule.last.label}" if item.schedule.last else "")
            + ")"
        )
    elif item.period is not None:
        lines.append(f"Thời hạn: {_span(item.period)}")
    if m.who:
        lines.append(f"Thực hiện: {m.who}")
    lines.append(f"{plan.kind}: {plan.title}")
    issuer = plan.issuer + (f" ({plan.locality})" if plan.locality else "")
    if issuer:
        lines.append(f"Ban hành: {issuer}")
    if plan.number:
        lines.append(f"Số hiệu: {plan.number.canonical}")
    if url:
        lines.append(url)
    return "\n".join(lines)


#: How long a plan's short title may be in an event's title.
SHORT_TITLE = 60


def event_summary(item: TimelineItem) -> str:
    """An event's title: the task, then the plan (its number, or its title cut short), then
    the issuing body, so that it reads on its own in a calendar holding many plans."""
    plan, m = item.plan, item.milestone
    assert m is not None
    if plan.number:
        ref = f"{plan.kind} {plan.number.canonical}"
    else:
        ref = (
            plan.title
            if len(plan.title) <= SHORT_TITLE
            else (plan.title[: SHORT_TITLE - 1].rsplit(" ", 1)[0] + "…")
        )
    return " – ".join(part for part in (m.what, ref, body_name(plan)) if part)


def _event_span(item: TimelineItem) -> tuple[date, date, str] | None:
    """First and last day of a milestone's event and its RRULE (empty unless recurring); None
    when it makes no event (a recurring milestone none of whose occurrences falls in the
    plan's term, or the plan's date of issue)."""
    if item.schedule is not None:
        if item.schedule.first is None:
            return None
        return item.schedule.first.end, item.schedule.first.end, rrule(item.schedule)
    if item.period is not None and item.milestone is not None:
        # On its last day: a quarter is a deadline, not a 90-day event (the description says
        # the period).
        return item.period.end, item.period.end, ""
    return None


def has_events(timeline: PlanTimeline) -> bool:
    """True when :func:`plan_events` gives at least one event."""
    return any(_event_span(item) is not None for item in timeline.milestones)


def plan_events(timeline: PlanTimeline, url: str = "", domain: str = "plansite") -> list[Event]:
    """One event per milestone of a plan (recurring ones as one event with an RRULE).

    ``url`` is the plan page's absolute address (empty if unknown); ``domain`` ends the UIDs.
    """
    plan = timeline.plan
    stamp = _stamp(plan)
    seen: dict[str, int] = {}
    events: list[Event] = []
    for item in timeline.milestones:
        m = item.milestone
        assert m is not None
        base = milestone_uid(item, 0, domain)
        nth = seen.get(base, 0)
        seen[base] = nth + 1
        uid = base if nth == 0 else milestone_uid(item, nth, domain)
        categories = tuple(
            c
            for c in (
                f"Cấp {plan.level_label.lower()}" if plan.level_label else "",
                "Báo cáo" if item.kind == "report" else "",
            )
            if c
        )
        span = _event_span(item)
        if span is None:
            continue
        start, end, rule = span
        events.append(
            Event(
                uid,
                event_summary(item),
                start,
                end + timedelta(days=1),
                stamp,
                _description(item, url),
                url,
                rule,
                categories,
            )
        )
    return events


def deadline_event(deadline: Deadline, url: str = "", domain: str = "plansite") -> Event:
    """One deadline as an event of its own, on its last day: a dated milestone, or one
    occurrence of a rule (its UID names the occurrence)."""
    item, period = deadline.item, deadline.period
    plan, m = item.plan, item.milestone
    assert m is not None
    uid = milestone_uid(item, 0, domain)
    if item.schedule is not None:
        digest = hashlib.sha256(f"{uid}\x1f{period.code or period.iso}".encode()).hexdigest()[:32]
        uid = f"{digest}@{domain}"
    description = f"Thời hạn: {_span(period)}\n" + _description(item, url).split("\n", 1)[-1]
    return Event(
        uid,
        event_summary(item),
        period.end,
        period.end + timedelta(days=1),
        _stamp(plan),
        description if item.schedule is not None else _description(item, url),
        url,
        "",
        tuple(c for c in (f"Cấp {plan.level_label.lower()}" if plan.level_label else "",) if c),
    )


def write_calendar(events: Iterable[Event], name: str, description: str = "") -> bytes:
    """A VCALENDAR with the VTIMEZONE of Asia/Ho_Chi_Minh and ``events`` in a fixed order."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if description:
        lines.append(f"X-WR-CALDESC:{escape_text(description)}")
    lines += [f"X-WR-TIMEZONE:{TZID}", "X-PUBLISHED-TTL:P1D", *VTIMEZONE]
    for event in sorted(events, key=lambda e: (e.start, e.end, e.uid)):
        lines += event.lines()
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines).encode("utf-8")
