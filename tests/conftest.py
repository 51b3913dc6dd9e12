"""Shared fixtures: the project's folders, and the real sample site built once per session."""

from __future__ import annotations

import contextlib
import datetime
import functools
import http.server
import logging
import shutil
import socket
import textwrap
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    config_file: Path, site_dir: Path, strict: bool = True, **overrides: object
) -> list[str]:
    """Build a site with MkDocs (strict by default); return every warning it logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collector = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict, **overrides)
        build(config)
    finally:
        logger.removeHandler(collector)
    return [r.getMessage() for r in collector.records]


def build_outcome(
    config_file: Path, site_dir: Path, strict: bool = False
) -> tuple[bool, list[str]]:
    """Build a site; return whether it succeeded and every warning or error it logged."""
    from mkdocs.exceptions import Abort

    collector = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        build_site(config_file, site_dir, strict=strict)
        ok = True
    except Abort:
        ok = False
    finally:
        logger.removeHandler(collector)
    return ok, [r.getMessage() for r in collector.records]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (mkdocs.yml, plans/, docs/) built into a temporary folder.

    Fails on any warning: the sample site must build clean with ``--strict``.
    """
    site_dir = tmp_path_factory.mktemp("site")
    warnings = build_site(ROOT / "mkdocs.yml", site_dir)
    assert warnings == [], f"the sample site logged warnings: {warnings}"
    return site_dir


def copy_project(dest: Path) -> Path:
    """A copy of the sample project (``mkdocs.yml``, ``docs/``, ``plans/``) at ``dest``, for a
    test that changes it."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "plans", dest / "plans")
    return dest


def free_port() -> int:
    """A TCP port on 127.0.0.1 free right now (for `mkdocs serve`)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    """The text at ``url``, or "" while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return ""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging each request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_site(
    site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
) -> Iterator[str]:
    """Serve the built site ``site`` over HTTP on 127.0.0.1; yields its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_server(sample_site: Path) -> Iterator[str]:
    """The built sample site served over HTTP on 127.0.0.1; yields its base URL."""
    with serve_site(sample_site) as base:
        yield base


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a browser downloaded by a tool)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: run `make system-deps` (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def make_plan(front: str, source: str = "plans/x.md") -> Any:
    """A plan read from front matter alone (``title``, ``published``… as YAML lines), with a
    one-line body; fails the test on any error."""
    from plansite.core.plan import read_plan_text
    from plansite.core.problems import Problems

    problems = Problems()
    text = "---\n" + textwrap.dedent(front).strip() + "\n---\n\nNội dung.\n"
    plan = read_plan_text(text, source, problems)
    assert plan is not None, [str(p) for p in problems.sorted()]
    return plan


def build_site_on(
    config_file: Path, site_dir: Path, day: datetime.datetime, strict: bool = True
) -> list[str]:
    """:func:`build_site` as if on ``day`` (``SOURCE_DATE_EPOCH``: what is past or to come,
    which plans are in force)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))
        return build_site(config_file, site_dir, strict=strict)


def generated_project(plans: int, dest: Path) -> Path:
    """A project of ``plans`` generated plans (tests/benchmarks/corpus.py, seed 6) at ``dest``."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    return Path(importlib.import_module("corpus").make_project(plans, dest))
