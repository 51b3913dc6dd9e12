"""How large each kind of page gets on a site of many plans, against the page budgets.

Run: ``make bench-pages`` or ``python tests/benchmarks/bench_pages.py [--sizes 1000,10000]
[--write-docs]``. Not a test (a 10,000-plan build takes minutes); the test suite holds a
300-plan site to the same budgets (``tests/test_budgets.py``). Sizes are bytes, deterministic
for a corpus (:mod:`corpus`, seed 6) and a build date (15/06/2025 here), so one build per size
is enough.

For each size: the largest page of each kind (raw and gzipped) with its address, whether it is
within the budget (400 KB raw and 60 KB gzipped for every page, 150 KB for the home page), and
the site calendar ``lich.ics``: its size, its events, and how many of its rules have an end.
``--write-docs`` writes the table into ``docs/hieu-nang.md`` between the ``pages:start`` and
``pages:end`` markers.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

DOC_PAGE = ROOT / "docs" / "hieu-nang.md"
START, END = "<!-- pages:start -->", "<!-- pages:end -->"
PAGE_BYTES, PAGE_GZIP, HOME_BYTES = 400 * 1024, 60 * 1024, 150 * 1024
BUILT = datetime(2025, 6, 15, 12, tzinfo=UTC)

#: (kind, pattern of the page's path in the site), the first that matches names the kind.
KINDS = [
    ("Trang chủ", r"index\.html"),
    ("Danh sách kế hoạch", r"ke-hoach/index\.html"),
    ("Kế hoạch theo năm", r"ke-hoach/theo-nam/.+"),
    ("Trang kế hoạch", r"ke-hoach/[^/]+/index\.html"),
    ("Danh mục văn bản", r"van-ban/index\.html"),
    ("Trang văn bản", r"van-ban/[^/]+/index\.html"),
    ("Trang sau của danh sách văn bản", r"van-ban/.+"),
    ("Mốc thời gian (trang đầu)", r"moc-thoi-gian/index\.html"),
    ("Mốc thời gian theo năm, quý, tháng", r"moc-thoi-gian/.+"),
    ("Cơ quan ban hành (danh sách)", r"co-quan/index\.html"),
    ("Trang cơ quan ban hành", r"co-quan/.+"),
    ("Chủ đề (danh sách)", r"chu-de/index\.html"),
    ("Trang chủ đề", r"chu-de/.+"),
    ("Theo dõi", r"theo-doi/.+"),
    ("Tìm kiếm", r"tim-kiem/.+"),
    ("Trang khác", r".+"),
]


def kind_of(path: str) -> str:
    return next(kind for kind, pattern in KINDS if re.fullmatch(pattern, path))


def measure(n: int, work: Path) -> dict[str, object]:
    project = corpus.make_project(n, work / f"corpus-{n}")
    site = work / f"site-{n}"
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(int(BUILT.timestamp())),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(ROOT / "plugins"),
    }
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    largest: dict[str, tuple[int, int, str]] = {}
    counts: dict[str, int] = {}
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pagefind")):
            continue
        kind = kind_of(rel)
        data = page.read_bytes()
        size = (len(data), len(gzip.compress(data, 9)), rel)
        counts[kind] = counts.get(kind, 0) + 1
        if kind not in largest or size > largest[kind]:
            largest[kind] = size
    calendar = (site / "lich.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    rules = [line for line in calendar.splitlines() if line.startswith("RRULE:")]
    return {
        "plans": n,
        "seconds": seconds,
        "largest": largest,
        "counts": counts,
        "calendar_bytes": len(calendar.encode("utf-8")),
        "events": calendar.count("BEGIN:VEVENT"),
        "rules": len(rules),
        "bounded": sum(1 for r in rules if ";UNTIL=" in r or ";COUNT=" in r),
    }


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB".replace(",", ".")


def report(results: list[dict[str, object]]) -> str:
    lines = [
        f"Dựng một lần mỗi cỡ, ngày dựng {BUILT:%d/%m/%Y}, kế hoạch sinh bởi "
        "`tests/benchmarks/corpus.py` (hạt giống 6). Ngân sách: mọi trang tối đa 400 KB "
        "(60 KB nén gzip), trang chủ tối đa 150 KB.",
        "",
    ]
    for result in results:
        largest = result["largest"]
        counts = result["counts"]
        assert isinstance(largest, dict) and isinstance(counts, dict)
        lines += [
            f"**{result['plans']:,} kế hoạch**".replace(",", "."),
            "",
            "| Loại trang | Số trang | Trang lớn nhất | Cỡ | Nén gzip | Trong ngân sách |",
            "|---|---:|---|---:|---:|---|",
        ]
        for kind, _ in KINDS:
            if kind not in largest:
                continue
            raw, packed, rel = largest[kind]
            limit = HOME_BYTES if kind == "Trang chủ" else PAGE_BYTES
            ok = "có" if raw <= limit and packed <= PAGE_GZIP else "**không**"
            lines.append(
                f"| {kind} | {counts[kind]} | `{rel}` | {_kb(raw)} | {_kb(packed)} | {ok} |"
            )
        rules = (
            f"{result['rules']} quy tắc lặp, {result['bounded']} có ngày kết thúc"
            if result["rules"]
            else "mỗi mốc một sự kiện, không có quy tắc lặp"
        )
        size = _kb(int(str(result["calendar_bytes"])))
        lines += [
            "",
            f"`lich.ics`: {size}, {result['events']} sự kiện (các mốc sắp tới của những kế "
            f"hoạch đang thực hiện ngày dựng; {rules}). Dựng trang: {result['seconds']:.0f} s.",
            "",
        ]
    return "\n".join(lines)


def write_docs(text: str) -> None:
    page = DOC_PAGE.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in page and END in page:
        page = page.split(START)[0] + block + page.split(END, 1)[1]
    else:
        page = page.rstrip() + "\n\n## Cỡ trang trên trang có nhiều kế hoạch\n\n" + block + "\n"
    DOC_PAGE.write_text(page, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(int(n), Path(tmp)) for n in args.sizes.split(",")]
    text = report(results)
    print(text)
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
