"""Long lists of plans cut into pages, so that no page grows with the number of plans.

A list of more than :data:`PLANS_PER_PAGE` plans is shown in pages: the first at the list's
own address (``co-quan/<slug>/``), the next ones below it (``co-quan/<slug>/trang-2/``…), each
with links to every page of the list. Generator-independent: the MkDocs plugin renders the
pages :mod:`plansite.site.pages` gathers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..core.catalog import Catalog, Directive
from ..core.plan import LEVELS, Plan
from ..core.text import slugify
from ..core.urls import DIRECTIVES_DIR, PLANS_DIR, directive_url
from .context import GeneratedPage

__all__ = [
    "PLANS_PER_PAGE",
    "DirectiveList",
    "DirectivesIndex",
    "ListPage",
    "PlansIndex",
    "directive_list_pages",
    "directive_lists",
    "directives_by_kind",
    "directives_by_level",
    "directives_index_pages",
    "page_url",
    "paginate",
    "plans_by_year",
    "plans_index_pages",
]

T = TypeVar("T")

#: Plans on one page of a list (about 45 KB of HTML).
PLANS_PER_PAGE = 100


def page_url(base: str, number: int, home: str = "") -> str:
    """The address of page ``number`` of a list whose pages are below ``base`` (a folder);
    its first page is at ``home`` if given (the list starts on another page), else ``base``."""
    if number == 1:
        return home or base
    return f"{base}trang-{number}/"


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a long list (of plans, of directives): its items, which page it is, and
    the list's size."""

    items: tuple[T, ...]
    number: int
    count: int  # pages in the list
    total: int  # items in the list
    base: str  # the folder of the list's pages
    first: int  # position of this page's first item in the list, from 1
    home: str = ""  # where the first page is, when not at ``base``

    @property
    def url(self) -> str:
        return page_url(self.base, self.number, self.home)

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1

    @property
    def pages(self) -> list[tuple[int, str]]:
        """(number, address) of every page of the list."""
        return [(n, page_url(self.base, n, self.home)) for n in range(1, self.count + 1)]

    @property
    def previous(self) -> str | None:
        return page_url(self.base, self.number - 1, self.home) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return page_url(self.base, self.number + 1, self.home) if self.number < self.count else None


