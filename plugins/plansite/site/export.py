"""Open data (dữ liệu mở): the catalogue as JSON for other systems, and as JSON-LD for pages.

Pure domain: no MkDocs. Two kinds of output, from the catalogue (and, for a plan's own export,
the body its page shows, handed in by the plugin):

* **JSON exports** (documented for other systems in ``docs/du-lieu-mo.md``):
  ``ke-hoach.json`` at the site's root holds every plan (without its body) and every
  directive (with the facts plans state about it, and which plans implement or cite it);
  ``ke-hoach/<slug>/ke-hoach.json``, beside each plan's page, holds one plan with its body
  as sanitised HTML. Both are deterministic: keys sorted, lists in the site's order, text in
  NFC, no build time, so a rebuild without changes gives the same bytes.
* **Structured data** (schema.org in JSON-LD) for plan and directive pages: a plan is a
  ``Legislation`` that ``legislationApplies`` (ELI's *implements*, an informative link) the
  directives it carries out and has a ``citation`` for each one it cites; a directive is a
  ``Legislation`` with the plans that apply it under ``@reverse``.

URLs are absolute when the site has an absolute ``site_url``; otherwise exports hold paths
from the site's root (``/ke-hoach/<slug>/``) and pages get no structured data.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..core.catalog import Catalog, Directive
from ..core.dates import Period
from ..core.feeds import FeedOptions, absolute_links
from ..core.life import plan_life
from ..core.links import allowed_url
from ..core.plan import Milestone, Plan
from ..core.urls import directive_url, is_absolute, plan_url
from .context import BuildContext
from .lists import PLANS_PER_PAGE
from .timeline import plan_calendar

__all__ = [
    "CATALOG_SCHEMA",
    "CATALOG_URI",
    "PLAN_FILE",
    "PLAN_SCHEMA",
    "PageData",
    "catalog_export",
    "directive_linked_data",
    "dumps",
    "files",
    "page_data",
    "plan_export",
    "plan_file",
    "plan_json_uri",
    "plan_linked_data",
    "script_json",
]

CATALOG_URI = "ke-hoach.json"
PLAN_FILE = "ke-hoach.json"
CATALOG_SCHEMA = "plansite-catalog/1"
PLAN_SCHEMA = "plansite-plan/1"

JSON = dict[str, Any]


def plan_json_uri(plan: Plan) -> str:
    """Where a plan's own export goes: beside its page (``ke-hoach/<slug>/ke-hoach.json``)."""
    return plan_url(plan) + PLAN_FILE


def _options(ctx: BuildContext) -> FeedOptions:
    """Links from the site's root where ``site_url`` is not absolute."""
    return ctx.feed_options()


# --- JSON exports --------------------------------------------------------------------------


