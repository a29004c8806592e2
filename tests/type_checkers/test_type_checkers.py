"""What a user's type checker says of code that builds and reads the models.

mypy (strict, without the pydantic plugin) and pyright (strict, pinned in
``package.json`` here: ``npm ci --prefix tests/type_checkers``) must accept
``user_module.py`` as it is, and report every line marked ``# error`` in
``must_fail/`` and no other. Without node or pyright the pyright half skips, except
under ``CI``, where it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
USER_MODULE = HERE / "user_module.py"
MUST_FAIL = sorted((HERE / "must_fail").glob("*.py"))
PYRIGHT = HERE / "node_modules" / "pyright" / "index.js"


def _marked_lines(path: Path) -> set[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {number for number, line in enumerate(lines, 1) if "  # error" in line}


def _mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our interpreter running mypy on our files)
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(HERE / "mypy.ini"),
            "--no-incremental",
            "--show-error-codes",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _pyright(path: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not PYRIGHT.is_file():
        reason = "node or pyright is missing; run `npm ci --prefix tests/type_checkers`"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI is set, so this is an error)")
        pytest.skip(reason)
    return subprocess.run(  # noqa: S603 (node running the pinned pyright on our files)
        [
            node,
            str(PYRIGHT),
            "-p",
            str(HERE / "pyrightconfig.json"),
            "--pythonpath",
            sys.executable,
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _error_lines(output: str, path: Path) -> set[int]:
    pattern = re.compile(rf"{re.escape(path.name)}:(\d+)(?::\d+)?:? (?:- )?error")
    return {int(match.group(1)) for match in pattern.finditer(output)}


def test_mypy_without_the_plugin_accepts_the_documented_usage() -> None:
    result = _mypy(USER_MODULE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict_accepts_the_documented_usage() -> None:
    result = _pyright(USER_MODULE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


@pytest.mark.parametrize("path", MUST_FAIL, ids=lambda path: path.name)
def test_mypy_reports_every_mistake(path: Path) -> None:
    result = _mypy(path)
    assert _error_lines(result.stdout, path) == _marked_lines(path), result.stdout


@pytest.mark.parametrize("path", MUST_FAIL, ids=lambda path: path.name)
def test_pyright_reports_every_mistake(path: Path) -> None:
    result = _pyright(path)
    assert _error_lines(result.stdout, path) == _marked_lines(path), result.stdout
