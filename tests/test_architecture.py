"""The package's floors, as ARCHITECTURE.md draws them: imports run down, never up, never in
a loop, and the package's root holds a handful of modules."""

from __future__ import annotations

import ast
from pathlib import Path

from support.paths import ROOT

PACKAGE = ROOT / "cardgen"
# Each floor and the floors it may import from (besides itself).
FLOORS = {
    "root": set(),
    "text": {"root"},
    "layout": {"root"},
    "deck": {"root", "text"},
    "render": {"root", "text", "layout", "deck"},
    "verify": {"root", "text", "layout", "deck", "render"},
    "products": {"root", "text", "layout", "deck", "render", "verify"},
    "tools": {"root", "text", "layout", "deck", "render", "verify", "products"},
}
TOP = {"commands", "studio", "cli", "__main__", "__init__"}  # may import anything


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _floor(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    if (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return parts[1] if parts[1] in TOP else "root"


def _imports(module: str) -> set[str]:
    """The cardgen modules `module` imports when it is imported (not inside functions)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cardgen"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
    return found - {module}


def test_imports_run_down_the_floors():
    wrong = []
    for module in MODULES:
        floor = _floor(module)
        if floor in TOP:
            continue
        for target in _imports(module):
            to = _floor(target)
            if to != floor and to not in FLOORS[floor] and to != "__init__":
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_module_imports_another_that_imports_it_back():
    graph = {module: _imports(module) for module in MODULES}
    loops = []

    def visit(module: str, path: list[str], done: set[str]) -> None:
        for target in graph[module]:
            if target in path:
                loops.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in done:
                visit(target, [*path, target], done)
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module], done)
    assert loops == []


def test_the_package_root_holds_a_handful_of_modules_and_none_is_long():
    root = sorted(path.stem for path in PACKAGE.glob("*.py"))
    assert len(root) <= 8, root
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}
