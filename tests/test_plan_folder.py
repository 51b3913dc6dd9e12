"""The plans folder as the file system gives it: what git cannot hold, made at test time.

Named pipes, sockets, device files, links that loop, folders that cannot be read, names with
a newline or not in UTF-8: each is reported by ``plansite check`` with file and line, in
Vietnamese, the same by a real build, and never with a traceback or a wait. A test that
could hang runs under a deadline (a subprocess timeout, or SIGALRM), so a regression fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from conftest import ROOT, build_outcome
from plansite.cli import main as cli_main
from plansite.core.catalog import plan_files
from plansite.core.problems import Problem, Problems
from plansite.intake.plans import load_catalog

Capture = pytest.CaptureFixture[str]
PLAN = '---\ntitle: "{title}"\npublished: 2022-01-20\n---\n\nNội dung kế hoạch.\n'


def write_plan(path: Path, title: str = "Kế hoạch") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PLAN.format(title=title), encoding="utf-8")
    return path


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, not hang, if the block takes longer than ``seconds`` (a blocked open() too)."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s: something waits on a file")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder (plans/ made by each test), to check and to build."""
    root = tmp_path / "project"
    (root / "plans").mkdir(parents=True)
    return root


def check(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    """``plansite check`` in ``root``: its exit status and the lines of its problems."""
    monkeypatch.chdir(root)
    with deadline(60):
        status = cli_main(["check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = err.splitlines()
    problems = [line for line in lines if ": lỗi: " in line or ": cảnh báo: " in line]
    # One problem, one line: nothing else on stderr but the closing count.
    assert len(lines) == len(problems) + (1 if status else 0), lines
    return status, problems


def build(root: Path, site: Path) -> tuple[bool, str]:
    """A real MkDocs build of ``root`` (with the sample site's config and docs)."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    with deadline(300):
        ok, messages = build_outcome(root / "mkdocs.yml", site)
    logged = "\n".join(messages)
    assert "Traceback" not in logged
    return ok, logged


def check_and_build(
    root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> list[str]:
    """Check and build ``root``: they agree (every problem check prints, the build logs;
    errors stop both). Returns check's problems."""
    status, problems = check(root, monkeypatch, capsys)
    ok, logged = build(root, tmp_path / "site")
    assert ok == (status == 0), logged
    for line in problems:
        assert line in logged, (line, logged)
    return problems


def only(problems: list[str], where: str, says: str) -> None:
    """Exactly one problem, at ``where`` (``plans/x.md:1``), an error that says ``says``."""
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{where}: lỗi: "), problems
    assert says in problems[0], problems


# --- files that are not files ------------------------------------------------------------


def test_a_named_pipe_is_reported_and_never_waited_on(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "2022" / "ke-hoach.md")
    os.mkfifo(project / "plans" / "2022" / "ong.md")
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    only(problems, "plans/2022/ong.md:1", "ống dẫn (named pipe, FIFO)")


def test_a_link_to_a_named_pipe_in_the_project_is_never_waited_on(project: Path) -> None:
    """The defect as found: a link inside the project to a FIFO blocked check forever."""
    os.mkfifo(project / "fifo")
    write_plan(project / "plans" / "2022" / "ke-hoach.md")
    (project / "plans" / "2022" / "ong.md").symlink_to("../../fifo")
    result = subprocess.run(
        [sys.executable, "-m", "plansite.cli", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "plans/2022/ong.md:1: lỗi: đây không phải tệp văn bản thường" in result.stderr


def test_a_link_to_a_named_pipe_fails_the_build_too(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    os.mkfifo(project / "fifo")
    (project / "plans" / "ong.md").symlink_to("../fifo")
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    only(problems, "plans/ong.md:1", "ống dẫn")


def test_a_socket_is_reported(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "ke-hoach.md")
    monkeypatch.chdir(project / "plans")  # a short path: socket names are limited in length
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("o-cam.md")
        problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    only(problems, "plans/o-cam.md:1", "một socket")


def test_a_device_file_is_reported_and_not_read(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    try:
        os.mknod(project / "plans" / "zero.md", 0o600 | 0o020000, os.makedev(1, 5))
    except (PermissionError, AttributeError):
        pytest.skip("making a device file needs root")
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    only(problems, "plans/zero.md:1", "tệp thiết bị")


def test_a_link_to_a_device_outside_the_project_is_refused_unread(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    (project / "plans" / "zero.md").symlink_to("/dev/zero")  # endless: reading it would hang
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    only(problems, "plans/zero.md:1", "trỏ ra ngoài kho")


def test_a_special_file_not_named_as_a_plan_is_left_alone(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "ke-hoach.md")
    os.mkfifo(project / "plans" / "ong")
    assert check_and_build(project, tmp_path, monkeypatch, capsys) == []


# --- links -------------------------------------------------------------------------------


def test_a_linked_folder_in_the_project_is_read_under_its_link(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "chung" / "ke-hoach-chung.md")
    (project / "plans" / "chung").symlink_to("../chung")
    assert check_and_build(project, tmp_path, monkeypatch, capsys) == []
    catalog = load_catalog(project / "plans", project)
    assert [p.source for p in catalog.plans] == ["plans/chung/ke-hoach-chung.md"]


def test_folders_linked_to_each_other_are_read_once(project: Path) -> None:
    write_plan(project / "plans" / "a" / "mot.md", "Kế hoạch một")
    write_plan(project / "plans" / "b" / "hai.md", "Kế hoạch hai")
    (project / "plans" / "a" / "sang-b").symlink_to("../b")
    (project / "plans" / "b" / "sang-a").symlink_to("../a")
    (project / "plans" / "c").symlink_to("a")
    problems = Problems()
    with deadline(30):
        files = plan_files(project / "plans", problems, project)
    assert [f.relative_to(project).as_posix() for f in files] == [
        "plans/a/mot.md",
        "plans/b/hai.md",
    ]
    assert not problems


def test_a_link_to_the_project_itself_is_a_loop(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "ke-hoach.md")
    write_plan(project / "docs-khac" / "khong-phai-ke-hoach.md")
    (project / "plans" / "ca-kho").symlink_to("..")
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    only(problems, "plans/ca-kho:1", "tạo vòng lặp")


def test_a_link_cycle_of_two_links_is_reported_for_each(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    (project / "plans" / "a").symlink_to("b")
    (project / "plans" / "b").symlink_to("a")
    status, problems = check(project, monkeypatch, capsys)
    assert status == 1
    assert [p.split(": lỗi: ")[0] for p in problems] == ["plans/a:1", "plans/b:1"]
    assert all("trỏ vòng quanh" in p for p in problems)


def test_a_deep_tree_of_folders_is_walked_without_recursion(project: Path) -> None:
    folder = project / "plans"
    for _ in range(300):
        folder /= "a"
        folder.mkdir()
    write_plan(folder / "sau.md")
    problems = Problems()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)  # fewer frames than folders: a recursive walk would fail
    try:
        found = plan_files(project / "plans", problems, project)
    finally:
        sys.setrecursionlimit(limit)
    assert len(found) == 1
    assert not problems


# --- folders that cannot be read ---------------------------------------------------------


def test_an_unreadable_folder_is_an_error_not_fewer_plans(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    """The defect as found: ``plans/2023`` unreadable, check counted the others and passed.
    Tests run as root, whom chmod does not stop: the refusal is the system's, simulated."""
    write_plan(project / "plans" / "2022" / "ke-hoach-2022.md", "Kế hoạch 2022")
    write_plan(project / "plans" / "2023" / "ke-hoach-2023.md", "Kế hoạch 2023")
    locked = (project / "plans" / "2023").resolve()
    real_scandir = os.scandir

    def scandir(path: int | str | os.PathLike[str]) -> object:
        if not isinstance(path, int) and Path(path).resolve() == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    only(problems, "plans/2023:1", "không mở được thư mục (không có quyền đọc)")
    assert "Permission denied" not in problems[0]


def test_an_unreadable_plan_file_is_an_error_in_vietnamese(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    locked = write_plan(project / "plans" / "ke-hoach.md").resolve()
    real_open = os.open

    def fake_open(path: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if Path(path).resolve() == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", fake_open)
    status, problems = check(project, monkeypatch, capsys)
    assert status == 1
    only(problems, "plans/ke-hoach.md:1", "không đọc được tệp (không có quyền đọc)")


def test_a_folder_without_read_permission_is_an_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "2023" / "ke-hoach.md")
    folder = project / "plans" / "2023"
    folder.chmod(0)
    if os.geteuid() == 0:  # root reads a folder whatever its mode: refuse as the kernel would
        locked, real_scandir = folder.resolve(), os.scandir

        def fake_scandir(path: Any) -> Any:
            if Path(path).resolve() == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", fake_scandir)
    try:
        status, problems = check(project, monkeypatch, capsys)
    finally:
        folder.chmod(0o755)
    assert status == 1
    only(problems, "plans/2023:1", "không mở được thư mục")


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "ke-hoach\nplans-gia.md:1: lỗi: giả mạo.md",
        "ke-hoach\r.md",
        "ke-hoach\x1b[2K.md",
        "ke-hoach\u2028gia.md",
        "ke-hoach\u202egpj.md",
    ],
)
def test_a_control_character_in_a_name_never_forges_a_line(
    name: str,
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Capture,
) -> None:
    path = project / "plans" / name
    path.write_text("---\ntitle: Kế hoạch\n---\n\nNội dung.\n", encoding="utf-8")  # no date
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    assert len(problems) == 1, problems
    assert problems[0].startswith("plans/ke-hoach")
    assert "thiếu trường `published`" in problems[0]
    assert problems[0].isprintable()


def test_a_problem_prints_escapes_for_what_would_break_its_line() -> None:
    problem = Problem("plans/a\nb\t\x1b\u202e\udcff.md", 3, "giá trị 'x\ny' sai")
    assert str(problem) == "plans/a\\nb\\t\\x1b\\u202e\\xff.md:3: lỗi: giá trị 'x\\ny' sai"
    assert str(Problem("plans/kế-hoạch.md", 1, "đúng")) == "plans/kế-hoạch.md:1: lỗi: đúng"


def test_a_name_not_in_utf8_is_reported(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    plans = os.fsencode(project / "plans")
    fd = os.open(plans + b"/ke-hoach-\xff.md", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, PLAN.format(title="Kế hoạch").encode("utf-8"))
    os.close(fd)
    os.mkdir(plans + b"/th\xe6-muc")
    problems = check_and_build(project, tmp_path, monkeypatch, capsys)
    assert [p.split(": lỗi: ")[0] for p in problems] == [
        "plans/ke-hoach-\\xff.md:1",
        "plans/th\\xe6-muc:1",
    ]
    assert all("không phải mã UTF-8" in p for p in problems)


def test_a_misnamed_plan_next_to_its_twin_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "ke-hoach.md")
    write_plan(project / "plans" / "ke-hoach.MD")
    if len(list((project / "plans").iterdir())) < 2:
        pytest.skip("a file system that folds case holds one of the two")
    status, problems = check(project, monkeypatch, capsys)
    assert status == 1
    only(problems, "plans/ke-hoach.MD:1", "đã có tệp 'ke-hoach.md' cùng thư mục")


def test_a_name_with_a_trailing_space_is_told_its_right_name(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "ke-hoach.md ")
    status, problems = check(project, monkeypatch, capsys)
    assert status == 1
    only(problems, "plans/ke-hoach.md :1", "đổi tên thành 'ke-hoach.md'")


def test_an_emacs_lock_link_is_passed_over(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    write_plan(project / "plans" / "ke-hoach.md")
    (project / "plans" / ".#ke-hoach.md").symlink_to("bien-tap@may.12345:1700000000")
    assert check(project, monkeypatch, capsys) == (0, [])
