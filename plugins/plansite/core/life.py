"""A plan's life: in force from the day it starts until it ends, by what it states.

A plan starts on its date of issue (without one, on the latest date of what it carries out,
else the day it was posted: :func:`recurrence_start`). It ends, earliest first:

- when a later plan on the site replaces it (``replaces:`` in the later plan): the day before
  that plan starts;
- on its own ``until:`` date;
- at the end of its ``term`` (31/12 of the term's last year).

A plan that states neither ``until`` nor ``term`` runs to its last dated deadline; if it has
recurring milestones, or no deadline at all, to the end of the congress term (nhiệm kỳ) of its
level that it was issued in (``data/terms.yml``), or its last deadline if that comes later. Its
recurring milestones run as long as the plan does, never on for ever. ``plansite check`` warns
about a recurring milestone bounded only by that rule.

Pure domain code: nothing here reads a file but the shipped table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from .plan import Plan

__all__ = [
    "END_LABELS",
    "Life",
    "LifeEnd",
    "PlanStatus",
    "congress_term",
    "congress_terms",
    "plan_life",
    "recurrence_start",
]

#: Why a plan ends when it does.
LifeEnd = Literal["replaced", "until", "term", "congress-term", "deadline"]
#: A plan seen from a day: in force, ended, or replaced by a later plan.
PlanStatus = Literal["active", "expired", "replaced"]

#: How a plan's page says why it ends then.
END_LABELS: dict[str, str] = {
    "replaced": "được kế hoạch sau thay thế",
    "until": "theo ngày hết hiệu lực ghi trong kế hoạch",
    "term": "hết giai đoạn của kế hoạch",
    "congress-term": "hết nhiệm kỳ (kế hoạch không ghi thời hạn)",
    "deadline": "mốc cuối cùng của kế hoạch",
}


@cache
def congress_terms() -> dict[str, tuple[tuple[int, int], ...]]:
    """The congress terms of each table (``local``, ``central``), oldest first."""
    text = resources.files("plansite").joinpath("data/terms.yml").read_text(encoding="utf-8")
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for name, terms in yaml.safe_load(text).items():
        spans = []
        for written in terms:
            m = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", str(written).strip())
            if m is None:
                raise ValueError(f"data/terms.yml: '{written}' is not a term (2020 - 2025)")
            spans.append((int(m[1]), int(m[2])))
        out[str(name)] = tuple(sorted(spans))
    return out


def congress_term(level: str | None, year: int) -> tuple[int, int] | None:
    """The congress term of ``level`` that ``year`` falls in: the latest term starting in or
    before it, if it has not ended before it; None outside the table."""
    table = congress_terms()["central" if level == "trung-uong" else "local"]
    found = [t for t in table if t[0] <= year]
    if not found or found[-1][1] < year:
        return None
    return found[-1]


@dataclass(frozen=True)
class Life:
    """When a plan is in force: from ``start`` to ``end`` (its last day, both included).

    ``end`` is None only when nothing bounds the plan: it states no end and its year is
    outside the congress-term table. ``default_term`` is the congress term the plan's end comes
    from when it states none (``ends_by`` is then ``congress-term`` or ``deadline``).
    """

    start: date
    end: date | None
    ends_by: LifeEnd | None
    default_term: tuple[int, int] | None = None

    @property
    def stated(self) -> bool:
        """Whether the end comes from what the plan (or the plan replacing it) states."""
        return self.ends_by in ("replaced", "until", "term")

    @property
    def end_label(self) -> str:
        return END_LABELS.get(self.ends_by or "", "")

    def status(self, today: date) -> PlanStatus | None:
        """Replaced once the replacing plan has started, ended after ``end``, else in force."""
        if self.ends_by == "replaced" and self.end is not None and today > self.end:
            return "replaced"
        if self.end is None:
            return None
        return "expired" if today > self.end else "active"


def recurrence_start(plan: Plan) -> date:
    """The day from which a plan's recurring milestones run, from what the plan states.

    The start of its term and its date of issue, whichever is later; without a date of issue,
    the latest date of the directives it carries out (a plan is never older than those);
    with none of these, the day it was published.
    """
    known: list[date] = []
    if plan.term:
        known.append(date(plan.term[0], 1, 1))
    if plan.issued:
        known.append(plan.issued)
    else:
        known += [ref.issued for ref in plan.implements if ref.issued]
    return max(known) if known else plan.published


def plan_life(plan: Plan) -> Life:
    """The life of ``plan``, from its front matter and :attr:`Plan.replaced_on`. Its start is
    :func:`recurrence_start` (without a date of issue, a plan is no older than what it carries
    out)."""
    start = recurrence_start(plan)
    # Without a date of issue, the start may be the day it was posted, long after its
    # deadlines: a plan is in force by its first deadline at the latest.
    firsts = [m.by.start for m in plan.milestones if m.by is not None]
    if firsts and not plan.issued:
        start = min(start, min(firsts))
    end: date | None
    ends_by: LifeEnd | None
    default = None
    if plan.until is not None:
        end, ends_by = plan.until, "until"
    elif plan.term is not None:
        end, ends_by = date(plan.term[1], 12, 31), "term"
    else:
        dated = [m.by.end for m in plan.milestones if m.by is not None and m.recurring is None]
        last = max(dated, default=None)
        end, ends_by = last, "deadline" if last else None
        if last is None or any(m.recurring is not None for m in plan.milestones):
            # Rules must end, and a plan with no deadline at all still has a life.
            default = congress_term(plan.level, start.year)
            if default and (last is None or date(default[1], 12, 31) >= last):
                end, ends_by = date(default[1], 12, 31), "congress-term"
    if plan.replaced_on is not None:
        replaced_end = max(plan.replaced_on - timedelta(days=1), start)
        if end is None or replaced_end < end:
            end, ends_by = replaced_end, "replaced"
    return Life(start, end, ends_by, default)
