"""A large site's generated pages rendered on two cores (part of the MkDocs adapter).

MkDocs reads and renders pages one after another in one process; Markdown and the theme's
templates are most of a large build's time (``docs/hieu-nang.md``). When a build makes enough
pages, the plugin splits that work in two once the navigation is made (``on_nav``): a forked
copy of the build process reads and renders a share of the generated pages (55 %), with MkDocs' own
page functions and the same hooks, writes them and ends; the build process does the rest,
skipping the copy's pages (it does not convert their Markdown, and they render to nothing, so
MkDocs writes nothing for them), then waits for the copy after its last page. Both processes
hold the same catalogue, navigation and pages (a fork), so each page comes out as a build in
one process writes it (``tests/test_parallel_build.py`` compares both builds file by file).
The copy sends back, with its log, the anchors of its pages and the links they make to
anchors, so MkDocs' check of anchor links, made by the build process, sees every page.

What the copy logs is kept and logged again by the build process, in order, so a strict
build counts its warnings and editors read them as they read the others; an error in the
copy stops the build with that error. Only ``mkdocs build`` (and the CLI's build) splits: the
preview, ``mkdocs serve`` and a build in a process MkDocs did not start with a command render
in one process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A build splits when it makes at least this many pages (below, a fork costs more than it
#: saves: the sample site renders in one process).
MIN_PAGES = 400

#: The attributes every log record has; the others (``extra=``) travel with the record.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

_SKIPPED = "Page skipped: '"

#: The template of the pages the copy renders, in the build process: nothing.
NOTHING = "plansite/_elsewhere.html"


@dataclass
class Outcome:
    """What the copy sends back when its pages are written."""

    records: list[tuple[str, int, str, dict[str, Any]]] = field(default_factory=list)
    error: str | None = None
    full_text_pages: int = 0
    seconds: float = 0.0  # the copy's time, from the fork to its last page written
    #: Page source path → (its anchors, the anchors it links to: target path → anchors).
    anchors: dict[str, tuple[set[str] | None, dict[str, dict[str, str]] | None]] = field(
        default_factory=dict
    )


class _Keep(logging.Handler):
    """In the copy: every record logged, once, for the build process to log again."""

    def __init__(self, into: list[tuple[str, int, str, dict[str, Any]]]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into
        self.mute = False  # while it does what the build process logs too
        self._seen: set[int] = set()
        self._held: list[logging.LogRecord] = []  # keeps ids unique while they are compared

    def emit(self, record: logging.LogRecord) -> None:
        if self.mute or id(record) in self._seen:
            return  # the same record reaching a second logger with handlers
        self._seen.add(id(record))
        self._held.append(record)
        extra = {}
        for key, value in record.__dict__.items():
            if key in _STANDARD:
                continue
            try:
                pickle.dumps(value)
            except Exception:  # an attribute that cannot travel stays behind
                continue
            extra[key] = value
        self.into.append((record.name, record.levelno, record.getMessage(), extra))


def _capture_logs(into: list[tuple[str, int, str, dict[str, Any]]]) -> _Keep:
    keep = _Keep(into)
    loggers = [logging.getLogger()] + [
        item
        for item in logging.Logger.manager.loggerDict.values()
        if isinstance(item, logging.Logger)
    ]
    for logger in loggers:
        if logger.handlers:
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.addHandler(keep)
    logging.getLogger().addHandler(keep)
    return keep


class _Quiet(logging.Filter):
    """In the build process: MkDocs' note that a page rendered to nothing, for the copy's
    pages (the copy writes them)."""

    def __init__(self, theirs: frozenset[str]) -> None:
        super().__init__()
        self.theirs = theirs

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(_SKIPPED):
            return True
        return message[len(_SKIPPED) :].rsplit("'", 1)[0] not in self.theirs


class Split:
    """The build process's side of a split: which pages the copy renders, and its end."""

    def __init__(self, pid: int, outcome: Path, theirs: frozenset[str]) -> None:
        self.pid = pid
        self.outcome_path = outcome
        self.theirs = theirs
        self._quiet = _Quiet(theirs)
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)
        self._done: Outcome | None = None
        self.waited = 0.0  # seconds the build process waited for the copy at its end
        self.began = time.perf_counter()
        self.seconds = 0.0  # the build process's time, from the fork to its last page

    def wait(self) -> Outcome:
        """Wait for the copy; its records are logged here, in order."""
        if self._done is not None:
            return self._done
        began = time.perf_counter()
        self.seconds = began - self.began
        _, status = os.waitpid(self.pid, 0)
        self.waited = time.perf_counter() - began
        try:
            outcome: Outcome = pickle.loads(self.outcome_path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            code = os.waitstatus_to_exitcode(status)
            outcome = Outcome(error=f"tiến trình dựng trang thứ hai dừng giữa chừng (mã {code})")
        finally:
            self.outcome_path.unlink(missing_ok=True)
        for name, level, message, extra in outcome.records:
            logger = logging.getLogger(name)
            record = logger.makeRecord(name, level, "(fork)", 0, message, (), None, extra=extra)
            logger.handle(record)
        self._done = outcome
        return outcome

    def stop(self) -> None:
        """The build failed elsewhere: end the copy."""
        if self._done is not None:
            return
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.outcome_path.unlink(missing_ok=True)
        self._done = Outcome()
        self.close()

    def close(self) -> None:
        """The build has ended: MkDocs' notes of empty pages are its own again."""
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)


#: The copy's share of the generated pages. The build process also reads and renders the
#: docs/ pages, copies the data files and theme assets, writes the sitemap and checks the
#: anchors: at an even split it was the last to finish (1,000 plans: 22.8 s against 19.8 s).
SHARE = 0.55


def their_share(pages: Sequence[str]) -> list[str]:
    """The copy's pages: :data:`SHARE` of ``pages``, spread through them (the pages of each
    kind, cheap and costly, are shared alike)."""
    return [uri for i, uri in enumerate(pages) if int((i + 1) * SHARE) > int(i * SHARE)]


def can_split() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


class Copy:
    """What the copy's work gets: its outcome to fill, and a switch for its log."""

    def __init__(self, outcome: Outcome, keep: _Keep) -> None:
        self.outcome = outcome
        self._keep = keep

    @contextlib.contextmanager
    def muted(self) -> Iterator[None]:
        """Nothing logged inside is sent back (the build process logs it itself)."""
        self._keep.mute = True
        try:
            yield
        finally:
            self._keep.mute = False


def split(theirs: Sequence[str], work: Callable[[Copy], None]) -> Split:
    """Fork: the copy runs ``work`` (which fills the outcome), reports and ends without
    returning; the caller gets the :class:`Split` that waits for it."""
    handle, name = tempfile.mkstemp(prefix="plansite-fork-", suffix=".pickle")
    os.close(handle)
    outcome_path = Path(name)
    pid = os.fork()
    if pid:
        return Split(pid, outcome_path, frozenset(theirs))
    code = 0
    outcome = Outcome()
    try:  # the copy: never returns
        began = time.perf_counter()
        work(Copy(outcome, _capture_logs(outcome.records)))
        outcome.seconds = time.perf_counter() - began
    except BaseException as error:  # everything goes back to the build
        outcome.error = "".join(traceback.format_exception_only(type(error), error)).strip()
        code = 1
    finally:
        try:
            outcome_path.write_bytes(pickle.dumps(outcome))
        finally:
            os._exit(code)
