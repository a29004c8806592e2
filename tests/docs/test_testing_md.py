"""The example of docs/testing.md is a real test file: run it as a user would, with pytest."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_complete_example_passes_under_pytest(tmp_path: Path) -> None:
    example = _python_blocks()[0]
    assert "def test_" in example
    (tmp_path / "test_handler.py").write_text(example, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_handler.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "3 passed" in result.stdout


def test_the_from_type_example_runs() -> None:
    block = _python_blocks()[1]
    namespace: dict[str, object] = {}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 (our own documentation)
