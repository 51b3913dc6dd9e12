"""The editors' preview (``make serve``): the site served on 127.0.0.1, each page made from
the plans as they are when it is asked for.

``mkdocs serve`` rebuilds every page after each edit (about 38 s at 1,000 plans) and holds
requests until it is done. The preview builds the whole site once, at the start (for the
search index and the theme's files), then, on each request for a page, reads the plans
again only if a file changed (unchanged plans come from the plugin's read cache) and renders
that one page with MkDocs' own functions, from the same catalogue, templates and navigation
as a full build: the page is the one `plansite build` would write. Data files (feeds,
calendars, exports) are made again when one is asked for after an edit. The search index
stays the one of the first build: it is made again only when the preview is restarted.

Open pages reload themselves when a file changes (a small script polls the preview).
Run: ``python -m plansite.preview [--dev-addr 127.0.0.1:8000] [-f mkdocs.yml]``.
"""

from __future__ import annotations

import hashlib
import html
import http.server
import logging
import mimetypes
import os
import posixpath
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from .plugin import PlansitePlugin
from .site.search import FULL_TEXT_DIR, PAGEFIND_DIR

__all__ = ["RELOAD_SCRIPT_START", "Preview", "main"]

log = logging.getLogger("mkdocs.plugins.plansite.preview")

VERSION_PATH = "/.xem-truoc/phien-ban"
#: The one thing the preview adds to a page: the script that reloads it after an edit.
RELOAD_SCRIPT_START = "<script data-plansite-preview>"
RELOAD_SCRIPT = (
    RELOAD_SCRIPT_START
    + "(function(){var v=null;function poll(){fetch('"
    + VERSION_PATH
    + "',{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){"
    "if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})"
    ".finally(function(){setTimeout(poll,1000)})}poll()})();</script>"
)


@dataclass
class _Generation:
    """What one reading of the sources gives: files, navigation, template environment."""

    signature: str
    files: Files
    nav: Navigation
    env: Any
    pages_by_url: dict[str, File]
    populated: set[str] = field(default_factory=set)
    rendered: dict[str, bytes] = field(default_factory=dict)
    data: dict[str, bytes] | None = None
    not_found: bytes | None = None


