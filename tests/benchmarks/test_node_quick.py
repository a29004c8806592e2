"""The Node benchmark still runs: `benchmarks/node.py --quick`, in a subprocess.

No timing is asserted (the machine is shared); only that every candidate was measured
and the target's ratio printed. The package's dist/ is built by the `packed_package`
fixture (npm pack runs the build).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "node.py"


@pytest.mark.slow
def test_quick_run_measures_every_candidate(packed_package: Path) -> None:
    done = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, str(RUN), "--quick"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for candidate in (
        "JSON.parse",
        "JSON.parse + ajv (compiled, strict)",
        "shared-types parseServerMessage",
        "JSON.parse + Zod safeParse",
    ):
        assert re.search(rf"^\| {re.escape(candidate)} \| [0-9.]+ ms \|", done.stdout, re.M)
    assert re.search(r"JSON.parse` \+ ajv: measured [0-9.]+\u00d7, (met|NOT met)\.", done.stdout)
    assert "wrote" not in done.stdout  # a quick run leaves the doc alone
