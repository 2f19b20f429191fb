"""The engine's modules read in one direction: no module imports, directly or through others, one that imports it.

Imports inside functions count too: a late import hides a circle from Python but not from a reader.
Only written imports count: importing a module also runs its package's `__init__` first, but that is
how Python loads a module, not a dependency the module's author chose.
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
