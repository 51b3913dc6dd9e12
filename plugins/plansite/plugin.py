"""The MkDocs adapter: turns the catalogue into pages. All domain work happens elsewhere.

Pages are generated in memory (``File.generated``); nothing is written into ``docs/``.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup, escape
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from . import mkdocs_messages, parallel
from .core.bodies import link_numbers, sanitize
from .core.catalog import Catalog, ReadCache
from .core.numbers import DocumentNumber
from .core.plan import NEW_PLAN
from .core.problems import PlanError, Problems
from .core.text import markdown_slugify
from .core.urls import directive_url
from .intake.plans import load_catalog
from .site import admin as site_admin
from .site import context as site_context
from .site import export, search
from .site import links as site_links
from .site import pages as site_pages
from .site import view as site_view

log = get_plugin_logger(__name__)
_REACHED_FROM_INDEXES = ("plan", "directive", "directive_list", "feed_group", "feed_groups")
#: Pages whose parts (below their own folder) are reached from them, not from the nav.
_SPLIT_INDEXES = ("timeline", "plans_index", "directives_index")

TEMPLATES = Path(__file__).parent / "templates"
#: The theme's templates (those after ours in the theme's folders) by this prefix.
THEME_PREFIX = "plansite-theme"


def _nav_key(page: Any, nav: Any) -> str:
    """What Material's navigation depends on for ``page``, or "" when it must be made for the
    page alone. A page outside the navigation (a plan, a directive…) marks no item of it as
    current, so the navigation differs only by the relative addresses of its links: pages of
    one folder share it."""
    if page is None or nav is None or getattr(page, "parent", None) is not None:
        return ""
    url = str(page.url)
    if any(page is item or (url and str(item.url).startswith(url)) for item in nav.pages):
        return ""  # in the navigation, or above one of its pages (its links differ there)
    return "/" + posixpath.dirname(url.rstrip("/"))


#: Material's drawer and search toggles carry autocomplete="off", which HTML allows only on
#: text-like inputs (the Nu Html Checker reports it on every page); it is dropped.
_invalid_toggle_attribute = re.compile(
    r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?)'
    r'\s+autocomplete="off"'
)


_toc_label = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.S)


def _theme_html_fixes(html: str) -> str:
    """Fix what the Nu Html Checker reports in Material's own markup."""
    html = _invalid_toggle_attribute.sub(r"\1", html)
    if 'id="__toc"' not in html:
        # Pages outside the nav (plan pages, for one) have no table-of-contents toggle for
        # the label to point at: it becomes a plain title.
        html = _toc_label.sub(r'<div class="md-nav__title">\1</div>', html)
    return html


#: Heading ids: plans repeat the same headings ("1. Mục đích"…), so each is slugged once.
_heading_slug = lru_cache(maxsize=1 << 14)(markdown_slugify)


def _ours(name: str | None) -> bool:
    return bool(name) and (str(name).startswith("plansite/") or name == "main.html")


def _call(setting: Any, name: str | None) -> bool:
    return bool(setting(name) if callable(setting) else setting)


class PlansiteConfig(base.Config):
    """Options of the ``plansite`` plugin.

    ```yaml
    plugins:
      - plansite:
          enabled: true
          plans_dir: plans      # folder of plan files, relative to mkdocs.yml
          home_plans: 10        # newest plans listed on the home page
          feed_items: 50        # plans in each feed (RSS, Atom, JSON Feed), newest first
          feed_content: summary # what items carry as HTML: summary, or body (the whole plan)
          search: true          # build the Pagefind search index (tim-kiem/, header box)
          parallel: auto        # a large site's pages on two cores: auto, true, false
    ```
    """

    enabled = c.Type(bool, default=True)
    plans_dir = c.Type(str, default="plans")
    home_plans = c.Type(int, default=10)
    feed_items = c.Type(int, default=50)
    feed_content = c.Choice(("summary", "body"), default="summary")
    search = c.Type(bool, default=True)
    #: Render a large site's pages in two processes (plansite.parallel): "auto" (from
    #: parallel.MIN_PAGES generated pages, on a machine of two cores or more), true, false.
    parallel = c.Choice(("auto", True, False), default="auto")


