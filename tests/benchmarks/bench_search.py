"""Search at scale: what a visitor downloads for a first query on a 10,000-plan site, how long
until the first result, and what the Pagefind indexer needs; against Material's lunr index.

One command (from the repository root; builds the synthetic sites, so it takes a while):

    .venv/bin/python tests/benchmarks/bench_search.py

Options: ``--plans 10000`` (the site measured), ``--lunr-plans 1000`` (the size at which
Material's ``search_index.json`` is built for comparison; 0 to skip), ``--workdir DIR``
(kept between runs; ``--reuse`` measures an already built site again), ``--no-doc`` (print
only). The results table goes into ``docs/hieu-nang-tim-kiem.md``, between the
``bench_search`` markers, with the machine it ran on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # tests/: the shared test helpers
import corpus

from conftest import CHROMIUM, CHROMIUM_ARGS, serve_site

ROOT = corpus.ROOT
DOC = ROOT / "docs" / "hieu-nang-tim-kiem.md"
START, END = "<!-- bench_search: start -->", "<!-- bench_search: end -->"
#: Queries a resident types: words with and without tones, document numbers.
QUERIES = [
    "quán triệt",
    "phuoc long",
    "Hà Tĩnh",
    "chinh don dang",
    "kết luận 1",
    "nghị quyết 2",
    "chuyển đổi số",
    "sinh hoat chi bo",
]
_INDEX_LOG = re.compile(
    r"Chỉ mục tìm kiếm: (\d+) trang, toàn văn (\d+) kế hoạch \((\d+) phần\), "
    r"([\d.]+) MB, ([\d.]+) s(?:, bộ nhớ đỉnh (\d+) MB)?"
)
#: Phrases found only in the plans' full texts (from the seeds' paragraphs).
FULL_TEXT_QUERIES = ["đợt sinh hoạt chính trị sâu rộng", "cong tac vien du luan xa hoi"]


@dataclass
class Build:
    plans: int
    seconds: float
    peak_rss: int  # bytes, the MkDocs process
    index_pages: int = 0
    full_text_pages: int = 0
    parts: int = 0
    index_seconds: float = 0.0
    index_peak: int | None = None  # bytes, the Pagefind process
    log: str = ""


@dataclass
class Visit:
    query: str
    bytes: int
    requests: int
    ms: float
    first: str = ""
    full_text_index: int = 0  # bytes of those: chunks of the full-text index
    fragments: int = 0  # bytes of those: results' texts (Pagefind fragments), both indexes


@dataclass
class Results:
    build: Build
    site: Path
    visits_page: list[Visit] = field(default_factory=list)
    visits_link: list[Visit] = field(default_factory=list)
    visits_box: list[Visit] = field(default_factory=list)
    visits_full: list[Visit] = field(default_factory=list)
    lunr: dict[str, Any] = field(default_factory=dict)


# -- building -----------------------------------------------------------------------------

_MEASURED_BUILD = """
import resource, runpy, sys
sys.argv = ["mkdocs", "build", *sys.argv[1:]]
try:
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
finally:
    print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def snapshot(workdir: Path) -> Path:
    """A copy of ``plugins/`` for the builds to run: a long benchmark measures the code as it
    was when it started, whatever is edited meanwhile."""
    dest = workdir / "plugins-snapshot"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(ROOT / "plugins", dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


SNAPSHOT: Path | None = None


def build(project: Path, strict: bool = False) -> Build:
    """``mkdocs build`` of ``project`` in a process of its own: wall time, its peak memory, and
    what plansite logged about the search index."""
    args = [
        sys.executable,
        "-c",
        _MEASURED_BUILD,
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(project / "site"),
    ]
    if strict:
        args.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if SNAPSHOT is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(SNAPSHOT), env.get("PYTHONPATH", "")])
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=project)
    seconds = time.perf_counter() - start
    log = done.stdout + done.stderr
    if done.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{log[-4000:]}")
    peak = re.search(r"PEAK_RSS_KB (\d+)", log)
    result = Build(0, seconds, int(peak.group(1)) * 1024 if peak else 0, log=log)
    if m := _INDEX_LOG.search(log):
        result.index_pages, result.full_text_pages = int(m.group(1)), int(m.group(2))
        result.parts, result.index_seconds = int(m.group(3)), float(m.group(5))
        result.index_peak = int(m.group(6)) * 2**20 if m.group(6) else None
    return result


