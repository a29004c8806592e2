"""Every Python example in ``README.md`` and ``docs/**/*.md`` runs here, so the docs cannot rot.

Conventions for whoever writes the docs:

- A fenced block whose info string starts with ``python`` or ``py`` runs; ``pycon`` runs
  as a doctest. Other languages (``console``, ``sh``, ``json``, ``ts``, ``text``…) are shown,
  not run.
- The blocks of one file run in order, in one shared namespace: a later block may use
  what an earlier one defined. Every file starts afresh.
- ``python no-run`` (the word ``no-run`` anywhere after the language) shows a block
  without running it: for code that serves forever, needs the network or another
  service, or is a fragment. Use it sparingly; say why in the text around it.
- A block whose first line starts with ``>>>`` is a doctest: each output must match
  what is shown (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` are on).
- Fences follow CommonMark: three or more backticks or tildes, indented at most three
  spaces, closed by a fence of the same character at least as long.

A failure names the Markdown file and the line, and tracebacks point into the file.
"""

from __future__ import annotations

import doctest
import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NO_RUN = "no-run"
PYTHON = frozenset({"python", "py", "python3"})
PYCON = frozenset({"pycon"})
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

_OPENING = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a Markdown file.

    Attributes:
        path: The file.
        line: The 1-based line of the block's first line of code.
        language: The info string's first word, lower-cased ("" when there is none).
        flags: The info string's other words.
        source: The code, indentation of the fence removed.
    """

    path: Path
    line: int
    language: str
    flags: tuple[str, ...]
    source: str

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON or self.language in PYCON

    @property
    def runs(self) -> bool:
        return self.is_python and NO_RUN not in self.flags

    @property
    def is_doctest(self) -> bool:
        return self.language in PYCON or self.source.lstrip().startswith(">>>")


def fenced_blocks(text: str, path: Path) -> list[Block]:
    """Every fenced code block of ``text``, in order."""
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            body.append(_dedent(lines[end], indent))
            end += 1
        words = opening["info"].strip().split()
        language = words[0].lower() if words else ""
        source = "\n".join(body) + "\n"
        blocks.append(Block(path, index + 2, language, tuple(words[1:]), source))
        index = end + 1
    return blocks


def _dedent(line: str, indent: int) -> str:
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(indent, stripped) :]


@contextmanager
def markdown_module(path: Path) -> Iterator[dict[str, object]]:
    """A fresh namespace for one file's blocks.

    It is a real, registered module, so dataclasses, pydantic models and pickling
    defined in the docs behave as they would in a script.
    """
    name = "markdown_" + re.sub(r"\W", "_", path.stem)
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    try:
        yield module.__dict__
    finally:
        del sys.modules[name]


def run_blocks(blocks: list[Block], namespace: dict[str, object]) -> int:
    """Run the blocks that run, in order, in ``namespace``.

    Returns:
        How many blocks ran.

    Raises:
        pytest.fail.Exception: A doctest's output did not match.
        Exception: Whatever a plain block raised (its traceback points into the file).
    """
    ran = 0
    for block in blocks:
        if not block.runs:
            continue
        if block.is_doctest:
            _run_doctest(block, namespace)
        else:
            # Leading newlines put the code on its own lines of the Markdown file.
            padded = "\n" * (block.line - 1) + block.source
            exec(compile(padded, str(block.path), "exec"), namespace)  # noqa: S102 (running the docs is the point)
        ran += 1
    return ran


def _run_doctest(block: Block, namespace: dict[str, object]) -> None:
    name = f"{block.path.name}:{block.line}"
    test = doctest.DocTestParser().get_doctest(
        block.source, namespace, name, str(block.path), block.line - 1
    )
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)  # a DocTest runs in a copy: share what it defined
    if runner.failures:
        pytest.fail(f"doctest in {name} failed:\n{''.join(report)}", pytrace=False)


def documents() -> list[Path]:
    """The Markdown files whose examples run: the README and everything under docs/."""
    return sorted([REPO / "README.md", *(REPO / "docs").rglob("*.md")])


@pytest.mark.parametrize("path", documents(), ids=lambda path: str(path.relative_to(REPO)))
def test_the_examples_of_a_document_run(path: Path) -> None:
    blocks = fenced_blocks(path.read_text(encoding="utf-8"), path)
    with markdown_module(path) as namespace:
        run_blocks(blocks, namespace)


def test_the_backend_guide_has_examples_that_run() -> None:
    path = REPO / "docs" / "backend.md"
    blocks = fenced_blocks(path.read_text(encoding="utf-8"), path)
    assert sum(block.runs and not block.is_doctest for block in blocks) >= 3
    assert sum(block.runs and block.is_doctest for block in blocks) >= 3


# --------------------------------------------------------------------------- the runner itself

SAMPLE = """\
# Title

```python
x = 1
```

~~~~ py
y = x + 1
~~~~

   ```python no-run
   raise SystemExit("never run")
   ```

````markdown
```python
nested = "not a block of its own"
```
````

```pycon
>>> y
2
>>> z = y + 1
```

```python
>>> x + z
4
```

```console
$ not python
```
"""


def test_fenced_blocks_finds_languages_flags_and_lines() -> None:
    blocks = fenced_blocks(SAMPLE, Path("sample.md"))
    assert [(block.line, block.language, block.flags) for block in blocks] == [
        (4, "python", ()),
        (8, "py", ()),
        (12, "python", ("no-run",)),
        (16, "markdown", ()),
        (22, "pycon", ()),
        (28, "python", ()),
        (33, "console", ()),
    ]
    assert blocks[2].source == 'raise SystemExit("never run")\n'
    assert [block.runs for block in blocks] == [True, True, False, False, True, True, False]
    assert [block.is_doctest for block in blocks if block.runs] == [False, False, True, True]


def test_blocks_share_a_namespace_and_no_run_is_skipped() -> None:
    namespace: dict[str, object] = {}
    assert run_blocks(fenced_blocks(SAMPLE, Path("sample.md")), namespace) == 4
    assert (namespace["x"], namespace["y"], namespace["z"]) == (1, 2, 3)
    assert "nested" not in namespace


def test_a_wrong_doctest_output_fails() -> None:
    wrong = "```python\n>>> 1 + 1\n3\n```\n"
    with pytest.raises(pytest.fail.Exception, match=re.escape("doctest in wrong.md:2 failed")):
        run_blocks(fenced_blocks(wrong, Path("wrong.md")), {})


def test_a_failing_block_points_into_the_markdown_file() -> None:
    failing = "text\n\n```python\nvalue = 1\nraise LookupError(value)\n```\n"
    with pytest.raises(LookupError) as raised:
        run_blocks(fenced_blocks(failing, Path("failing.md")), {})
    frame = raised.traceback[-1]
    assert (Path(str(frame.path)).name, frame.lineno + 1) == ("failing.md", 5)
