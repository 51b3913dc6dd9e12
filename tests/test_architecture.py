"""The package's structure: layers that only look down, no import cycle, no borrowed privates.

Layers, from the bottom: ``core`` (the domain: text, numbers, dates, plans, catalogue,
timelines, URL scheme, feed model) ← ``extract`` (the text engine) ← ``intake`` (reading
received files and the plans folder) ← ``formats`` (bytes of calendars and feeds) ← ``site``
(which pages exist and what they hold) ← the adapters (``plugin``, ``cli`` and its
``publish``). A module may import its own layer and the layers below, never one above.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "plugins" / "plansite"
LAYERS = ("core", "extract", "intake", "formats", "site", "adapters")
#: What the domain core, the text engine and the intake must run without.
FORBIDDEN = (
    "mkdocs",
    "jinja2",
    "markupsafe",
    "feedgen",
    "docx",
    "pdfplumber",
    "pdfminer",
    "pagefind",
)


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def layer_of(name: str) -> str:
    """``plansite.core.text`` → ``core``; the top-level modules are the adapters."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS[:-1] else "adapters"


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every plansite module ``path`` imports, anywhere in it (functions and TYPE_CHECKING
    blocks too): ``from . import x`` names the module ``x`` where it is one."""
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                prefix = base[: len(base) - node.level + 1]
                target = ".".join(prefix + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(package)
    known = set(mods)
    return {name: imports(path, name, known) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    return [
        f"{a} ({layer_of(a)}) imports {b} ({layer_of(b)})"
        for a, targets in sorted(edges.items())
        for b in sorted(targets)
        if rank[layer_of(b)] > rank[layer_of(a)]
    ]


def test_the_package_has_its_layers_as_folders() -> None:
    for layer in LAYERS[:-1]:
        assert (PACKAGE / layer / "__init__.py").is_file(), layer
    assert {layer_of(m) for m in modules()} == set(LAYERS)


def test_no_import_cycle_among_the_package_modules() -> None:
    assert cycles(graph()) == []


def test_no_layer_imports_a_layer_above_it() -> None:
    assert upward_imports(graph()) == []


def test_the_checks_find_a_cycle_and_an_upward_import() -> None:
    edges = {"plansite.core.a": {"plansite.site.b"}, "plansite.site.b": {"plansite.core.a"}}
    assert cycles(edges) == [["plansite.core.a", "plansite.site.b"]]
    assert upward_imports(edges) == ["plansite.core.a (core) imports plansite.site.b (site)"]


LOWER = sorted(m for m in modules() if layer_of(m) in ("core", "extract", "intake"))


@pytest.mark.parametrize("name", LOWER)
def test_lower_layers_load_no_generator_template_feed_or_site_module(name: str) -> None:
    """Each module of core, extract and intake, imported alone in a fresh interpreter."""
    code = (
        f"import importlib, json, sys; importlib.import_module({name!r}); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    loaded = json.loads(out)
    bad = [
        m
        for m in loaded
        if m.split(".")[0] in FORBIDDEN
        or (m.startswith("plansite.") and layer_of(m) in ("formats", "site", "adapters"))
    ]
    if layer_of(name) == "core":
        bad += [m for m in loaded if m.startswith(("plansite.extract", "plansite.intake"))]
    assert bad == [], f"{name} loads {bad}"


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level or (node.module or "").startswith("plansite"):
            found += [
                f"{path.name}: {node.module}.{a.name}"
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            ]
    return found


def test_no_module_or_test_imports_another_modules_private_name() -> None:
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    assert [hit for path in files for hit in _private_imports(path)] == []


def _readme_map() -> set[str]:
    """The modules the README's developer section maps: ``core/text.py``, ``plugin.py``…"""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("plugins/plansite/\n", 1)[1].split("```", 1)[0]
    found: set[str] = set()
    folder = ""
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip())
        name = line.strip().split("  ", 1)[0]
        if indent == 2 and name.endswith("/"):
            folder = name
        elif indent == 2:
            folder = ""
            found.add(name)
        elif indent == 4 and folder:
            found.add(folder + name)
    return found


def test_the_readme_maps_every_module_in_one_line() -> None:
    modules_here = {
        p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"
    }
    mapped = _readme_map()
    assert sorted(modules_here - mapped) == []
    assert sorted(m for m in mapped if m.endswith(".py") and m not in modules_here) == []


def test_pre_commit_runs_what_make_test_runs() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in ("ruff check plugins tests", "ruff format --check plugins tests", "mypy"):
        assert f"$(BIN)/{command}" in makefile, command
        assert f"entry: .venv/bin/{command}\n" in config, command
