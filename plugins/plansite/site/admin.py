"""``admin/``: the plan form in the browser (Decap CMS), generated from the plan schema.

The form's fields, required ones, patterns and choices come from :mod:`plansite.core.schema`
and the rules' own modules (dates, numbers, levels, recurrences), never written beside them.
The file the form saves follows the template of ``plansite new`` (passed in as ``template``):
``admin/plansite-admin.js`` fills that template's lines with the form's values.

Decap's bundle is not part of the project: ``make edit`` installs it from npm (pinned in
``tests/js/package-lock.json``) into ``tests/js/node_modules/``, and the build copies it into
``admin/`` when it is there. Without it, ``admin/`` is one page saying how to turn it on. No
file of ``admin/`` is ever fetched from another site.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core import dates, numbers
from ..core.dates import Recurrence
from ..core.plan import LEVELS, PLACEHOLDER_BODY
from ..core.schema import PLAN_FIELDS, Field, field_names
from .context import rules_attribute

__all__ = [
    "BUNDLE",
    "LOCAL_BACKEND",
    "bundle_dir",
    "cms_config",
    "files",
    "form_disagreement",
    "form_fields",
    "number_pattern",
]

#: Where ``make edit`` (``npm ci`` in tests/js) puts Decap's bundle, below the project.
BUNDLE = Path("tests/js/node_modules/decap-cms/dist")
#: js-yaml, installed with Decap (it reads the front matter of plans already in plans/).
YAML_BUNDLE = Path("tests/js/node_modules/js-yaml/dist/js-yaml.min.js")
#: The local backend ``make edit`` starts (decap-server), on this machine only.
LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"

_DATE_MESSAGE = "Ghi ngày theo dạng năm-tháng-ngày, ví dụ 2022-01-18"
_NUMBER_MESSAGE = "Không phải số hiệu văn bản: viết như 21-KL/TW, 05-QĐi/ThU hoặc 42/2022/NĐ-CP"


def _js_regex(pattern: str) -> str:
    """A Python pattern as JavaScript reads it: its named groups ``(?P<n>…)`` left unnamed
    (the two patterns share names, which one JavaScript pattern may not)."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def number_pattern() -> str:
    """The browser's pattern for one document number: the scanner's own two patterns
    (:mod:`plansite.core.numbers`), anchored. ``check`` still decides (codes, look-alikes)."""
    party, state = (_js_regex(p) for p in numbers.number_patterns())
    return rf"^\s*(?:{party}|{state})\s*$"


def _date_pattern() -> str:
    return rf"^{dates.ISO_DATE}$"


def _recurrence_options() -> list[dict[str, str]]:
    return [{"label": Recurrence(c).label, "value": c} for c in dates.RECURRENCE_CODES]


def _level_options() -> list[dict[str, str]]:
    # The value is the level as editors write it (`level: tỉnh`), which the reader folds.
    return [{"label": label, "value": label.lower()} for label in LEVELS.values()]


def _widget(f: Field) -> dict[str, Any]:
    """Decap's settings for one field of the schema."""
    out: dict[str, Any] = {"name": f.name, "label": f.label, "required": f.required}
    if f.hint:
        out["hint"] = f.hint
    if f.kind in ("text", "period"):
        out["widget"] = "string"
    elif f.kind == "long":
        out["widget"] = "text"
    elif f.kind == "date":
        out |= {"widget": "string", "pattern": [_date_pattern(), _DATE_MESSAGE]}
    elif f.kind == "number":
        out |= {"widget": "string", "pattern": [number_pattern(), _NUMBER_MESSAGE]}
    elif f.kind == "level":
        out |= {"widget": "select", "options": _level_options()}
    elif f.kind == "recurrence":
        out |= {"widget": "select", "options": _recurrence_options()}
    elif f.kind == "texts":
        out |= {"widget": "list", "field": {"name": "item", "label": f.label, "widget": "string"}}
    elif f.kind == "group":
        # Decap checks a group's required sub-fields even when the group is left empty;
        # `check` asks for them when the group is filled.
        sub = [_widget(s) | {"required": False} for s in f.fields]
        out |= {"widget": "object", "collapsed": False, "fields": sub}
    elif f.kind in ("list", "map"):
        out |= {"widget": "list", "collapsed": False, "fields": [_widget(s) for s in f.fields]}
    else:
        raise ValueError(f"unknown kind of field: {f.kind}")
    if f.name == "milestones":
        out["summary"] = "{{fields.what}}"
    return out


def form_fields(fields: tuple[Field, ...] = PLAN_FIELDS) -> list[dict[str, Any]]:
    """The form's fields, one per field of the schema, then the plan's text (``body``)."""
    return [_widget(f) for f in fields] + [
        {
            "name": "body",
            "label": "Nội dung kế hoạch",
            "widget": "markdown",
            "required": True,
            "modes": ["raw"],
            "hint": "Dán nội dung kế hoạch: đoạn mở đầu, rồi các mục ## I., ## II., …",
        }
    ]