def lunr_size(plans: int, workdir: Path) -> dict[str, Any]:
    """Material's lunr ``search_index.json`` for ``plans`` synthetic plans (plansite's own
    search off in that build)."""
    project = corpus.make_project(plans, workdir / f"lunr-{plans}")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n\s*# No `search` plugin[^\n]*", "", config)
    config = config.replace("plugins:\n", "plugins:\n  - search\n", 1)
    config = config.replace(
        "      plans_dir: plans\n", "      plans_dir: plans\n      search: false\n"
    )
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    done = build(project, strict=False)
    index = (project / "site" / "search" / "search_index.json").read_bytes()
    return {
        "plans": plans,
        "bytes": len(index),
        "gzip": len(gzip.compress(index, 6)),
        "seconds": done.seconds,
    }


# -- measuring in chromium ------------------------------------------------------------------


_FIRST = """(() => {
  window.__first = null;
  new MutationObserver((_, observer) => {
    const a = document.querySelector('#search-results a, #plansite-search-header-results a');
    if (a && window.__first === null) {
      window.__first = performance.now();
      window.__href = a.href;
      observer.disconnect();
    }
  }).observe(document, {childList: true, subtree: true});
})();"""


def _body_size(response: Any) -> int:
    try:
        return len(response.body())
    except Exception:  # redirects, aborted requests
        return 0


def visit(browser: Any, base: str, query: str, how: str) -> Visit:
    """One visitor, with an empty cache, making a first query: ``page`` types it into the
    search page, ``box`` into the header box of another page, ``link`` opens a shared link
    tim-kiem/?q=…. Bytes and time count from the query (for ``link``: from navigation)."""
    context = browser.new_context()
    context.add_init_script(_FIRST)
    page = context.new_page()
    sizes: list[int] = []
    full_text_index: list[int] = []
    fragments: list[int] = []
    foreign: list[str] = []

    def on_response(response: Any) -> None:
        if not response.url.startswith(base):
            foreign.append(response.url)
        size = _body_size(response)
        sizes.append(size)
        path = response.url.removeprefix(base)
        if path.startswith("pagefind-toan-van/") and "/index/" in path:
            full_text_index.append(size)
        if "/fragment/" in path:
            fragments.append(size)

    start = 0.0
    if how == "link":
        page.on("response", on_response)
        page.goto(f"{base}tim-kiem/?q={quote(query)}")
    else:
        page.goto(f"{base}tim-kiem/" if how == "page" else f"{base}gioi-thieu/")
        page.wait_for_load_state("networkidle")
        page.on("response", on_response)
        selector = "#plansite-q" if how == "page" else ".md-search__input"
        start = page.evaluate("() => performance.now()")
        page.fill(selector, query)
        if how == "page":
            page.press(selector, "Enter")
    page.wait_for_function("() => window.__first !== null", timeout=120_000)
    ms = page.evaluate("() => window.__first") - start
    href = page.evaluate("() => window.__href")
    page.wait_for_timeout(500)  # the rest of the first page of results
    context.close()
    # Material fetches sitemap.xml for each <link rel=alternate> (the site's feeds): not
    # search, and not counted; any other request off the site would be.
    foreign = [u for u in foreign if not u.endswith("/sitemap.xml")]
    if foreign:
        raise SystemExit(f"requests left the site: {foreign}")
    return Visit(
        query,
        sum(sizes),
        len(sizes),
        ms,
        href.removeprefix(base),
        sum(full_text_index),
        sum(fragments),
    )


def measure(site: Path, queries: list[str]) -> tuple[list[Visit], ...]:
    from playwright.sync_api import sync_playwright

    with serve_site(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            runs = tuple(
                [visit(browser, base, q, how) for q in queries] for how in ("page", "link", "box")
            )
            runs += ([visit(browser, base, q, "page") for q in FULL_TEXT_QUERIES],)
        finally:
            browser.close()
    return runs


# -- reporting -------------------------------------------------------------------------------


def machine() -> str:
    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        m = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = m.group(1).strip() if m else cpu
    mem = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        m = re.search(r"^MemTotal:\s+(\d+) kB", meminfo.read_text(), re.MULTILINE)
        mem = f"{int(m.group(1)) / 2**20:.0f} GB" if m else mem
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    from importlib.metadata import version

    return (
        f"{cpu}, {os.cpu_count()} nhân, {mem} RAM; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; "
        f"{chromium.strip() or 'chromium ?'}; Pagefind {version('pagefind')}, "
        f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}"
    )


