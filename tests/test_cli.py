"""The editors' CLI: `plansite check` lists every problem at once; `new` writes a template."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project
from plansite.core.plan import PLACEHOLDER_BODY

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plansite.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "plans" / "2022").mkdir(parents=True)
    return tmp_path


def write(project: Path, name: str, text: str) -> None:
    (project / "plans" / name).write_text(text, encoding="utf-8")


def test_check_lists_every_problem_with_file_and_line_and_exits_1(project: Path) -> None:
    write(project, "2022/yaml.md", '---\ntitle: "Kế hoạch\npublished: 2022-01-01\n---\n')
    write(project, "2022/no-title.md", "---\npublished: 2022-01-01\n---\nNội dung\n")
    write(project, "2022/date.md", "---\ntitle: Kế hoạch\npublished: 31/02/2022\n---\nNội dung\n")
    result = run(["check"], project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("plans/2022/date.md:3: lỗi: `published`: ngày '31/02/2022'")
    assert lines[1].startswith("plans/2022/no-title.md:1: lỗi: thiếu trường `title`")
    assert lines[2].startswith("plans/2022/yaml.md:2: lỗi: thiếu dấu ngoặc kép đóng")
    assert "Có 3 lỗi" in lines[3]
    assert "Traceback" not in result.stderr


def test_check_passes_with_warnings_only(project: Path) -> None:
    write(
        project,
        "2022/a.md",
        "---\ntitle: Kế hoạch\npublished: 2022-01-01\ntieu_de: x\n---\nNội dung\n",
    )
    result = run(["check"], project)
    assert result.returncode == 0, result.stderr
    assert "plans/2022/a.md:4: cảnh báo: trường `tieu_de`" in result.stderr
    assert "không có lỗi, 1 cảnh báo" in result.stdout


def test_check_accepts_the_sample_plans() -> None:
    result = run(["check"], ROOT)
    assert result.returncode == 0, result.stderr
    assert "Đã kiểm tra 4 kế hoạch" in result.stdout


def test_new_writes_a_template_that_check_accepts_once_filled_and_never_overwrites(
    project: Path,
) -> None:
    result = run(["new", "Kế hoạch tuyên truyền: đợt 1", "--out", "plans/2026"], project)
    assert result.returncode == 0, result.stderr
    path = project / "plans" / "2026" / "ke-hoach-tuyen-truyen-dot-1.md"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Kế hoạch tuyên truyền: đợt 1"' in text
    assert "number:\n" in text  # left empty, never invented
    # Left as it came, the file still holds the template's placeholder: check says where.
    unfilled = run(["check"], project)
    line = text.split("\n").index(PLACEHOLDER_BODY) + 1
    assert unfilled.returncode == 1
    assert f"plans/2026/ke-hoach-tuyen-truyen-dot-1.md:{line}: lỗi: nội dung còn dòng mẫu" in (
        unfilled.stderr
    )
    path.write_text(text.replace(PLACEHOLDER_BODY, "Thực hiện Kết luận số 21-KL/TW."), "utf-8")
    assert run(["check"], project).returncode == 0
    text = path.read_text(encoding="utf-8")
    again = run(["new", "Kế hoạch tuyên truyền: đợt 1", "--out", "plans/2026"], project)
    assert again.returncode == 1 and "không ghi đè" in again.stderr
    assert path.read_text(encoding="utf-8") == text


#: English words of command-line programs that an editor must never meet (issue 16).
ENGLISH = re.compile(
    r"\b(usage|options?|positional|arguments?|required|invalid|choose|error|warning|aborted"
    r"|not found|contains|file|show|help message|exit|unrecognized|expected|ambiguous)\b",
    re.IGNORECASE,
)


def _english(text: str) -> list[str]:
    """English words in ``text``, but for option names (``--config-file``) and commands."""
    words = " ".join(w for w in text.split() if not w.lstrip("[(`'").startswith("-"))
    return ENGLISH.findall(words)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["check", "--help"],
        ["new", "--help"],
        ["extract", "--help"],
        ["import", "--help"],
        ["build", "--help"],
        [],
        ["xuat-ban"],
        ["new"],
        ["extract", "--year", "hai-nghin", "x.txt"],
        ["check", "--khong-co"],
        ["build", "--site-dir"],
        ["import"],
    ],
)
def test_help_and_argument_errors_are_all_in_vietnamese(args: list[str], tmp_path: Path) -> None:
    result = run(args, tmp_path)
    out = result.stdout + result.stderr
    assert out.strip()
    assert result.returncode in (0, 2)
    assert _english(out) == [], out
    if result.returncode == 2:
        assert "lỗi:" in result.stderr and "--help" in result.stderr
    else:
        assert out.startswith("Cách dùng: plansite")


def test_the_english_word_check_finds_english() -> None:
    assert _english("usage: plansite [-h]\n\noptions:\n  -h, --help  show this help message")
    assert _english("plansite: error: the following arguments are required: title")
    assert _english("Cách dùng: plansite build [-f TỆP, --config-file TỆP]") == []


def test_a_strict_build_publishes_despite_a_plan_warning_and_says_it_in_vietnamese(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "trang")
    (project / "plans" / "2023" / "bao-cao.md").write_text(
        '---\ntitle: "Kế hoạch báo cáo"\nissued: 10/01/2023\npublished: 2023-01-12\nlevel: xã\n'
        'milestones:\n  - recurring: yearly-Q1\n    what: "Báo cáo năm"\n---\n\nNội dung.\n',
        encoding="utf-8",
    )
    result = run(["build", "--strict", "--site-dir", "site"], project)
    assert result.returncode == 0, result.stderr
    assert "plans/2023/bao-cao.md:7: cảnh báo: mốc định kỳ" in result.stderr
    assert _english(result.stderr) == [] and "Aborted" not in result.stderr
    assert (project / "site" / "ke-hoach" / "bao-cao" / "index.html").is_file()


def test_a_strict_build_stopped_by_mkdocs_says_so_in_vietnamese(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "trang")
    page = project / "docs" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[cũ](cu.md)\n", encoding="utf-8")
    result = run(["build", "--strict", "--site-dir", "site"], project)
    assert result.returncode == 1
    assert "docs/gioi-thieu.md:" in result.stderr and "lỗi: liên kết 'cu.md'" in result.stderr
    assert "dừng vì có 1 vấn đề của trang" in result.stderr
    assert "chưa có trang nào được đăng" in result.stderr  # there was no site yet
    assert _english(result.stderr) == [] and "Aborted" not in result.stderr
    assert not (project / "site").exists()
