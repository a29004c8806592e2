"""The benchmark script still runs: `benchmarks/run.py --quick`, end to end, in a subprocess.

No timing is asserted (the machine is shared); only that every case and every target
was measured and written.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


def test_quick_run_measures_every_case_and_target(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, str(RUN), "--quick", "--output-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    cases = {case["name"]: case for case in results["cases"]}
    assert set(cases) == {
        "parse startOutbound",
        "parse projectsUpdate, 1 project",
        "parse projectsUpdate, 10 projects",
        "encode projectsUpdate, 10 projects",
        "validate 200-line JSONL",
        "read a timestamp field",
        "import time (fresh interpreter)",
        "import hypothesis (fresh interpreter)",
    }
    for case in cases.values():
        for candidate in case["candidates"]:
            assert candidate["rounds"] >= 1
            assert candidate["best"] > 0
    assert len(results["targets"]) == 10
    assert all(target["ratio"] is not None for target in results["targets"])
    table = (tmp_path / "results.md").read_text()
    assert "| shared_types parse |" in table
    assert "### Targets" in table
