"""The house rules of the code itself: imports go one way, files and functions fit in a head.

- no import cycle between personalint's modules, counting every import: top-level, inside
  functions (lazy) and under `if TYPE_CHECKING:`;
- no module named `custom*`, none over MAX_MODULE_LINES lines, no function over
  MAX_FUNCTION_LINES lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

PACKAGE = REPO / "personalint"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Every personalint module `path` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            for alias in node.names:
                child = f"{base}.{alias.name}"
                targets.add(child if child in modules else base)
    return {t for t in targets if t in modules and t != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules() -> None:
    graph = _graph()
    # a package's __init__ may import its own modules (a registration list); they must not import it back
    assert _cycles(graph) == []


def test_the_graph_sees_lazy_and_type_checking_imports() -> None:
    graph = _graph()
    assert "personalint.secrets.results" in graph["personalint.pipeline"]  # imported inside check_bytes
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]


def test_no_module_is_named_custom() -> None:
    assert [name for name in _modules() if name.rpartition(".")[2].startswith("custom")] == []


def test_modules_and_functions_are_short() -> None:
    long_modules = []
    long_functions = []
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{name} ({text.count(chr(10))} lines)")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{name}.{node.name} ({length} lines)")
    assert long_modules == [] and long_functions == []


def test_a_pack_lives_in_one_place_per_tree() -> None:
    """rules/<pack>.yaml ↔ personalint/engine/packs/<pack>.py (when it has Python) ↔ tests/rules/test_<pack>.py."""
    packs = {path.stem.replace("-", "_") for path in (REPO / "rules").glob("*.yaml")}
    python = {path.stem for path in (PACKAGE / "engine" / "packs").glob("*.py")} - {"__init__"}
    tests = {path.stem.removeprefix("test_") for path in (REPO / "tests" / "rules").glob("test_*.py")}
    assert python - packs == set(), "a module of engine/packs/ without its rules/<pack>.yaml"
    from personalint.engine.packs import MODULES

    assert set(MODULES) == python, "engine/packs/__init__.py's MODULES must list every module of the folder"
    assert packs - tests == set(), "a rule pack without its tests/rules/test_<pack>.py"


def test_every_check_function_is_named_by_a_rule_of_its_own_pack() -> None:
    from personalint.engine.packs import load_all
    from personalint.engine.registry import registry

    modules = {name: function.run.__module__.rpartition(".")[2] for name, function in load_all().items()}
    used: dict[str, set[str]] = {}
    for rule in registry().rules:
        if not rule.builtin:
            used.setdefault(rule.check["function"], set()).add(rule.pack.replace("-", "_"))
    for name, module in modules.items():
        if module == "vocabulary":
            continue
        assert used.get(name) == {module}, f"{name} lives in engine/packs/{module}.py, used by packs {used.get(name)}"