class PlansitePlugin(BasePlugin[PlansiteConfig]):
    """Reads ``plans/``, builds the catalogue, generates plan and directive pages."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.ctx = site_context.BuildContext(
            Catalog([], [], Problems()), "", site_context.build_date()
        )
        self.pages: dict[str, site_context.GeneratedPage] = {}
        self.plans_path = Path("plans")
        self.root = Path(".")
        self.docs_dir = Path("docs")
        self.indexer: search.SearchIndexer | None = None
        self.read_cache = ReadCache()  # kept between the rebuilds of `mkdocs serve`
        self.view: site_view.SiteView | None = None
        # The preview (plansite.preview) makes the data files when they are asked for, not
        # on every reading of the plans; the addresses of the last ones made stay listed.
        self.lazy_data = False
        self.data_uris: tuple[str, ...] = ()
        self.command: str | None = None  # "build", "serve"… (None: not started by MkDocs)
        self.nav: Navigation | None = None
        self.split: parallel.Split | None = None
        self._last_uri = ""
        self._files = Files([])
        self._copying = False  # in the copy of a split build
        self._ended_split: parallel.Split | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook makes MkDocs keep this instance between the rebuilds of
        # `mkdocs serve`, and with it `read_cache`: an edit re-reads only the edited plan.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.docs_dir = Path(config.docs_dir)
        mkdocs_messages.install(self._locate, strict=bool(config.strict))
        self.plans_path = (root / self.config.plans_dir).resolve()
        # After the site's own custom_dir (so a site can override ours), before the theme's.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(TEMPLATES))
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", _heading_slug)
        for css in site_context.STYLESHEETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        return config

    @event_priority(50)  # early: other plugins (search, nav) must see the generated pages
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        catalog = load_catalog(
            self.plans_path, self.root, raise_on_error=False, cache=self.read_cache
        )
        mkdocs_messages.plan_warnings_do_not_stop()  # one meaning: a warning never stops
        for problem in sorted(catalog.problems.warnings):
            log.warning(str(problem), extra={mkdocs_messages.PLAN_WARNING: True})
        if catalog.problems.errors:
            raise PluginError(str(PlanError(sorted(catalog.problems.errors))))
        self.catalog = catalog
        self.ctx = site_context.BuildContext(
            catalog,
            config.site_url or "",
            site_context.build_date(),
            site_name=config.site_name,
            site_description=config.site_description or "",
            feed_items=self.config.feed_items,
            feed_content=self.config.feed_content,
            markdown_extensions=tuple(config.markdown_extensions),
            mdx_configs=config.mdx_configs,
        )
        self.pages = {}
        for page in site_pages.generated_pages(self.ctx):
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"Trang '{page.src_uri}' do plansite tạo trùng với một tệp trong docs/: "
                    "đổi tên hoặc xóa tệp đó trong docs/"
                )
            self.pages[page.src_uri] = page
            file = File.generated(config, page.src_uri, content=page.markdown)
            if (
                page.kind in _REACHED_FROM_INDEXES
                or "/trang-" in page.src_uri
                or (page.kind in _SPLIT_INDEXES and page.src_uri.count("/") > 1)
            ):
                # thousands: reached from indexes (and a long list's or timeline's parts)
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        if self.lazy_data:  # the preview: the addresses only, the data when asked for
            data: dict[str, str | bytes] = dict.fromkeys(self.data_uris, b"")
        else:
            data = self.data_files()
        for uri, content in data.items():
            files.append(File.generated(config, uri, content=content))
        css = site_admin.theme_stylesheets(config.theme.dirs, config.extra_css)
        backend = config.extra.get("plansite_admin_backend")  # docs/soan-tren-trinh-duyet.md
        admin = site_admin.files(
            self.root, NEW_PLAN, backend=backend, stylesheets=css, site_url=config.site_url or ""
        )
        for uri, src in admin.items():
            if isinstance(src, Path):  # Decap's bundle, copied as installed (make edit)
                files.append(File.generated(config, uri, abs_src_path=str(src)))
            else:
                files.append(File.generated(config, uri, content=src))
        self._check_links(catalog, files, config)
        if self.indexer is not None:
            self.indexer.start(catalog)  # the summary index is made while pages render
        return files

    def _locate(self, src_uri: str, needle: str) -> tuple[str, int]:
        """Where an editor finds what MkDocs says of page ``src_uri``: the plan's file (or the
        docs/ page) and the line holding ``needle``."""
        page = self.pages.get(src_uri)
        if page is not None and page.kind == "plan":
            plan = page.obj
            at = plan.body.find(needle) if needle else -1
            return plan.source, plan.body_line + plan.body.count("\n", 0, max(at, 0))
        if page is not None:
            return src_uri, 0
        docs_dir = self.docs_dir
        docs = (
            docs_dir.relative_to(self.root).as_posix()
            if docs_dir.is_relative_to(self.root)
            else str(docs_dir)
        )
        try:
            text = (docs_dir / src_uri).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return f"{docs}/{src_uri}", 0
        at = text.find(needle) if needle else -1
        return f"{docs}/{src_uri}", (text.count("\n", 0, at) + 1) if at >= 0 else 0

    def _check_links(self, catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
        """The plans' links that reach nothing stop the build, as they stop `plansite check`
        (one rule: plansite.site.links); MkDocs' own messages name the plan file and line."""

        def text_of(uri: str) -> str | None:
            file = files.get_file_from_path(uri)
            if file is None or file.generated_by or not file.abs_src_path:
                return None
            try:
                return Path(file.abs_src_path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None

        problems = site_links.link_problems(
            catalog, lambda uri: files.get_file_from_path(uri) is not None, text_of
        )
        if problems:
            raise PluginError(str(PlanError(sorted(problems))))

    def data_files(self) -> dict[str, str | bytes]:
        """The data files of the last catalogue read (lookup table, calendars, feeds, exports,
        search number tables): made for every build, and by the preview when asked for."""
        data = site_pages.data_files(self.ctx)
        if self.config.search and self.catalog is not None:
            data.update(search.number_files(self.catalog))
        self.data_uris = tuple(data)
        return data

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.split is not None and page.file.src_uri in self.split.theirs:
            # The copy converts this page's Markdown; here it is never shown. MkDocs' anchor
            # check skips a page whose anchors are None until the copy sends them (_join).
            def render(config: MkDocsConfig, files: Files) -> None:
                page.content = ""

            page.render = render  # type: ignore[method-assign]
        return page

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # Material prints these unescaped in places: hand it escaped Markup, which `| e`
            # leaves alone, so editors' text can never become markup.
            page.meta["title"] = escape(generated.title)
            page.meta["template"] = generated.template
            if self.split is not None and page.file.src_uri in self.split.theirs:
                page.meta["template"] = parallel.NOTHING  # the copy renders it
            page.meta["description"] = escape(generated.description)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or self.catalog is None:
            return html
        if generated.kind != "plan":
            return html
        if self.split is not None and page.file.src_uri in self.split.theirs:
            return html  # the copy's page: its export is written there
        catalog, plan = self.catalog, generated.obj

        def href(number: DocumentNumber) -> str | None:
            directive = catalog.cited_directive(plan, number)
            if directive is None:
                return None
            return get_relative_url(directive_url(directive), page.url)

        # Numbers in the title and summary link too; the text is escaped before linking.
        for name in ("title", "summary"):
            text = getattr(plan, name)
            page.meta[f"plansite_{name}_html"] = Markup(link_numbers(str(escape(text)), href))
        body = link_numbers(sanitize(html), href)
        # The plan's export carries the body as the page shows it; written now, not kept
        # (MkDocs has cleaned site_dir before reading the pages).
        uri, text = export.plan_file(self.ctx, plan, body)
        path = Path(config.site_dir, uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return body

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext | None:
        extra: dict[str, Any] = context  # type: ignore[assignment]  # templates take any key
        if self.view is None or self.view.catalog is not self.catalog:
            # One per build: what it computes for one page (timelines) serves every page.
            self.view = site_view.SiteView(self.catalog, self.config.home_plans, self.ctx.today)
        extra["plansite"] = self.view
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            extra[generated.kind] = generated.obj
        return context

    @event_priority(-100)  # last: the navigation as every plugin left it
    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        self.nav = nav
        if self._splits():
            self._split(config, files)
        return nav

    @event_priority(-100)  # last: a split copies the environment as every plugin left it
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs renders with autoescape off and Material relies on it. Our templates render
        # editors' text (titles, summaries, milestones), so they escape everything; HTML that
        # is meant as HTML (page.content) is marked `| safe` in them.
        theme_autoescape = env.autoescape
        env.autoescape = lambda name: _ours(name) or _call(theme_autoescape, name)
        if env.cache is not None:
            env.cache.clear()  # templates compiled before this change must be compiled again
        env.filters.update(site_view.FILTERS)
        env.filters.update(search.FILTERS)
        env.globals.update(search.GLOBALS)
        env.globals["plansite_json"] = json.dumps
        env.globals["plansite_fragment"] = site_view.Fragments()  # a new environment each build
        # The theme's own templates under a prefix, for ours that wrap one of the same name
        # (partials/nav.html: Material's navigation, made once per folder of pages).
        if not getattr(env, "plansite_theme_loader", False):  # once per environment
            dirs = config.theme.dirs
            after = dirs[dirs.index(str(TEMPLATES)) + 1 :] if str(TEMPLATES) in dirs else dirs
            theme = PrefixLoader({THEME_PREFIX: FileSystemLoader(after)})
            env.loader = ChoiceLoader([env.loader, theme]) if env.loader else theme
            env.plansite_theme_loader = True  # type: ignore[attr-defined]
        env.globals["plansite_nav_key"] = _nav_key
        return env

    def _splits(self) -> bool:
        if not self.config.enabled or self.command == "serve" or self._copying:
            return False
        if self.config.parallel is True:
            return hasattr(os, "fork")
        return (
            self.config.parallel == "auto"
            and self.command in ("build", "gh-deploy")
            and len(self.pages) >= parallel.MIN_PAGES
            and parallel.can_split()
        )

    def _split(self, config: MkDocsConfig, files: Files) -> None:
        """A share of the generated pages to a forked copy of this build (plansite.parallel)."""
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        ours = [f for f in doc_files if f.src_uri in self.pages]
        theirs = parallel.their_share([f.src_uri for f in ours])
        if not theirs:
            return
        mine = set(theirs)
        their_plans = sum(self.pages[uri].kind == "plan" for uri in theirs)
        nav = self.nav
        assert nav is not None

        def work(copy: parallel.Copy) -> None:
            self._copying = True
            if self.indexer is not None:
                self.indexer.as_copy(their_plans)
            for file in doc_files:  # MkDocs' reading of the pages, for this copy's pages
                if file.page is None:
                    Page(None, file, config)
                assert file.page is not None
                if file.src_uri in mine:
                    mkdocs_build._populate_page(file.page, config, files)
                elif file.src_uri not in self.pages:
                    with copy.muted():  # docs/ pages, for the navigation: read there too
                        mkdocs_build._populate_page(file.page, config, files)
            env = config.theme.get_env()
            with copy.muted():
                env = config.plugins.on_env(env, config=config, files=files)
            for file in doc_files:
                if file.src_uri in mine:
                    assert file.page is not None
                    excluded = file.inclusion.is_excluded()
                    mkdocs_build._build_page(
                        file.page, config, doc_files, nav, env, excluded=excluded
                    )
                    copy.outcome.anchors[file.src_uri] = (
                        file.page.present_anchor_ids,
                        None
                        if file.page.links_to_anchors is None
                        else {f.src_uri: d for f, d in file.page.links_to_anchors.items()},
                    )
            if self.indexer is not None:
                copy.outcome.full_text_pages = self.indexer.finish_copy()

        self.split = parallel.split(theirs, work)
        if self.indexer is not None:
            self.indexer.share(their_plans)
        self._last_uri = doc_files[-1].src_uri
        self._files = files

    def _join(self) -> None:
        """Wait for the copy of a split build; its pages are written once this returns."""
        if self.split is None:
            return
        split, self.split = self.split, None
        self._ended_split = split  # its filter of MkDocs' notes stays until the build ends
        outcome = split.wait()
        log.debug(
            f"Dựng trang trên hai nhân: tiến trình thứ hai {len(split.theirs)} trang trong "
            f"{outcome.seconds:.1f} s, tiến trình chính {split.seconds:.1f} s, chờ thêm "
            f"{split.waited:.1f} s"
        )
        for uri, (present, links) in outcome.anchors.items():
            # MkDocs checks anchor links after the last page: the copy's pages are seen too.
            file = self._files.get_file_from_path(uri)
            if file is not None and file.page is not None:
                file.page.present_anchor_ids = present
                file.page.links_to_anchors = (
                    None
                    if links is None
                    else {
                        target: anchors
                        for to, anchors in links.items()
                        if (target := self._files.get_file_from_path(to)) is not None
                    }
                )
        if outcome.error:
            raise PluginError(
                f"Dựng trang trong tiến trình thứ hai bị lỗi: {outcome.error}. Chạy lại với "
                "`parallel: false` trong phần plansite của mkdocs.yml để xem lỗi ở trang nào"
            )
        if self.indexer is not None:
            self.indexer.adopt_parts(outcome.full_text_pages)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._close_indexer()
        if self.config.enabled and self.config.search:
            self.indexer = search.SearchIndexer()

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.split is not None:
            if self.indexer is not None:
                self.indexer.adopt_parts()  # the copy's full texts, as its parts fill
            uri = page.file.src_uri
            theirs = uri in self.split.theirs
            if uri == self._last_uri:
                self._join()
            if theirs:
                return ""  # the copy writes it
        output = _theme_html_fixes(output)
        generated = self.pages.get(page.file.src_uri)
        if self.indexer is not None and generated is not None:
            self.indexer.add(page.url, output, generated.obj)
        return output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        return _theme_html_fixes(output_content) if template_name.endswith(".html") else None

    @event_priority(-100)  # last: other plugins may still write into site_dir before this
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._join()
        if self._ended_split is not None:
            self._ended_split.close()
            self._ended_split = None
        if self.indexer is None:
            return
        try:
            stats = self.indexer.write(Path(config.site_dir))
        finally:
            self._close_indexer()
        peak = f", bộ nhớ đỉnh {stats.peak_memory / 2**20:.0f} MB" if stats.peak_memory else ""
        log.info(
            f"Chỉ mục tìm kiếm: {stats.pages} trang, toàn văn {stats.full_text_pages} "
            f"kế hoạch ({stats.parts} phần), {stats.bytes / 2**20:.1f} MB, "
            f"{stats.seconds:.1f} s{peak}"
        )

    def on_build_error(self, *, error: Exception) -> None:
        if self.split is not None:
            self.split.stop()
            self.split = None
        if self._ended_split is not None:
            self._ended_split.close()
            self._ended_split = None
        self._close_indexer()

    def _close_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.plans_path))
        return server
