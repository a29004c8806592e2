"""The generated TypeScript under the real compiler (pinned in package.json).

The cases in ``cases/`` compile against the module `typescript()` returns: the
specification's frontend example, exhaustive narrowing, lookups by event name, and
wrong messages marked ``@ts-expect-error``. The cases in ``cases/must_fail/`` must not
compile, with the error their first line names: proof that the checks can fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from shared_types.export import typescript

Tsc = Callable[..., "subprocess.CompletedProcess[str]"]
CASES = Path(__file__).parent / "cases"
MUST_FAIL = sorted((CASES / "must_fail").glob("*.ts"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the generated module as ``websocket.ts`` and the cases."""
    folder = tmp_path_factory.mktemp("ts")
    (folder / "websocket.ts").write_text(typescript(), encoding="utf-8")
    shutil.copytree(CASES, folder, dirs_exist_ok=True)
    return folder


def test_the_generated_module_and_the_cases_compile(tsc: Tsc, project: Path) -> None:
    cases = sorted(path.name for path in CASES.glob("*.ts"))
    assert {"frontend_example.ts", "narrowing.ts", "wrong_messages.ts"} <= set(cases)
    result = tsc(project, "websocket.ts", *cases)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", MUST_FAIL, ids=[path.stem for path in MUST_FAIL])
def test_a_wrong_program_does_not_compile(tsc: Tsc, project: Path, case: Path) -> None:
    expected = re.search(r"expect: (TS\d+)", case.read_text(encoding="utf-8"))
    assert expected is not None, "a must_fail case names the error it expects"
    result = tsc(project, f"must_fail/{case.name}")
    assert result.returncode != 0
    assert f"error {expected.group(1)}:" in result.stdout, result.stdout


def test_an_unused_ts_expect_error_fails(tsc: Tsc, project: Path) -> None:
    # The wrong-message checks rely on tsc rejecting an expectation that meets no error.
    (project / "unused_expectation.ts").write_text(
        "import type { ClientToServerMessage } from './websocket';\n"
        "// @ts-expect-error: but this message is right\n"
        "export const ok: ClientToServerMessage = "
        "{ event: 'stopOutbound', payload: { project: { projectId: 'p' } } };\n",
        encoding="utf-8",
    )
    result = tsc(project, "unused_expectation.ts")
    assert result.returncode != 0
    assert "error TS2578:" in result.stdout, result.stdout
