"""Publishing: a failed build leaves the previous site intact; the same commit gives the
same bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_project


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def plansite_build(
    project: Path, out: Path, epoch: str = "1700000000"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "plansite.cli", "build", "--strict", "--site-dir", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    out = tmp_path / "public"
    first = plansite_build(project, out)
    assert first.returncode == 0, first.stderr
    before = digest(out)
    assert "index.html" in before and len(before) > 20
    (project / "plans" / "2022" / "hong.md").write_text(
        "---\ntitle: Kế hoạch\npublished: 31/02/2022\n---\n", encoding="utf-8"
    )
    failed = plansite_build(project, out)
    assert failed.returncode == 1
    assert "trang cũ" in failed.stderr and "plans/2022/hong.md:3" in failed.stderr
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "public"]  # no staging left


def test_successful_build_replaces_the_site_whole(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    out = tmp_path / "public"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    result = plansite_build(project, out)
    assert result.returncode == 0, result.stderr
    assert not (out / "stale.html").exists() and (out / "index.html").exists()


#: Pagefind writes its index with names and bytes that differ from one run to the next (its
#: chunks are not ordered deterministically); everything else must be identical.
NOT_REPRODUCIBLE = ("pagefind/", "pagefind-toan-van/")


def test_two_builds_in_different_folders_are_identical(tmp_path: Path) -> None:
    a = plansite_build(copy_project(tmp_path / "one" / "p"), tmp_path / "one" / "site")
    b = plansite_build(copy_project(tmp_path / "two" / "other" / "p"), tmp_path / "two" / "out")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    first, second = (
        {k: v for k, v in digest(folder).items() if not k.startswith(NOT_REPRODUCIBLE)}
        for folder in (tmp_path / "one" / "site", tmp_path / "two" / "out")
    )
    assert len(first) > 100
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
