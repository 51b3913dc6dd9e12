"""The catalogue: every plan, every directive, and how they refer to each other.

Built once from the plans; everything the site shows (plan pages, directive pages, indexes,
feeds, timelines, search data) is read from it. A directive is identified by its number's
key and, when two documents share a number (numbers restart each congress term), by the
year of issue: ``28-NQ/TW`` of 2013 and of 2022 are two directives, with slugs
``28-nq-tw-2013`` and ``28-nq-tw-2022``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from .cited import CitedDocument, ReadCited
from .life import plan_life
from .numbers import DocumentNumber, codes, parse_number
from .plan import Citation, DirectiveRef, Plan, read_plan_data, read_plan_file
from .problems import PlanError, Problems, os_reason
from .text import fold, slugify

__all__ = ["Catalog", "Directive", "Fact", "ReadCache", "load_catalog"]


@dataclass
class Fact:
    """A value a plan states about a directive (its date, issuer or subject), and where."""

    value: str
    source: str
    line: int


@dataclass
class Directive:
    """A document plans carry out or cite (Nghị quyết, Kết luận, Chỉ thị…)."""

    key: str
    slug: str
    number: DocumentNumber | None
    name: str = ""
    year: int | None = None
    issued: date | None = None
    issuer: str = ""
    subject: str = ""
    kind: str = ""
    implemented_by: list[Plan] = field(default_factory=list)
    cited_by: list[Plan] = field(default_factory=list)
    plan: Plan | None = None
    facts: dict[str, list[Fact]] = field(default_factory=lambda: defaultdict(list))

    @property
    def label(self) -> str:
        """How to name it in a list: the number, or the name of an unnumbered directive."""
        return self.number.canonical if self.number else self.name

    @property
    def title(self) -> str:
        """A full title: ``Kết luận 21-KL/TW``, or the name of an unnumbered one."""
        if self.number is None:
            return self.name
        return f"{self.kind} {self.number.canonical}".strip()

    @property
    def level(self) -> str | None:
        """The issuing level from the issuer code (``tinh`` for ``TU``), if the code tells."""
        if self.number and self.number.form == "party" and self.number.issuer:
            return self.number.issuer.level
        return None

    @property
    def issuer_name(self) -> str:
        """The issuing body as a plan states it, else as the code table names it."""
        if self.issuer:
            return self.issuer
        if self.number and self.number.issuer:
            return self.number.issuer.name
        return ""

    @property
    def plans(self) -> list[Plan]:
        """Plans that implement it, then plans that only cite it."""
        return self.implemented_by + self.cited_only

    @property
    def cited_only(self) -> list[Plan]:
        """Plans that cite it without carrying it out."""
        implemented = {id(p) for p in self.implemented_by}  # a set: popular ones have thousands
        return [p for p in self.cited_by if id(p) not in implemented]


@dataclass
class Catalog:
    """All plans and directives of a site."""

    plans: list[Plan]
    directives: list[Directive]
    problems: Problems
    by_slug: dict[str, Directive] = field(default_factory=dict)
    plan_by_slug: dict[str, Plan] = field(default_factory=dict)
    _by_key: dict[str, list[Directive]] = field(default_factory=dict)
    #: The later plans on the site that replace each plan (by source), oldest first.
    replaced_by: dict[str, list[Plan]] = field(default_factory=dict)
    #: The plans on the site each plan replaces (by source), as it names them.
    replacing: dict[str, list[Plan]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_slug = {d.slug: d for d in self.directives}
        self.plan_by_slug = {p.slug: p for p in self.plans}
        by_key: dict[str, list[Directive]] = defaultdict(list)
        for d in self.directives:
            by_key[d.key].append(d)
        self._by_key = dict(by_key)
        #: The directive page of each plan that is itself a directive on the site, by id.
        self.directive_of_plan = {id(d.plan): d for d in self.directives if d.plan is not None}

    def directive_for(
        self, number: DocumentNumber, year: int | None = None, context_year: int | None = None
    ) -> Directive | None:
        """The directive a number names. Where two documents share the number, ``year`` picks
        one; without it, the newest issued no later than ``context_year`` (the citing plan's)."""
        found = self._by_key.get(number.key)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        if year is not None:
            for d in found:
                if d.year == year:
                    return d
        dated = sorted((d for d in found if d.year), key=lambda d: d.year or 0)
        if context_year is not None:
            earlier = [d for d in dated if (d.year or 0) <= context_year]
            if earlier:
                return earlier[-1]
        return dated[-1] if dated else found[0]

    def cited_directive(self, plan: Plan, number: DocumentNumber) -> Directive | None:
        """The directive ``number``, as written in ``plan``'s text, names: read through the
        plan's ``corrections``, and where two documents share it, the one in force when the
        plan was issued. Pages, feeds and exports link numbers by this one rule."""
        return self.directive_for(plan.meant(number), context_year=plan.year)

    def replacements(self, plan: Plan) -> list[Plan]:
        """The later plans that replace ``plan`` (``replaces:`` in them)."""
        return self.replaced_by.get(plan.source, [])

    def replaced(self, plan: Plan) -> list[Plan]:
        """The plans on the site that ``plan`` replaces."""
        return self.replacing.get(plan.source, [])

    def implemented(self, plan: Plan) -> list[Directive]:
        """The directives ``plan`` carries out, in the order it names them."""
        out: list[Directive] = []
        for ref in plan.implements:
            d = self._resolve_ref(ref, plan)
            if d and d not in out:
                out.append(d)
        return out

    def cited(self, plan: Plan) -> list[Directive]:
        """The directives ``plan`` cites without carrying them out."""
        implemented = self.implemented(plan)
        out: list[Directive] = []
        for c in plan.citations:
            d = self.directive_for(c.number, context_year=plan.year)
            if d and d not in implemented and d not in out:
                out.append(d)
        return out

    def chain_up(self, directive: Directive) -> list[list[Directive]]:
        """Levels above a directive that is itself a plan on the site, nearest first."""
        levels: list[list[Directive]] = []
        seen = {directive.key}
        current = [directive]
        while True:
            above = []
            for d in current:
                if d.plan is None:
                    continue
                for parent in self.implemented(d.plan):
                    if parent.key not in seen:
                        seen.add(parent.key)
                        above.append(parent)
            if not above:
                return levels
            levels.append(above)
            current = above

    def _resolve_ref(self, ref: DirectiveRef, plan: Plan) -> Directive | None:
        if ref.number is not None:
            year = ref.issued.year if ref.issued else None
            return self.directive_for(ref.number, year, plan.year)
        return self.by_slug.get(_unnumbered_slug(ref))


def _text_citations(
    plan: Plan, read_cited: ReadCited
) -> list[tuple[DocumentNumber, CitedDocument]]:
    """The documents a plan's text cites, with what its citation sentences state; typos the
    plan declares in ``corrections`` are read as the number they mean."""
    out = []
    for cited in read_cited(plan.body):
        number = parse_number(cited.number)
        if number is not None:
            out.append((plan.meant(number), cited))
    return out


def _unnumbered_slug(ref: DirectiveRef) -> str:
    return slugify(ref.title, max_length=70)


_WS = re.compile(r"[\s\W_]+")


@lru_cache(maxsize=1 << 16)
def _comparable(text: str) -> str:
    """A statement as :func:`_same_text` compares it: folded, punctuation and spaces as one."""
    return _WS.sub(" ", fold(text)).strip()


def _same_text(a: str, b: str) -> bool:
    """Two statements of the same fact: equal once folded, or one a start of the other."""
    fa, fb = _comparable(a), _comparable(b)
    return fa.startswith(fb) or fb.startswith(fa)


@dataclass
class _FactGroup:
    """The facts of one directive stating one value (as compared): the first of them, and the
    first from another file than the first's, with their positions in ``Directive.facts``."""

    first: tuple[int, Fact]
    other: tuple[int, Fact] | None = None


_Citations = list[tuple[DocumentNumber, CitedDocument]]


class ReadCache:
    """What reading plans produced, for a process that reads the same plans again and again
    (``mkdocs serve`` rebuilds the site after every edit): each file's reading, by its name
    and content (a file whose bytes did not change is not parsed again), and the documents
    each plan's text cites (not extracted again). Holds what the last two readings used.
    """

    def __init__(self) -> None:
        self._plans: dict[tuple[str, bytes], tuple[Plan | None, Problems]] = {}
        self._plans_before: dict[tuple[str, bytes], tuple[Plan | None, Problems]] = {}
        self._cited: dict[int, tuple[Plan, _Citations]] = {}
        self._cited_before: dict[int, tuple[Plan, _Citations]] = {}

    def start(self) -> None:
        """A new reading begins: what the one before last used is let go."""
        self._plans_before, self._plans = self._plans, {}
        self._cited_before, self._cited = self._cited, {}

    def plan(self, data: bytes, source: str, problems: Problems) -> Plan | None:
        key = (source, hashlib.blake2b(data, digest_size=20).digest())
        found = self._plans.get(key) or self._plans_before.get(key)
        if found is None:
            local = Problems()
            found = (read_plan_data(data, source, local), local)
        self._plans[key] = found
        problems.extend(found[1])
        return found[0]

    def citations(self, plan: Plan, read_cited: ReadCited) -> _Citations:
        found = self._cited.get(id(plan)) or self._cited_before.get(id(plan))
        if found is None or found[0] is not plan:  # the plan object is kept: ids stay unique
            found = (plan, _text_citations(plan, read_cited))
        self._cited[id(plan)] = found
        return found[1]


class _Builder:
    def __init__(
        self,
        plans: list[Plan],
        problems: Problems,
        read_cited: ReadCited,
        cache: ReadCache | None = None,
    ) -> None:
        self.plans, self.problems = plans, problems
        # number key -> years stated for it by any plan (implements, citation sentences, or
        # plans' own numbers)
        self.years: dict[str, set[int]] = defaultdict(set)
        self.directives: dict[tuple[str, int | None], Directive] = {}
        self.kinds: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        # (directive, fact name) -> compared value -> its facts: a directive that hundreds of
        # plans state facts about has only a few distinct values to compare a new one with.
        self.fact_groups: dict[tuple[int, str], dict[str, _FactGroup]] = defaultdict(dict)
        # What each plan's text states about the documents it cites (citation sentences).
        self.cited: dict[str, _Citations] = {
            plan.source: (
                cache.citations(plan, read_cited) if cache else _text_citations(plan, read_cited)
            )
            for plan in plans
        }

    def build(self) -> Catalog:
        self._check_plans()
        replaced_by, replacing = self._link_replacements()
        self._check_lives()
        for plan in self.plans:
            for ref in plan.implements:
                if ref.number and ref.issued:
                    self.years[ref.number.key].add(ref.issued.year)
            if plan.number and plan.issued:
                self.years[plan.number.key].add(plan.issued.year)
            for number, cited in self.cited[plan.source]:
                if cited.issued:
                    self.years[number.key].add(int(cited.issued[:4]))
        for plan in self.plans:
            if plan.number:
                d = self._directive(
                    plan.number, plan.issued.year if plan.issued else None, plan.year
                )
                d.plan = plan
                self._fact(
                    d,
                    "issued",
                    plan.issued.isoformat() if plan.issued else "",
                    plan,
                    plan.lines.get("issued", 1),
                )
                self._fact(d, "issuer", plan.issuer, plan, plan.lines.get("issuer", 1))
                self._fact(d, "subject", plan.title, plan, plan.lines.get("title", 1))
                d.kind = d.kind or plan.kind
        implementing: dict[int, set[int]] = defaultdict(set)  # directive -> its plans (ids)
        for plan in self.plans:
            for ref in plan.implements:
                d = self._from_ref(ref, plan)
                if id(plan) not in implementing[id(d)]:
                    implementing[id(d)].add(id(plan))
                    d.implemented_by.append(plan)
            for citation in plan.citations:
                self._from_citation(citation, plan)
            self._from_text(plan)
        for (key, year), kinds in self.kinds.items():
            # The word the text puts before "số" beats the code: "Quy định số 37-QĐ/TW".
            self.directives[(key, year)].kind = max(sorted(set(kinds)), key=kinds.count)
        directives = sorted(self.directives.values(), key=_directive_order)
        self._finish(directives)
        return Catalog(
            sorted(self.plans, key=_plan_order),
            directives,
            self.problems,
            replaced_by=replaced_by,
            replacing=replacing,
        )

    def _link_replacements(self) -> tuple[dict[str, list[Plan]], dict[str, list[Plan]]]:
        """Each ``replaces:`` linked to the plan it names; :attr:`Plan.replaced_on` set to the
        day the earliest replacing plan starts (plans read once serve several builds, so every
        plan's is set again)."""
        by_number: dict[str, list[Plan]] = defaultdict(list)
        by_slug: dict[str, Plan] = {}
        for plan in self.plans:
            plan.replaced_on = None
            by_slug[plan.slug] = plan
            if plan.number:
                by_number[plan.number.key].append(plan)
        replaced_by: dict[str, list[Plan]] = defaultdict(list)
        replacing: dict[str, list[Plan]] = defaultdict(list)
        for new in self.plans:
            new_start = new.issued or new.published
            for ref in new.replaces:
                found = by_number.get(ref.number.key, []) if ref.number else []
                if not ref.number and ref.slug in by_slug:
                    found = [by_slug[ref.slug]]
                older = [
                    p for p in found if p is not new and (p.issued or p.published) <= new_start
                ]
                if not older and found:
                    old = found[0]
                    self.problems.error(
                        new.source,
                        ref.line,
                        f"`replaces`: kế hoạch '{ref.written}' ({old.source}) bắt đầu ngày "
                        f"{(old.issued or old.published):%d/%m/%Y}, sau kế hoạch này "
                        f"({new_start:%d/%m/%Y}): kế hoạch thay thế phải ban hành sau kế hoạch "
                        "cũ; kiểm tra số hiệu và ngày ban hành",
                    )
                    continue
                if not older:
                    self.problems.warning(
                        new.source,
                        ref.line,
                        f"`replaces`: không có kế hoạch '{ref.written}' trên trang; trang ghi "
                        "kế hoạch này thay thế văn bản đó nhưng không liên kết được: kiểm tra số "
                        "hiệu (hoặc tên tệp, nếu kế hoạch cũ không có số hiệu)",
                    )
                    continue
                old = max(older, key=lambda p: (p.issued or p.published, p.source))
                if old in replacing[new.source]:
                    continue
                replacing[new.source].append(old)
                replaced_by[old.source].append(new)
                if old.replaced_on is None or new_start < old.replaced_on:
                    old.replaced_on = new_start
        for plans in replaced_by.values():
            plans.sort(key=lambda p: (p.issued or p.published, p.source))
        return dict(replaced_by), dict(replacing)

    def _check_lives(self) -> None:
        """A recurring milestone must end: warn where only the congress-term rule ends it."""
        for plan in self.plans:
            rules = [m for m in plan.milestones if m.recurring is not None]
            if not rules:
                continue
            life = plan_life(plan)
            if life.stated:
                continue
            for m in rules:
                assert m.recurring is not None
                rule = m.recurring.label[:1].lower() + m.recurring.label[1:]
                if life.default_term is None or life.end is None:
                    self.problems.warning(
                        plan.source,
                        m.line,
                        f"mốc định kỳ '{m.what}' ({rule}) không có hạn kết thúc, và năm "
                        f"{life.start.year} không thuộc nhiệm kỳ nào trong bảng nhiệm kỳ: thêm "
                        "`term: <năm đầu> - <năm cuối>` hoặc `until: <ngày>` vào đầu tệp",
                    )
                    continue
                first, last = life.default_term
                until = (
                    f"hết nhiệm kỳ {first} - {last} ({life.end:%d/%m/%Y})"
                    if life.ends_by == "congress-term"
                    else f"mốc cuối cùng của kế hoạch ({life.end:%d/%m/%Y})"
                )
                self.problems.warning(
                    plan.source,
                    m.line,
                    f"mốc định kỳ '{m.what}' ({rule}) không có hạn kết thúc: kế hoạch không "
                    f"ghi `term` hay `until`, nên mốc được tính đến {until}; nếu văn bản ghi "
                    "giai đoạn hay ngày kết thúc, thêm `term: <năm đầu> - <năm cuối>` hoặc "
                    "`until: <ngày>` vào đầu tệp; nếu đúng là đến hết nhiệm kỳ, thêm "
                    f"`term: {first} - {last}`",
                )

    def _check_plans(self) -> None:
        by_slug: dict[str, Plan] = {}
        by_number: dict[tuple[str, int | None], Plan] = {}
        by_id: dict[str, Plan] = {}
        by_text: dict[tuple[str, str, date | None], Plan] = {}
        for plan in sorted(self.plans, key=lambda p: p.source):
            other = by_slug.get(plan.slug)
            if other:
                self.problems.error(
                    plan.source,
                    plan.lines.get("slug", 1),
                    f"hai kế hoạch cùng đường dẫn trang 'ke-hoach/{plan.slug}/' "
                    f"(tệp kia: {other.source}): đổi tên một tệp, hoặc đặt `slug` khác",
                )
            by_slug[plan.slug] = plan
            if plan.number:
                nkey = (plan.number.key, plan.issued.year if plan.issued else None)
                twin = by_number.get(nkey)
                if twin:
                    self.problems.error(
                        plan.source,
                        plan.lines.get("number", 1),
                        f"số hiệu {plan.number} đã dùng cho kế hoạch {twin.source}: "
                        "hai kế hoạch không thể cùng số hiệu và năm; kiểm tra lại số",
                    )
                by_number[nkey] = plan
            if plan.id:
                same_id = by_id.get(plan.id)
                if same_id:
                    self.problems.error(
                        plan.source,
                        plan.lines.get("id", 1),
                        f"`id` '{plan.id}' đã dùng cho kế hoạch {same_id.source}: mỗi kế hoạch "
                        "một `id` riêng (trang tin dựa vào nó để không đăng trùng); sửa `id` của "
                        "một trong hai",
                    )
                by_id[plan.id] = plan
            if plan.issued and plan.issuer:
                # The same plan posted twice (imported again, copied to another file).
                tkey = (_comparable(plan.title), _comparable(plan.issuer), plan.issued)
                twice = by_text.get(tkey)
                if twice and not (plan.number and twice.number and plan.number != twice.number):
                    self.problems.error(
                        plan.source,
                        plan.lines.get("title", 1),
                        f"kế hoạch này trùng với {twice.source} (cùng tên, cơ quan ban hành và "
                        f"ngày ban hành {plan.issued:%d/%m/%Y}): một kế hoạch chỉ đăng một tệp; "
                        "xóa tệp thừa, hoặc sửa lại nếu đó là hai kế hoạch khác nhau",
                    )
                by_text.setdefault(tkey, plan)
            if plan.issuer:
                # Without a date to tell them apart: the same title and issuer is most likely
                # the same plan imported again (a warning: it may be a yearly plan's new year).
                ukey = (_comparable(plan.title), _comparable(plan.issuer), None)
                other = by_text.get(ukey)
                if (
                    other
                    and not (plan.issued and other.issued)
                    and not (plan.number and other.number and plan.number != other.number)
                ):
                    self.problems.warning(
                        plan.source,
                        plan.lines.get("title", 1),
                        f"kế hoạch này có thể trùng với {other.source} (cùng tên và cơ quan ban "
                        "hành, không đủ ngày ban hành để phân biệt): nếu là một kế hoạch, xóa "
                        "tệp thừa; nếu là hai kế hoạch, ghi `issued` (ngày ban hành) cho cả hai",
                    )
                by_text.setdefault(ukey, plan)

    def _directive(
        self, number: DocumentNumber, year: int | None, context_year: int | None
    ) -> Directive:
        years = self.years.get(number.key, set())
        if len(years) <= 1:
            year = None  # one document with this number: no need to tell years apart
        elif year is None:
            earlier = sorted(y for y in years if context_year is None or y <= context_year)
            year = earlier[-1] if earlier else min(years)
        ident = (number.key, year)
        d = self.directives.get(ident)
        if d is None:
            slug = f"{number.slug}-{year}" if year else number.slug
            d = Directive(number.key, slug, number, year=year, kind=number.kind or "")
            self.directives[ident] = d
        return d

    def _from_ref(self, ref: DirectiveRef, plan: Plan) -> Directive:
        if ref.number is not None:
            d = self._directive(ref.number, ref.issued.year if ref.issued else None, plan.year)
        else:
            slug = _unnumbered_slug(ref)
            ident = ("title:" + slug, None)
            d = self.directives.get(ident) or Directive("title:" + slug, slug, None, ref.title)
            self.directives[ident] = d
            d.kind = d.kind or _kind_of_name(ref.title)
        self._fact(d, "issued", ref.issued.isoformat() if ref.issued else "", plan, ref.line)
        self._fact(d, "issuer", ref.issuer, plan, ref.line)
        if ref.number is not None:
            self._fact(d, "subject", ref.title, plan, ref.line)
        return d

    def _from_citation(self, citation: Citation, plan: Plan) -> None:
        d = self._directive(citation.number, None, plan.year)
        # A plan cites a directive a few times, one after the other: the last is enough.
        if not d.cited_by or d.cited_by[-1] is not plan:
            d.cited_by.append(plan)

    def _from_text(self, plan: Plan) -> None:
        first_line = {c.number.key: c.line for c in reversed(plan.citations)}
        for number, cited in self.cited[plan.source]:
            year = int(cited.issued[:4]) if cited.issued else None
            d = self._directive(number, year, plan.year)
            line = first_line.get(number.key, plan.body_line)
            self._fact(d, "issued", cited.issued or "", plan, line)
            self._fact(d, "issuer", cited.issuer or "", plan, line)
            self._fact(d, "subject", cited.subject or "", plan, line)
            if cited.kind and cited.kind != number.kind:
                self.kinds[(d.key, d.year)].append(cited.kind)

    def _fact(self, d: Directive, name: str, value: str, plan: Plan, line: int) -> None:
        if not value:
            return
        facts = d.facts[name]
        groups = self.fact_groups[(id(d), name)]
        # The first earlier fact (in order) that states another value, from another file.
        key = value if name == "issued" else _comparable(value)
        clash: tuple[int, Fact] | None = None
        for other_key, group in groups.items():
            same = other_key == key or (
                name != "issued" and (other_key.startswith(key) or key.startswith(other_key))
            )
            if same:
                continue
            found = group.first if group.first[1].source != plan.source else group.other
            if found is not None and (clash is None or found[0] < clash[0]):
                clash = found
        if clash is not None:
            fact = clash[1]
            self.problems.warning(
                plan.source,
                line,
                f"{d.label}: {_FACT_NAMES[name]} ở đây là '{_show(name, value)}', nhưng "
                f"{fact.source}:{fact.line} ghi '{_show(name, fact.value)}': kiểm tra lại "
                "với văn bản gốc và sửa tệp ghi sai",
            )
        new = Fact(value, plan.source, line)
        same_value = groups.get(key)
        if same_value is None:
            groups[key] = _FactGroup((len(facts), new))
        elif same_value.other is None and same_value.first[1].source != plan.source:
            same_value.other = (len(facts), new)
        facts.append(new)

    def _finish(self, directives: list[Directive]) -> None:
        for d in directives:
            if d.facts.get("issued"):
                d.issued = date.fromisoformat(d.facts["issued"][0].value)
            # The longest statement of the issuer and subject is the most complete one.
            if d.facts.get("issuer"):
                d.issuer = max((f.value for f in d.facts["issuer"]), key=len)
            if d.facts.get("subject"):
                d.subject = max((f.value for f in d.facts["subject"]), key=len)
            d.implemented_by.sort(key=_plan_order)
            d.cited_by.sort(key=_plan_order)


_FACT_NAMES = {"issued": "ngày ban hành", "issuer": "cơ quan ban hành", "subject": "trích yếu"}


def _show(name: str, value: str) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y") if name == "issued" else value


def _kind_of_name(name: str) -> str:
    folded = fold(name)
    kinds = {kind for _, kind in codes().party_types.values()}
    kinds |= {kind for _, kind in codes().state_types.values()}
    for kind in sorted(kinds, key=len, reverse=True):
        if folded.startswith(fold(kind)):
            return kind
    return ""


def _plan_order(plan: Plan) -> tuple[int, str, str]:
    """Newest first by publication, then by date of issue, then by slug (stable)."""
    issued = plan.issued or date.min
    return (-(plan.published.toordinal() * 1_000_000 + issued.toordinal()), plan.title, plan.slug)


def _directive_order(d: Directive) -> tuple[int, str, int, str]:
    """Numbered first, by number then year; then unnumbered by name."""
    if d.number is None:
        return (1, "", 0, fold(d.name))
    return (0, d.key.split("-", 1)[-1], d.number.serial * 10000 + (d.year or 0), d.slug)


def build_catalog(
    plans: Iterable[Plan],
    problems: Problems,
    cache: ReadCache | None = None,
    *,
    read_cited: ReadCited,
) -> Catalog:
    """Link plans and directives; problems across plans (same slug, same number) go into
    ``problems``. ``read_cited`` reads the documents a plan's text cites (the text engine's
    :func:`plansite.extract.cited_documents`; :mod:`plansite.intake.plans` passes it)."""
    return _Builder(list(plans), problems, read_cited, cache).build()


#: Suffixes of Markdown files other than ``.md`` (case aside): a plan saved under one of them
#: would not be read, so it is reported rather than dropped in silence. ``.md.txt`` is what
#: Notepad makes of ``x.md``. Longest first: the one that matches names the stem.
_MARKDOWN_SUFFIXES = (
    ".markdown",
    ".mdtext",
    ".md.txt",
    ".mdtxt",
    ".mdown",
    ".mkdn",
    ".mdwn",
    ".mkd",
    ".md",
)


def _ignored(name: str) -> bool:
    """Names that are not plans, passed over without a word: hidden files and folders
    (``.git``, Vim's swap ``.x.md.swp``, Emacs' lock link ``.#x.md``, macOS' ``._x.md``) and
    editors' backup and temporary files (``x.md~``, Emacs' ``#x.md#``, Office's ``~$x.md``)."""
    return (
        name.startswith((".", "~$"))
        or name.endswith("~")
        or (name.startswith("#") and name.endswith("#"))
    )


def _misnamed_stem(name: str) -> str | None:
    """The stem of a Markdown file named otherwise than ``*.md`` (``x.MD``, ``x.markdown``,
    ``x.md.txt``, ``x.md `` with a trailing space); None for any other name."""
    trimmed = name.rstrip(" .")
    lower = trimmed.lower()
    for suffix in _MARKDOWN_SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return trimmed[: -len(suffix)]
    return None


def _undecodable(name: str) -> bool:
    """A name whose bytes are not UTF-8 (Python keeps them as lone surrogates)."""
    return any(0xDC80 <= ord(c) <= 0xDCFF for c in name)


class _PlanFolder:
    """The walk behind :func:`plan_files`, gathering the files and the problems found."""

    def __init__(self, root: Path, problems: Problems) -> None:
        self.root, self.problems = root, problems
        self.root_real = Path(os.path.realpath(root))
        self.files: list[Path] = []
        self.walked: set[tuple[int, int]] = set()  # (device, inode) of each folder read
        self.folders: list[Path] = []  # real folders still to read
        self.links: list[Path] = []  # linked folders, read once every real folder is

    def name(self, path: Path) -> str:
        """``path`` as messages name it: relative to the project (``plans/2023``)."""
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return path.as_posix()

    def error(self, path: Path, message: str) -> None:
        self.problems.error(self.name(path), 1, message)

    def walk(self, top: Path) -> list[Path]:
        self.folders.append(top)
        while self.folders or self.links:
            if self.folders:
                self.read(self.folders.pop())
            elif self.follows(link := self.links.pop(0)):
                self.read(link)
        return sorted(self.files)

    def read(self, folder: Path) -> None:
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in self.walked:
                return  # reached again through a link: its plans are read once
            self.walked.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError as error:
            self.error(
                folder,
                f"không mở được thư mục ({os_reason(error)}), nên các kế hoạch trong đó không "
                "được đọc: cấp quyền đọc cho thư mục, hoặc chuyển các kế hoạch sang một thư "
                "mục đọc được trong plans/",
            )
            return
        for entry in entries:
            self.entry(folder, entry)

    def entry(self, folder: Path, entry: os.DirEntry[str]) -> None:
        name = entry.name
        if _ignored(name):
            return
        path = folder / name
        is_link = False
        try:
            is_link = entry.is_symlink()
            # A link is looked through (a link to nothing or to itself fails here); an entry
            # of the folder is what the folder says it is, without a look of its own.
            if is_link:
                is_dir = stat.S_ISDIR(os.stat(path).st_mode)
            else:
                is_dir = entry.is_dir(follow_symlinks=False)
        except OSError as error:
            if name.endswith(".md"):
                self.files.append(path)  # read_plan_file says what is wrong with it
            elif is_link:
                loop = error.errno == errno.ELOOP
                self.error(
                    path,
                    "liên kết tượng trưng (symlink) "
                    + ("trỏ vòng quanh, không tới đâu" if loop else "trỏ tới nơi không có")
                    + ": sửa liên kết cho trỏ tới thư mục hay tệp kế hoạch thật, hoặc xóa nó",
                )
            else:
                self.error(path, f"không đọc được ({os_reason(error)}): kiểm tra quyền đọc")
            return
        if _undecodable(name):
            if is_dir or name.endswith(".md") or _misnamed_stem(name) is not None:
                self.error(
                    path,
                    f"tên {'thư mục' if is_dir else 'tệp'} có ký tự không đọc được (không phải "
                    "mã UTF-8, thường do chép từ máy khác), nên không được đọc: đổi tên, chỉ "
                    "dùng chữ, số và dấu gạch ngang",
                )
            return
        if is_dir:
            (self.links if is_link else self.folders).append(path)
        elif name.endswith(".md"):
            self.files.append(path)
        elif (stem := _misnamed_stem(name)) is not None:
            target = f"{stem}.md"
            twin = (
                f"; đã có tệp '{target}' cùng thư mục: nếu tệp này là bản sao, xóa nó"
                if os.path.lexists(folder / target)
                else ""
            )
            self.error(
                path,
                f"tệp có đuôi '{name[len(stem) :]}' nên không được đọc như một kế hoạch: đổi "
                f"tên thành '{target}' (đuôi .md viết thường) để kế hoạch được đăng{twin}",
            )

    def follows(self, link: Path) -> bool:
        """Whether to read a linked folder: one inside the project, not around in a loop."""
        target = Path(os.path.realpath(link))
        if not target.is_relative_to(self.root_real):
            self.error(
                link,
                "thư mục là liên kết tượng trưng (symlink) trỏ ra ngoài kho, nên các kế hoạch "
                "trong đó không được đọc: chép các kế hoạch vào một thư mục thật trong plans/",
            )
            return False
        if Path(os.path.realpath(link.parent)).is_relative_to(target):
            self.error(
                link,
                "thư mục là liên kết tượng trưng (symlink) trỏ về thư mục chứa chính nó, tạo "
                "vòng lặp: xóa liên kết này",
            )
            return False
        return True


def plan_files(
    plans_dir: Path, problems: Problems | None = None, root: Path | None = None
) -> list[Path]:
    """Every plan file under ``plans_dir`` (``*.md``, in subfolders too), in a fixed order.

    Never opens a file (what is not a regular file, a named pipe say, is left to
    :func:`plan.read_plan_file` to report without waiting on it) and goes round no loop. Into
    ``problems``, with the name of each relative to ``root`` (the project folder; by default
    the folder holding ``plans_dir``), go: a folder that cannot be read, a Markdown file not
    named ``*.md`` (``x.MD``, ``x.markdown``: renamed, it would be a plan), a link to nothing or
    to itself, a linked folder out of the project or around a loop, a name that is not UTF-8.
    A linked folder inside the project is read once (one already read, a link into
    ``plans_dir`` say, is not read again). Hidden files and folders and editors' backups
    (``.x.md.swp``, ``.#x.md``, ``x.md~``, ``#x.md#``, ``~$x.md``) are not plans and pass
    without a word. A ``plans_dir`` that does not exist holds no plans.
    """
    problems = Problems() if problems is None else problems
    root = plans_dir.parent if root is None else root
    if not os.path.lexists(plans_dir):
        return []
    return _PlanFolder(root, problems).walk(plans_dir)


def load_catalog(
    plans_dir: Path,
    root: Path,
    *,
    read_cited: ReadCited,
    raise_on_error: bool = True,
    cache: ReadCache | None = None,
) -> Catalog:
    """Read every plan under ``plans_dir`` and build the catalogue.

    Problems of the folder itself (:func:`plan_files`) are reported like those of the files.
    With ``raise_on_error``, any error (in any file) raises :class:`PlanError` listing all of
    them at once; warnings are kept in ``catalog.problems``. A ``cache`` kept between calls
    skips parsing the files that did not change since the call before.
    """
    problems = Problems()
    if cache is not None:
        cache.start()
    if not plans_dir.is_dir():  # a wrong checkout or a failed pull: never an empty site
        name = plans_dir.relative_to(root) if plans_dir.is_relative_to(root) else plans_dir
        problems.error(
            name.as_posix(),
            0,
            "không có thư mục kế hoạch này; chạy lệnh trong thư mục của trang (nơi có "
            "mkdocs.yml), hoặc chỉ đúng thư mục bằng --plans (plans_dir trong mkdocs.yml)",
        )
    plans = []
    for path in plan_files(plans_dir, problems, root):
        found = read_plan_file(path, root, problems)
        if found is None:
            continue
        data, source = found
        plan = (
            cache.plan(data, source, problems) if cache else read_plan_data(data, source, problems)
        )
        if plan is not None:
            plans.append(plan)
    catalog = build_catalog(plans, problems, cache, read_cited=read_cited)
    if raise_on_error and problems.errors:
        raise PlanError(sorted(problems.errors))
    return catalog
