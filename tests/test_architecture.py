"""The shape of the code: what imports what. Checked on the source with `ast`, so a newcomer's change that
breaks a rule of the layout fails here with the module named."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT

PACKAGES = ("plugins", "sitebuild")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "archetypes" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports, at module level or inside functions, resolved to known modules."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            # The longest known module the import names (a name imported from a module is not a module).
            module = target
            while module and module not in known:
                module = module.rpartition(".")[0]
            if module and module != name:
                found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, set(modules)) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            # A package imports its own submodules (register() wiring): not a cycle through the package.
            if target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
    # A package importing its submodules, which import a sibling: fine.
    assert find_cycle({"p": {"p.x"}, "p.x": {"p.y"}, "p.y": set()}) is None


def test_no_import_cycles_among_the_plugins_and_the_build_package():
    assert find_cycle(import_graph()) is None


def test_nothing_imports_tasks_py():
    """tasks.py is the command line only: the build, tests, bench and child processes use sitebuild."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if any(part in (".venv", "node_modules", "output") or part.startswith(".") for part in path.parts):
            continue
        if path in (ROOT / "tasks.py", Path(__file__).resolve()):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if "tasks" in names:
                offenders.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "import tasks" in node.value:
                offenders.append(f"{path.relative_to(ROOT)} (in a string)")
    assert offenders == []


@pytest.mark.parametrize("name", sorted(project_modules()))
def test_no_module_shadows_the_standard_library(name):
    """A plugin module called `site` or `calendar` hides the standard library's from code beside it."""
    assert name.rpartition(".")[2] not in sys.stdlib_module_names


def test_no_test_module_imports_another_test_module_or_a_conftest():
    """What tests share lives in tests/support/ (or the gates' gatekit): a test module imported by another runs
    its tests twice, or not at all once it moves, and its fixtures leak into the other."""
    tests = ROOT / "tests"
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        if "fixtures" in path.relative_to(tests).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            for name in names:
                last = name.rpartition(".")[2]
                if name.startswith("tests") and (last.startswith("test_") or last == "conftest"):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
