"""Calendars (RFC 5545): the writer's rules, and the sample site's `lich.ics` read by the
`icalendar` package and by libical (Debian's libical3), with the right days."""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import ROOT, build_site, build_site_on
from plansite.core.catalog import Catalog
from plansite.core.feeds import body_name, issuing_bodies
from plansite.core.plan import read_plan_text
from plansite.core.problems import Problems
from plansite.core.timeline import Schedule, plan_timeline
from plansite.formats.ics import escape_text, fold_line, milestone_uid, plan_events, write_calendar
from plansite.intake.plans import load_catalog

SEED_003 = "quan-triet-chuong-trinh-33-ctr-tu-phuoc-long"
SEED_004 = "thuc-hien-ket-luan-01-va-21-ky-anh"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "plans", ROOT)


def expected_days(
    catalog: Catalog, in_force_on: date | None = None
) -> dict[str, list[tuple[date, date, str]]]:
    """For each milestone (by its text): first day, day after the last (exclusive), RRULE —
    straight from the plans' front matter; with ``in_force_on``, of the plans in force then.
    A deadline is an event on its last day."""
    out: dict[str, list[tuple[date, date, str]]] = {}
    for plan in catalog.plans:
        timeline = plan_timeline(plan)
        if in_force_on is not None and timeline.status(in_force_on) != "active":
            continue
        for item in timeline.milestones:
            m = item.milestone
            assert m is not None
            if item.schedule is not None:
                assert item.schedule.first is not None
                day = item.schedule.first.end
                entry = (day, day + timedelta(days=1), item.schedule.recurrence.code)
            else:
                assert m.by is not None
                entry = (m.by.end, m.by.end + timedelta(days=1), "")
            out.setdefault(m.what, []).append(entry)
    return out


# --- the writer's rules -------------------------------------------------------------------------


def test_text_values_escape_backslash_semicolon_comma_and_newlines() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        [
            *"aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậềểễếệ",
            *"ỳỷỹýỵừửữứựờởỡớợĐẮẰẲẴẶ ,;:\\0123456789",
            "\n",
            "😀",
        ]
    ),
    max_size=400,
)


@given(VIETNAMESE)
def test_folded_lines_are_at_most_75_octets_and_never_split_a_character(text: str) -> None:
    line = "DESCRIPTION:" + escape_text(text)
    folded = fold_line(line)
    physical = folded.split("\r\n")
    for n, part in enumerate(physical):
        data = part.encode("utf-8")  # a str slice: never half a character
        assert len(data) <= 75
        if n:
            assert part.startswith(" ")
    assert "".join(p[1:] if n else p for n, p in enumerate(physical)) == line


def test_a_long_vietnamese_line_is_folded_at_75_octets_on_character_boundaries() -> None:
    line = "SUMMARY:" + "Tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW " * 4
    folded = fold_line(line).encode("utf-8")
    for part in folded.split(b"\r\n"):
        assert len(part) <= 75
        part.decode("utf-8")  # raises if a fold fell inside a character
    assert len(folded.split(b"\r\n")) > 2


def test_uids_come_from_the_plans_guid_and_content_not_its_path() -> None:
    text = (
        '---\ntitle: "X"\nnumber: 12-KH/ĐU\nissued: 18/01/2022\npublished: 2022-01-20\n'
        'milestones:\n  - by: 2022-02\n    what: "Hội nghị"\n  - by: 2022-02\n'
        '    what: "Hội nghị"\n---\n\nNội dung.\n'
    )
    a = read_plan_text(text, "plans/2022/a.md", Problems())
    b = read_plan_text(text, "plans/khac/b.md", Problems())
    c = read_plan_text(
        text.replace('Hội nghị"\n---', 'Hội nghị toàn thể"\n---'), "plans/2022/a.md", Problems()
    )
    assert a is not None and b is not None and c is not None
    uids_a = [e.uid for e in plan_events(plan_timeline(a), domain="x.vn")]
    uids_b = [e.uid for e in plan_events(plan_timeline(b), domain="x.vn")]
    uids_c = [e.uid for e in plan_events(plan_timeline(c), domain="x.vn")]
    assert uids_a == uids_b  # another file name, the same plan: the same events
    assert len(set(uids_a)) == 2  # two identical milestones still get two UIDs
    assert uids_c[0] == uids_a[0] and uids_c[1] != uids_a[1]
    assert all(u.endswith("@x.vn") for u in uids_a)
    item = plan_timeline(a).milestones[0]
    assert milestone_uid(item, 0, "x.vn") == uids_a[0]


