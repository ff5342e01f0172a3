"""Type names have one home, pipeline/labels.py: no other module of pipeline/
spells one as a string literal."""

from __future__ import annotations

import ast
from pathlib import Path

from pipeline import labels

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
# (the value vocabularies, «point», «absolute», are lower case)
TYPE_NAMES = {v for k, v in vars(labels).items() if k.isupper() and isinstance(v, str) and v.isupper()}
# Mappings from a data set's or another system's type names onto ours
# (NEREL's MONEY, PullEnti's DATE are spelled as ours): ``*_TYPES = {theirs: ours}``.
MAPPING_SUFFIX = "_TYPES"


def _allowed(tree: ast.Module) -> set[int]:
    """ids of the string nodes that may hold a type name: docstrings and the
    keys of the mappings from other vocabularies."""
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            out.add(id(body[0].value))
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and any(
                isinstance(t, ast.Name) and t.id.endswith(MAPPING_SUFFIX) for t in node.targets):
            out |= {id(k) for k in node.value.keys}
    return out


def test_the_type_names_are_what_the_contract_names():
    assert {"PER", "ORG", "LOC", "FAC", "ROLE", "MONEY", "WORKS_AS", "LOCATED_IN", "AMOUNT_OF"} <= TYPE_NAMES


def test_no_module_spells_a_type_name():
    found = []
    for path in sorted(PIPELINE.rglob("*.py")):
        if path == PIPELINE / "labels.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _allowed(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and node.value in TYPE_NAMES and id(node) not in allowed):
                found.append(f"{path.relative_to(PIPELINE.parent)}:{node.lineno} {node.value!r}")
    assert not found, "type names spelled outside pipeline/labels.py:\n" + "\n".join(found)