def paginate(
    items: Sequence[T],
    base: str,
    per_page: int = PLANS_PER_PAGE,
    home: str = "",
) -> list[ListPage[T]]:
    """``items`` (in the order shown) in pages of at most ``per_page``; one page, maybe
    empty, for a short list. ``home``: where the first page is, if not at ``base``."""
    items = tuple(items)
    count = max(1, -(-len(items) // per_page))
    return [
        ListPage(
            items[k * per_page : (k + 1) * per_page],
            k + 1,
            count,
            len(items),
            base,
            k * per_page + 1,
            home,
        )
        for k in range(count)
    ]


@dataclass(frozen=True)
class DirectiveList:
    """A page of the plans that carry out a directive, or only cite it."""

    directive: Directive
    heading: str
    page: ListPage[Plan]


def directive_lists(directive: Directive) -> tuple[list[ListPage[Plan]], list[ListPage[Plan]]]:
    """The pages of the plans carrying out ``directive`` and of those only citing it: the
    first of each on the directive's page, the next ones below it (``thuc-hien/trang-2/``,
    ``nhac-den/trang-2/``)."""
    home = directive_url(directive)
    return (
        paginate(directive.implemented_by, f"{home}thuc-hien/", home=home),
        paginate(directive.cited_only, f"{home}nhac-den/", home=home),
    )


def directive_list_pages(directive: Directive) -> list[GeneratedPage]:
    """The pages after the first of a directive's lists of plans."""
    out = []
    implemented, cited = directive_lists(directive)
    for pages, heading in ((implemented, "Kế hoạch thực hiện"), (cited, "Kế hoạch có nhắc đến")):
        for page in pages[1:]:
            view = DirectiveList(directive, heading, page)
            title = f"{directive.title}: {heading.lower()} (trang {page.number})"
            out.append(
                GeneratedPage(
                    f"{page.url}index.md",
                    "directive_list",
                    view,
                    title,
                    "plansite/directive_list.html",
                    "",
                    f"{heading} {directive.title}, trang {page.number}/{page.count}.",
                )
            )
    return out


def plans_by_year(plans: list[Plan]) -> list[tuple[str, str, list[Plan]]]:
    """(heading, anchor, plans): by year of issue; plans whose text states no date of issue
    are grouped by the year they were posted, and the heading says so."""
    groups: dict[tuple[int, bool], list[Plan]] = defaultdict(list)
    for plan in plans:
        groups[(plan.year, plan.issued is not None)].append(plan)
    out = []
    for (year, issued), members in sorted(groups.items(), reverse=True):
        if issued:
            out.append((f"Ban hành năm {year}", f"nam-{year}", members))
        else:
            out.append(
                (f"Đăng năm {year}, văn bản không ghi ngày ban hành", f"dang-nam-{year}", members)
            )
    return out


#: ``ke-hoach/`` lists every plan by year up to this many plans; beyond, it lists the newest
#: and links to a page per year (``ke-hoach/theo-nam/nam-2024/``, in pages of its own).
INDEX_PLANS = 2 * PLANS_PER_PAGE
YEARS_DIR = f"{PLANS_DIR}/theo-nam"


@dataclass(frozen=True)
class PlansIndex:
    """A page of the plans' index: ``ke-hoach/`` or one year's page of it.

    ``groups`` are the (heading, anchor, plans) it shows; ``years`` the (heading, address,
    count) of every year's page once the index is split; ``page`` this page of a year's list.
    """

    title: str
    total: int
    groups: list[tuple[str, str, list[Plan]]]
    years: list[tuple[str, str, int]]
    page: ListPage[Plan] | None = None

    @property
    def split(self) -> bool:
        return bool(self.years)


def plans_index_pages(catalog: Catalog) -> list[GeneratedPage]:
    """``ke-hoach/`` and, for a large site, its year pages."""
    plans = catalog.plans
    by_year = plans_by_year(plans)
    description = "Tất cả kế hoạch đã đăng, theo năm."
    if len(plans) <= INDEX_PLANS:
        index = PlansIndex("Kế hoạch", len(plans), by_year, [])
        return [_index_page(f"{PLANS_DIR}/index.md", index, description)]
    years = [(h, f"{YEARS_DIR}/{anchor}/", len(ps)) for h, anchor, ps in by_year]
    newest = sorted(plans, key=lambda p: (p.published, p.issued or p.published), reverse=True)
    heading = f"{min(PLANS_PER_PAGE, len(newest))} kế hoạch mới đăng"
    index = PlansIndex(
        "Kế hoạch", len(plans), [(heading, "moi-dang", newest[:PLANS_PER_PAGE])], years
    )
    pages = [_index_page(f"{PLANS_DIR}/index.md", index, description)]
    for heading, anchor, members in by_year:
        for page in paginate(members, f"{YEARS_DIR}/{anchor}/"):
            title = f"Kế hoạch: {heading[:1].lower()}{heading[1:]}"
            if page.count > 1:
                title += f" (trang {page.number})"
            year_page = PlansIndex(
                title, len(plans), [(heading, anchor, list(page.items))], years, page
            )
            pages.append(_index_page(f"{page.url}index.md", year_page, f"{heading}: các kế hoạch."))
    return pages


def _index_page(uri: str, index: PlansIndex, description: str) -> GeneratedPage:
    return GeneratedPage(
        uri, "plans_index", index, index.title, "plansite/plans.html", "", description
    )


def directives_by_kind(directives: list[Directive]) -> list[tuple[str, list[Directive]]]:
    """(kind, directives): the kinds with most directives first."""
    groups: dict[str, list[Directive]] = defaultdict(list)
    for d in directives:
        groups[d.kind or "Văn bản khác"].append(d)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def directives_by_level(directives: list[Directive]) -> list[tuple[str, str, list[Directive]]]:
    """(level code, label, directives), top level first; "" for an unknown level."""
    groups: dict[str, list[Directive]] = defaultdict(list)
    for d in directives:
        groups[d.level or ""].append(d)
    return [
        (level, LEVELS.get(level, "Chưa rõ cấp"), groups[level])
        for level in [*LEVELS, ""]
        if groups.get(level)
    ]


#: ``van-ban/`` lists every directive on one page up to this many; beyond, it links to a page
#: per kind and per level (``van-ban/loai/ket-luan/``, ``van-ban/cap/tinh/``), in pages.
INDEX_DIRECTIVES = 2 * PLANS_PER_PAGE
#: The directives a split ``van-ban/`` shows itself: those the most plans carry out or cite.
TOP_DIRECTIVES = 50


@dataclass(frozen=True)
class DirectivesIndex:
    """A page of the directives' index: ``van-ban/`` or a page of one kind or level.

    ``groups`` are the (heading, anchor, directives) it shows; ``kinds`` and ``levels`` the
    (label, address, count) of every kind's and level's pages once the index is split."""

    title: str
    total: int
    groups: list[tuple[str, str, list[Directive]]]
    kinds: list[tuple[str, str, int]]
    levels: list[tuple[str, str, int]]
    page: ListPage[Directive] | None = None

    @property
    def split(self) -> bool:
        return bool(self.kinds)


def directives_index_pages(catalog: Catalog) -> list[GeneratedPage]:
    """``van-ban/`` and, for a large site, its pages by kind and by level."""
    directives = catalog.directives
    description = "Các nghị quyết, kết luận, chỉ thị… mà các kế hoạch thực hiện hoặc nhắc đến."
    by_kind, by_level = directives_by_kind(directives), directives_by_level(directives)
    if len(directives) <= INDEX_DIRECTIVES:
        groups = [(kind, slugify(kind), ds) for kind, ds in by_kind]
        index = DirectivesIndex("Văn bản được thực hiện", len(directives), groups, [], [])
        return [_directives_page(f"{DIRECTIVES_DIR}/index.md", index, description)]
    kinds = [(k, f"{DIRECTIVES_DIR}/loai/{slugify(k)}/", len(ds)) for k, ds in by_kind]
    levels = [
        (label, f"{DIRECTIVES_DIR}/cap/{code or 'chua-ro'}/", len(ds))
        for code, label, ds in by_level
    ]
    top = sorted(directives, key=lambda d: (-len(d.plans), d.slug))[:TOP_DIRECTIVES]
    heading = f"{len(top)} văn bản có nhiều kế hoạch nhất"
    index = DirectivesIndex(
        "Văn bản được thực hiện", len(directives), [(heading, "nhieu-ke-hoach", top)], kinds, levels
    )
    pages = [_directives_page(f"{DIRECTIVES_DIR}/index.md", index, description)]
    sections = [(k, url, ds) for (k, ds), (_, url, _) in zip(by_kind, kinds, strict=True)]
    sections += [
        (label, url, ds) for (_, label, ds), (_, url, _) in zip(by_level, levels, strict=True)
    ]
    for heading, base, members in sections:
        for page in paginate(members, base):
            title = f"Văn bản: {heading}" + (f" (trang {page.number})" if page.count > 1 else "")
            group = [(heading, slugify(heading), list(page.items))]
            view = DirectivesIndex(title, len(directives), group, kinds, levels, page)
            pages.append(_directives_page(f"{page.url}index.md", view, f"{heading}: các văn bản."))
    return pages


def _directives_page(uri: str, index: DirectivesIndex, description: str) -> GeneratedPage:
    return GeneratedPage(
        uri, "directives_index", index, index.title, "plansite/directives.html", "", description
    )
