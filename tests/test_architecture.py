"""The folders show the architecture: data -> (lookup | lint | config | site | host) -> thin cli.  A wing uses
another wing only through its public face (`xlref.<wing>.api`), the shared layers (data, rules, report,
findings, atomic, exitcodes) import no wing, and no modules import each other in a loop (lazy imports count)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
WINGS = ("lookup", "lint", "config", "site", "host")
SHARED = ("data", "rules", "report")


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted((SRC / "xlref").rglob("*.py")):
        names = graph.setdefault(_module(path), set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return {m: {n for n in ns if n.startswith("xlref")} for m, ns in graph.items()}


GRAPH = _imports()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def test_the_graph_is_read() -> None:
    assert "xlref.lint.engine" in GRAPH and "xlref.data.load" in GRAPH["xlref.lint.engine"]


@pytest.mark.parametrize("wing", WINGS)
def test_a_wing_uses_others_only_through_their_face(wing: str) -> None:
    bad = sorted(f"{m} -> {n}" for m, ns in GRAPH.items() if _part(m) == wing for n in ns
                 if _part(n) in WINGS and _part(n) != wing and n != f"xlref.{_part(n)}.api")
    assert bad == []


@pytest.mark.parametrize("layer", SHARED)
def test_shared_layers_import_no_wing(layer: str) -> None:
    bad = sorted(f"{m} -> {n}" for m, ns in GRAPH.items() if _part(m) == layer for n in ns if _part(n) in WINGS)
    assert bad == []


def test_no_import_circles() -> None:
    """Tarjan's strongly connected components over module -> module edges (a package counts as its __init__)."""
    edges = {m: {n for n in ns if n in GRAPH and n != m} for m, ns in GRAPH.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    assert circles == []
