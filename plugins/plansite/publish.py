"""Publishing a built site: never into the project, never a shrunken site, swapped atomically.

:func:`publish` is what ``plansite build`` does around the build itself (it does not import
MkDocs: it receives a callable that builds the site into a given folder):

1. refuses a site folder that is, contains, or lies inside the plans folder, the ``docs_dir``
   or a ``.git`` folder, or that is or contains the project (the folder of ``mkdocs.yml``),
   the current folder or the home folder (symlinks resolved first): replacing it would delete
   the editors' work (exit status 2, wrong usage, like any other bad command line);
2. refuses to build when the plans folder is missing (a wrong checkout or a failed pull), and
   refuses to replace a site holding ``P`` plans with one holding fewer than ``P * MIN_SHARE``
   unless ``allow_shrink`` (exit status 1, like any other failed build); plans are counted as
   plan pages in the built sites (:func:`count_plans`), so no extra file is published;
3. takes a lock (``flock`` on ``.DIR.lock`` beside ``DIR``) so that two builds into one folder
   cannot interleave: a second build waits for the first, at most ``lock_timeout`` seconds;
4. under the lock, removes what killed builds left (``.DIR-new-*``, ``.DIR-old``), putting the
   previous site back first if a build was killed in the middle of the fallback swap;
5. builds into ``.DIR-new-XXXXXXXX`` beside ``DIR``, then swaps it in: ``renameat2`` with
   ``RENAME_EXCHANGE`` when ``DIR`` exists (one atomic step: ``DIR`` is always the old site or
   the new one), a plain ``rename`` when it does not. Where ``renameat2`` is not available
   (another OS, an old C library, a file system that refuses it) the fallback renames ``DIR``
   to ``.DIR-old`` and the new site to ``DIR``, moving the old one back if the second rename
   fails: between the two renames (microseconds) ``DIR`` is missing, and a build killed
   exactly there leaves the old site in ``.DIR-old``, which the next build puts back.

Every failure is a :class:`PublishError` holding one Vietnamese message (what failed, the
path, what to do) and the exit status; errors of the output side (``OSError``) never surface
as tracebacks.

Test hook: with ``PLANSITE_PAUSE_AT`` set to ``before-swap`` or ``after-exchange``, the
process writes that word into the file named by ``PLANSITE_PAUSE_MARKER`` when it reaches that
point and sleeps there (``PAUSE_SECONDS``), so that a test can kill it exactly there.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .core.problems import os_reason
from .core.urls import PLANS_DIR

__all__ = [
    "LOCK_TIMEOUT",
    "MIN_SHARE",
    "BuildFailed",
    "Builder",
    "Project",
    "PublishError",
    "Published",
    "check_site_dir",
    "count_plans",
    "publish",
    "read_project",
]

#: A new site must hold at least this share of the previous site's plans (else: refused).
MIN_SHARE = 0.5
#: How long a build waits for another build into the same folder to finish, in seconds.
LOCK_TIMEOUT = 600.0
#: How long the test hook (``PLANSITE_PAUSE_AT``) sleeps, in seconds.
PAUSE_SECONDS = 60.0

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: errno values by which renameat2 says "not here" (then the fallback swap is used).
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
#: Staging folders: ours (8 hex digits) and those of the former tempfile.mkdtemp.
_STAGING_SUFFIX = re.compile(r"-new-[a-z0-9_]{8}")

#: Why an operation on the output side failed, and what to do, in words an editor can act on.
_PERMISSION = ("không có quyền ghi", "kiểm tra quyền ghi của thư mục")
_PATH = ("trên đường dẫn có một tệp (không phải thư mục)", "kiểm tra đường dẫn --site-dir")
_REASONS = {
    errno.EACCES: _PERMISSION,
    errno.EPERM: _PERMISSION,
    errno.EROFS: ("ổ đĩa chỉ cho đọc", "chọn thư mục trên ổ đĩa ghi được"),
    errno.ENOSPC: ("hết chỗ trên ổ đĩa", "giải phóng chỗ trống trên ổ đĩa"),
    errno.EDQUOT: ("hết hạn mức dung lượng", "giải phóng chỗ trống trên ổ đĩa"),
    errno.EEXIST: ("trên đường dẫn có một tệp trùng tên", "kiểm tra đường dẫn --site-dir"),
    errno.ENOTDIR: _PATH,
    errno.ENOENT: ("đường dẫn không tồn tại", "kiểm tra đường dẫn --site-dir"),
    errno.ENAMETOOLONG: ("đường dẫn quá dài", "chọn đường dẫn ngắn hơn"),
    errno.ELOOP: ("đường dẫn có liên kết vòng", "kiểm tra các liên kết trên đường dẫn"),
}
_UNKNOWN = ("lỗi hệ thống", "kiểm tra quyền ghi, chỗ trống trên ổ đĩa và đường dẫn --site-dir")


class PublishError(Exception):
    """Publishing stopped: ``message`` (Vietnamese, one or a few lines) and the exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class BuildFailed(Exception):
    """Raised by a builder when the site does not build; its text says why (file:line…)."""


