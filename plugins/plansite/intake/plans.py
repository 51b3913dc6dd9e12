"""The plans folder read into the catalogue, with the text engine reading what each plan's
text cites: the one way the adapters (MkDocs plugin, CLI) and the tests load a site's plans."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core import catalog
from ..core.catalog import Catalog, ReadCache
from ..core.plan import Plan
from ..core.problems import Problems
from ..extract import cited_documents

__all__ = ["build_catalog", "load_catalog"]


def load_catalog(
    plans_dir: Path, root: Path, *, raise_on_error: bool = True, cache: ReadCache | None = None
) -> Catalog:
    """:func:`plansite.core.catalog.load_catalog` with the text engine's citations."""
    return catalog.load_catalog(
        plans_dir, root, read_cited=cited_documents, raise_on_error=raise_on_error, cache=cache
    )


def build_catalog(
    plans: Iterable[Plan], problems: Problems, cache: ReadCache | None = None
) -> Catalog:
    """:func:`plansite.core.catalog.build_catalog` with the text engine's citations."""
    return catalog.build_catalog(plans, problems, cache, read_cited=cited_documents)