def _period(period: Period | None) -> JSON | None:
    if period is None:
        return None
    return {
        "code": period.code,
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def _milestone(m: Milestone) -> JSON:
    return {
        "what": m.what,
        "who": m.who,
        "by": _period(m.by),
        "recurring": {"code": m.recurring.code, "label": m.recurring.label}
        if m.recurring
        else None,
        "results": [
            {
                "period": _period(r.period),
                "done": r.done.isoformat(),
                "report": r.report.canonical if r.report else (r.report_path or None),
                "result": r.result,
            }
            for r in m.results
        ],
    }


def _directive_ref(d: Directive, options: FeedOptions) -> JSON:
    return {
        "id": d.slug,
        "number": d.number.canonical if d.number else None,
        "title": d.title,
        "url": options.absolute(directive_url(d)),
    }


def _life(plan: Plan) -> JSON:
    """When the plan is in force, and why it ends then (:mod:`plansite.core.life`): the
    status itself depends on the day it is read, so the data gives the days, not the status."""
    life = plan_life(plan)
    return {
        "from": life.start.isoformat(),
        "to": life.end.isoformat() if life.end else None,
        "ends_by": life.ends_by,
        "congress_term": list(life.default_term) if life.default_term else None,
    }


def _plan_ref(plan: Plan, options: FeedOptions) -> JSON:
    return {
        "id": plan.guid,
        "number": plan.number.canonical if plan.number else None,
        "title": plan.title,
        "url": options.absolute(plan_url(plan)),
    }


def _plan_record(plan: Plan, catalog: Catalog, options: FeedOptions) -> JSON:
    signer, calendar = plan.signer, plan_calendar(plan)
    return {
        "id": plan.guid,
        "url": options.absolute(plan_url(plan)),
        "json": options.absolute(plan_json_uri(plan)),
        "calendar": options.absolute(calendar) if calendar else None,
        "title": plan.title,
        "kind": plan.kind,
        "number": plan.number.canonical if plan.number else None,
        "issuer": plan.issuer,
        "locality": plan.locality,
        "level": plan.level,
        "level_label": plan.level_label,
        "issued": plan.issued.isoformat() if plan.issued else None,
        "published": plan.published.isoformat(),
        "term": {"from": plan.term[0], "to": plan.term[1]} if plan.term else None,
        "until": plan.until.isoformat() if plan.until else None,
        "in_force": _life(plan),
        "replaces": [_plan_ref(p, options) for p in catalog.replaced(plan)],
        "replaced_by": [_plan_ref(p, options) for p in catalog.replacements(plan)],
        "signer": {"name": signer.name, "title": signer.title, "on_behalf_of": signer.on_behalf_of}
        if signer
        else None,
        "summary": plan.summary,
        "topics": list(plan.topics),
        "recipients": list(plan.recipients),
        "implements": [_directive_ref(d, options) for d in catalog.implemented(plan)],
        "cites": [_directive_ref(d, options) for d in catalog.cited(plan)],
        "milestones": [_milestone(m) for m in plan.milestones],
        "attachments": [
            {"title": a.title, "url": options.absolute(a.path)}
            for a in plan.attachments
            if allowed_url(a.path)
        ],
    }


def _directive_record(d: Directive, guid_of: dict[str, str], options: FeedOptions) -> JSON:
    facts: JSON = {}
    for name, found in sorted(d.facts.items()):
        # A plan that states a fact twice (front matter and text) is one source of it.
        stated = {(f.value, guid_of.get(f.source)): None for f in found}
        if stated:
            facts[name] = [{"value": value, "plan": plan} for value, plan in stated]
    return {
        "id": d.slug,
        "url": options.absolute(directive_url(d)),
        "number": d.number.canonical if d.number else None,
        "kind": d.kind,
        "title": d.title,
        "name": d.name,
        "issuer": d.issuer_name,
        "issued": d.issued.isoformat() if d.issued else None,
        "year": d.year,
        "subject": d.subject,
        "level": d.level,
        "plan": d.plan.guid if d.plan else None,
        "implemented_by": [p.guid for p in d.implemented_by],
        "cited_by": [p.guid for p in d.cited_by],
        "facts": facts,
    }


def _site(options: FeedOptions) -> JSON:
    return {"name": options.site_name, "url": options.base if options.site_url else "/"}


def catalog_export(catalog: Catalog, options: FeedOptions) -> JSON:
    """The whole catalogue: plans newest first, directives by number (as the site lists them)."""
    guid_of = {p.source: p.guid for p in catalog.plans}
    return {
        "schema": CATALOG_SCHEMA,
        "site": _site(options),
        "plans": [_plan_record(p, catalog, options) for p in catalog.plans],
        "directives": [_directive_record(d, guid_of, options) for d in catalog.directives],
    }


def plan_export(plan: Plan, catalog: Catalog, options: FeedOptions, body: str) -> JSON:
    """One plan, with ``body``, its page's body as sanitised HTML with numbers linked and
    URLs relative to the page, as ``content_html`` with every URL absolute."""
    record = _plan_record(plan, catalog, options)
    page = plan_url(plan)
    record["content_html"] = absolute_links(body, src_dir=page, page=page, options=options)
    return {"schema": PLAN_SCHEMA, "site": _site(options), "plan": record}


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def dumps(data: JSON) -> str:
    """JSON as the exports write it: NFC, UTF-8 text, keys sorted, indented, final newline."""
    return json.dumps(_nfc(data), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def files(ctx: BuildContext) -> dict[str, str | bytes]:
    """The catalogue's export, ``ke-hoach.json``; each plan's own is :func:`plan_file`, made
    when its page is rendered."""
    return {CATALOG_URI: dumps(catalog_export(ctx.catalog, _options(ctx)))}


def plan_file(ctx: BuildContext, plan: Plan, body: str) -> tuple[str, str]:
    """``ke-hoach/<slug>/ke-hoach.json`` and its text: the plan with ``body``, its page's body
    as the site shows it (sanitised, numbers linked, URLs relative to the page)."""
    options = _options(ctx)
    return plan_json_uri(plan), dumps(plan_export(plan, ctx.catalog, options, body))


# --- structured data (JSON-LD) ------------------------------------------------------------


def _compact(data: JSON) -> JSON:
    """Drop empty values: JSON-LD states what is known, nothing else."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _ld_ref(d: Directive, options: FeedOptions) -> JSON:
    url = options.absolute(directive_url(d))
    return _compact(
        {
            "@type": "Legislation",
            "@id": url,
            "url": url,
            "name": d.title,
            "legislationIdentifier": d.number.canonical if d.number else None,
        }
    )


def _organization(name: str) -> JSON | None:
    return {"@type": "Organization", "name": name} if name else None


def plan_linked_data(plan: Plan, catalog: Catalog, site_url: str) -> JSON:
    """schema.org ``Legislation`` for a plan's page."""
    options = FeedOptions(site_url=site_url, site_name="")
    url = options.absolute(plan_url(plan))
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "@id": url,
            "url": url,
            "name": plan.title,
            "description": plan.summary,
            "inLanguage": "vi",
            "legislationType": plan.kind,
            "legislationIdentifier": plan.number.canonical if plan.number else None,
            "legislationDate": plan.issued.isoformat() if plan.issued else None,
            "datePublished": plan.published.isoformat(),
            "legislationPassedBy": _organization(plan.issuer),
            "legislationJurisdiction": plan.locality,
            "keywords": list(plan.topics),
            "legislationApplies": [_ld_ref(d, options) for d in catalog.implemented(plan)],
            "citation": [_ld_ref(d, options) for d in catalog.cited(plan)],
            "encoding": {
                "@type": "MediaObject",
                "contentUrl": options.absolute(plan_json_uri(plan)),
                "encodingFormat": "application/json",
            },
        }
    )


