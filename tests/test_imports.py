"""The layers of the package, read from its source with ``ast``: read -> nlp
stages -> engines -> write, no import cycle, and writers and stages never
import each other (data flows one way: stages fill the Document, writers
format it).  Imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline

PACKAGE = Path(pipeline.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The package modules ``path`` imports: ``from X import Y`` counts as X,
    and as X.Y when Y is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in out if m in modules}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, set(modules)) - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as a path), or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _edges(graph: dict[str, set[str]], src: str, dst: str) -> list[str]:
    def under(m: str, p: str) -> bool:
        return m == p or m.startswith(p + ".")
    return sorted(f"{a} -> {b}" for a, bs in graph.items() if under(a, src)
                  for b in bs if under(b, dst))


def test_the_graph_sees_the_package():
    graph = import_graph()
    assert "pipeline.stages.segment" in graph["pipeline.nlp"]
    assert {"pipeline.doc", "pipeline.stages"} <= graph["pipeline.stages.segment"]
    assert "pipeline.engines.core" in graph["pipeline.engines.local"]


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle():
    assert _cycle(import_graph()) is None


def test_writers_and_stages_never_import_each_other():
    graph = import_graph()
    assert _edges(graph, "pipeline.write", "pipeline.stages") == []
    assert _edges(graph, "pipeline.stages", "pipeline.write") == []


def test_the_engines_never_import_each_other():
    graph = import_graph()
    assert _edges(graph, "pipeline.engines.local", "pipeline.engines.dask") == []
    assert _edges(graph, "pipeline.engines.dask", "pipeline.engines.local") == []


def test_each_layer_imports_only_the_layers_below_it():
    """read -> nlp stages -> engines -> write: the language layer knows no
    files, runs or tables; the writers know no stages, runs or engines."""
    graph = import_graph()
    above_nlp = ("pipeline.engines", "pipeline.run", "pipeline.state", "pipeline.write", "pipeline.read")
    for layer in ("pipeline.stages", "pipeline.nlp"):
        for other in above_nlp:
            assert _edges(graph, layer, other) == []
    for other in ("pipeline.engines", "pipeline.run", "pipeline.state", "pipeline.nlp", "pipeline.corpus"):
        assert _edges(graph, "pipeline.write", other) == []


def test_eval_and_train_take_the_pipeline_without_the_process_machinery():
    graph = import_graph()
    for user in ("pipeline.eval", "pipeline.train"):
        for machinery in ("pipeline.engines", "pipeline.run", "pipeline.state", "pipeline.write"):
            assert _edges(graph, user, machinery) == []


def test_no_private_name_is_imported_across_modules():
    private = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline"):
                private += [f"{name}: {node.module}.{a.name}" for a in node.names
                            if a.name.startswith("_") and not a.name.startswith("__")]
    assert private == []
