"""The import target alone: ``import shared_types`` ÷ ``from pydantic import BaseModel``.

Measured exactly as ``benchmarks/run.py`` measures it (its ``time_imports``: each statement
timed inside a fresh interpreter, start-up excluded, CPU time, the two statements alternating
round after round after one unrecorded round that warms the bytecode caches), without the rest
of that run, ``--runs`` times. The ratio is that of the best rounds, the median rounds' in
brackets, as in the results table. With ``--compare DIR`` every run also measures the package
found in DIR, the trees alternating from run to run::

    python benchmarks/import_time.py                    # this tree: 5 runs of 15 rounds

    # before/after: the package as of a commit, beside the working tree's
    git archive 5d77b3c src | tar -x -C /tmp/before
    python benchmarks/import_time.py --compare /tmp/before/src
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

from run import time_imports

_THIS_TREE = Path(__file__).resolve().parents[1] / "src"
_STATEMENTS = {
    "import shared_types": "import shared_types",
    "from pydantic import BaseModel": "from pydantic import BaseModel",
}


@contextlib.contextmanager
def _python_path(source: Path) -> Iterator[None]:
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(source)
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def _ratios(source: Path, rounds: int, timer: str) -> tuple[float, float, float, float]:
    """Best and median ratio, and the package's best and median time (ms), of one run."""
    with _python_path(source):
        case = time_imports(_STATEMENTS, rounds, timer)
    ours, pydantic = (candidate.timings for candidate in case.candidates)
    return (
        min(ours) / min(pydantic),
        statistics.median(ours) / statistics.median(pydantic),
        min(ours) * 1000,
        statistics.median(ours) * 1000,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="runs per tree (default 5)")
    parser.add_argument("--rounds", type=int, default=15, help="rounds per run (default 15)")
    parser.add_argument("--timer", choices=("cpu", "wall"), default="cpu")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="also measure the package found in DIR (by PYTHONPATH), runs alternating",
    )
    args = parser.parse_args()
    sources = [_THIS_TREE] if args.compare is None else [args.compare.resolve(), _THIS_TREE]
    runs: dict[Path, list[tuple[float, float, float, float]]] = {source: [] for source in sources}
    for run in range(args.runs):
        for source in sources if run % 2 == 0 else sources[::-1]:
            best, median, best_ms, median_ms = _ratios(source, args.rounds, args.timer)
            runs[source].append((best, median, best_ms, median_ms))
            print(
                f"run {run + 1}, {source}: {best:.2f} ({median:.2f}); "
                f"import shared_types {best_ms:.0f} ms ({median_ms:.0f} ms)",
                flush=True,
            )
    print(f"\nimport shared_types ÷ from pydantic import BaseModel, {args.runs} runs:")
    for source, measured in runs.items():
        bests = sorted(ratio for ratio, *_ in measured)
        medians = sorted(ratio for _, ratio, *_ in measured)
        print(
            f"{source}: best rounds {statistics.median(bests):.2f} (range {bests[0]:.2f}-"
            f"{bests[-1]:.2f}), median rounds {statistics.median(medians):.2f} (range "
            f"{medians[0]:.2f}-{medians[-1]:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