def test_recurring_milestones_become_one_event_with_an_rrule_ending_with_the_term() -> None:
    text = (
        '---\ntitle: "X"\nissued: 15/11/2020\npublished: 2020-11-20\nterm: 2020 - 2023\n'
        'milestones:\n  - recurring: quý I hằng năm\n    what: "Báo cáo"\n'
        '  - recurring: định kỳ 6 tháng\n    what: "Sơ kết"\n---\n\nNội dung.\n'
    )
    plan = read_plan_text(text, "plans/x.md", Problems())
    assert plan is not None
    events = plan_events(plan_timeline(plan))
    assert [(e.start, e.rrule) for e in events] == [
        (date(2021, 3, 31), "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1;UNTIL=20230331"),
        (date(2021, 6, 30), "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1;UNTIL=20231231"),
    ]
    for event, item in zip(events, plan_timeline(plan).recurring, strict=True):
        assert item.schedule is not None
        start = datetime.combine(event.start, datetime.min.time())
        days = [d.date() for d in rrulestr(event.rrule, dtstart=start)]
        assert days == [p.end for p in item.schedule.occurrences()]


def test_a_calendar_with_no_milestone_still_holds_its_time_zone() -> None:
    data = write_calendar([], "Trống")
    calendar = Calendar.from_ical(data)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]


# --- the sample site's calendars ------------------------------------------------------------------


def read_calendar(site: Path, uri: str) -> bytes:
    return (site / uri).read_bytes()


def test_lich_ics_lines_end_with_crlf_and_are_folded(sample_site: Path) -> None:
    data = read_calendar(sample_site, "lich.ics")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")


#: A day when two of the four sample plans were in force: Kỳ Anh's (term 2022 - 2025) and
#: Phước Long's (to Quý I/2023); Trà Vinh's ended in March 2022, Hà Tĩnh's in January 2021.
IN_FORCE_DAY = date(2023, 2, 10)


@pytest.fixture(scope="module")
def site_in_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site as built on :data:`IN_FORCE_DAY`."""
    site_dir = tmp_path_factory.mktemp("site-2023")
    assert build_site_on(ROOT / "mkdocs.yml", site_dir, datetime(2023, 2, 10, 12, tzinfo=UTC)) == []
    return site_dir


def _summary_what(summary: str, catalog: Catalog) -> str:
    """The task of an event's title ("task – plan – body"), checked against its plan."""
    what, plan_ref, body = summary.rsplit(" – ", 2)
    assert any(body_name(p) == body for p in catalog.plans), summary
    assert any(
        (p.number and plan_ref == f"{p.kind} {p.number.canonical}")
        or p.title.startswith(plan_ref.rstrip("…"))
        for p in catalog.plans
    ), summary
    return what


def expected_site_events(catalog: Catalog) -> dict[str, list[tuple[date, date, str]]]:
    """What lich.ics holds when built on :data:`IN_FORCE_DAY`: each deadline still to come
    of the plans in force, dated milestones and occurrences of rules alike, one event on its
    last day (no rule: the site's calendar holds the nearest deadlines, at most a few hundred)."""
    out: dict[str, list[tuple[date, date, str]]] = {}
    for plan in catalog.plans:
        timeline = plan_timeline(plan)
        if timeline.status(IN_FORCE_DAY) != "active":
            continue
        for d in timeline.deadlines():
            if d.period.end >= IN_FORCE_DAY:
                out.setdefault(d.item.what, []).append(
                    (d.period.end, d.period.end + timedelta(days=1), "")
                )
    return out


