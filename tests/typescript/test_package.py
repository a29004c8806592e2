"""The npm package as a consumer gets it: `npm pack` in typescript/, installed into a fresh
project, compiled against by the real `tsc --strict` and run by node.

``package_cases/types.ts`` holds the type tests (every ``@ts-expect-error`` must meet its
error, or tsc fails); ``package_cases/run.ts`` is compiled and run, and prints what the
package did at run time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest

from shared_types import PROTOCOL_VERSION, __version__
from shared_types.export import generated_files

from .conftest import PACKAGE

CASES = Path(__file__).parent / "package_cases"

# Packing, installing and compiling against zod's types take half a minute.
pytestmark = pytest.mark.slow


def _tsc(
    node: str, node_modules: Path, folder: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    compiler = node_modules / "typescript" / "bin" / "tsc"
    command = [
        node, str(compiler), "--strict", "--exactOptionalPropertyTypes",
        "--noUncheckedIndexedAccess", "--target", "es2022", "--module", "nodenext",
        "--moduleResolution", "nodenext", "--lib", "es2022,dom",
        "--pretty", "false", *arguments,
    ]  # fmt: skip
    return subprocess.run(  # noqa: S603 (node running the pinned tsc)
        command, cwd=folder, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.fixture(scope="module")
def cases(consumer: Path) -> Path:
    folder = consumer / "src"
    shutil.copytree(CASES, folder, dirs_exist_ok=True)
    return folder


def test_the_tarball_holds_the_built_package_and_nothing_else(packed_package: Path) -> None:
    with tarfile.open(packed_package) as archive:
        names = set(archive.getnames())
        manifest_file = archive.extractfile("package/package.json")
        assert manifest_file is not None
        manifest: dict[str, Any] = json.loads(manifest_file.read())
    for module in ("index", "zod", "validate", "websocket", "errors", "wire", "dispatch"):
        assert f"package/dist/{module}.js" in names
        assert f"package/dist/{module}.d.ts" in names
    assert "package/README.md" in names
    assert not [name for name in names if name.endswith(".ts") and not name.endswith(".d.ts")]
    assert not [name for name in names if "node_modules" in name]
    assert manifest["name"] == "shared-types"
    assert manifest["version"] == __version__
    assert manifest["protocolVersion"] == PROTOCOL_VERSION
    assert "dependencies" not in manifest  # no runtime dependency
    assert manifest["peerDependenciesMeta"] == {"zod": {"optional": True}}
    assert list(manifest["exports"]["."]) == ["types", "default"]  # types first
    assert manifest["type"] == "module"


def test_the_manifest_and_sources_are_the_generated_ones() -> None:
    # `generate --check` covers them; this names the files, so none drops out of the list.
    generated = generated_files()
    for name in ("package.json", "validate.ts", "zod.ts", "limits.ts", "websocket.ts"):
        text = (PACKAGE / name).read_text(encoding="utf-8")
        assert generated[f"typescript/{name}"] == text


def test_the_public_types_compile_with_their_negative_cases(
    node: str, node_modules: Path, cases: Path
) -> None:
    result = _tsc(node, node_modules, cases, "--noEmit", "types.ts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unmet_expectation_fails_the_type_tests(
    node: str, node_modules: Path, cases: Path
) -> None:
    # The negative cases rely on tsc refusing a @ts-expect-error that meets no error.
    (cases / "unmet.ts").write_text(
        "import { createServerDispatcher } from 'shared-types';\n"
        "// @ts-expect-error: but every handler is there\n"
        "createServerDispatcher({ projectsUpdate: () => 1, projectStatusChange: () => 2,"
        " error: () => 3 });\n",
        encoding="utf-8",
    )
    result = _tsc(node, node_modules, cases, "--noEmit", "unmet.ts")
    assert result.returncode != 0
    assert "error TS2578: Unused '@ts-expect-error' directive." in result.stdout


def test_a_fresh_project_validates_narrows_and_dispatches(
    node: str, node_modules: Path, cases: Path, consumer: Path
) -> None:
    out = consumer / "out"
    compiled = _tsc(node, node_modules, cases, "--outDir", str(out), "run.ts")
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    result = subprocess.run(  # noqa: S603 (node running the compiled case)
        [node, str(out / "run.js")],
        cwd=consumer,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["protocolVersion"] == PROTOCOL_VERSION
    assert seen["events"] == [
        "startOutbound", "stopOutbound", "projectsUpdate", "projectStatusChange", "error",
    ]  # fmt: skip
    assert seen["dispatched"] == seen["fromBytes"] == "1 projects"
    assert seen["sameFromValue"] is True
    assert seen["badProject"] == {
        "code": "invalidPayload",
        "paths": ["payload.project.action"],
        "text": "invalidPayload: payload.project.action: Input should be 'init' or 'active'",
        "isError": True,
    }
    assert seen["tooLarge"]["code"] == "messageTooLarge"
    assert seen["notJson"]["code"] == "invalidJson"
    assert seen["wrongDirection"] == {
        "code": "unknownEvent",
        "paths": ["event"],
        "text": "unknownEvent: event: client → server messages are startOutbound, "
        "stopOutbound; 'projectsUpdate' goes the other way",
    }
    assert seen["notAnEnvelope"]["code"] == "invalidMessage"
    assert seen["nanValue"]["code"] == "invalidJson"
    assert seen["standardBad"] == [
        {"message": "invalidPayload: Input should be 'init' or 'active'",
         "path": ["payload", "project", "action"]},
    ]  # fmt: skip
    assert seen["standardGood"] is True
    assert seen["zodGood"] is True
    assert seen["zodBad"] is False
    assert "TOPSECRET" not in result.stdout
