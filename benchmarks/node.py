"""Benchmark the npm package's parseServerMessage in Node, and check its target.

    python benchmarks/node.py          # full run: the table, and docs/performance.md
    python benchmarks/node.py --quick  # a tiny run that only proves the script works

Needs the package built (``npm ci --prefix typescript && npm run build --prefix typescript``)
and ajv (``npm ci --prefix tests/typescript``). The candidates parse one 1,000-project
`projectsUpdate` (the same input as benchmarks/run.py), interleaved in one node process
(``node_bench.mjs``); the target: ``parseServerMessage`` takes at most 1.2 times
``JSON.parse`` followed by ajv's compiled (strict) validator.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import _inputs

from shared_types.export import json_schema

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
DOC_START = "<!-- node benchmark results: start (written by benchmarks/node.py) -->"
DOC_END = "<!-- node benchmark results: end -->"
OURS = "shared-types parseServerMessage"
AJV = "JSON.parse + ajv (compiled, strict)"
TARGET = 1.2
TIMES = "\u00d7"  # the multiplication sign of the ratios
PROJECTS = 1000


def measure(rounds: int, batch_ms: int) -> dict[str, Any]:
    """The benchmark's JSON result (microseconds per parse, best batch of ``rounds``)."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is not installed")
    if not (ROOT / "typescript" / "dist" / "index.js").is_file():
        raise SystemExit("build the package first: npm run build --prefix typescript")
    with tempfile.TemporaryDirectory() as folder:
        frame = Path(folder) / "frame.json"
        frame.write_bytes(_inputs.wire_bytes(_inputs.projects_update_dict(PROJECTS)))
        schema = Path(folder) / "schema.json"
        schema.write_text(json.dumps(json_schema("server-to-client")), encoding="utf-8")
        done = subprocess.run(  # noqa: S603 (node running our own script)
            [
                node,
                str(Path(__file__).with_name("node_bench.mjs")),
                str(ROOT / "typescript"),
                str(ROOT / "tests" / "typescript"),
                str(frame),
                str(schema),
                str(rounds),
                str(batch_ms),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def table(result: dict[str, Any]) -> str:
    times: dict[str, float] = result["microseconds"]
    json_parse = times["JSON.parse"]
    ratio = times[OURS] / times[AJV]
    met = "met" if ratio <= TARGET else "NOT met"
    rows = "".join(
        f"| {name} | {micros / 1000:.2f} ms | {micros / json_parse:.2f}{TIMES} |\n"
        for name, micros in sorted(times.items(), key=lambda item: item[1])
    )
    return (
        f"Node {result['node']}, one process, a {PROJECTS:,}-project `projectsUpdate` "
        f"({result['bytes']:,} bytes), best of {result['rounds']} interleaved rounds, CPU time.\n\n"
        "| candidate | per parse | ÷ JSON.parse |\n|---|---|---|\n"
        f"{rows}\n"
        f"Target: `parseServerMessage` ≤ {TARGET}{TIMES} `JSON.parse` + ajv: measured "
        f"{ratio:.2f}{TIMES}, {met}.\n"
    )


def main(argv: list[str]) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="a tiny run; writes no doc")
    args = options.parse_args(argv)
    result = measure(rounds=2, batch_ms=5) if args.quick else measure(rounds=30, batch_ms=200)
    text = table(result)
    print(text)
    if not args.quick:
        doc = DOC.read_text(encoding="utf-8")
        start, end = doc.index(DOC_START) + len(DOC_START), doc.index(DOC_END)
        DOC.write_text(doc[:start] + "\n" + text + doc[end:], encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
