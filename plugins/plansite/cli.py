"""The editors' command line: ``plansite new | check | extract | import | build``.

An adapter like the MkDocs plugin: it calls the domain core and prints what it says, in
Vietnamese, as ``FILE:LINE: message``. Exit status: 0 fine (warnings allowed), 1 errors
found, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from . import mkdocs_messages
from .core.plan import NEW_PLAN, PLACEHOLDER_BODY
from .core.problems import PlanError, Problem
from .core.text import slugify
from .intake.plans import load_catalog

__all__ = ["main"]


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    root = Path.cwd()
    plans_dir = root / args.plans
    catalog = load_catalog(plans_dir, root, raise_on_error=False)
    problems = catalog.problems.sorted()
    problems = sorted([*problems, *_link_problems(root, catalog)])
    _print_problems(problems)
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    if errors:
        print(
            f"Có {len(errors)} lỗi, {warnings} cảnh báo. Sửa các lỗi trên rồi chạy lại "
            "`plansite check`.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Đã kiểm tra {len(catalog.plans)} kế hoạch, {len(catalog.directives)} văn bản: "
        f"không có lỗi, {warnings} cảnh báo."
    )
    return 0


_DOCS_DIR = re.compile(r"""^docs_dir:[ \t]*["']?([^"'#\n]+?)["']?[ \t]*(?:#.*)?$""", re.M)


def _link_problems(root: Path, catalog: Any) -> list[Problem]:
    """The plans' links that reach nothing, judged as the build judges them
    (:mod:`plansite.site.links`): against ``docs/`` (as MkDocs reads it: no hidden files, no
    ``templates/``) and the pages and files the site generates, made only if a plan links."""
    from .site import links  # the pages only if a plan links to one (they load feedgen…)

    try:
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        config = ""
    found = _DOCS_DIR.search(config)
    docs = root / (found[1].strip() if found else "docs")
    generated: dict[str, frozenset[str]] = {}

    def exists(uri: str) -> bool:
        parts = uri.split("/")
        hidden = any(p.startswith(".") for p in parts) or parts[0] == "templates"
        if not hidden and (docs / uri).is_file():
            return True
        from .site import pages
        from .site.context import BuildContext, build_date

        ctx = BuildContext(catalog, "", build_date())
        if "pages" not in generated:
            generated["pages"] = frozenset(p.src_uri for p in pages.generated_pages(ctx))
        if uri in generated["pages"]:
            return True
        if "files" not in generated:  # calendars, feeds, exports: made only if asked for
            generated["files"] = frozenset(pages.data_files(ctx))
        return uri in generated["files"]

    def text_of(uri: str) -> str | None:
        try:
            return (docs / uri).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return links.link_problems(catalog, exists, text_of)


def cmd_new(args: argparse.Namespace) -> int:
    today = date.today()
    slug = slugify(args.slug or args.title)
    if not slug:
        print("lỗi: tên kế hoạch cần có chữ hoặc số để đặt tên tệp; dùng --slug", file=sys.stderr)
        return 2
    out_dir = Path(args.out) if args.out else Path(args.plans) / str(today.year)
    path = out_dir / f"{slug}.md"
    if path.exists():
        print(f"{path}: lỗi: tệp đã có; chọn tên khác bằng --slug (không ghi đè)", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    title = args.title.replace("\\", "\\\\").replace('"', '\\"')
    text = NEW_PLAN.format(title=title, today=today.isoformat(), placeholder=PLACEHOLDER_BODY)
    path.write_text(text, encoding="utf-8")
    print(f"Đã tạo {path}. Điền phần thông tin, dán nội dung, rồi chạy `plansite check`.")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract
    from .intake.importer import read_document

    try:
        text = read_document(Path(args.file))
    except PlanError as error:
        _print_problems(error.problems)
        return 1
    result = extract(text, year=args.year)
    json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    # What was read and what was left empty, for the editor (stderr: stdout stays JSON)
    print(f"Những gì đọc được từ {args.file}:", file=sys.stderr)
    for status in result.field_report():
        print(f"  - {status.line()}", file=sys.stderr)
    for warning in result.warnings:
        print(f"  ! {warning}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .intake.importer import import_document

    status = 0
    made: list[Path] = []
    for name in args.files:
        try:
            result = import_document(
                Path(name), Path(args.out), force=args.force, today=date.today()
            )
        except PlanError as error:
            _print_problems(error.problems)
            status = 1
            continue
        print(f"Đã tạo {result.path}.")
        for note in result.notes:
            print(f"  - {note}")
        made.append(result.path)
    _print_clashes(made, Path(args.out))
    return status


def _print_clashes(made: list[Path], out: Path) -> None:
    """What the new files have against the plans already there (the same plan imported again,
    a number already used…): check's problems of a new file that name another file."""
    root = Path.cwd()
    if not made or not out.is_dir():
        return
    catalog = load_catalog(out.resolve(), root, raise_on_error=False)
    for path in made:
        here = path.resolve()
        rel = here.relative_to(root).as_posix() if here.is_relative_to(root) else str(path)
        clashes = [p for p in catalog.problems.sorted() if p.file == rel and ".md" in p.message]
        if clashes:
            print(f"Lưu ý về {rel} so với các kế hoạch đã có:")
            for problem in clashes:
                print(f"  - {problem}")


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a staging folder; swap it in only if the build succeeded (plansite.publish).

    Exit status 2 for a site folder that must not be replaced (the plans, docs_dir, the
    project, a .git folder…), 1 for a missing plans folder, a failed build, a site shrunk below
    half the plans of the previous one (without --allow-shrink) or an output error.
    """
    from . import publish

    def build_into(folder: Path) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        mkdocs_log = logging.getLogger("mkdocs")
        if not mkdocs_log.handlers:  # say what failed, with file and line, as `mkdocs build`
            handler = logging.StreamHandler(sys.stderr)
            handler.setLevel(logging.WARNING)
            handler.setFormatter(logging.Formatter("%(message)s"))
            mkdocs_log.addHandler(handler)
        # In Vietnamese from the first message; the plugin then names plan files and lines.
        mkdocs_messages.install(lambda uri, _needle: (uri, 0), strict=args.strict)
        try:
            config = load_config(args.config_file, site_dir=str(folder), strict=args.strict)
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except (MkDocsException, PlanError) as error:
            raise publish.BuildFailed(mkdocs_messages.stop_text(str(error))) from error

    try:
        project = publish.read_project(Path(args.config_file))
        done = publish.publish(
            build_into, Path(args.site_dir), project, allow_shrink=args.allow_shrink
        )
    except publish.PublishError as error:
        print(error, file=sys.stderr)
        return error.status
    for warning in done.warnings:
        print(warning, file=sys.stderr)
    print(f"Đã dựng trang vào {done.site_dir} ({done.plans} kế hoạch).")
    return 0


class _Help(argparse.HelpFormatter):
    """argparse's help, with its own words in Vietnamese."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


#: argparse's error messages (Python 3.11), as an editor reads them.
_ERRORS = [
    (r"the following arguments are required: (.+)", "thiếu {0}"),
    (r"unrecognized arguments: (.+)", "không hiểu phần '{0}' của lệnh"),
    (
        r"argument (\S+): invalid choice: '([^']*)' \(choose from (.+)\)",
        "không có lệnh '{1}'; các lệnh là {2}",
    ),
    (r"argument (\S+): invalid int value: '([^']*)'", "{0}: '{1}' không phải một số"),
    (r"argument (\S+): expected one argument", "{0}: thiếu giá trị sau tùy chọn này"),
    (r"ambiguous option: (\S+) could match (.+)", "tùy chọn {0} có thể là {1}: viết đủ tên"),
]


class _Parser(argparse.ArgumentParser):
    """An argument parser that speaks Vietnamese: its help's headings and usage line, the
    help option, and its error messages (unknown ones are said in general terms)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        for pattern, text in _ERRORS:
            if found := re.fullmatch(pattern, message):
                message = text.format(*found.groups())
                break
        else:
            message = "lệnh viết chưa đúng"
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}. Xem `{self.prog} --help`.\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="plansite", description="Công cụ biên tập trang kế hoạch.")
    sub = p.add_subparsers(dest="command", required=True, metavar="LỆNH")

    check = sub.add_parser("check", help="kiểm tra mọi tệp kế hoạch, liệt kê mọi vấn đề")
    check.add_argument(
        "--plans", default="plans", metavar="THƯ_MỤC", help="thư mục kế hoạch (mặc định: plans)"
    )
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="tạo tệp kế hoạch mới từ mẫu")
    new.add_argument("title", metavar="TÊN", help="tên kế hoạch")
    new.add_argument(
        "--slug", metavar="TÊN_TỆP", help="tên tệp (không dấu), mặc định lấy từ tên kế hoạch"
    )
    new.add_argument("--plans", default="plans", metavar="THƯ_MỤC", help="thư mục kế hoạch")
    new.add_argument("--out", metavar="THƯ_MỤC", help="thư mục đặt tệp (mặc định: plans/<năm nay>)")
    new.set_defaults(func=cmd_new)

    ext = sub.add_parser("extract", help="đọc một văn bản, in JSON những gì văn bản ghi")
    ext.add_argument("file", metavar="TỆP", help="tệp .txt, .md, .docx hoặc .pdf")
    ext.add_argument(
        "--year", type=int, metavar="NĂM", help="năm của kế hoạch, cho ngày không ghi năm"
    )
    ext.set_defaults(func=cmd_extract)

    imp = sub.add_parser("import", help="chuyển văn bản nhận được thành tệp kế hoạch")
    imp.add_argument("files", nargs="+", metavar="TỆP", help="tệp .txt, .md, .docx hoặc .pdf")
    imp.add_argument(
        "--out", default="plans", metavar="THƯ_MỤC", help="thư mục ghi tệp (mặc định: plans)"
    )
    imp.add_argument("--force", action="store_true", help="cho phép ghi đè tệp đã có")
    imp.set_defaults(func=cmd_import)

    bld = sub.add_parser("build", help="dựng trang; chỉ thay trang cũ khi dựng thành công")
    bld.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="TỆP",
        help="tệp cấu hình của trang (mặc định: mkdocs.yml)",
    )
    bld.add_argument(
        "-d",
        "--site-dir",
        default="site",
        metavar="THƯ_MỤC",
        help="thư mục ghi trang (mặc định: site); trang cũ ở đó chỉ được thay khi dựng xong",
    )
    bld.add_argument(
        "--strict",
        action="store_true",
        help="dừng cả khi MkDocs thấy trang có vấn đề (liên kết hỏng…); cảnh báo của kế "
        "hoạch không dừng việc đăng",
    )
    bld.add_argument(
        "--allow-shrink",
        action="store_true",
        help="cho phép thay trang cũ bằng trang có ít hơn một nửa số kế hoạch của trang cũ",
    )
    bld.set_defaults(func=cmd_build)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except PlanError as error:
        _print_problems(error.problems)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `plansite extract x | head`: the reader left, nothing to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
