"""The rules the browser applies are Python's, in Debian's chromium: each rule is run by the
page's scripts on a built sample page and compared with plansite's Python on the same inputs.

- fold (``plansite.core.text.fold``; one function in the scripts, lookup.js, driven by a table
  made in Python) and the lookup key (``plansite.core.lookup.query_key``);
- the shard of a key (``plansite.site.search.shard_of``) and the search filters' names;
- the timeline: status of a period (the due-soon window), the periods and labels of each
  recurring rule, today in the site's time zone, the labels.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from plansite.core.dates import TZ, Period, Recurrence
from plansite.core.lookup import browser_rules, fold_table, query_key
from plansite.core.text import fold
from plansite.core.timeline import period_status
from plansite.intake.plans import load_catalog
from plansite.site import search
from plansite.site import timeline as timeline_site
from plansite.site.search import SEARCH_FIELDS, SEARCH_FILTERS, SHARD_DIGITS, shard_of

pytestmark = pytest.mark.browser

ASSETS = ROOT / "plugins" / "plansite" / "templates" / "assets" / "plansite"
SEED_004 = "ke-hoach/thuc-hien-ket-luan-01-va-21-ky-anh/"
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
FOLD_JS = "l => l.map(t => window[Symbol.for('plansite.text')].fold(t))"
KEY_JS = "l => l.map(t => window[Symbol.for('plansite.text')].queryKey(t))"


@pytest.fixture(scope="module")
def tab(browser: Any, site_server: str) -> Iterator[Any]:
    """A page of the sample site with every script of the site but timeline.js loaded."""
    context = browser.new_context()
    page = context.new_page()
    page.route(lambda u: not u.startswith(site_server), lambda route: route.abort())
    page.goto(f"{site_server}gioi-thieu/")
    page.wait_for_function("() => window[Symbol.for('plansite.text')] && window.plansiteSearch")
    yield page
    context.close()


@pytest.fixture(scope="module")
def timeline_tab(browser: Any, site_server: str) -> Iterator[Any]:
    """A plan page, which loads timeline.js."""
    context = browser.new_context()
    page = context.new_page()
    page.route(lambda u: not u.startswith(site_server), lambda route: route.abort())
    page.goto(f"{site_server}{SEED_004}")
    page.wait_for_function("() => window.plansiteTimeline")
    yield page
    context.close()


# -- fold and the lookup key ----------------------------------------------------------------


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter with marks, and đ, in both cases: 134 letters."""
    lower = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} - set(VOWELS)
    letters = sorted(lower | {"đ"})
    return letters + [c.upper() for c in letters]


def sample_texts() -> list[str]:
    """Mixed text: the sample plans' titles, summaries and body sentences."""
    catalog = load_catalog(ROOT / "plans", ROOT)
    texts = []
    for plan in catalog.plans:
        texts += [plan.title, plan.summary]
        texts += [s for s in re.split(r"(?<=[.;:])\s+|\n+", plan.body) if s.strip()][:60]
    return texts


def fold_inputs() -> list[str]:
    letters = vietnamese_letters()
    words = ["Đảng ủy", "ĐẢNG ỦY", "Hà Tĩnh", "Quý I/2023", "TƯ", "Nghị quyết 21-KL/TW"]
    foreign = ["Müller", "São Paulo", "Ñandú", "Åsa Øster", "Ça façon", "Łódź", "Straße", "İzmir"]
    texts = sample_texts()
    return [
        *letters,
        "".join(letters),
        *words,
        *foreign,
        *texts,
        *[unicodedata.normalize("NFD", t) for t in [*letters, *words, *texts[:40]]],
        *[t.upper() for t in texts[:40]],
        "",
        "0123456789 ,.;:/-–—“”()[]",
        "e\u0301 u\u031b\u0301 combining marks typed apart",
    ]


def test_fold_in_the_browser_is_pythons(tab: Any) -> None:
    inputs = fold_inputs()
    assert len(inputs) >= 300
    assert tab.evaluate(FOLD_JS, inputs) == [fold(t) for t in inputs]


def test_fold_in_the_browser_is_pythons_on_every_latin_letter(tab: Any) -> None:
    # Letters of other languages too (names, places): the table has only Vietnamese, the
    # rest is decomposed and stripped, as Python's fold does.
    latin = [chr(c) for c in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isalpha()]
    assert tab.evaluate(FOLD_JS, latin) == [fold(c) for c in latin]


