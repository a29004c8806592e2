"""The examples in public docstrings (an indented block after ``::``) run."""

from __future__ import annotations

import textwrap
from types import ModuleType

import pytest

import shared_types.export


def _examples(module: ModuleType) -> list[str]:
    """Every ``::`` block of a module's docstring, dedented."""
    doc = module.__doc__ or ""
    blocks = []
    for part in doc.split("::\n")[1:]:
        lines = []
        for line in part.splitlines():
            if line and not line.startswith(" "):
                break
            lines.append(line)
        blocks.append(textwrap.dedent("\n".join(lines)))
    return blocks


@pytest.mark.parametrize("module", [shared_types.export], ids=lambda module: module.__name__)
def test_the_docstring_examples_run(module: ModuleType) -> None:
    examples = _examples(module)
    assert examples, f"{module.__name__} has no example"
    for example in examples:
        exec(compile(example, f"<{module.__name__} docstring>", "exec"), {})  # noqa: S102 (our own docstring)
