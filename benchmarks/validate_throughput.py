"""Throughput and peak memory of ``shared-types validate``, as a user runs it.

Writes the benchmark's JSONL (``_inputs.server_jsonl_lines``: 100,000 server → client
lines, 32 MB by default) to a temporary file, runs
``shared-types validate --direction server FILE`` (its ``main``) in a fresh process
``--rounds`` times and prints the best throughput (messages per second, process
start-up included) and the largest peak resident memory of those processes::

    python benchmarks/validate_throughput.py            # the figure in docs/cli.md
    python benchmarks/validate_throughput.py --as array # the same messages as one JSON array

    # before/after: the package as of a commit, beside the working tree's
    git archive 82fe3c4 src | tar -x -C /tmp/before
    python benchmarks/validate_throughput.py --compare /tmp/before/src
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _inputs


def _write(path: Path, lines: int, shape: str) -> None:
    frames = _inputs.server_jsonl_lines(lines)
    with path.open("wb") as out:
        if shape == "jsonl":
            for frame in frames:
                out.write(frame + b"\n")
        else:  # one JSON array of messages, one message per line
            out.write(b"[\n")
            out.write(b",\n".join(frames))
            out.write(b"\n]\n")


# `python -m shared_types` that then writes its own peak resident memory (VmHWM: this
# process image only; a forked child's rusage would also count its parent's pages).
_MEASURED = (
    "import sys\n"
    "from shared_types._cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
    "sys.stderr.write(peak[0])\n"
    "sys.exit(code)\n"
)


def _run_once(path: Path, source: Path | None) -> tuple[float, int, int]:
    """Seconds, peak RSS in KiB and exit code of one ``validate`` process."""
    argv = [sys.executable, "-c", _MEASURED, "validate", "--direction", "server", str(path)]
    environment = dict(os.environ)
    if source is not None:  # another copy of the package, e.g. `git archive` of a commit
        environment["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (this interpreter, our own package)
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, check=False
    )
    elapsed = time.perf_counter() - start
    peak = re.search(rb"VmHWM:\s+(\d+) kB", done.stderr)
    return elapsed, int(peak[1]) if peak else 0, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=100_000, help="messages (default 100,000)")
    parser.add_argument("--rounds", type=int, default=5, help="runs; the best counts (default 5)")
    parser.add_argument("--as", dest="shape", choices=("jsonl", "array"), default="jsonl")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="also run the package found in DIR (by PYTHONPATH), rounds alternating",
    )
    parser.add_argument("--write-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_to:
        _write(args.write_to, args.lines, args.shape)
        return 0
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"messages.{args.shape}"
        # Written by another process: a child forked from a parent holding the messages
        # would count the parent's memory in its own peak.
        subprocess.run(  # noqa: S603 (this interpreter, this script)
            [
                sys.executable,
                __file__,
                "--lines",
                str(args.lines),
                "--as",
                args.shape,
                "--write-to",
                str(path),
            ],
            check=True,
        )
        count = args.lines
        size = path.stat().st_size
        sources: list[Path | None] = [None] if args.compare is None else [None, args.compare]
        runs: dict[Path | None, list[tuple[float, int, int]]] = {source: [] for source in sources}
        for _ in range(args.rounds):
            for source in sources:
                runs[source].append(_run_once(path, source))
    for source, measured in runs.items():
        if any(code != 0 for _, _, code in measured):
            print(f"validate failed: exit codes {[code for *_, code in measured]}", file=sys.stderr)
            return 1
        best = min(seconds for seconds, _, _ in measured)
        peak = max(rss for _, rss, _ in measured)
        print(
            f"{'this tree' if source is None else source}: {count:,} messages "
            f"({size / 1e6:.1f} MB, {args.shape}): best of {args.rounds} {best:.2f} s, "
            f"{count / best:,.0f} messages/s; peak RSS {peak / 1024:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