#: Builds the whole site into the given (empty, existing) folder; raises BuildFailed.
Builder = Callable[[Path], None]


@dataclass(frozen=True)
class Project:
    """The folders of a site's project, as ``mkdocs.yml`` names them (all resolved)."""

    config_file: Path
    root: Path
    docs_dir: Path
    plans_dir: Path


@dataclass(frozen=True)
class Published:
    """What :func:`publish` did: the site folder, its plans, the previous site's plans."""

    site_dir: Path
    plans: int
    previous_plans: int | None
    warnings: tuple[str, ...] = ()


def show(path: Path | str) -> str:
    """A path for messages: relative to the current folder when inside it, else absolute."""
    path = Path(os.path.abspath(path))
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return str(relative) if relative.parts else str(path)


# --- mkdocs.yml --------------------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: ``!ENV``, ``!!python/name:…`` give None."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("", _unknown_tag)


def _read_config(path: Path, depth: int = 0) -> dict[str, Any]:
    shown = show(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PublishError(
            f"{shown}: lỗi: không có tệp cấu hình này; chạy lệnh trong thư mục của trang, "
            "hoặc chỉ tệp bằng --config-file"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PublishError(
            f"{shown}: lỗi: không đọc được tệp cấu hình ({_reason(error)}); kiểm tra tệp rồi "
            "chạy lại"
        ) from None
    try:
        data = yaml.load(text, Loader=_TolerantLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        raise PublishError(f"{where}: lỗi: tệp cấu hình viết sai YAML; sửa rồi chạy lại") from None
    if not isinstance(data, dict):
        raise PublishError(
            f"{shown}: lỗi: tệp cấu hình không có các mục cấu hình; sửa rồi chạy lại"
        )
    parent = data.get("INHERIT")
    if isinstance(parent, str) and depth < 8:  # MkDocs' INHERIT: this file overrides its base
        data = {**_read_config(path.parent / parent, depth + 1), **data}
    return data


def _plugin_options(plugins: object, name: str) -> dict[str, Any] | None:
    """The options of plugin ``name`` in a ``plugins:`` list or mapping (None: not there)."""
    items: list[tuple[object, object]] = list(plugins.items()) if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        for entry in plugins:
            if isinstance(entry, dict):
                items.extend(entry.items())
            else:
                items.append((entry, {}))
    for key, options in items:
        if key == name:
            return options if isinstance(options, dict) else {}
    return None


def read_project(config_file: Path) -> Project:
    """The project's folders from ``config_file``: its own folder (the project root), the
    ``docs_dir`` (default ``docs``) and the plansite plugin's ``plans_dir`` (default
    ``plans``), both relative to it, as MkDocs and the plugin read them."""
    data = _read_config(config_file)
    root = config_file.resolve().parent
    docs = data.get("docs_dir")
    options = _plugin_options(data.get("plugins"), "plansite") or {}
    plans = options.get("plans_dir")
    return Project(
        config_file=config_file.resolve(),
        root=root,
        docs_dir=(root / (docs if isinstance(docs, str) and docs else "docs")).resolve(),
        plans_dir=(root / (plans if isinstance(plans, str) and plans else "plans")).resolve(),
    )


# --- what may be replaced ----------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    return path != folder and folder in path.parents


def _git_folders(out: Path) -> Iterator[Path]:
    """``.git`` folders (or files: worktrees, submodules) above or inside ``out``."""
    for parent in (out, *out.parents):
        if parent.name == ".git":
            yield parent
    if out.is_dir() and not out.is_symlink():
        for folder, dirs, files in os.walk(out):
            if ".git" in dirs or ".git" in files:
                yield Path(folder) / ".git"
                return


def check_site_dir(out: Path, project: Project) -> None:
    """Refuse (status 2) a site folder whose replacement would delete the project's files."""
    protected = [(project.root, "thư mục dự án (nơi có tệp cấu hình)", False)]
    with suppress(OSError, RuntimeError, KeyError):  # no current or home folder: not protected
        protected.append((Path.cwd().resolve(), "thư mục đang làm việc", False))
        protected.append((Path.home().resolve(), "thư mục nhà", False))
    protected += [
        (project.plans_dir, "thư mục kế hoạch (plans_dir)", True),
        (project.docs_dir, "thư mục trang viết tay (docs_dir)", True),
    ]
    protected += [(git, "kho git", True) for git in _git_folders(out)]
    why = next((f"là {label}" for folder, label, _ in protected if out == folder), None)
    why = why or next(
        (f"chứa {label} {show(folder)}" for folder, label, _ in protected if _inside(folder, out)),
        None,
    )
    why = why or next(
        (
            f"nằm trong {label} {show(folder)}"
            for folder, label, also_inside in protected
            if also_inside and _inside(out, folder)
        ),
        None,
    )
    if why:
        raise PublishError(
            f"lỗi: không dựng trang vào {out}: thư mục này {why}. Dựng trang thay toàn bộ thư "
            "mục trang, nên trang cần một thư mục riêng: chọn thư mục khác, ví dụ --site-dir site",
            status=2,
        )
    if out.exists() and not out.is_dir():
        raise PublishError(
            f"lỗi: không dựng trang vào {out}: đó là một tệp, không phải thư mục. Chọn một thư "
            "mục riêng cho trang, ví dụ --site-dir site",
            status=2,
        )


def count_plans(site: Path) -> int:
    """How many plan pages a built site holds (``ke-hoach/<slug>/index.html``, or
    ``ke-hoach/<slug>.html`` without directory URLs); 0 for a folder that is not a site."""
    count = 0
    try:
        entries = list(os.scandir(site / PLANS_DIR))
    except OSError:
        return 0
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            count += int(os.path.isfile(os.path.join(entry.path, "index.html")))
        elif entry.name.endswith(".html") and entry.name != "index.html":
            count += 1
    return count


# --- the output side ---------------------------------------------------------------------


def _reason(error: OSError | UnicodeDecodeError) -> str:
    """Why, in Vietnamese (the system's own words are English: never shown to an editor)."""
    if isinstance(error, UnicodeDecodeError):
        return "tệp không phải văn bản UTF-8"
    known = _REASONS.get(error.errno or 0)
    return known[0] if known else os_reason(error)


def _output_error(error: OSError, doing: str, folder: Path, outcome: str) -> PublishError:
    """One line: what failed where (and on which file), why, what to do, what became of the
    site."""
    name = error.filename if isinstance(error.filename, str) else None
    detail = f" ({name})" if name and Path(name) != folder else ""
    advice = _REASONS.get(error.errno or 0, _UNKNOWN)[1]
    return PublishError(
        f"lỗi: {doing} {folder}{detail}: {_reason(error)}; {advice} rồi chạy lại; {outcome}."
    )


def _outcome(out: Path, existed: bool) -> str:
    """What became of the site, as the end of a sentence: kept, or none was published."""
    if existed:
        return f"trang cũ ở {out} giữ nguyên"
    return f"chưa có trang nào được đăng ở {out}"


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def _pause(point: str) -> None:
    """The test hook (see the module's docstring): stop here so that a test can kill us."""
    if os.environ.get("PLANSITE_PAUSE_AT") != point:
        return
    Path(os.environ["PLANSITE_PAUSE_MARKER"]).write_text(point, encoding="utf-8")
    time.sleep(PAUSE_SECONDS)


def _lock(out: Path, timeout: float, say: Callable[[str], None]) -> int:
    """Take ``.DIR.lock`` beside ``DIR`` (its descriptor); wait for another build holding it,
    at most ``timeout`` seconds. :func:`_unlock` removes the file while still holding it: a
    build waiting on it then finds its file unlinked and locks the path afresh."""
    lock = _lock_path(out)
    deadline = time.monotonic() + timeout
    told = False
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise PublishError(
                            f"lỗi: một lần dựng khác vào {out} vẫn chưa xong sau "
                            f"{timeout:.0f} giây (khóa {lock}); chờ nó xong rồi chạy lại. "
                            f"Trang ở {out} không đổi."
                        ) from None
                    if not told:
                        say(f"Một lần dựng khác đang ghi vào {out}; chờ nó xong…")
                        told = True
                    time.sleep(0.1)
            try:
                now: os.stat_result | None = os.stat(lock)
            except FileNotFoundError:
                now = None
            held = os.fstat(fd)
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            return fd
        os.close(fd)  # the build before us removed this lock file: lock the new one


def _unlock(out: Path, fd: int) -> None:
    with suppress(OSError):
        _lock_path(out).unlink()
    os.close(fd)


def _lock_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.lock")


def _clean_leftovers(out: Path, say: Callable[[str], None]) -> None:
    """Remove what killed builds left beside ``out`` (under the lock: none is running)."""
    old = out.with_name(f".{out.name}-old")
    if not out.exists() and old.is_dir() and not old.is_symlink():
        os.rename(old, out)
        say(f"Đã đặt lại trang cũ vào {out} (một lần dựng trước bị dừng giữa chừng).")
    prefix = f".{out.name}"
    for entry in os.scandir(out.parent):
        name = entry.name
        if name == old.name or (
            name.startswith(prefix) and _STAGING_SUFFIX.fullmatch(name[len(prefix) :])
        ):
            try:
                _remove(Path(entry.path))
            except OSError as error:  # not fatal: the new staging folder has another name
                say(f"cảnh báo: không xóa được {entry.path} ({_reason(error)}); hãy xóa tay")


def _make_staging(out: Path) -> Path:
    """An empty folder beside ``out`` for the new site (mode as ``mkdir`` and the umask give,
    unlike ``tempfile.mkdtemp``'s 0700, which a web server could not read)."""
    while True:
        staging = out.with_name(f".{out.name}-new-{secrets.token_hex(4)}")
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        return staging


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); raises
    OSError, with ENOSYS where the C library has no ``renameat2``."""
    if not sys.platform.startswith("linux"):
        raise OSError(errno.ENOSYS, "renameat2 is Linux only")
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        renameat2 = libc.renameat2
    except AttributeError:
        raise OSError(errno.ENOSYS, "no renameat2 in the C library") from None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _swap(staging: Path, out: Path) -> Path | None:
    """Put ``staging`` at ``out``; return where the previous site now is (None: no site)."""
    if not out.exists():
        os.rename(staging, out)  # atomic; under the lock nobody creates `out` meanwhile
        return None
    try:
        _exchange(staging, out)
    except OSError as error:
        if error.errno not in _NO_EXCHANGE:
            raise
    else:
        _pause("after-exchange")
        return staging  # the old site, under the staging folder's name
    old = out.with_name(f".{out.name}-old")
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        raise
    return old


def publish(
    build: Builder,
    site_dir: Path,
    project: Project,
    *,
    allow_shrink: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    say: Callable[[str], None] | None = None,
) -> Published:
    """Build with ``build`` and put the result at ``site_dir`` (see the module's docstring).

    Raises :class:`PublishError`: status 2 for a site folder that must not be replaced, 1 for
    everything else (missing plans folder, failed build, shrunken site, output errors). The
    previous site is then as it was. ``say`` prints progress notes (default: stderr).
    """

    def stderr(text: str) -> None:
        print(text, file=sys.stderr)

    say = say or stderr
    try:
        out = Path(os.path.abspath(site_dir)).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise PublishError(
            f"lỗi: đường dẫn --site-dir {site_dir} có liên kết vòng; chọn thư mục khác", 2
        ) from None
    check_site_dir(out, project)
    if not project.plans_dir.is_dir():
        raise PublishError(
            f"{show(project.plans_dir)}: lỗi: không có thư mục kế hoạch này (plans_dir trong "
            f"{show(project.config_file)}); kiểm tra bản sao của trang (git pull…) hoặc sửa "
            f"plans_dir, rồi chạy lại. Không dựng trang; {_outcome(out, out.exists())}."
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _output_error(
            error, "không tạo được thư mục", out.parent, _outcome(out, False)
        ) from None
    try:
        fd = _lock(out, lock_timeout, say)
    except OSError as error:
        raise _output_error(
            error, "không ghi được vào thư mục", out.parent, _outcome(out, out.exists())
        ) from None
    try:
        return _publish_locked(build, out, project, allow_shrink, say)
    finally:
        _unlock(out, fd)


def _publish_locked(
    build: Builder, out: Path, project: Project, allow_shrink: bool, say: Callable[[str], None]
) -> Published:
    existed = out.exists()
    try:
        _clean_leftovers(out, say)
        existed = out.exists()
        staging = _make_staging(out)
    except OSError as error:
        raise _output_error(
            error, "không ghi được vào thư mục", out.parent, _outcome(out, existed)
        ) from None
    previous = count_plans(out) if existed else None
    warnings: list[str] = []
    try:
        try:
            build(staging)
        except BuildFailed as error:
            raise PublishError(
                f"lỗi: dựng trang không thành công, {_outcome(out, existed)}.\n{error}"
            ) from None
        except OSError as error:
            raise _output_error(
                error, "không ghi được trang mới vào thư mục", out.parent, _outcome(out, existed)
            ) from None
        plans = count_plans(staging)
        if previous and not allow_shrink and plans < previous * MIN_SHARE:
            raise PublishError(
                f"lỗi: trang mới chỉ có {plans} kế hoạch, ít hơn {MIN_SHARE:.0%} số kế hoạch "
                f"của trang cũ ({previous}), nên trang cũ ở {out} giữ nguyên. Kiểm tra thư mục "
                f"kế hoạch {show(project.plans_dir)} (bản sao của trang có đủ tệp không); nếu "
                "đúng là gỡ bớt kế hoạch, chạy lại với --allow-shrink"
            )
        try:
            if existed:  # the new site keeps the permissions given to the old one
                os.chmod(staging, stat.S_IMODE(out.stat().st_mode))
            _pause("before-swap")
            old = _swap(staging, out)
        except OSError as error:
            raise _output_error(
                error, "không thay được trang ở", out, _outcome(out, existed)
            ) from None
    except BaseException:
        with suppress(OSError):
            _remove(staging)
        raise
    if old is not None:
        try:
            _remove(old)
        except OSError as error:
            warnings.append(
                f"cảnh báo: không xóa được trang cũ ở {old} ({_reason(error)}); lần dựng sau sẽ xóa"
            )
    return Published(out, plans, previous, tuple(warnings))
