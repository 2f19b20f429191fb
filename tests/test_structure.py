"""The engine reads in one direction and in short steps.

No module imports, directly or through others, one that imports it. Imports inside functions count
too: a late import hides a circle from Python but not from a reader. Only written imports count:
importing a module also runs its package's `__init__` first, but that is how Python loads a module,
not a dependency the module's author chose.

No function is longer than `MAX_LINES` unless its docstring says why, in a sentence that begins
"Long because": a reader should not meet a wall of code without being told why it is one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PATHWAYS = Path(__file__).resolve().parent.parent / "pathways"


def _module_name(root: Path, file: Path) -> str:
    parts = [root.name, *file.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> nx.DiGraph:
    """Modules of the package at ``root`` and the imports between them (relative and absolute)."""
    modules = {_module_name(root, f): f for f in sorted(root.rglob("*.py"))}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, file in modules.items():
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                # `from . import api` imports the module pathways.api; `from .answer import x` imports pathways.answer
                targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin for alias in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph.add_edge(name, target)
    return graph


def _circles(root: Path) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.simple_cycles(import_graph(root)))


def test_pathways_has_no_import_circle() -> None:
    graph = import_graph(PATHWAYS)
    assert "pathways.answer" in graph and graph.has_edge("pathways.answer", "pathways.simulate")
    assert _circles(PATHWAYS) == []


def test_the_check_finds_a_circle_through_a_late_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n")
    (pkg / "a.py").write_text("from .sub.b import g\n\ndef f():\n    return g()\n")
    (pkg / "sub" / "__init__.py").write_text("from .b import g\n")
    (pkg / "sub" / "b.py").write_text("def g():\n    from ..a import f  # late, as answer.py once did\n    return f\n")
    (pkg / "c.py").write_text("import pkg.a\nfrom . import a\n")
    assert _circles(pkg) == [["pkg.a", "pkg.sub.b"]]
    assert import_graph(pkg).has_edge("pkg.c", "pkg.a")


MAX_LINES = 80


def long_functions(root: Path, limit: int = MAX_LINES) -> list[tuple[str, str, int]]:
    """(file, function, lines) for every function over ``limit`` lines whose docstring gives no reason."""
    found = []
    for file in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            reason = "long because" in (ast.get_docstring(node) or "").casefold()
            if length > limit and not reason:
                found.append((str(file.relative_to(root.parent)), node.name, length))
    return found


def test_no_engine_function_is_long_without_a_reason() -> None:
    assert long_functions(PATHWAYS) == []


def test_the_length_check_finds_a_long_function_and_accepts_a_reason(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    (pkg / "a.py").write_text(
        f"def short():\n    return 1\n\n\ndef wall():\n{body}\n\n"
        f'def table():\n    """Long because it is one table."""\n{body}\n\n'
        f"class C:\n    def method(self):\n{body.replace('    ', '        ')}"
    )
    assert long_functions(pkg) == [("pkg/a.py", "wall", MAX_LINES + 1), ("pkg/a.py", "method", MAX_LINES + 1)]