def test_query_key_in_the_browser_is_pythons(tab: Any) -> None:
    numbers = [f"{k} {n:02d}-{t}/{i}" for k, n, t, i in _number_spellings()]
    inputs = [*fold_inputs()[:200], *numbers, "số 05", "So 5", "constructor", "so so 007"]
    assert tab.evaluate(KEY_JS, inputs) == [query_key(t) for t in inputs]


def _number_spellings() -> list[tuple[str, int, str, str]]:
    kinds = ["Kết luận", "NGHỊ QUYẾT", "quy định số", "Chỉ thị", ""]
    return [
        (kind, n, t, i)
        for n in (0, 1, 5, 21, 99, 100, 105, 2022)
        for kind in kinds
        for t, i in (("KL", "TW"), ("QĐi", "ThU"), ("NQ", "TƯ"))
    ]


def test_the_fold_table_is_small_and_shipped_on_the_script_tag(sample_site: Path) -> None:
    table = fold_table()
    assert sum(len(v) for v in table.values()) == 67  # 66 vowels with marks, and đ
    attributes = str(search.text_script_attributes())
    assert len(attributes.encode()) < 500
    for page in ("index.html", "gioi-thieu/index.html", f"{SEED_004}index.html"):
        html = (sample_site / page).read_text(encoding="utf-8")
        assert attributes in html, page
    data = json.loads(attributes.split("='", 1)[1].rstrip("'"))
    assert data == browser_rules()


def test_the_scripts_hold_one_fold_and_no_rule_of_their_own() -> None:
    scripts = {p.name: p.read_text(encoding="utf-8") for p in ASSETS.glob("*.js")}
    folds = [name for name, js in scripts.items() for _ in re.finditer(r"function fold\(", js)]
    assert folds == ["lookup.js"]
    for name, js in scripts.items():
        assert "[đĐ]" not in js, name  # fold's letters come from Python
        assert "Đã qua" not in js and "Quý " not in js, name  # labels too
        assert not re.search(r"\b30\b", js), name  # the due-soon window too
        assert not re.search(r'\[\s*"loai",', js), name  # the list of filters too


# -- search: shards and filters -------------------------------------------------------------


def test_shard_in_the_browser_is_pythons(tab: Any) -> None:
    keys = [query_key(f"KL {n}") for n in range(0, 1200, 7)]
    keys += [query_key(f"{n}/2022/NĐ-CP") for n in (1, 9, 10, 42, 100, 999)]
    keys += ["", "kltw", "ketluan", "a1b2c3", "x007", "2022nd42", "0", "00", "9" * 12]
    got = tab.evaluate("l => l.map(k => window.plansiteSearch.shardOf(k))", keys)
    assert got == [shard_of(k) for k in keys]
    assert SHARD_DIGITS == 2  # the shards the sample site writes: tim-kiem/so-hieu/<n>.json


def test_filter_names_in_the_browser_are_pythons(
    tab: Any, site_server: str, sample_site: Path
) -> None:
    assert tab.evaluate("() => window.plansiteSearch.filters") == list(SEARCH_FILTERS)
    page = tab.context.new_page()
    page.goto(f"{site_server}tim-kiem/")
    selects = page.locator("form[data-plansite-search=page] select")
    assert selects.evaluate_all("l => l.map(s => s.name)") == list(SEARCH_FILTERS)
    labels = page.locator(".plansite-search__filter-grid label").evaluate_all(
        "l => l.map(label => label.firstChild.textContent.trim())"
    )
    assert labels == list(SEARCH_FILTERS.values())
    page.close()
    # Every filter the pages give Pagefind is one the search page offers.
    used = set()
    for html in sample_site.glob("**/index.html"):
        for m in re.finditer(r'data-pagefind-filter="([^"]*)"', html.read_text("utf-8")):
            used |= {part.split("[")[0].strip() for part in m.group(1).split(",")}
    assert used and used <= set(SEARCH_FILTERS), used


