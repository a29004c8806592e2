"""Node, tsc and ajv for the tests in this folder.

The npm packages are pinned in ``package.json``/``package-lock.json`` beside this file;
install them with ``npm ci --prefix tests/typescript``. Without them (or without
``node``) these tests skip, except when the environment variable ``CI`` is set: then
they fail, so CI can never pass without running them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NODE_MODULES = HERE / "node_modules"
INSTALL = "npm ci --prefix tests/typescript"


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is an error; run `{INSTALL}`)")
    pytest.skip(f"{reason}; run `{INSTALL}` to enable these tests")


@pytest.fixture(scope="session")
def node() -> str:
    """The ``node`` executable."""
    found = shutil.which("node")
    if found is None:
        _missing("node is not installed")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def node_modules(node: str) -> Path:
    """The installed, pinned npm packages (typescript, ajv, ajv-formats, ws and types)."""
    for package in ("typescript", "ajv", "ajv-formats", "ws", "@types/ws", "@types/node"):
        if not (NODE_MODULES / package / "package.json").is_file():
            _missing(f"{NODE_MODULES / package} is not installed")
    return NODE_MODULES


Tsc = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def tsc(node: str, node_modules: Path) -> Tsc:
    """Runs the pinned ``tsc --strict --noEmit`` (and stricter) over files in a folder."""
    compiler = node_modules / "typescript" / "bin" / "tsc"

    def run(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
        command = [
            node,
            str(compiler),
            "--strict",
            "--noEmit",
            "--exactOptionalPropertyTypes",
            "--noUncheckedIndexedAccess",
            "--noFallthroughCasesInSwitch",
            "--noUnusedLocals",
            "--target",
            "es2022",
            "--module",
            "es2022",
            "--moduleResolution",
            "bundler",
            "--lib",
            "es2022,dom",
            "--pretty",
            "false",
            *files,
        ]
        return subprocess.run(  # noqa: S603 (a fixed command: node running the pinned tsc)
            command, cwd=folder, capture_output=True, text=True, check=False, timeout=600
        )

    return run