class Preview:
    """The live site of one project: ``page(path)`` answers a request's path."""

    def __init__(self, config_file: Path, site_dir: Path | None = None) -> None:
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.site_dir = site_dir or Path(tempfile.mkdtemp(prefix="plansite-xem-truoc-"))
        self.lock = threading.RLock()
        self.config: MkDocsConfig | None = None
        self.plugin: PlansitePlugin | None = None
        self.generation: _Generation | None = None
        self.error: str | None = None
        self.config_signature = ""
        self._signature_at = 0.0
        self._signature = ""
        self.bytecode = _MemoryBytecodeCache()

    # -- sources ----------------------------------------------------------------------

    def _watched(self) -> Iterator[Path]:
        yield self.config_file
        config = self.config
        folders = [self.root / "docs", self.root / "plans"]
        if config is not None:
            folders = [Path(config.docs_dir)]
            if self.plugin is not None:
                folders.append(self.plugin.plans_path)
            if config.theme.custom_dir:
                folders.append(Path(config.theme.custom_dir))
        for folder in folders:
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames.sort()
                for name in sorted(filenames):
                    yield Path(dirpath, name)

    def signature(self, max_age: float = 0.3) -> str:
        """A digest of every watched file's path, size and time (kept ``max_age`` seconds)."""
        now = time.monotonic()
        if self._signature and now - self._signature_at < max_age:
            return self._signature
        digest = hashlib.sha1()
        for path in self._watched():
            try:
                st = path.stat()
            except OSError:
                continue
            # os.fsencode: a file name need not be UTF-8 (bytes kept as surrogates)
            digest.update(os.fsencode(path) + f"\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        self._signature, self._signature_at = digest.hexdigest(), now
        return self._signature

    def refresh(self) -> None:
        """Look at the files again on the next request (not the signature of 0.3 s ago)."""
        self._signature = ""

    def _config_signature(self) -> str:
        st = self.config_file.stat()
        return f"{st.st_size}:{st.st_mtime_ns}"

    # -- builds -----------------------------------------------------------------------

    def start(self) -> None:
        """The first, full build (as `mkdocs build` makes it, into the preview's folder)."""
        with self.lock:
            self._full_build()

    def _full_build(self) -> None:
        self.config_signature = self._config_signature()
        self._signature = ""
        self.bytecode = _MemoryBytecodeCache()  # the settings may have changed the templates
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        config.plugins.on_startup(command="serve", dirty=False)
        plugin = next((p for p in config.plugins.values() if isinstance(p, PlansitePlugin)), None)
        self.config, self.plugin, self.generation = config, plugin, None
        signature = self.signature(0)
        try:
            mkdocs_build.build(config)
            self.error = None
        except (MkDocsException, OSError) as error:
            self.error = str(error)
        self._read(signature)

    def _read(self, signature: str) -> None:
        """Read the sources again: files, the plugin's catalogue and pages, navigation."""
        config = self.config
        assert config is not None
        self.generation = None
        try:
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            if self.plugin is not None:  # data files are made when one is asked for
                self.plugin.lazy_data = True
            try:
                files = config.plugins.on_files(files, config=config)
            finally:
                if self.plugin is not None:
                    self.plugin.lazy_data = False
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            env = config.plugins.on_env(env, config=config, files=files)
        except (MkDocsException, OSError) as error:
            self.error = str(error)
            return
        # Templates compiled once for the whole preview (after on_env: compiled with the
        # autoescape the plugin sets), not again for each reading.
        env.bytecode_cache = self.bytecode
        pages = {}
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            pages[_url_key(file.url)] = file
        self.error = None
        self.generation = _Generation(signature, files, nav, env, pages)

    def current(self) -> _Generation | None:
        """The generation of the sources as they are now (read again if anything changed)."""
        with self.lock:
            signature = self.signature()
            if self.config is None or self._config_signature() != self.config_signature:
                self._full_build()
            elif self.generation is None or self.generation.signature != signature:
                self._read(signature)
            return self.generation

    def _populate(self, generation: _Generation, file: File) -> None:
        assert self.config is not None
        if file.page is None:  # made when first needed: thousands of pages are never asked for
            Page(None, file, self.config)
        assert file.page is not None
        if file.src_uri not in generation.populated:
            mkdocs_build._populate_page(file.page, self.config, generation.files)
            generation.populated.add(file.src_uri)

    def render(self, generation: _Generation, file: File) -> bytes:
        """One page, as `mkdocs build` writes it (the same hooks, in the same order)."""
        config = self.config
        assert config is not None
        cached = generation.rendered.get(file.src_uri)
        if cached is not None:
            return cached
        for nav_page in generation.nav.pages:  # their titles are in every page's navigation
            self._populate(generation, nav_page.file)
        self._populate(generation, file)
        page = file.page
        assert page is not None
        doc_files = generation.files.documentation_pages(inclusion=InclusionLevel.is_included)
        config._current_page = page
        page.active = True
        try:
            context = mkdocs_build.get_context(generation.nav, doc_files, config, page)
            template = generation.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=generation.nav
            )
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        body = output.encode("utf-8", errors="xmlcharrefreplace")
        generation.rendered[file.src_uri] = body
        return body

    def data(self, generation: _Generation) -> dict[str, bytes]:
        """The data files of this generation, made on the first request for one."""
        if generation.data is None:
            assert self.plugin is not None
            made = self.plugin.data_files()
            generation.data = {
                uri: value if isinstance(value, bytes) else value.encode("utf-8")
                for uri, value in made.items()
            }
        return generation.data

    # -- requests ---------------------------------------------------------------------

    def answer(self, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for a request's path."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        if path == VERSION_PATH:
            return 200, "text/plain; charset=utf-8", self.signature().encode()
        with self.lock:
            generation = self.current()
            if generation is None:
                return 500, "text/html; charset=utf-8", self._error_page()
            file = generation.pages_by_url.get(_url_key(path))
            if file is not None:
                try:
                    body = self.render(generation, file)
                except Exception as error:  # a page that cannot be made: say which, go on
                    self.error = f"{file.src_uri}: {error}"
                    return 500, "text/html; charset=utf-8", self._error_page()
                return 200, "text/html; charset=utf-8", _with_reload(body)
            uri = path.lstrip("/")
            if not uri or uri.endswith("/"):
                uri += "index.html"
            if uri == "404.html":
                return 200, "text/html; charset=utf-8", _with_reload(self.not_found(generation))
            static = generation.files.get_file_from_path(uri)
            if static is None:
                static = next(
                    (
                        f
                        for f in generation.files
                        if f.dest_uri == uri and not f.is_documentation_page()
                    ),
                    None,
                )
            if static is not None and self.plugin and static.src_uri in self.plugin.data_uris:
                content = self.data(generation).get(static.src_uri)
                if content is not None:
                    return 200, _type(uri), content
            elif static is not None:  # theme, docs/ and generated files (admin/)
                return 200, _type(uri), static.content_bytes
            else:  # a data file new since the data were last made (a new topic's feed…)
                content = self.data(generation).get(uri)
                if content is not None:
                    return 200, _type(uri), content
            built = _inside(self.site_dir, uri)
            # What a page writes beside itself as it is made (a plan's JSON export)
            owner = generation.pages_by_url.get(_url_key(posixpath.dirname("/" + uri) + "/"))
            if owner is not None and built is not None:
                self._populate(generation, owner)
                if built.is_file():
                    return 200, _type(uri), built.read_bytes()
            if built is not None and built.is_file() and _from_first_build(uri):
                return 200, _type(uri), built.read_bytes()
            return 404, "text/html; charset=utf-8", _with_reload(self.not_found(generation))

    def not_found(self, generation: _Generation) -> bytes:
        """The theme's 404 page, made with this generation's navigation."""
        if generation.not_found is None:
            assert self.config is not None
            for nav_page in generation.nav.pages:
                self._populate(generation, nav_page.file)
            template = generation.env.get_template("404.html")
            output = mkdocs_build._build_template(
                "404.html", template, generation.files, self.config, generation.nav
            )
            generation.not_found = output.encode("utf-8")
        return generation.not_found

    def _error_page(self) -> bytes:
        message = html.escape(self.error or "không đọc được các tệp của trang")
        text = (
            '<!doctype html><html lang="vi"><meta charset="utf-8">'
            "<title>Chưa xem trước được</title><body>"
            "<h1>Chưa xem trước được trang</h1>"
            "<p>Sửa các lỗi dưới đây rồi lưu tệp; trang tự tải lại.</p>"
            f"<pre>{message}</pre>{RELOAD_SCRIPT}</body></html>"
        )
        return text.encode("utf-8")

    def close(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by name and source (Jinja's own checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _url_key(url: str) -> str:
    """A page's address as requested: ``/ke-hoach/x/`` and ``/ke-hoach/x/index.html`` alike."""
    url = "/" + url.lstrip("/")
    if url.startswith("/./"):
        url = url[2:]  # the home page's address in MkDocs: "./"
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    return url


def _from_first_build(uri: str) -> bool:
    """What only the first build makes: the search index and the sitemap."""
    top = uri.split("/", 1)[0]
    return top in (PAGEFIND_DIR, FULL_TEXT_DIR) or uri in ("sitemap.xml", "sitemap.xml.gz")


def _inside(folder: Path, uri: str) -> Path | None:
    clean = posixpath.normpath("/" + uri).lstrip("/")
    return folder / clean if clean and not clean.startswith("..") else None


def _type(uri: str) -> str:
    kind = mimetypes.guess_type(uri)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else kind


def _with_reload(body: bytes) -> bytes:
    marker = b"</body>"
    at = body.rfind(marker)
    script = RELOAD_SCRIPT.encode()
    return body[:at] + script + body[at:] if at >= 0 else body + script


def strip_reload(text: str) -> str:
    """A served page without the preview's reload script (what a full build writes)."""
    at = text.find(RELOAD_SCRIPT_START)
    return text if at < 0 else text[:at] + text[at + len(RELOAD_SCRIPT) :]


def serve(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, kind, body = preview.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return http.server.ThreadingHTTPServer((host, port), Handler)


USAGE = """Cách dùng: python -m plansite.preview [--dev-addr MÁY:CỔNG] [-f TỆP]

Xem trước trang trên máy này (make serve).

tùy chọn:
  -h, --help               hiện hướng dẫn này rồi thoát
  --dev-addr MÁY:CỔNG      địa chỉ xem trước (mặc định: 127.0.0.1:8000)
  -f, --config-file TỆP    tệp cấu hình của trang (mặc định: mkdocs.yml)
"""


def _arguments(argv: list[str]) -> dict[str, str] | None:
    """The two options, or None after saying (in Vietnamese) what is wrong."""
    args = {"dev_addr": "127.0.0.1:8000", "config_file": "mkdocs.yml"}
    names = {"--dev-addr": "dev_addr", "-f": "config_file", "--config-file": "config_file"}
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        name, eq, value = word.partition("=")
        if word in ("-h", "--help"):
            print(USAGE, end="")
            raise SystemExit(0)
        if name not in names or (not eq and not rest):
            problem = f"không hiểu '{word}'" if name not in names else f"{name} cần một giá trị"
            print(
                f"python -m plansite.preview: lỗi: {problem}. "
                "Xem `python -m plansite.preview --help`.",
                file=sys.stderr,
            )
            return None
        args[names[name]] = value if eq else rest.pop(0)
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    if args is None:
        return 2
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs' own progress lines are English; the plugin's warnings and errors are not
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    host, _, port = args["dev_addr"].rpartition(":")
    preview = Preview(Path(args["config_file"]))
    print("Đang dựng toàn bộ trang lần đầu…", flush=True)
    started = time.perf_counter()
    preview.start()
    if preview.error:
        print(f"lỗi: {preview.error}", file=sys.stderr, flush=True)
    server = serve(preview, host or "127.0.0.1", int(port))
    seconds = time.perf_counter() - started
    print(
        f"Đã dựng xong sau {seconds:.0f} giây. Xem trước tại http://{args['dev_addr']}/ "
        "(sửa một tệp rồi lưu: trang đang mở tự tải lại; dừng: Ctrl+C)",
        flush=True,
    )
    # Stopped by make or a terminal closing (SIGTERM) as by Ctrl+C: the folder is removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        preview.close()
        shutil.rmtree(preview.site_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
