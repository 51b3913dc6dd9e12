"""The site's URL scheme: where each page and file of a plan site lives, and absolute URLs.

Every module that links to a plan, a directive or a group page asks here, so that the page,
its feeds, its calendar and its exports agree on one address (``ke-hoach/<slug>/``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models only name the slug; urls stays below them
    from .catalog import Directive
    from .plan import Plan

__all__ = [
    "BODIES_DIR",
    "DIRECTIVES_DIR",
    "PLANS_DIR",
    "RESULTS_DIR",
    "TOPICS_DIR",
    "absolute_url",
    "directive_url",
    "is_absolute",
    "plan_calendar_uri",
    "plan_source",
    "plan_url",
]

PLANS_DIR = "ke-hoach"
DIRECTIVES_DIR = "van-ban"
BODIES_DIR = "co-quan"
#: The page and feeds of the latest results (kết quả thực hiện) of every plan.
RESULTS_DIR = "ket-qua"
TOPICS_DIR = "chu-de"


def plan_url(plan: Plan) -> str:
    """A plan's page, site-relative: ``ke-hoach/<slug>/``."""
    return f"{PLANS_DIR}/{plan.slug}/"


def plan_source(plan: Plan) -> str:
    """The source path of a plan's page among the site's pages (``ke-hoach/<slug>.md``), from
    which its relative links are resolved."""
    return f"{PLANS_DIR}/{plan.slug}.md"


def directive_url(directive: Directive) -> str:
    """A directive's page, site-relative: ``van-ban/<slug>/``."""
    return f"{DIRECTIVES_DIR}/{directive.slug}/"


def plan_calendar_uri(plan: Plan) -> str:
    """Where a plan's own calendar goes: beside its page."""
    return f"{plan_url(plan)}lich.ics"


def is_absolute(site_url: str) -> bool:
    """True for a ``site_url`` that feeds, calendars and shared links can use (``https://…``)."""
    return site_url.startswith(("http://", "https://"))


def absolute_url(site_url: str, path: str) -> str:
    """``path`` (site-relative) under ``site_url``; from the site's root (``/ke-hoach/…``)
    when ``site_url`` is empty."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + path.lstrip("/")