def test_lich_ics_parses_with_icalendar_one_event_per_deadline_to_come_on_the_right_days(
    site_in_2023: Path,
    catalog: Catalog,
) -> None:
    calendar = Calendar.from_ical(read_calendar(site_in_2023, "lich.ics"))
    events = calendar.walk("VEVENT")
    in_force = [p for p in catalog.plans if plan_timeline(p).status(IN_FORCE_DAY) == "active"]
    assert len(in_force) == 2
    expected = expected_site_events(catalog)
    # Phước Long's two; Kỳ Anh's Quý II/2023 and Quý III/2025, and its rules' occurrences
    # from Quý I/2023 and 6 tháng đầu năm 2023 to 2025: 3 + 3 + 6 + 6.
    assert len(events) == sum(len(v) for v in expected.values()) == 2 + 2 + 18
    (tz,) = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Asia/Ho_Chi_Minh"
    (standard,) = tz.walk("STANDARD")
    assert standard["TZOFFSETTO"].td == timedelta(hours=7)
    assert not tz.walk("DAYLIGHT")
    assert len({str(e["UID"]) for e in events}) == len(events)
    found: dict[str, list[tuple[date, date, str]]] = {}
    for e in events:
        start, end = e["DTSTART"].dt, e["DTEND"].dt
        assert type(start) is date and type(end) is date  # all-day events
        assert end - start == timedelta(days=1)  # a deadline is its last day, not its period
        assert e.get("RRULE") is None
        what = _summary_what(str(e["SUMMARY"]), catalog)
        found.setdefault(what, []).append((start, end, ""))
        assert e["DTSTAMP"].dt == datetime(2026, 11, 21, 17, 0, tzinfo=UTC)  # published, +07
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}


def test_each_plans_calendar_keeps_its_rules_and_every_rule_ends(site_in_2023: Path) -> None:
    own = Calendar.from_ical(read_calendar(site_in_2023, f"ke-hoach/{SEED_004}/lich.ics"))
    rules = [e["RRULE"] for e in own.walk("VEVENT") if e.get("RRULE")]
    assert len(rules) == 4 and all(r.get("UNTIL") for r in rules)


def test_the_site_calendar_holds_only_plans_in_force(sample_site: Path, catalog: Catalog) -> None:
    # Built today, the four sample plans have all ended: the site's calendar is empty, each
    # plan's own calendar still holds its milestones.
    assert all(plan_timeline(p).status(date.today()) != "active" for p in catalog.plans)
    calendar = Calendar.from_ical(read_calendar(sample_site, "lich.ics"))
    assert calendar.walk("VEVENT") == []
    assert "đang thực hiện" in str(calendar["X-WR-CALDESC"])
    assert not list((sample_site / "co-quan").glob("*/lich.ics"))


def test_each_issuing_body_has_a_calendar_of_its_plans_in_force(
    site_in_2023: Path, catalog: Catalog
) -> None:
    found = sorted(p.parent.name for p in (site_in_2023 / "co-quan").glob("*/lich.ics"))
    bodies = {g.slug: g for g in issuing_bodies(catalog)}
    active = {
        slug: [p for p in g.plans if plan_timeline(p).status(IN_FORCE_DAY) == "active"]
        for slug, g in bodies.items()
    }
    assert found == sorted(slug for slug, plans in active.items() if plans) and len(found) == 2
    for slug in found:
        calendar = Calendar.from_ical(read_calendar(site_in_2023, f"co-quan/{slug}/lich.ics"))
        assert len(calendar.walk("VEVENT")) == sum(len(p.milestones) for p in active[slug])
        page = (site_in_2023 / "co-quan" / slug / "index.html").read_text("utf-8")
        assert 'href="lich.ics"' in page and "Thêm vào lịch" in page
    for slug in set(bodies) - set(found):
        page = (site_in_2023 / "co-quan" / slug / "index.html").read_text("utf-8")
        assert "Thêm vào lịch" not in page


