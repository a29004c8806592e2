"""Node, tsc and ajv for the tests in this folder.

The npm packages are pinned in ``package.json``/``package-lock.json`` beside this file;
install them with ``npm ci --prefix tests/typescript``. Without them (or without
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


# --------------------------------------------------------------------------- the npm package

REPO = HERE.parent.parent
PACKAGE = REPO / "typescript"
PACKAGE_INSTALL = "npm ci --prefix typescript"
#: Pinned as in typescript/package.json's devDependencies, so npm finds it in its cache.
ZOD = (
    "zod@"
    + json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["devDependencies"]["zod"]
)


def _npm() -> str:
    found = shutil.which("npm")
    if found is None:
        _missing("npm is not installed")
    assert found is not None
    return found


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 (npm and node on our own files)
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
    return result


#: The one tarball of the session: tests/e2e and tests/benchmarks import the fixture below,
#: which makes it a fixture of theirs too, and would otherwise pack again for each.
_PACKED: dict[str, Path] = {}


@pytest.fixture(scope="session")
def packed_package(node: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tarball `npm pack` makes in typescript/ (its prepack builds dist/ with tsc)."""
    if "tarball" in _PACKED:
        return _PACKED["tarball"]
    if not (PACKAGE / "node_modules" / "typescript" / "package.json").is_file():
        _missing(f"typescript/node_modules is not installed (`{PACKAGE_INSTALL}`)")
    out = tmp_path_factory.mktemp("pack")
    result = _run([_npm(), "pack", "--json", "--pack-destination", str(out)], PACKAGE)
    [packed] = json.loads(result.stdout[result.stdout.index("[") :])
    tarball: Path = out / packed["filename"]
    assert tarball.is_file()
    _PACKED["tarball"] = tarball
    return tarball


@pytest.fixture(scope="session")
def consumer(packed_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh ES-module project that installed the packed tarball (and zod, for /zod)."""
    folder = tmp_path_factory.mktemp("consumer")
    manifest = {"name": "consumer", "private": True, "type": "module"}
    (folder / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
    _run(
        [
            _npm(),
            "install",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            str(packed_package),
            ZOD,
        ],
        folder,
    )
    return folder