def test_field_names_in_the_browser_are_pythons(tab: Any, sample_site: Path) -> None:
    assert tab.evaluate("() => window.plansiteSearch.fields") == SEARCH_FIELDS
    assert set(SEARCH_FILTERS) <= set(SEARCH_FIELDS.values())
    # Every metadata field the pages give Pagefind is one the script knows by its role.
    used = set()
    for html in sample_site.glob("**/index.html"):
        for m in re.finditer(r'data-pagefind-meta="([^"]*)"', html.read_text("utf-8")):
            used |= {part.split("[")[0].strip() for part in m.group(1).split(",")}
    assert used and used <= set(SEARCH_FIELDS.values()), used
    # The script names no field itself: a name changed in Python changes in the browser.
    script = (ASSETS / "search.js").read_text("utf-8")
    for name in SEARCH_FIELDS.values():
        for quoted in (f'"{name}"', f"'{name}'", f".{name} ", f".{name},", f".{name})"):
            assert quoted not in script, quoted


# -- the timeline ---------------------------------------------------------------------------


def periods() -> list[Period]:
    """Periods of every kind, around the end of February of a leap year and of a year."""
    out = [Period.day(date(2024, 2, 29)), Period.day(date(2023, 12, 31))]
    out += [Period.month(2024, 2), Period.month(2023, 2), Period.month(2023, 12)]
    out += [Period.half_month(2024, 2, 2), Period.quarter(2024, 1), Period.quarter(2023, 4)]
    out += [Period.half_year(2024, 1), Period.half_year(2023, 2), Period.year(2024)]
    return out


def test_status_in_the_browser_is_pythons(timeline_tab: Any) -> None:
    cases = []
    for period in periods():
        for offset in [*range(-400, 400, 9), -31, -30, -29, -1, 0, 1]:
            for day in (period.start + timedelta(days=offset), period.end + timedelta(offset)):
                cases.append((period, day))
    got = timeline_tab.evaluate(
        "l => l.map(([s, e, t]) => window.plansiteTimeline.status(s, e, t))",
        [[p.start.isoformat(), p.end.isoformat(), d.isoformat()] for p, d in cases],
    )
    assert len(cases) > 1500
    assert got == [period_status(p, d) for p, d in cases]


def test_recurring_periods_and_labels_in_the_browser_are_pythons(timeline_tab: Any) -> None:
    for code in timeline_site.RECURRENCE_CODES:
        for year in (1999, 2000, 2023, 2024, 2100):
            got = timeline_tab.evaluate(
                "([c, y]) => window.plansiteTimeline.periodsOfYear(c, y)", [code, year]
            )
            expected = [
                {"start": p.start.isoformat(), "end": p.end.isoformat(), "label": p.label}
                for p in Recurrence(code).occurrences(year, year)
            ]
            assert got == expected, (code, year)


def test_today_in_the_browser_is_the_sites_today(browser: Any, site_server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.route(lambda u: not u.startswith(site_server), lambda route: route.abort())
    instants = [datetime(2024, 2, 28, 16, 59, tzinfo=UTC), datetime(2024, 2, 28, 17, tzinfo=UTC)]
    instants += [datetime(2023, 12, 31, h, 30, tzinfo=UTC) for h in (0, 12, 16, 17, 23)]
    for instant in instants:
        page.clock.set_fixed_time(instant)
        page.goto(f"{site_server}{SEED_004}")
        got = page.evaluate("() => window.plansiteTimeline.today()")
        assert got == instant.astimezone(TZ).date().isoformat(), instant
    context.close()


def test_the_timeline_rules_arrive_as_python_made_them(
    timeline_tab: Any, sample_site: Path
) -> None:
    rules = timeline_site.script_rules()
    got = timeline_tab.evaluate("() => window.plansiteTimeline.rules")
    assert got == json.loads(json.dumps(rules))
    assert len(str(timeline_site.script_attributes()).encode()) < 1500
    # Labels as the page shows them: the statuses and the plan's, set by the script.
    # (Occurrences of a rule sit in a folded list: their text, shown or not.)
    shown = timeline_tab.locator(".plansite-timeline .plansite-status").all_text_contents()
    assert shown and set(shown) <= set(rules["status_labels"].values())
    plan = timeline_tab.locator(".plansite-timeline .plansite-plan-status").first.inner_text()
    assert plan in rules["plan_status_labels"].values()
