"""Shared fixtures: the project's folders, and the real sample site built once per session."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(config_file: Path, site_dir: Path, **overrides: object) -> list[str]:
    """Build a site with MkDocs in strict mode; return every warning it logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collector = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True, **overrides)
        build(config)
    finally:
        logger.removeHandler(collector)
    return [r.getMessage() for r in collector.records]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (mkdocs.yml, plans/, docs/) built into a temporary folder.

    Fails on any warning: the sample site must build clean with ``--strict``.
    """
    site_dir = tmp_path_factory.mktemp("site")
    warnings = build_site(ROOT / "mkdocs.yml", site_dir)
    assert warnings == [], f"the sample site logged warnings: {warnings}"
    return site_dir
