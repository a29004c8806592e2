"""The load and fault suite's short version: `benchmarks/load.py --quick`, in a subprocess.

It starts the real example server (and a redis-server) itself. No timing is asserted
(the machine is shared): only that every scenario was measured and every functional
check held (nothing lost, every broadcast delivered, every limit enforced, memory bound).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOAD = Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"


@pytest.mark.slow
def test_the_short_load_run_measures_every_figure_and_passes_its_checks(
    tmp_path: Path,
) -> None:
    if shutil.which("redis-server") is None:
        missing = "redis-server is not installed (apt-get install -y redis-server)"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    output = tmp_path / "load.json"
    done = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, str(LOAD), "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(output.read_text())
    assert results["failed"] == []
    scenarios = {figure["scenario"].split(",")[0] for figure in results["figures"]}
    assert scenarios == {
        "50 dashboards",
        "a client that never reads",
        "a flood of invalid frames",
        "the nested-array frame",
        "20 dashboards",
        "kill -9 and restart with Redis",
        "two servers with Redis",
    }
    checked = [figure for figure in results["figures"] if figure["met"] is not None]
    assert len(checked) >= 9
    assert all(figure["met"] for figure in checked if not figure["timing"])
