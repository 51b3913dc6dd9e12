"""The MkDocs adapter: turns the catalogue into pages. All domain work happens elsewhere.

Pages are generated in memory (``File.generated``); nothing is written into ``docs/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import site
from .catalog import Catalog, load_catalog
from .html import link_numbers, sanitize
from .numbers import DocumentNumber
from .problems import PlanError, Problems
from .text import markdown_slugify

log = get_plugin_logger(__name__)

TEMPLATES = Path(__file__).parent / "templates"


class PlansiteConfig(base.Config):
    """Options of the ``plansite`` plugin.

    ```yaml
    plugins:
      - plansite:
          enabled: true
          plans_dir: plans      # folder of plan files, relative to mkdocs.yml
          home_plans: 10        # newest plans listed on the home page
    ```
    """

    enabled = c.Type(bool, default=True)
    plans_dir = c.Type(str, default="plans")
    home_plans = c.Type(int, default=10)


class PlansitePlugin(BasePlugin[PlansiteConfig]):
    """Reads ``plans/``, builds the catalogue, generates plan and directive pages."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.ctx = site.BuildContext(Catalog([], [], Problems()), "", site.build_date())
        self.pages: dict[str, site.GeneratedPage] = {}
        self.plans_path = Path("plans")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.plans_path = (root / self.config.plans_dir).resolve()
        # After the site's own custom_dir (so a site can override ours), before the theme's.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(TEMPLATES))
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", markdown_slugify)
        for css in site.STYLESHEETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        return config

    @event_priority(50)  # early: other plugins (search, nav) must see the generated pages
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        try:
            catalog = load_catalog(self.plans_path, self.root)
        except PlanError as error:
            raise PluginError(str(error)) from None
        for problem in catalog.problems.sorted():
            log.warning(str(problem))
        self.catalog = catalog
        self.ctx = site.BuildContext(catalog, config.site_url or "", site.build_date())
        self.pages = {}
        for page in site.generated_pages(self.ctx):
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"Trang '{page.src_uri}' do plansite tạo trùng với một tệp trong docs/: "
                    "đổi tên hoặc xóa tệp đó trong docs/"
                )
            self.pages[page.src_uri] = page
            file = File.generated(config, page.src_uri, content=page.markdown)
            if page.kind in ("plan", "directive"):
                file.inclusion = InclusionLevel.NOT_IN_NAV  # thousands: reached from indexes
            files.append(file)
        for uri, content in site.data_files(self.ctx).items():
            files.append(File.generated(config, uri, content=content))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["title"] = generated.title
            page.meta["template"] = generated.template
            page.meta.setdefault("description", generated.description)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or self.catalog is None:
            return html
        if generated.kind != "plan":
            return html
        catalog, plan = self.catalog, generated.obj
        corrections = {c.corrected_from.key: c.number for c in plan.citations if c.corrected_from}

        def href(number: DocumentNumber) -> str | None:
            number = corrections.get(number.key, number)
            directive = catalog.directive_for(number, context_year=plan.year)
            if directive is None:
                return None
            return get_relative_url(site.directive_url(directive), page.url)

        return link_numbers(sanitize(html), href)

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any] | None:
        context["plansite"] = site.SiteView(self.catalog, self.config.home_plans, self.ctx.today)
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            context[generated.kind] = generated.obj
        return context

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.filters.update(site.FILTERS)
        env.globals["plansite_json"] = json.dumps
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.plans_path))
        return server