def test_the_right_days_for_the_towns_deadlines(sample_site: Path) -> None:
    calendar = Calendar.from_ical(read_calendar(sample_site, f"ke-hoach/{SEED_003}/lich.ics"))
    days = sorted((e["DTSTART"].dt, e["DTEND"].dt) for e in calendar.walk("VEVENT"))
    # "trong quý I năm 2023" is due on the quarter's last day (the description gives the
    # quarter); "chậm nhất vào ngày 30/3/2023" is that day.
    assert days == [(date(2023, 3, 30), date(2023, 3, 31)), (date(2023, 3, 31), date(2023, 4, 1))]
    descriptions = [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")]
    assert any("Quý I/2023 (từ 01/01/2023 đến hết ngày 31/03/2023)" in d for d in descriptions)


def test_each_plan_has_its_own_calendar_beside_its_page(
    sample_site: Path,
    catalog: Catalog,
) -> None:
    for plan in catalog.plans:
        calendar = Calendar.from_ical(read_calendar(sample_site, f"ke-hoach/{plan.slug}/lich.ics"))
        assert len(calendar.walk("VEVENT")) == len(plan.milestones)
        # X- properties are TEXT by default (RFC 5545 §3.8.8.2): escaped as such.
        assert str(calendar["X-WR-CALNAME"]).replace("\\,", ",") == plan.title
    page = (sample_site / "ke-hoach" / SEED_004 / "index.html").read_text(encoding="utf-8")
    assert 'href="lich.ics"' in page and "Thêm vào lịch" in page
    timeline = (sample_site / "moc-thoi-gian" / "index.html").read_text(encoding="utf-8")
    assert 'href="../lich.ics"' in timeline and "Thêm vào lịch" in timeline
    assert 'href="webcal://kehoach.example.vn/lich.ics"' in timeline


# --- libical (Debian's libical3), through ctypes ---------------------------------------------

VEVENT, VTIMEZONE = 4, 15  # icalcomponent_kind in libical/icalenums.h


class IcalTime(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_int)
        for name in ("year", "month", "day", "hour", "minute", "second", "is_date", "is_daylight")
    ]
    _fields_ += [("zone", ctypes.c_void_p)]


def libical() -> Any:
    paths = glob.glob("/usr/lib/*/libical.so.3") + glob.glob("/usr/lib/libical.so.3")
    name = paths[0] if paths else ctypes.util.find_library("ical")
    if not name:
        pytest.fail("libical3 is missing: run `make system-deps` (apt-get install libical3)")
    lib = ctypes.CDLL(name)
    p = ctypes.c_void_p
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "icalparser_parse_string": (p, [ctypes.c_char_p]),
        "icalcomponent_count_components": (ctypes.c_int, [p, ctypes.c_int]),
        "icalcomponent_count_errors": (ctypes.c_int, [p]),
        "icalrestriction_check": (ctypes.c_int, [p]),
        "icalcomponent_get_first_component": (p, [p, ctypes.c_int]),
        "icalcomponent_get_next_component": (p, [p, ctypes.c_int]),
        "icalcomponent_get_dtstart": (IcalTime, [p]),
        "icalcomponent_get_dtend": (IcalTime, [p]),
        "icalcomponent_get_summary": (ctypes.c_char_p, [p]),
        "icalcomponent_get_uid": (ctypes.c_char_p, [p]),
        "icalcomponent_free": (None, [p]),
        "icalrecur_expand_recurrence": (
            ctypes.c_int,
            [ctypes.c_char_p, ctypes.c_long, ctypes.c_int, ctypes.POINTER(ctypes.c_long)],
        ),
    }
    for function, (restype, argtypes) in signatures.items():
        getattr(lib, function).restype = restype
        getattr(lib, function).argtypes = argtypes
    return lib


