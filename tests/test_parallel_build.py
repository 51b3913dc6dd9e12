"""A large site's pages built in two processes (plansite.parallel) come out as one process
writes them: the same files, byte for byte, the same messages, and a search index of every
plan. A generated site of a few hundred pages, built both ways (``parallel: true`` and
``parallel: false`` in the plugin's options)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml

from conftest import build_site, generated_project
from plansite import parallel

PLANS = 120
#: Not byte-reproducible from one Pagefind run to the next: compared by what they hold.
INDEXES = ("pagefind", "pagefind-toan-van")


def _with_parallel(project: Path, value: object) -> Path:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "plansite" in entry:
            entry["plansite"]["parallel"] = value
    path = project / f"mkdocs-{value}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []
        self.debug: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.messages if record.levelno >= logging.INFO else self.debug).append(
            record.getMessage()
        )


def _build(config: Path, site: Path) -> tuple[list[str], list[str]]:
    records = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(records)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        build_site(config, site, strict=False)
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)
    return records.messages, records.debug


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and p.relative_to(site).parts[0] not in INDEXES
    }


def _indexed_pages(site: Path, folder: str) -> int:
    total = 0
    for entry in (site / folder).rglob("pagefind-entry.json"):
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        total += sum(lang["page_count"] for lang in languages.values())
    return total


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    project = generated_project(PLANS, tmp_path_factory.mktemp("parallel"))
    one, two = project / "site-one", project / "site-two"
    log_one, debug_one = _build(_with_parallel(project, False), one)
    log_two, debug_two = _build(_with_parallel(project, True), two)
    return {
        "one": one,
        "two": two,
        "log_one": log_one,
        "log_two": log_two,
        "debug_one": debug_one,
        "debug_two": debug_two,
    }


def test_the_second_build_is_split(both: dict[str, object]) -> None:
    def split(log: object) -> bool:
        return any("Dựng trang trên hai nhân" in m for m in log)  # type: ignore[attr-defined]

    assert split(both["debug_two"]) and not split(both["debug_one"])


def test_both_builds_write_the_same_files(both: dict[str, object]) -> None:
    one, two = _files(both["one"]), _files(both["two"])  # type: ignore[arg-type]
    assert len(one) > 2 * PLANS  # plan pages, directive pages, feeds, exports…
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []


def test_both_search_indexes_hold_every_page(both: dict[str, object]) -> None:
    one, two = both["one"], both["two"]
    for folder in INDEXES:
        assert _indexed_pages(two, folder) == _indexed_pages(one, folder) > 0  # type: ignore[arg-type]
    assert _indexed_pages(two, "pagefind-toan-van") == PLANS  # type: ignore[arg-type]
    parts = json.loads((two / "pagefind-toan-van" / "parts.json").read_text())  # type: ignore[operator]
    assert all((two / "pagefind-toan-van" / p / "pagefind-entry.json").is_file() for p in parts)  # type: ignore[operator]


def test_the_copy_says_what_it_would_say_alone(both: dict[str, object]) -> None:
    """The copy's messages reach the build's log (counted in a strict build), once; MkDocs'
    note that a page rendered to nothing, for the copy's pages, does not."""

    def wanted(messages: object) -> list[str]:
        return sorted(
            m
            for m in messages  # type: ignore[attr-defined]
            # times, and the index's parts: each process spools its own full-text parts
            if not m.startswith(("Documentation built in", "Building documentation"))
            and "Chỉ mục tìm kiếm:" not in m
        )

    assert not any(m.startswith("Page skipped") for m in both["log_two"])  # type: ignore[attr-defined]
    assert wanted(both["log_two"]) == wanted(both["log_one"])
    assert any("cảnh báo" in m or "warning" in m.lower() for m in both["log_one"])  # type: ignore[attr-defined]


def test_an_error_in_the_copy_comes_back() -> None:
    """What fails in the copy comes back as its error, with what it logged before."""

    def work(copy: parallel.Copy) -> None:
        logging.getLogger("mkdocs.plugins.plansite").warning("trang x: cảnh báo thử")
        raise ZeroDivisionError("division by zero")

    records = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(records)
    try:
        outcome = parallel.split(["a/"], work).wait()
    finally:
        logger.removeHandler(records)
    assert outcome.error == "ZeroDivisionError: division by zero"
    assert records.messages == ["trang x: cảnh báo thử"]


def test_a_copy_that_dies_is_an_error() -> None:
    import os

    def work(copy: parallel.Copy) -> None:
        os._exit(3)

    outcome = parallel.split(["a/"], work).wait()
    assert outcome.error is not None and "(mã 3)" in outcome.error
