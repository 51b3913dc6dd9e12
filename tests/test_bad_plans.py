"""The corpus of bad plan files (tests/bad_plans/): each gives its message, with file and line.

Every case is a folder holding ``plans/…`` files and ``expected.txt``: one line per problem
it must produce, ``FILE:LINE: lỗi|cảnh báo: start of the message``. An empty expected.txt
means the file is read without any problem (encodings that must simply work). Errors stop
the build; warnings let it through, even a strict build (the publishing one).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_outcome
from plansite.cli import main as cli_main
from plansite.core.plan import read_plan
from plansite.core.problems import Problem

CASES = ROOT / "tests" / "bad_plans"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def prepare(name: str, into: Path) -> tuple[Path, list[str]]:
    """Copy a case into a fresh project folder; return it and the expected lines."""
    case = CASES / name
    project = into / name
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")  # check reads docs/ for links
    shutil.copytree(ROOT / "docs", project / "docs")
    if (case / "plans").exists():
        shutil.copytree(case / "plans", project / "plans", symlinks=True)
    generate = case / "GENERATE"
    if generate.exists():  # too large to keep in git; git keeps no empty folder either
        rel, size = generate.read_text(encoding="utf-8").split()
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        line = "Nội dung kế hoạch rất dài. " * 10 + "\n"
        text = '---\ntitle: "Kế hoạch"\npublished: 2022-01-20\n---\n'
        text += line * (int(size) // len(line.encode("utf-8")) + 1)
        (project / rel).write_text(text, encoding="utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return project, expected


def matches(problems: list[str], expected: list[str]) -> None:
    """Every expected line matches one problem (prefix and message start), and no other."""
    assert len(problems) == len(expected), problems
    for line in expected:
        location, _, message = line.partition(": ")
        hits = [p for p in problems if p.startswith(f"{location}: ") and message in p]
        assert hits, f"expected {line!r} in {problems}"


def test_the_corpus_has_at_least_forty_cases() -> None:
    assert len(NAMES) >= 40


@pytest.mark.parametrize("name", NAMES)
def test_check_gives_each_case_its_message(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project, expected = prepare(name, tmp_path)
    monkeypatch.chdir(project)
    status = cli_main(["check"])
    out, err = capsys.readouterr()
    problems = [line for line in err.splitlines() if ": lỗi: " in line or ": cảnh báo: " in line]
    matches(problems, expected)
    assert status == (1 if any(": lỗi: " in e for e in expected) else 0)
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", NAMES)
def test_check_and_the_publishing_build_agree(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One meaning of a warning: the publishing build (strict, as `make site`) fails exactly
    when check finds errors; a plan's warnings never stop it."""
    project, expected = prepare(name, tmp_path)
    monkeypatch.chdir(project)
    checked = cli_main(["check"]) == 0
    capsys.readouterr()
    ok, messages = build_outcome(project / "mkdocs.yml", tmp_path / "site", strict=True)
    assert ok == checked, messages
    errors = [e for e in expected if ": lỗi: " in e]
    assert ok == (not errors), messages
    logged = "\n".join(messages)
    for line in expected:
        location, _, message = line.partition(": ")
        assert f"{location}: " in logged and message in logged, (line, messages)
    if not errors:
        assert len(messages) == len(expected), messages
    assert "Traceback" not in logged


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("encoding-")])
def test_every_encoding_reads_like_the_utf8_original(name: str, tmp_path: Path) -> None:
    from plansite.core.problems import Problems

    project, _ = prepare(name, tmp_path)
    original = tmp_path / "original.md"
    source = project / "plans" / "2022" / "ke-hoach.md"
    original.write_text(
        (CASES / "encoding-bom" / "plans" / "2022" / "ke-hoach.md").read_text(encoding="utf-8-sig"),
        encoding="utf-8",
    )
    a = read_plan(source, project, Problems())
    b = read_plan(original, tmp_path, Problems())
    assert a is not None and b is not None
    assert (a.title, a.body, a.issuer, a.milestones) == (b.title, b.body, b.issuer, b.milestones)


@pytest.mark.parametrize("name", ["binary-file", "file-5mb", "yaml-alias-bomb"])
def test_cli_never_hangs_or_prints_a_traceback(name: str, tmp_path: Path) -> None:
    project, expected = prepare(name, tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "plansite.cli", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected[0].split(": ", 1)[0] in result.stderr


def test_the_whole_corpus_checked_at_once_lists_every_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One run of check reports the problems of every file, not only the first."""
    project = tmp_path / "all"
    total = 0
    for name in NAMES:
        if name in ("two-plans-one-slug",):
            continue  # slug clashes across cases would add problems of their own
        case_project, expected = prepare(name, tmp_path / "cases")
        if not (case_project / "plans").exists():
            continue  # a case about the plans folder itself (missing) has no files to merge
        shutil.copytree(case_project / "plans", project / "plans" / name, symlinks=True)
        total += len(expected)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    monkeypatch.chdir(project)
    assert cli_main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    found = [re.fullmatch(r"(.+?)(?::\d+)?: (lỗi|cảnh báo): (.*)", line) for line in lines]
    problems = [Problem(m[1], 0, m[3]) for m in found if m]
    # Cases are alone in their folders, so plans of different cases only clash by slug (every
    # case names its file ke-hoach.md), or as copies of one plan (the encoding cases hold the
    # same plan in other encodings): count problems other than those.

    def across_cases(p: Problem) -> bool:
        if "cùng đường dẫn trang" in p.message:
            return True
        twin = re.search(r"trùng với plans/([^/]+)/", p.message)
        return bool(twin) and twin.group(1) != p.file.split("/")[1]

    own = [p for p in problems if not across_cases(p)]
    assert len(own) == total
