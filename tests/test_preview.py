"""The preview (``make serve``, plansite.preview) shows what the publishing build would write:
after each kind of edit, every page and data file it answers equals a fresh full build of the
same files, and a page the build no longer makes is not found."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import build_site, fetch, generated_project
from plansite.preview import Preview, serve, strip_reload
from plansite.site.search import FULL_TEXT_DIR, PAGEFIND_DIR

DATA = (".json", ".xml", ".ics", ".txt")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(30, tmp_path_factory.mktemp("preview") / "project")


@pytest.fixture(scope="module")
def preview(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    live = Preview(project / "mkdocs.yml", tmp_path_factory.mktemp("preview-site"))
    live.start()
    assert live.error is None, live.error
    yield live
    live.close()


def _compared(path: Path) -> bool:
    top = path.parts[0]
    if top in ("assets", PAGEFIND_DIR, FULL_TEXT_DIR) or path.name == "sitemap.xml":
        return False  # the theme's files as installed; the first build's search index
    return path.suffix == ".html" or path.suffix in DATA


def _address(path: Path) -> str:
    text = "/" + path.as_posix()
    return text[: -len("index.html")] if text.endswith("/index.html") else text


def assert_same_as_full_build(preview: Preview, project: Path, site: Path) -> int:
    """Every page and data file of a fresh build of ``project``, as the preview answers it."""
    shutil.rmtree(site, ignore_errors=True)
    build_site(project / "mkdocs.yml", site, strict=False)
    preview.refresh()
    compared = 0
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site)
        if not path.is_file() or not _compared(relative):
            continue
        status, _, body = preview.answer(_address(relative))
        assert status == 200, (relative, status, preview.error)
        if path.suffix == ".html":
            assert strip_reload(body.decode("utf-8")) == path.read_text(encoding="utf-8"), relative
        else:
            assert body == path.read_bytes(), relative
        compared += 1
    return compared


def _plans(project: Path) -> list[Path]:
    return sorted((project / "plans").rglob("*.md"))


def _slug_address(plan: Path) -> str:
    return f"/ke-hoach/{plan.stem}/"


def test_unchanged_preview_equals_the_full_build(
    preview: Preview, project: Path, tmp_path: Path
) -> None:
    assert assert_same_as_full_build(preview, project, tmp_path / "site") > 100


def test_each_kind_of_edit_gives_the_full_builds_pages(
    preview: Preview, project: Path, tmp_path: Path
) -> None:
    plans = _plans(project)
    first, second, third = plans[3], plans[11], plans[20]
    site = tmp_path / "site"

    # A title change: the plan's page, the directive pages, the lists, the feeds…
    preview.answer(_slug_address(first))  # rendered before the edit: must not be kept
    text = first.read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', text, re.M)
    assert title is not None
    first.write_text(text.replace(title.group(0), 'title: "Tên đã sửa để xem trước"'), "utf-8")
    assert assert_same_as_full_build(preview, project, site)
    _, _, page = preview.answer(_slug_address(first))
    assert "Tên đã sửa để xem trước" in page.decode("utf-8")

    # A new milestone (the timelines and calendars)
    text = second.read_text(encoding="utf-8")
    milestone = (
        "milestones:\n  - by: 15/03/2031\n"
        '    what: "Tổng kết thử việc xem trước"\n    who: "Ban Tuyên giáo"\n'
    )
    assert "milestones:\n" in text
    second.write_text(text.replace("milestones:\n", milestone, 1), encoding="utf-8")
    assert assert_same_as_full_build(preview, project, site)

    # The plan moved to another directive
    text = third.read_text(encoding="utf-8")
    other = re.search(r"^implements:\n  - (?:number: )?(\S+)", first.read_text("utf-8"), re.M)
    assert other is not None
    head, rest = text.split("implements:\n", 1)
    body_start = re.search(r"^[a-z_]+:", rest, re.M)
    assert body_start is not None
    third.write_text(
        f"{head}implements:\n  - {other.group(1)}\n{rest[body_start.start() :]}",
        encoding="utf-8",
    )
    assert assert_same_as_full_build(preview, project, site)

    # A new plan file
    new = project / "plans" / "2024" / "ke-hoach-moi-xem-truoc.md"
    new.parent.mkdir(exist_ok=True)
    text = re.sub(r"^(number|id): .*\n", "", second.read_text(encoding="utf-8"), flags=re.M)
    text = re.sub(
        r'^title: ".*"$', 'title: "Kế hoạch mới thêm khi xem trước"', text, count=1, flags=re.M
    )
    new.write_text(text, encoding="utf-8")
    assert assert_same_as_full_build(preview, project, site)

    # A deleted plan file: its page is no longer there
    gone = _slug_address(new)
    assert preview.answer(gone)[0] == 200
    new.unlink()
    assert assert_same_as_full_build(preview, project, site)
    assert preview.answer(gone)[0] == 404

    # An edit to a docs/ page (its title is in every page's navigation)
    about = project / "docs" / "gioi-thieu.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(re.sub(r"^# .*$", "# Giới thiệu trang (đã sửa)", text, count=1, flags=re.M))
    assert assert_same_as_full_build(preview, project, site)


def test_a_plan_error_is_shown_then_cleared(preview: Preview, project: Path) -> None:
    plan = _plans(project)[5]
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("published:", "published: không phải ngày\nx_published:", 1))
    preview.refresh()
    status, _, body = preview.answer("/")
    assert status == 500
    assert plan.name in body.decode("utf-8")
    plan.write_text(text, encoding="utf-8")
    preview.refresh()
    assert preview.answer("/")[0] == 200


def test_served_over_http_with_the_reload_script(preview: Preview) -> None:
    import threading

    server = serve(preview, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        home = fetch(base)
        assert "data-plansite-preview" in home
        assert fetch(base + ".xem-truoc/phien-ban") == preview.signature()
        assert fetch(base + "assets/plansite/plansite.css")
    finally:
        server.shutdown()
        server.server_close()
