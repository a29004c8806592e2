"""Node and the pinned AsyncAPI parser, ajv and js-yaml for the tests in this folder.

The npm packages are pinned in ``package.json``/``package-lock.json`` beside this file;
install them with ``npm ci --prefix tests/asyncapi``. Without them (or without
``node``) these tests skip, except when the environment variable ``CI`` is set: then
they fail, so CI can never pass without running them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
NODE_MODULES = HERE / "node_modules"
INSTALL = "npm ci --prefix tests/asyncapi"
PACKAGES = ("@asyncapi/parser", "ajv", "ajv-formats", "js-yaml")

RunNode = Callable[..., Any]


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is an error; run `{INSTALL}`)")
    pytest.skip(f"{reason}; run `{INSTALL}` to enable these tests")


@pytest.fixture(scope="session")
def run_node() -> RunNode:
    """Runs one of this folder's scripts: JSON in on stdin, JSON out on stdout."""
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed")
    for package in PACKAGES:
        if not (NODE_MODULES / package / "package.json").is_file():
            _missing(f"{NODE_MODULES / package} is not installed")
    assert node is not None

    def run(script: str, *arguments: str, stdin: str) -> Any:
        done = subprocess.run(  # noqa: S603 (node running a script of this folder)
            [node, str(HERE / script), *arguments],
            cwd=HERE,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run