def _kb(n: float) -> str:
    return f"{_int(round(n / 1024))} KB"


def _mb(n: float) -> str:
    return f"{n / 2**20:.1f} MB".replace(".", ",")


def _ms(values: list[float]) -> str:
    return f"{_int(round(statistics.median(values)))} ms; {_int(round(max(values)))} ms"


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def report(r: Results) -> str:
    b = r.build
    summary_bytes, summary_files = folder_size(r.site / "pagefind")
    full_bytes, full_files = folder_size(r.site / "pagefind-toan-van")
    meta = max((r.site / "pagefind").glob("*.pf_meta"), key=lambda p: p.stat().st_size)
    chunks = [p.stat().st_size for p in (r.site / "pagefind" / "index").iterdir()]
    shards = [p.stat().st_size for p in (r.site / "tim-kiem" / "so-hieu").iterdir()]
    table = (r.site / "van-ban" / "tra-cuu.json").stat().st_size
    page = [v.bytes for v in r.visits_page]
    box = [v.bytes for v in r.visits_box]
    link = [v.bytes for v in r.visits_link]
    full = [v.bytes for v in r.visits_full]
    peak = _mb(b.index_peak) if b.index_peak else "không đo được"
    rows = [
        (
            "Kế hoạch; trang trong chỉ mục tóm lược; kế hoạch trong chỉ mục toàn văn (số phần)",
            f"{_int(b.plans)}; {_int(b.index_pages)}; {_int(b.full_text_pages)} ({b.parts} phần)",
        ),
        ("Dựng trang (`mkdocs build`, cả trang)", f"{_int(round(b.seconds))} s"),
        ("Bộ nhớ đỉnh của tiến trình MkDocs", _mb(b.peak_rss)),
        (
            "Lập chỉ mục (Pagefind): lần dựng còn phải chờ sau trang cuối cùng (chỉ mục được "
            "lập song song với việc dựng trang)",
            f"{b.index_seconds:.1f} s".replace(".", ","),
        ),
        ("Lập chỉ mục: bộ nhớ đỉnh của một tiến trình Pagefind (mỗi phần một tiến trình)", peak),
        ("Chỉ mục tóm lược trên đĩa", f"{_mb(summary_bytes)} ({_int(summary_files)} tệp)"),
        ("Chỉ mục toàn văn trên đĩa", f"{_mb(full_bytes)} ({_int(full_files)} tệp)"),
        ("Tệp siêu dữ liệu của chỉ mục tóm lược (tải ở truy vấn đầu)", _kb(meta.stat().st_size)),
        (
            "Mảnh chỉ mục tóm lược: lớn nhất / trung vị",
            f"{_kb(max(chunks))} / {_kb(statistics.median(chunks))}",
        ),
        (
            "Bảng số hiệu: cả bảng `van-ban/tra-cuu.json` / mảnh `tim-kiem/so-hieu/` lớn nhất",
            f"{_kb(table)} / {_kb(max(shards))}",
        ),
        (
            "**Tải về cho truy vấn đầu, trang tìm kiếm** (trung vị; tối đa)",
            f"**{_kb(statistics.median(page))}**; {_kb(max(page))}",
        ),
        (
            "Tải về cho truy vấn đầu, ô tìm kiếm ở đầu trang (trung vị; tối đa)",
            f"{_kb(statistics.median(box))}; {_kb(max(box))}",
        ),
        (
            "Mở liên kết `tim-kiem/?q=…`: cả trang và kết quả (trung vị; tối đa)",
            f"{_kb(statistics.median(link))}; {_kb(max(link))}",
        ),
        (
            "Truy vấn đầu chỉ có trong toàn văn (trung vị; tối đa)",
            f"{_kb(statistics.median(full))}; {_kb(max(full))}",
        ),
        (
            "**Thời gian đến kết quả đầu, trang tìm kiếm** (trung vị; tối đa)",
            f"**{_ms([v.ms for v in r.visits_page])}**",
        ),
        (
            "Thời gian đến kết quả đầu, ô ở đầu trang (gồm 200 ms chờ gõ xong)",
            _ms([v.ms for v in r.visits_box]),
        ),
        (
            "Thời gian từ lúc mở liên kết `tim-kiem/?q=…` đến kết quả đầu",
            _ms([v.ms for v in r.visits_link]),
        ),
        (
            "Thời gian đến kết quả đầu, truy vấn chỉ có trong toàn văn",
            _ms([v.ms for v in r.visits_full]),
        ),
    ]
    if r.lunr:
        plans = _int(r.lunr["plans"])
        rows.append(
            (
                f"So sánh: `search_index.json` của Material (lunr) cho {plans} "
                "kế hoạch, tải trọn ở truy vấn đầu",
                f"{_mb(r.lunr['bytes'])} ({_mb(r.lunr['gzip'])} nếu nén gzip)",
            )
        )
    lines = [
        START,
        "",
        f"Đo ngày {datetime.now():%d/%m/%Y} trên máy: {machine()}.",
        "",
        "| Chỉ số | Kết quả |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in rows]
    visits = r.visits_page + r.visits_full
    lines += [
        "",
        "Từng truy vấn trên trang tìm kiếm (mỗi truy vấn một khách mới, bộ nhớ đệm trống, theo "
        "thứ tự đo): số byte tải về, trong đó các mảnh chỉ mục toàn văn và các mảnh nội "
        "dung (chữ của các kết quả, cả hai chỉ mục), thời gian đến kết quả đầu, kết quả đầu.",
        "",
        "| Truy vấn | Tải về | Mảnh chỉ mục toàn văn | Mảnh nội dung | Đến kết quả đầu "
        "| Kết quả đầu |",
        "|---|--:|--:|--:|--:|---|",
        *(
            f"| `{v.query}` | {_kb(v.bytes)} | {_kb(v.full_text_index)} | {_kb(v.fragments)} "
            f"| {_int(round(v.ms))} ms | `{v.first}` |"
            for v in visits
        ),
        "",
        "Số byte là kích thước các tệp như máy chủ tĩnh trả về, không nén HTTP (các tệp "
        "chỉ mục của Pagefind vốn đã nén gzip). Không tính `sitemap.xml` mà mã của "
        'Material tải cho mỗi `<link rel="alternate">` (nguồn tin RSS) ở phần đầu '
        "trang: việc đó không thuộc tìm kiếm.",
        "",
        END,
    ]
    return "\n".join(lines)


def write_doc(table: str, doc: Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    doc.write_text(text[:start] + table + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--lunr-plans", type=int, default=1_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/plansite-bench-search"))
    parser.add_argument("--reuse", action="store_true", help="measure an already built site")
    parser.add_argument("--no-doc", action="store_true", help="print the table only")
    args = parser.parse_args(argv)

    global SNAPSHOT
    args.workdir.mkdir(parents=True, exist_ok=True)
    SNAPSHOT = snapshot(args.workdir)
    project = args.workdir / f"plans-{args.plans}"
    saved = project / "build.json"
    if args.reuse and (project / "site" / "pagefind").is_dir() and saved.exists():
        done = Build(**json.loads(saved.read_text(encoding="utf-8")))
    else:
        print(f"Tạo {args.plans} kế hoạch và dựng trang (lâu)…", file=sys.stderr)
        corpus.make_project(args.plans, project)
        done = build(project)
        done.plans = args.plans
        fields = {k: v for k, v in vars(done).items() if k != "log"}
        saved.write_text(json.dumps(fields), encoding="utf-8")
    done.plans = args.plans
    print(f"Dựng xong: {done.seconds:.0f} s. Đo trong chromium…", file=sys.stderr)
    results = Results(done, project / "site")
    (results.visits_page, results.visits_link, results.visits_box, results.visits_full) = measure(
        results.site, QUERIES
    )
    if args.lunr_plans:
        print(f"Dựng {args.lunr_plans} kế hoạch với lunr để so sánh…", file=sys.stderr)
        results.lunr = lunr_size(args.lunr_plans, args.workdir)
    table = report(results)
    print(table)
    if not args.no_doc:
        write_doc(table)
        print(f"Đã ghi vào {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
