"""Publishing: a failed build leaves the previous site intact; the same commit gives the
same bytes; `plansite build` never replaces the project, a shrunken site, or leaves no site."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from plansite import publish
from plansite.cli import main


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_command(out: Path, extra: Sequence[str] = ()) -> list[str]:
    return [sys.executable, "-m", "plansite.cli", "build", "--strict", "-d", str(out), *extra]


def build_env(epoch: str = "1700000000", **extra: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1", **extra}


def plansite_build(
    project: Path, out: Path, epoch: str = "1700000000", extra: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        build_command(out, extra),
        cwd=project,
        capture_output=True,
        text=True,
        env=build_env(epoch),
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


# --- what `plansite build` refuses to replace ---------------------------------------------


def cli_build(
    project: Path, site_dir: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    """`plansite build` in this process, from ``project``: exit status and stderr."""
    cwd = Path.cwd()
    os.chdir(project)
    try:
        status = main(["build", "--strict", "--site-dir", site_dir, *extra])
    finally:
        os.chdir(cwd)
    return status, capsys.readouterr().err


@pytest.mark.parametrize(
    ("site_dir", "refused"),
    [
        ("plans", "w/p/plans"),
        ("plans/2022", "w/p/plans/2022"),
        ("docs", "w/p/docs"),
        (".", "w/p"),
        (".git", "w/p/.git"),
        (".git/objects", "w/p/.git/objects"),
        ("..", "w"),
        ("lien-ket", "w/p/plans"),  # a symlink to plans/: resolved before comparing
        ("../cong-khai", "w/cong-khai"),  # a folder holding a git repository
        ("mkdocs.yml", "w/p/mkdocs.yml"),  # a file
    ],
)
def test_site_dirs_holding_the_project_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], site_dir: str, refused: str
) -> None:
    project = copy_project(tmp_path / "w" / "p")
    (project / ".git" / "objects").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (project / "lien-ket").symlink_to("plans")
    (tmp_path / "w" / "cong-khai" / ".git").mkdir(parents=True)
    (tmp_path / "w" / "cong-khai" / "index.html").write_text("<p>trang</p>", encoding="utf-8")
    before = digest(tmp_path)
    status, err = cli_build(project, site_dir, capsys)
    assert status == 2, err
    assert err.startswith(f"lỗi: không dựng trang vào {tmp_path / refused}: ")
    assert "chọn thư mục khác" in err or "Chọn một thư mục riêng" in err
    assert len(err.strip().splitlines()) == 1
    assert digest(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == ["cong-khai", "p"]


def test_the_docs_dir_of_the_config_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "p")
    (project / "docs").rename(project / "trang")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("docs_dir: docs", "docs_dir: trang"),
        encoding="utf-8",
    )
    before = digest(tmp_path)
    status, err = cli_build(project, "trang/site", capsys)
    assert status == 2
    assert f"{project / 'trang' / 'site'}: thư mục này nằm trong thư mục trang viết tay" in err
    assert digest(tmp_path) == before


def test_read_project_follows_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text("docs_dir: noi-dung\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "INHERIT: base.yml\nsite_name: !ENV [SITE_NAME, 'Trang']\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - plansite:\n      plans_dir: ke-hoach\n",
        encoding="utf-8",
    )
    project = publish.read_project(config)
    assert project.root == tmp_path.resolve()
    assert project.docs_dir == tmp_path.resolve() / "noi-dung"
    assert project.plans_dir == tmp_path.resolve() / "ke-hoach"
    config.write_text("plugins:\n  plansite: {}\n", encoding="utf-8")
    project = publish.read_project(config)
    assert (project.docs_dir.name, project.plans_dir.name) == ("docs", "plans")
    with pytest.raises(publish.PublishError, match="không có tệp cấu hình này"):
        publish.read_project(tmp_path / "khong-co.yml")


# --- never a shrunken site -----------------------------------------------------------------


def make_site(folder: Path, plans: int, text: str = "cũ") -> None:
    """A small complete site: a home page and ``plans`` plan pages."""
    for slug in ["", "ke-hoach/", *(f"ke-hoach/ke-hoach-{n}/" for n in range(plans))]:
        (folder / slug).mkdir(parents=True, exist_ok=True)
        (folder / slug / "index.html").write_text(f"<p>{text} {slug}</p>", encoding="utf-8")


def test_a_missing_or_thin_plans_folder_never_replaces_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    out = tmp_path / "public"
    make_site(out, 10)  # the sample's 4 plans are fewer than half of these 10
    before = digest(out)

    shutil.rmtree(project / "plans")  # a wrong checkout: refused before building
    missing = plansite_build(project, out)
    assert missing.returncode == 1
    assert missing.stderr.startswith("plans: lỗi: không có thư mục kế hoạch này")
    assert f"trang cũ ở {out} giữ nguyên" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert digest(out) == before

    shutil.copytree(ROOT / "plans", project / "plans")
    shrunk = plansite_build(project, out)
    assert shrunk.returncode == 1, shrunk.stderr
    assert "trang mới chỉ có 4 kế hoạch" in shrunk.stderr and "--allow-shrink" in shrunk.stderr
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "public"]

    allowed = plansite_build(project, out, extra=["--allow-shrink"])
    assert allowed.returncode == 0, allowed.stderr
    assert publish.count_plans(out) == 4 and (out / "index.html").is_file()


# --- the output side fails: one Vietnamese line, the old site kept ------------------------


def small_project(root: Path) -> publish.Project:
    (root / "plans").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: Trang\n", encoding="utf-8")
    return publish.read_project(root / "mkdocs.yml")


def builder(plans: int, text: str = "mới") -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        make_site(folder, plans, text)

    return build


def test_an_output_parent_that_is_a_file_gives_one_vietnamese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "p")
    (tmp_path / "tep").write_text("không phải thư mục", encoding="utf-8")
    status, err = cli_build(project, str(tmp_path / "tep" / "site"), capsys)
    assert status == 1
    assert err.startswith(f"lỗi: không tạo được thư mục {tmp_path / 'tep'}: ")
    assert "kiểm tra đường dẫn --site-dir" in err
    assert f"chưa có trang nào được đăng ở {tmp_path / 'tep' / 'site'}" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("existed", [True, False])
def test_a_failing_swap_keeps_the_old_site_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    project = small_project(tmp_path / "p")
    out = tmp_path / "public"
    if existed:
        make_site(out, 3)
    before = digest(out) if existed else None

    def refuse(staging: Path, site: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(site))

    monkeypatch.setattr(publish, "_swap", refuse)
    with pytest.raises(publish.PublishError) as caught:
        publish.publish(builder(3), out, project)
    message = str(caught.value)
    assert message.startswith(f"lỗi: không thay được trang ở {out}: không có quyền ghi")
    if existed:
        assert message.endswith(f"trang cũ ở {out} giữ nguyên.")
        assert digest(out) == before
    else:
        assert message.endswith(f"chưa có trang nào được đăng ở {out}.")
        assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"] + ["public"] * existed

    def full(folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "index.html"))

    monkeypatch.undo()
    with pytest.raises(publish.PublishError, match="hết chỗ trên ổ đĩa"):
        publish.publish(full, out, project)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"] + ["public"] * existed


def test_the_fallback_swap_replaces_the_site_or_puts_the_old_one_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = small_project(tmp_path / "p")
    out = tmp_path / "public"
    make_site(out, 3)
    os.chmod(out, 0o750)

    def no_exchange(a: Path, b: Path) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(publish, "_exchange", no_exchange)
    done = publish.publish(builder(3, "lần một"), out, project)
    assert (done.plans, done.previous_plans) == (3, 3)
    assert "lần một" in (out / "index.html").read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o750  # the old site's permissions are kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "public"]

    before = digest(out)
    rename = os.rename

    def second_rename_fails(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == out and Path(src).name.startswith(".public-new-"):
            raise OSError(errno.EIO, "Input/output error", str(dst))
        rename(src, dst)

    monkeypatch.setattr(os, "rename", second_rename_fails)
    with pytest.raises(publish.PublishError, match=f"trang cũ ở {out} giữ nguyên"):
        publish.publish(builder(3, "lần hai"), out, project)
    monkeypatch.undo()
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "public"]


def test_a_site_left_aside_by_a_killed_fallback_swap_is_put_back(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    out = tmp_path / "public"
    make_site(tmp_path / ".public-old", 3)  # killed between the two renames: no `public`
    before = digest(tmp_path / ".public-old")
    make_site(tmp_path / ".public-new-0123abcd", 1)  # killed during a build
    (tmp_path / ".public-new-other").mkdir()  # not ours: kept

    def broken(folder: Path) -> None:
        raise publish.BuildFailed("plans/2022/hong.md:3: lỗi: ngày không có thật")

    notes: list[str] = []
    with pytest.raises(publish.PublishError) as caught:
        publish.publish(broken, out, project, say=notes.append)
    assert str(caught.value).startswith(
        f"lỗi: dựng trang không thành công, trang cũ ở {out} giữ nguyên.\nplans/2022/hong.md:3"
    )
    assert notes == [f"Đã đặt lại trang cũ vào {out} (một lần dựng trước bị dừng giữa chừng)."]
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public-new-other", "p", "public"]


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    make_site(tmp_path / "a", 1, "a")
    make_site(tmp_path / "b", 2, "b")
    publish._exchange(tmp_path / "a", tmp_path / "b")
    assert publish.count_plans(tmp_path / "a") == 2 and publish.count_plans(tmp_path / "b") == 1


def test_a_new_site_is_readable_by_the_web_server(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    publish.publish(builder(1), tmp_path / "public", project)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "public").stat().st_mode) == 0o777 & ~umask


def test_a_build_waits_for_the_lock_a_bounded_time(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    out = tmp_path / "public"
    make_site(out, 2)
    notes: list[str] = []
    held = publish._lock(out, 1, notes.append)
    try:
        with pytest.raises(publish.PublishError, match="vẫn chưa xong sau 0 giây"):
            publish.publish(builder(2), out, project, lock_timeout=0.3, say=notes.append)
    finally:
        publish._unlock(out, held)
    assert notes == [f"Một lần dựng khác đang ghi vào {out}; chờ nó xong…"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "public"]
    assert publish.publish(builder(2, "sau"), out, project).plans == 2


# --- killed builds and concurrent builds (real builds in subprocesses) ---------------------


def start_build(project: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    """`plansite build` in its own process group (so that Pagefind's process dies with it)."""
    return subprocess.Popen(
        build_command(out),
        cwd=project,
        env=build_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill(process: subprocess.Popen[str]) -> str:
    """Kill the build and its children at once (SIGKILL: no cleanup); what it said."""
    os.killpg(process.pid, signal.SIGKILL)
    return process.communicate(timeout=60)[1]


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 300
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the build never got there; it said: {kill(process)}")
        time.sleep(0.01)


def staging(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.name.startswith(".public-"))


def without_pagefind(files: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in files.items() if not k.startswith(NOT_REPRODUCIBLE)}


def test_a_killed_build_always_leaves_a_complete_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    next((project / "plans").rglob("*.md")).unlink()  # the new site: 3 plans
    out = tmp_path / "public"
    make_site(out, 4)  # the old site
    old = digest(out)
    marker = tmp_path / "p" / "paused"

    # 1. During the MkDocs build: the old site stays, the staging folder is left behind.
    build = start_build(project, out)
    wait_for(lambda: any(any(s.iterdir()) for s in staging(tmp_path)), build)
    kill(build)
    assert digest(out) == old
    [during] = staging(tmp_path)

    # 2. Just before the swap: the leftover is gone (cleaned on start), the old site stays.
    build = start_build(
        project, out, PLANSITE_PAUSE_AT="before-swap", PLANSITE_PAUSE_MARKER=str(marker)
    )
    wait_for(marker.exists, build)
    assert not during.exists()
    kill(build)
    marker.unlink()
    assert digest(out) == old
    [before_swap] = staging(tmp_path)
    assert publish.count_plans(before_swap) == 3  # the complete new site, never swapped in

    # 3. Just after the exchange, before the old tree is removed: the new site is in place.
    build = start_build(
        project, out, PLANSITE_PAUSE_AT="after-exchange", PLANSITE_PAUSE_MARKER=str(marker)
    )
    wait_for(marker.exists, build)
    kill(build)
    assert not before_swap.exists()
    assert (out / "index.html").is_file() and publish.count_plans(out) == 3
    new = without_pagefind(digest(out))
    [after_exchange] = staging(tmp_path)
    assert digest(after_exchange) == old  # the exchange put the old site there, whole

    # 4. The next build removes what the killed ones left.
    result = plansite_build(project, out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "public"]
    assert without_pagefind(digest(out)) == new


def test_two_builds_into_one_folder_at_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    out = tmp_path / "public"
    builds = [start_build(project, out) for _ in range(2)]
    results = [(build.communicate(timeout=600), build.returncode) for build in builds]
    for (stdout, stderr), status in results:
        assert status == 0, stderr
        assert "Traceback" not in stderr and f"Đã dựng trang vào {out}" in stdout
    assert any("chờ nó xong" in stderr for (_, stderr), _ in results)  # one waited
    assert (out / "index.html").is_file() and publish.count_plans(out) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "public"]
