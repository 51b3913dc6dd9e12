"""The publishing recipes (issue 16, part 5): the CI files of GitLab, GitHub and Gitea, the
rsync step they share, and the guide page "Đăng lên trang thật" that sets them up.

The CI files must parse, run the README's editor commands (``make check`` then ``make site``)
on every push, publish ``site/`` only from the default branch, and read no variable that the
guide page does not name. The rsync step (``.ci/dang-len-may-chu.sh``) runs for real here, with
a stand-in ``rsync`` on the PATH that records what it was asked to do: no server is contacted.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from test_cli import _english
from test_editor_commands import readme_commands

GITLAB = ROOT / ".gitlab-ci.yml"
ACTIONS = sorted([*ROOT.glob(".github/workflows/*.yml"), *ROOT.glob(".gitea/workflows/*.yml")])
CI_FILES = [GITLAB, *ACTIONS]
GUIDE = ROOT / "docs" / "dang-len-trang-that.md"
RSYNC_STEP = ROOT / ".ci" / "dang-len-may-chu.sh"
RSYNC_COMMAND = "sh .ci/dang-len-may-chu.sh"

#: Variables each host sets by itself; nobody enters them, so the guide need not name them.
PREDEFINED_PREFIXES = ("CI_", "GITHUB_", "GITEA_", "RUNNER_")
PREDEFINED = {"HOME", "PATH", "PWD"}

#: The rsync step's variables, in the order its message names them.
DEPLOY_REQUIRED = [
    "DEPLOY_HOST",
    "DEPLOY_USER",
    "DEPLOY_PATH",
    "DEPLOY_SSH_KEY",
    "DEPLOY_KNOWN_HOSTS",
]


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a mapping"
    return data


def readme(target: str) -> str:
    """The README's editor command for ``make <target>``, as written there."""
    (command,) = (c for c in readme_commands() if shlex.split(c)[1] == target)
    return command


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The ``on:`` of an Actions workflow (YAML 1.1 reads the bare key ``on`` as True)."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict)
    return on


def lines(commands: str | list[str]) -> list[str]:
    """Shell lines of a ``run:`` block or a GitLab ``script:`` list."""
    items = [commands] if isinstance(commands, str) else commands
    return [line.strip() for item in items for line in item.splitlines() if line.strip()]


def strings(node: Any) -> list[str]:
    """Every string value in a parsed YAML document (keys too), comments left out."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*strings(k), *strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def defined_keys(node: Any, section: str) -> set[str]:
    """Names a CI file sets itself: the keys of every ``env:`` / ``variables:`` mapping."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == section and isinstance(value, dict):
                found |= {str(k) for k in value}
            found |= defined_keys(value, section)
    elif isinstance(node, list):
        for value in node:
            found |= defined_keys(value, section)
    return found


HOST_EXPRESSION = re.compile(r"\b(?:secrets|vars)\.([A-Za-z_]\w*)")
SHELL_VARIABLE = re.compile(r"\$\{?([A-Za-z_]\w*)")
SHELL_ASSIGNMENT = re.compile(r"(?:^|[\s;|&(])([A-Za-z_]\w*)=")


def variables_read(texts: list[str], defined: frozenset[str] = frozenset()) -> set[str]:
    """Names read from the host: ``${{ secrets.X }}``, ``vars.X``, and ``$X`` / ``${X}``
    but for the names these texts assign themselves, those in ``defined`` (a CI file's own
    ``env:`` / ``variables:``) and the hosts' predefined ones."""
    host = {m for t in texts for m in HOST_EXPRESSION.findall(t)}
    shell = {m for t in texts for m in SHELL_VARIABLE.findall(t)}
    assigned = {m for t in texts for m in SHELL_ASSIGNMENT.findall(t)}
    return {
        name
        for name in host | (shell - assigned - defined)
        if name not in PREDEFINED and not name.startswith(PREDEFINED_PREFIXES)
    }


