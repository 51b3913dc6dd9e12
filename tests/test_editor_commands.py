"""The README's commands for editors, run exactly as written, in a fresh copy of the project.

An editor follows the README's first screen: imports a received Word file, makes a new plan
from the template, checks, builds the site. The commands are read from the README itself (its
code block for editors), so the README cannot promise a command that does not work.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, copy_project
from plansite.core.plan import PLACEHOLDER_BODY
from test_importer import make_docx


def readme_commands() -> list[str]:
    """The ``make …`` lines of the README's code block for editors, comments cut."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Dành cho biên tập viên", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def run(command: str, project: Path) -> subprocess.CompletedProcess[str]:
    """``command`` (a README line) in ``project``, with this checkout's environment: the
    project's own .venv would be made by ``make`` on a fresh clone (the README says so); here
    the one the tests run in stands for it."""
    venv = ROOT / ".venv"
    args = shlex.split(command)
    assert args[0] == "make"
    return subprocess.run(
        [args[0], f"VENV={venv}", "-o", str(venv / ".installed-stamp"), *args[1:]],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_readme_promises_import_new_check_site_and_serve() -> None:
    targets = [shlex.split(c)[1].split("=")[0] for c in readme_commands()]
    assert targets == ["import", "new", "check", "site", "serve"]


def test_an_editor_gets_from_a_received_file_to_a_built_site_with_the_readme(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "trang")
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    make_docx(project / "van-ban.docx")
    before = {p.relative_to(project) for p in (project / "plans").rglob("*.md")}
    commands = {shlex.split(c)[1].split("=")[0]: c for c in readme_commands()}

    imported = run(commands["import"], project)
    assert imported.returncode == 0, imported.stderr
    new_files = {p.relative_to(project) for p in (project / "plans").rglob("*.md")} - before
    assert [p.parent.name for p in new_files] == ["2024"]  # the plan's year, from its text

    made = run(commands["new"], project)
    assert made.returncode == 0, made.stderr
    (template,) = (p for p in (project / "plans").rglob("ke-hoach-tuyen-truyen.md") if p.is_file())

    # The template is not a plan yet: check says which line to fill, and nothing is published.
    unfilled = run(commands["check"], project)
    assert unfilled.returncode != 0
    rel = template.relative_to(project).as_posix()
    assert re.search(rf"{re.escape(rel)}:\d+: lỗi: nội dung còn dòng mẫu", unfilled.stderr)
    refused = run(commands["site"], project)
    assert refused.returncode != 0 and not (project / "site").exists()

    text = template.read_text(encoding="utf-8").replace(
        PLACEHOLDER_BODY, "Thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương."
    )
    template.write_text(text, encoding="utf-8")
    checked = run(commands["check"], project)
    assert checked.returncode == 0, checked.stderr
    assert "Đã kiểm tra 6 kế hoạch" in checked.stdout
    built = run(commands["site"], project)
    assert built.returncode == 0, built.stderr
    for plan in [*new_files, template.relative_to(project)]:
        assert (project / "site" / "ke-hoach" / plan.stem / "index.html").is_file(), plan
