"""The import target alone: ``import shared_types`` ÷ ``from pydantic import BaseModel``.

Measured exactly as ``benchmarks/run.py`` measures it (its ``time_imports``: each statement
timed inside a fresh interpreter, start-up excluded, CPU time, the two statements alternating
round after round after one unrecorded round that warms the bytecode caches), without the rest
of that run, ``--runs`` times. The ratio is that of the best rounds, the median rounds' in
brackets, as in the results table. With ``--compare DIR`` every run also measures the package
found in DIR, and with ``--floor`` the protocol's models as plain pydantic models
(``_import_floor.py``: what pydantic alone costs), the candidates' order turning from run to
run::

    python benchmarks/import_time.py                    # this tree: 5 runs of 15 rounds

    # before/after: the package as of a commit, beside the working tree's
    git archive 5d77b3c src | tar -x -C /tmp/before
    python benchmarks/import_time.py --compare /tmp/before/src --floor
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

_HERE = Path(__file__).resolve().parent
_THIS_TREE = _HERE.parent / "src"
_BASELINE = "from pydantic import BaseModel"


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


def _ratios(source: Path, statement: str, rounds: int, timer: str) -> tuple[float, ...]:
    """Best and median ratio, and the best times (ms) of the statement and pydantic's."""
    with _python_path(source):
        case = time_imports({statement: statement, _BASELINE: _BASELINE}, rounds, timer)
    ours, pydantic = (candidate.timings for candidate in case.candidates)
    return (
        min(ours) / min(pydantic),
        statistics.median(ours) / statistics.median(pydantic),
        min(ours) * 1000,
        min(pydantic) * 1000,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="runs per candidate (default 5)")
    parser.add_argument("--rounds", type=int, default=15, help="rounds per run (default 15)")
    parser.add_argument("--timer", choices=("cpu", "wall"), default="cpu")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="also measure the package found in DIR (by PYTHONPATH)",
    )
    parser.add_argument(
        "--floor", action="store_true", help="also measure the models as plain pydantic models"
    )
    args = parser.parse_args()
    candidates = [(str(_THIS_TREE), _THIS_TREE, "import shared_types")]
    if args.compare is not None:
        source = args.compare.resolve()
        candidates.insert(0, (str(source), source, "import shared_types"))
    if args.floor:
        candidates.append(
            ("plain pydantic models (_import_floor.py)", _HERE, "import _import_floor")
        )
    runs: dict[str, list[tuple[float, ...]]] = {label: [] for label, _, _ in candidates}
    for run in range(args.runs):
        turn = run % len(candidates)
        for label, source, statement in candidates[turn:] + candidates[:turn]:
            best, median, ours_ms, pydantic_ms = _ratios(source, statement, args.rounds, args.timer)
            runs[label].append((best, median))
            print(
                f"run {run + 1}, {label}: {best:.2f} ({median:.2f}); best rounds: "
                f"{statement} {ours_ms:.0f} ms, {_BASELINE} {pydantic_ms:.0f} ms",
                flush=True,
            )
    print(f"\n÷ {_BASELINE}, {args.runs} runs of {args.rounds} rounds:")
    for label, measured in runs.items():
        bests = sorted(ratio for ratio, _ in measured)
        medians = sorted(ratio for _, ratio in measured)
        print(
            f"{label}: best rounds {statistics.median(bests):.2f} (range {bests[0]:.2f}-"
            f"{bests[-1]:.2f}), median rounds {statistics.median(medians):.2f} (range "
            f"{medians[0]:.2f}-{medians[-1]:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