def script_text(path: Path) -> list[str]:
    """A shell script's lines, comments left out."""
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    ]


def file_reads(path: Path) -> set[str]:
    """Every variable the CI file at ``path`` reads from its host, the rsync step's included
    (on GitLab the step reads the project's variables directly; on Actions, from ``env:``)."""
    data = load(path)
    texts = strings(data)
    defined = frozenset(defined_keys(data, "env") | defined_keys(data, "variables"))
    reads = variables_read(texts, defined)
    if any(RSYNC_COMMAND in t for t in texts):
        reads |= variables_read(script_text(RSYNC_STEP), frozenset(defined_keys(data, "env")))
    return reads


def guide_names() -> set[str]:
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", GUIDE.read_text(encoding="utf-8")))


# --- The scanner itself -------------------------------------------------------------------


def test_the_variable_scanner_finds_host_secrets_variables_and_shell_reads() -> None:
    texts = [
        "${{ secrets.KHOA }} and ${{ vars.MOT || secrets.HAI }}",
        "vars.BA == ''",
        'echo "$BON ${NAM:-x} $CI_COMMIT_BRANCH $GITHUB_REF $HOME"; sau=1; echo "$sau"',
    ]
    assert variables_read(texts) == {"KHOA", "MOT", "HAI", "BA", "BON", "NAM"}


# --- The CI files ------------------------------------------------------------------------


def test_there_is_a_recipe_for_gitlab_github_and_gitea() -> None:
    hosts = {p.relative_to(ROOT).parts[0] for p in CI_FILES}
    assert hosts == {".gitlab-ci.yml", ".github", ".gitea"}


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_ci_file_parses_as_yaml(path: Path) -> None:
    data = load(path)
    if path != GITLAB:
        assert isinstance(data["jobs"], dict) and data["jobs"]