def _form_names(fields: list[dict[str, Any]], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for f in fields:
        out.add(prefix + f["name"])
        out |= _form_names(f.get("fields", []), f"{prefix}{f['name']}.")
    return out


def form_disagreement(
    form: list[dict[str, Any]], fields: tuple[Field, ...] = PLAN_FIELDS
) -> list[str]:
    """What the form and the schema disagree on: a field of one the other lacks (the form's
    ``body`` is the plan's text, not a front-matter field)."""
    schema, shown = field_names(fields), _form_names(form) - {"body"}
    return [f"trường `{n}` của lược đồ không có trên biểu mẫu" for n in sorted(schema - shown)] + [
        f"trường `{n}` của biểu mẫu không có trong lược đồ" for n in sorted(shown - schema)
    ]


def cms_config(
    template: str, backend: dict[str, Any] | None = None, stylesheets: list[str] | None = None
) -> dict[str, Any]:
    """Decap's configuration, and what ``plansite-admin.js`` needs: the template of
    ``plansite new`` (``template``, with its ``{title}``, ``{today}`` and ``{placeholder}``),
    the placeholder text, and the stylesheets of the preview (site-relative paths)."""
    return {
        "cms": {
            "load_config_file": False,
            "locale": "vi",
            "backend": backend or {"name": "proxy", "proxy_url": LOCAL_BACKEND, "branch": "main"},
            "local_backend": {"url": LOCAL_BACKEND, "allowed_hosts": ["127.0.0.1"]},
            "slug": {"encoding": "ascii", "clean_accents": True},
            "media_folder": "docs/tai-lieu",
            "public_folder": "/tai-lieu",
            "collections": [
                {
                    "name": "plans",
                    "label": "Kế hoạch",
                    "label_singular": "kế hoạch",
                    "folder": "plans",
                    "path": "{{year}}/{{slug}}",
                    "extension": "md",
                    "format": "plansite",
                    "create": True,
                    "slug": "{{title}}",
                    "identifier_field": "title",
                    "summary": "{{title}}",
                    "fields": form_fields(),
                }
            ],
        },
        "schema": _layout(PLAN_FIELDS),
        "template": template,
        "placeholder": PLACEHOLDER_BODY,
        "stylesheets": stylesheets or [],
    }


def _layout(fields: tuple[Field, ...]) -> list[dict[str, Any]]:
    """Each field's name and kind, in the schema's order: how the script writes the file."""
    return [{"name": f.name, "kind": f.kind, "fields": _layout(f.fields)} for f in fields]


def bundle_dir(root: Path) -> Path | None:
    """Decap's bundle below the project ``root``, where ``make edit`` installs it, or None."""
    dist = root / BUNDLE
    return dist if (dist / "decap-cms.js").is_file() and (root / YAML_BUNDLE).is_file() else None


def theme_stylesheets(theme_dirs: list[str], extra_css: list[str]) -> list[str]:
    """The site's stylesheets (the theme's main one, then the site's own), site-relative."""
    found: list[str] = []
    for folder in theme_dirs:
        main = sorted(Path(folder).glob("assets/stylesheets/main.*.min.css"))
        if main:
            found.append(main[0].relative_to(folder).as_posix())
            break
    return found + list(extra_css)


_HEAD = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Soạn kế hoạch</title>
<meta name="description" content="Biểu mẫu soạn kế hoạch, dành cho biên tập viên">
"""


def _canonical(site_url: str) -> str:
    return f'<link rel="canonical" href="{site_url.rstrip("/")}/admin/">\n' if site_url else ""


def _page(config: dict[str, Any], site_url: str) -> str:
    return (
        _HEAD
        + _canonical(site_url)
        # Decap's publish button: white on #17a2b8 is 3.0:1; this teal is 5.3:1 (WCAG AA).
        + '<style>[class*="PublishButton"]{background-color:#117a8b!important}</style>\n'
        + "</head>\n<body>\n"
        + '<script src="js-yaml.min.js"></script>\n'
        + f'<script src="plansite-admin.js"{rules_attribute("data-config", config)}></script>\n'
        + '<script src="decap-cms.js"></script>\n'
        + "</body>\n</html>\n"
    )


_OFF = (
    _HEAD
    + """{canonical}{css}
</head>
<body>
<main class="md-typeset" style="max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>Soạn kế hoạch trên trình duyệt: chưa bật</h1>
<p>Trang này chưa có biểu mẫu soạn kế hoạch. Trên máy biên tập, trong thư mục của trang (nơi có
<code>mkdocs.yml</code>), chạy <code>make edit</code>: lệnh cài biểu mẫu, rồi mở nó tại
<code>http://127.0.0.1:8000/admin/</code>.</p>
<p>Xem hướng dẫn: <a href="../soan-tren-trinh-duyet/">Soạn kế hoạch trên trình duyệt</a>.</p>
</main>
</body>
</html>
"""
)


def files(
    root: Path,
    template: str,
    *,
    backend: dict[str, Any] | None = None,
    stylesheets: list[str] | None = None,
    site_url: str = "",
) -> dict[str, str | Path]:
    """The files of ``admin/``: site path -> text, or the installed file to copy."""
    dist = bundle_dir(root)
    css = stylesheets or []
    if dist is None:
        links = "".join(f'<link rel="stylesheet" href="../{c}">\n' for c in css)
        off = _OFF.format(css=links, canonical=_canonical(site_url))
        return {"admin/index.html": off}
    out: dict[str, str | Path] = {
        "admin/index.html": _page(cms_config(template, backend, css), site_url),
        "admin/js-yaml.min.js": root / YAML_BUNDLE,
    }
    for path in sorted(dist.iterdir()):
        if re.fullmatch(
            r"(?:\d+\.)?decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt", path.name
        ):
            out[f"admin/{path.name}"] = path
    return out
