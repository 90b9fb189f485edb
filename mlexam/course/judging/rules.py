""" "Must not call X", read from the solution cell's source: every import form, alias and attribute path."""

from __future__ import annotations

import ast
from collections.abc import Iterable


def _bound(tree: ast.AST) -> set[str]:
    """Names the cell defines itself (functions, classes, arguments, assignments): not references to X."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def forbidden_references(source: str, forbidden: Iterable[str]) -> list[str]:
    """Where `source` names one of `forbidden` (an import, an alias's target, an attribute, a string handed to
    getattr): one line each, e.g. "line 3 imports log_softmax". A cell that does not parse names nothing."""
    forbidden = set(forbidden)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    own = _bound(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            paths = [alias.name for alias in node.names]
            if isinstance(node, ast.ImportFrom) and node.module:
                paths.append(node.module)
            for path in paths:
                for part in set(path.split(".")) & forbidden:
                    found.append((line, f"line {line} imports {part}"))
        elif isinstance(node, ast.Attribute) and node.attr in forbidden:
            found.append((line, f"line {line} uses .{node.attr}"))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in forbidden - own:
            found.append((line, f"line {line} uses {node.id}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in forbidden:
            found.append((line, f"line {line} names {node.value!r}"))
    return [text for _, text in sorted(set(found))]