def directive_linked_data(d: Directive, site_url: str) -> JSON:
    """schema.org ``Legislation`` for a directive's page; the plans applying it in ``@reverse``:
    those its page lists (the first :data:`plansite.site.lists.PLANS_PER_PAGE`), so that the
    page's size does not grow with the number of plans."""
    options = FeedOptions(site_url=site_url, site_name="")
    url = options.absolute(directive_url(d))
    applied_by = [
        _compact(
            {
                "@type": "Legislation",
                "@id": options.absolute(plan_url(p)),
                "url": options.absolute(plan_url(p)),
                "name": p.title,
                "legislationIdentifier": p.number.canonical if p.number else None,
            }
        )
        for p in d.implemented_by[:PLANS_PER_PAGE]
    ]
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "@id": url,
            "url": url,
            "name": d.title,
            "description": d.subject,
            "inLanguage": "vi",
            "legislationType": d.kind,
            "legislationIdentifier": d.number.canonical if d.number else None,
            "legislationDate": d.issued.isoformat() if d.issued else None,
            "legislationPassedBy": _organization(d.issuer_name),
            # The same document, published in full on this site.
            "sameAs": options.absolute(plan_url(d.plan)) if d.plan else None,
            "@reverse": {"legislationApplies": applied_by} if applied_by else None,
        }
    )


_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: JSON) -> str:
    """JSON safe to place as is inside ``<script>``: ``<``, ``>`` and ``&`` are written as
    ``\\u`` escapes, so no text (``</script>``, ``<!--``) can end or change the element;
    a JSON parser reads the same values back."""
    text = json.dumps(_nfc(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


@dataclass(frozen=True)
class PageData:
    """What a page's templates need: its structured data, ready for ``<script>``, and for a
    plan the site path of its JSON export."""

    jsonld: str
    json_uri: str


def page_data(obj: Plan | Directive | None, catalog: Catalog | None, site_url: str) -> PageData:
    """Structured data (only with an absolute ``site_url``) and export path of a page's object."""
    if isinstance(obj, Plan):
        data = plan_linked_data(obj, catalog, site_url) if catalog else None
        uri = plan_json_uri(obj)
    elif isinstance(obj, Directive):
        data, uri = directive_linked_data(obj, site_url), ""
    else:
        data, uri = None, ""
    jsonld = script_json(data) if data is not None and is_absolute(site_url) else ""
    return PageData(jsonld, uri)