def test_lich_ics_parses_with_libical_with_the_right_events_and_days(
    site_in_2023: Path,
    catalog: Catalog,
) -> None:
    lib = libical()
    data = read_calendar(site_in_2023, "lich.ics")
    root = lib.icalparser_parse_string(data)
    assert root, "libical could not parse lich.ics"
    try:
        assert lib.icalcomponent_count_errors(root) == 0  # no X-LIC-ERROR from the parser
        assert lib.icalrestriction_check(root) == 1  # RFC 5545 restrictions hold
        assert lib.icalcomponent_count_errors(root) == 0
        count = sum(len(v) for v in expected_site_events(catalog).values())
        assert lib.icalcomponent_count_components(root, VEVENT) == count > 0
        assert lib.icalcomponent_count_components(root, VTIMEZONE) == 1
        found: dict[str, list[tuple[date, date]]] = {}
        event = lib.icalcomponent_get_first_component(root, VEVENT)
        while event:
            start, end = lib.icalcomponent_get_dtstart(event), lib.icalcomponent_get_dtend(event)
            assert start.is_date == 1 and end.is_date == 1
            summary = lib.icalcomponent_get_summary(event).decode("utf-8")
            found.setdefault(_summary_what(summary, catalog), []).append(
                (date(start.year, start.month, start.day), date(end.year, end.month, end.day))
            )
            event = lib.icalcomponent_get_next_component(root, VEVENT)
    finally:
        lib.icalcomponent_free(root)
    expected = {
        k: sorted((s, e) for s, e, _ in v) for k, v in expected_site_events(catalog).items()
    }
    assert {k: sorted(v) for k, v in found.items()} == expected


def test_libical_expands_the_recurring_rules_to_the_last_day_of_each_period(
    catalog: Catalog,
) -> None:
    lib = libical()
    plan = catalog.plan_by_slug[SEED_004]
    timeline = plan_timeline(plan)
    for event, item in zip(
        [e for e in plan_events(timeline) if e.rrule], timeline.recurring, strict=True
    ):
        assert isinstance(item.schedule, Schedule)
        start = int(datetime.combine(event.start, datetime.min.time(), UTC).timestamp())
        found = (ctypes.c_long * 6)()
        # libical's expansion here works on times (from ``start``, a time): the rule's UNTIL,
        # a date as RFC 5545 wants beside an all-day DTSTART, becomes the end of that day.
        rule = re.sub(r"UNTIL=(\d{8})$", r"UNTIL=\1T235959Z", event.rrule)
        assert "UNTIL=" in rule
        assert lib.icalrecur_expand_recurrence(rule.encode(), start, 6, found) == 1
        days = [datetime.fromtimestamp(t, UTC).date() for t in found if t]
        # The rule ends with the plan's term: libical gives as many days as the plan has
        # occurrences (up to the 6 asked for), and no more.
        n = min(6, len(item.schedule.occurrences()))
        assert n >= 3 and days == _first_ends(item.schedule, 6)[:n]


def _first_ends(schedule: Schedule, n: int) -> list[date]:
    out = []
    for period in schedule:
        out.append(period.end)
        if len(out) == n:
            break
    return out


# --- deterministic output ---------------------------------------------------------------------


def test_two_builds_give_byte_identical_calendars(
    sample_site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another build, on another day: calendars depend on the plans only, never on the clock.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2031, 5, 4, tzinfo=UTC).timestamp())))
    again = tmp_path / "again"
    assert build_site(ROOT / "mkdocs.yml", again) == []
    first = sorted(p.relative_to(sample_site) for p in sample_site.rglob("*.ics"))
    second = sorted(p.relative_to(again) for p in again.rglob("*.ics"))
    assert first == second and len(first) == 5  # lich.ics and one per plan
    for rel in first:
        assert (sample_site / rel).read_bytes() == (again / rel).read_bytes(), rel