@pytest.mark.parametrize("path", ACTIONS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_actions_check_then_build_on_every_push_and_pull_request(path: Path) -> None:
    data = load(path)
    on = triggers(data)
    for event in ("push", "pull_request"):
        assert event in on
        filters = on[event] or {}
        assert not set(filters) & {"branches", "branches-ignore", "paths", "paths-ignore"}
    # The jobs that run whatever the event: their unconditional steps, in order.
    runs = [
        line
        for job in data["jobs"].values()
        if "if" not in job
        for step in job["steps"]
        if "if" not in step and "run" in step
        for line in lines(step["run"])
    ]
    assert readme("check") in runs and readme("site") in runs
    assert runs.index(readme("check")) < runs.index(readme("site"))
    setup = [
        s
        for job in data["jobs"].values()
        for s in job["steps"]
        if "setup-python" in s.get("uses", "")
    ]
    assert [s["with"]["python-version"] for s in setup] == ["3.11"]
    assert setup[0]["with"]["cache"] == "pip"  # the pip cache is kept between runs


def test_gitlab_checks_then_builds_on_every_push_and_merge_request() -> None:
    data = load(GITLAB)
    assert data["default"]["image"] == "python:3.11"
    allowed = [r["if"] for r in data["workflow"]["rules"] if r.get("when") != "never"]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in allowed
    assert "$CI_COMMIT_BRANCH" in allowed  # every push to a branch
    jobs = {k: v for k, v in data.items() if isinstance(v, dict) and "script" in v}
    everywhere = [
        line
        for job in jobs.values()
        if not set(job) & {"rules", "only", "except"}
        for line in lines([*job.get("before_script", []), *job["script"]])
    ]
    assert readme("check") in everywhere and readme("site") in everywhere
    assert everywhere.index(readme("check")) < everywhere.index(readme("site"))
    # The pip cache is kept between runs: the cached folder is pip's.
    cache_dir = data["variables"]["PIP_CACHE_DIR"]
    assert [f"$CI_PROJECT_DIR/{p}" for p in data["cache"]["paths"]] == [cache_dir]


DEFAULT_BRANCH = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"


def test_gitlab_publishes_the_built_site_from_the_default_branch_only() -> None:
    data = load(GITLAB)
    (builder,) = (
        k for k, v in data.items() if isinstance(v, dict) and readme("site") in v.get("script", [])
    )
    assert data[builder]["artifacts"]["paths"] == ["site/"]
    pages = data["pages"]
    assert pages["needs"] == [builder]
    assert pages["artifacts"]["paths"] == ["public"]
    assert "cp -r site public" in pages["script"]
    assert [r["if"] for r in pages["rules"] if r.get("when") != "never"] == [DEFAULT_BRANCH]
    assert {"if": "$SKIP_PAGES", "when": "never"} in pages["rules"]
    (rsync,) = (
        v for v in data.values() if isinstance(v, dict) and RSYNC_COMMAND in v.get("script", [])
    )
    assert rsync["needs"] == [builder]
    assert [r["if"] for r in rsync["rules"]] == [DEFAULT_BRANCH]


def _published_from_default_branch(condition: str) -> bool:
    return (
        "github.event_name != 'pull_request'" in condition
        and "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
        in condition
    )


@pytest.mark.parametrize("path", ACTIONS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_actions_publish_after_the_build_from_the_default_branch_only(path: Path) -> None:
    data = load(path)
    steps = [s for job in data["jobs"].values() for s in job["steps"]]
    built = steps.index(next(s for s in steps if s.get("run") == readme("site")))
    (rsync,) = (s for s in steps if s.get("run") == RSYNC_COMMAND)
    assert steps.index(rsync) > built
    assert _published_from_default_branch(rsync["if"])
    # Every variable the rsync step reads reaches it through the step's env, from a secret of
    # the same name (the name the guide gives).
    wanted = variables_read(script_text(RSYNC_STEP))
    assert set(rsync["env"]) == wanted
    assert all(rsync["env"][n] == f"${{{{ secrets.{n} }}}}" for n in wanted)
    uploads = [s for s in steps if "upload-pages-artifact" in s.get("uses", "")]
    deploys = [
        (job, s)
        for job in data["jobs"].values()
        for s in job["steps"]
        if "deploy-pages" in s.get("uses", "")
    ]
    if path.parts[-3] == ".github":
        (upload,) = uploads
        assert upload["with"]["path"] == "site/" and steps.index(upload) > built
        assert _published_from_default_branch(upload["if"]) and "vars.SKIP_PAGES" in upload["if"]
        ((job, _),) = deploys
        assert _published_from_default_branch(job["if"]) and "vars.SKIP_PAGES" in job["if"]
        assert job["permissions"] == {"pages": "write", "id-token": "write"}
    else:  # Gitea has no Pages
        assert uploads == [] and deploys == []


# --- Variables and the guide -------------------------------------------------------------


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_guide_names_every_variable_the_ci_file_reads(path: Path) -> None:
    reads = file_reads(path)
    assert set(DEPLOY_REQUIRED) <= reads  # the scanner sees the rsync step's variables
    assert reads - guide_names() == set()


def test_the_guides_table_lists_only_variables_that_some_file_reads() -> None:
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", GUIDE.read_text(encoding="utf-8"), re.M)
    read = set().union(*(file_reads(p) for p in CI_FILES))
    assert sorted(rows) == sorted(read)


def test_the_guide_page_is_in_the_navigation_after_the_import_page() -> None:
    nav = [next(iter(item.items())) for item in load(ROOT / "mkdocs.yml")["nav"]]
    titles = [title for title, _ in nav]
    i = titles.index("Nhập văn bản")
    assert ("Đăng lên trang thật", "dang-len-trang-that.md") in nav[i + 1 : i + 3]


def test_the_built_site_shows_the_guide_page_and_links_it(sample_site: Path) -> None:
    page = (sample_site / "dang-len-trang-that" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Đăng lên trang thật</h1>" in page
    for name in DEPLOY_REQUIRED:
        assert f"<code>{name}</code>" in page
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'href="dang-len-trang-that/"' in home  # the navigation
    guide = (sample_site / "huong-dan-bien-tap" / "index.html").read_text(encoding="utf-8")
    assert 'href="../dang-len-trang-that/"' in guide


def test_the_readme_points_editors_to_the_guide_page() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Dành cho biên tập viên", 1)[1].split("\n## ", 1)[0]
    assert "(docs/dang-len-trang-that.md)" in section


# --- The rsync step, run ------------------------------------------------------------------

FAKE_RSYNC = """\
import json, os, stat, sys
args = sys.argv[1:]
ssh = args[args.index("-e") + 1].split()
key = ssh[ssh.index("-i") + 1]
known = next(o.split("=", 1)[1] for o in ssh if o.startswith("UserKnownHostsFile="))
record = {
    "args": args,
    "ssh": ssh,
    "key": open(key, encoding="utf-8").read(),
    "key_mode": stat.S_IMODE(os.stat(key).st_mode),
    "known_hosts": open(known, encoding="utf-8").read(),
}
with open(os.environ["FAKE_RSYNC_RECORD"], "w", encoding="utf-8") as f:
    json.dump(record, f)
sys.exit(int(os.environ.get("FAKE_RSYNC_EXIT", "0")))
"""

KEY = (  # as pasted from a Windows machine: CRLF line ends
    "-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAA\r\n"
    "-----END OPENSSH PRIVATE KEY-----"
)
KNOWN = "kehoach.example.vn ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample"
SETTINGS = {
    "DEPLOY_HOST": "kehoach.example.vn",
    "DEPLOY_USER": "dangtrang",
    "DEPLOY_PATH": "/var/www/kehoach",
    "DEPLOY_SSH_KEY": KEY,
    "DEPLOY_KNOWN_HOSTS": KNOWN,
}


def run_step(
    project: Path, settings: dict[str, str], rsync_exit: int = 0
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    """The rsync step in ``project`` with ``settings`` as the host's variables, and what the
    stand-in rsync was asked (None when it was not run)."""
    bin_dir = project / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "rsync"
    fake.write_text(f"#!{sys.executable}\n{FAKE_RSYNC}", encoding="utf-8")
    ssh = bin_dir / "ssh"
    ssh.write_text("#!/bin/sh\nexit 255\n", encoding="utf-8")
    for tool in (fake, ssh):
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    record = project / "rsync.json"
    record.unlink(missing_ok=True)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(project),
        "TMPDIR": str(project / "tmp"),
        "FAKE_RSYNC_RECORD": str(record),
        "FAKE_RSYNC_EXIT": str(rsync_exit),
        **settings,
    }
    (project / "tmp").mkdir(exist_ok=True)
    done = subprocess.run(
        ["sh", str(RSYNC_STEP)], cwd=project, env=env, capture_output=True, text=True, timeout=60
    )
    recorded = json.loads(record.read_text(encoding="utf-8")) if record.exists() else None
    return done, recorded


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A project folder holding a built site/ (a page is all the step looks for)."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    return tmp_path


def _shown(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


def test_without_any_variable_the_step_says_it_skips_and_succeeds(built: Path) -> None:
    done, rsync = run_step(built, {})
    assert done.returncode == 0 and rsync is None
    assert done.stdout.startswith("Bỏ qua bước đăng lên máy chủ riêng: chưa đặt các biến")
    assert all(name in done.stdout for name in DEPLOY_REQUIRED)
    assert _english(_shown(done)) == []


def test_a_missing_variable_is_named_and_no_value_is_shown(built: Path) -> None:
    settings = {k: v for k, v in SETTINGS.items() if k != "DEPLOY_KNOWN_HOSTS"}
    done, rsync = run_step(built, settings)
    assert done.returncode == 1 and rsync is None
    assert "lỗi: đăng lên máy chủ riêng: còn thiếu biến DEPLOY_KNOWN_HOSTS." in done.stderr
    assert not [v for v in settings.values() if v in _shown(done)]
    assert _english(_shown(done)) == []


def test_the_built_site_goes_to_the_server_folder_with_the_key_and_known_host(built: Path) -> None:
    done, rsync = run_step(built, {**SETTINGS, "DEPLOY_PORT": "2222"})
    assert done.returncode == 0, done.stderr
    assert rsync is not None
    assert rsync["args"][-2:] == ["site/", "dangtrang@kehoach.example.vn:/var/www/kehoach/"]
    assert {"--recursive", "--delete-delay", "--delay-updates"} <= set(rsync["args"])
    ssh = rsync["ssh"]
    assert ssh[:3] == ["ssh", "-p", "2222"]
    assert "StrictHostKeyChecking=yes" in ssh and "BatchMode=yes" in ssh
    # The key as entered, without the CRs a Windows paste leaves, readable by its owner only.
    assert rsync["key"] == KEY.replace("\r", "") + "\n" and rsync["key_mode"] == 0o600
    assert rsync["known_hosts"] == KNOWN + "\n"
    assert not [v for v in SETTINGS.values() if v in _shown(done)]
    assert done.stdout.strip().endswith("Đã đăng trang lên máy chủ riêng.")
    assert list((built / "tmp").iterdir()) == []  # the key is not left behind


def test_a_key_given_as_a_file_is_read_from_the_file(built: Path) -> None:
    """GitLab's variables of type "File" hold the path of a file with the value."""
    key_file = built / "khoa"
    key_file.write_text(KEY, encoding="utf-8")
    hosts_file = built / "known"
    hosts_file.write_text(KNOWN + "\n", encoding="utf-8")
    settings = {**SETTINGS, "DEPLOY_SSH_KEY": str(key_file), "DEPLOY_KNOWN_HOSTS": str(hosts_file)}
    done, rsync = run_step(built, settings)
    assert done.returncode == 0, done.stderr
    assert rsync is not None
    assert rsync["key"] == KEY.replace("\r", "") and rsync["known_hosts"] == KNOWN + "\n"
    assert rsync["ssh"][:3] == ["ssh", "-p", "22"]


@pytest.mark.parametrize("target", ["/", "//", "var/www/kehoach", "/var/www/../../etc"])
def test_a_target_folder_that_rsync_delete_could_wipe_is_refused(built: Path, target: str) -> None:
    done, rsync = run_step(built, {**SETTINGS, "DEPLOY_PATH": target})
    assert done.returncode == 1 and rsync is None
    assert "DEPLOY_PATH" in done.stderr and "/var/www/kehoach" in done.stderr
    assert _english(_shown(done)) == []


def test_a_port_that_is_not_a_number_is_refused(built: Path) -> None:
    done, rsync = run_step(built, {**SETTINGS, "DEPLOY_PORT": "22; rm -rf /"})
    assert done.returncode == 1 and rsync is None
    assert "DEPLOY_PORT phải là một số" in done.stderr


def test_without_a_built_site_nothing_is_sent(tmp_path: Path) -> None:
    done, rsync = run_step(tmp_path, SETTINGS)
    assert done.returncode == 1 and rsync is None
    assert "chưa có trang trong thư mục site/ (chạy make site trước)" in done.stderr


def test_a_failed_transfer_fails_the_step_in_vietnamese(built: Path) -> None:
    done, rsync = run_step(built, SETTINGS, rsync_exit=12)
    assert rsync is not None
    assert done.returncode == 1
    assert "lỗi: không đăng được lên máy chủ riêng (rsync dừng với mã 12;" in done.stderr
    assert not [v for v in SETTINGS.values() if v in _shown(done)]
    assert _english(_shown(done)) == []
