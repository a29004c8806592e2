"""The docstrings of attributes, read from source: field docs and documented aliases.

pydantic's ``use_attribute_docstrings`` does the same with one `inspect` source search
per class, which made up a tenth of ``import shared_types``; one parse per module here.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
from collections.abc import Mapping
from functools import cache
from itertools import pairwise

__all__ = ["module_attribute_docstrings"]


@cache
def module_attribute_docstrings(module_name: str) -> Mapping[str, Mapping[str, str]]:
    """Every class of a module by qualified name, with the docstrings of its attributes.

    What pydantic's ``use_attribute_docstrings`` finds, read with one parse of the whole
    module instead of one `inspect` source search per class (which made up a tenth of
    ``import shared_types``). A name defined twice maps to nothing (ambiguous). The key
    ``""`` holds the module's own documented assignments (``ProjectAction = ...``), which
    the exporters use.
    """
    module = sys.modules.get(module_name)
    filename = getattr(module, "__file__", None)
    if module is None or not filename:
        return {}
    try:
        tree = ast.parse("".join(linecache.getlines(filename, vars(module))))
    except (SyntaxError, ValueError):
        return {}
    found: dict[str, Mapping[str, str]] = {}
    ambiguous: set[str] = set()

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                name = prefix + child.name
                if name in found:
                    ambiguous.add(name)
                found[name] = _attribute_docstrings(child.body)
                visit(child, name + ".")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{prefix}{child.name}.<locals>.")
            elif isinstance(child, (ast.stmt, ast.excepthandler)):
                visit(child, prefix)

    visit(tree, "")
    found[""] = _attribute_docstrings(tree.body)
    return {name: docs for name, docs in found.items() if name not in ambiguous}


def _attribute_docstrings(body: list[ast.stmt]) -> Mapping[str, str]:
    """``name: T`` (pydantic's rule for a field doc) or ``name = ...`` directly followed by
    a string literal. Plain assignments in a model's body are not fields, so only the
    module's documented aliases use them."""
    docs = {}
    for statement, following in pairwise(body):
        if not (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            continue
        targets: list[ast.expr]
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        elif isinstance(statement, ast.Assign):
            targets = statement.targets
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                docs[target.id] = inspect.cleandoc(following.value.value)
    return docs
