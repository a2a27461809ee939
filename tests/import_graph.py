"""The import graph of our packages, read from source with `ast` (nothing is imported)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, and where."""

    importer: str
    imported: str
    path: str  # relative to the root the files were read from
    line: int

    def where(self) -> str:
        """Return `file:line` of the statement."""
        return f"{self.path}:{self.line}"


Graph = dict[str, dict[str, Import]]


def module_name(path: Path, root: Path) -> str:
    """Return the dotted module name of a source file under `root`."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """Return the absolute name a (possibly relative) `from` import refers to."""
    if level == 0:
        return target or ""
    base = module.split(".")
    base = base[: len(base) - level + (1 if is_package else 0)]
    return ".".join([*base, target] if target else base)


def imports_in(path: Path, root: Path) -> Iterator[Import]:
    """Yield every import in a file, lazy ones in functions included."""
    module = module_name(path, root)
    shown = path.relative_to(root).as_posix()
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, shown, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, is_package, node.level, node.module)
            for alias in node.names:
                # `from pkg import mod` imports pkg.mod; `from mod import name` imports mod.
                yield Import(module, f"{source}.{alias.name}", shown, node.lineno)


def all_imports(root: Path, packages: Iterable[str]) -> list[Import]:
    """Return the imports of every source file in the given top-level packages."""
    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            found.extend(imports_in(path, root))
    return found


def unit(module: str, depth: int) -> str:
    """Return the first `depth` dotted parts of a module name (its package at that depth)."""
    return ".".join(module.split(".")[:depth])


def graph_of(imports: Iterable[Import], depth: int, within: str = "") -> Graph:
    """Return package -> imported package -> first import seen, at the given depth.

    With `within` (e.g. "assistant"), only imports between that package's parts are kept.
    """
    graph: Graph = {}
    for item in imports:
        if within and not (_inside(item.importer, within) and _inside(item.imported, within)):
            continue
        source, target = unit(item.importer, depth), unit(item.imported, depth)
        graph.setdefault(source, {})
        if source != target and len(target.split(".")) == depth:
            graph[source].setdefault(target, item)
    return graph


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def cycles(graph: Graph) -> list[list[str]]:
    """Return the shortest cycle through each tangled package (first node repeated at the end)."""
    found: list[list[str]] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for component in _strongly_connected(graph):
        if len(component) == 1:
            continue
        for start in component:
            cycle = _cycle_through(graph, start, set(component))
            edges = frozenset(zip(cycle, cycle[1:], strict=False))
            if edges not in seen:
                seen.add(edges)
                found.append(cycle)
    return found


def describe(graph: Graph, cycle: list[str]) -> str:
    """Return a cycle as `a -> b (file:line) -> a (file:line)`."""
    steps = [cycle[0]]
    for source, target in zip(cycle, cycle[1:], strict=False):
        steps.append(f"{target} ({graph[source][target].where()})")
    return " -> ".join(steps)


def _strongly_connected(graph: Graph) -> list[list[str]]:
    """Return Tarjan's strongly connected components, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, {})):
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
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _cycle_through(graph: Graph, start: str, members: set[str]) -> list[str]:
    """Return the shortest cycle through `start` that stays among `members`."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph.get(node, {})):
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if target in members and target not in previous:
                    previous[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle through {start} among {sorted(members)}")
