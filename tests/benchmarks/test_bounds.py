"""The bound on hostile frames keeps its shape: every frame of `benchmarks/_adversarial.py`
costs the parser a small multiple of what `json.loads` costs on the same bytes.

Ratios measured in one run, never wall-clock times. The bound is 5x in time and 4x in
peak memory (docs/performance.md); the test allows twice that, so a loaded machine does
not make it flaky, while the costs it guards against still fail it: 15x and 12x before
the slow path was bounded, 18x in time and up to 146x in memory (duplicate or unexpected
keys in one object) before long frames were read document-first.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import _adversarial  # found through the path above

MARGIN = 2.0
_FRAMES = list(_adversarial.frames())


@pytest.mark.slow
@pytest.mark.parametrize(("name", "direction", "frame"), _FRAMES, ids=[f[0] for f in _FRAMES])
def test_a_hostile_frame_costs_a_small_multiple_of_json_loads(
    name: str, direction: _adversarial.Direction, frame: bytes
) -> None:
    measured = _adversarial.measure(name, direction, frame, rounds=3)
    assert measured.time_ratio <= 5.0 * MARGIN, measured
    if measured.memory_ratio is None:
        return  # no /proc to measure peaks with
    assert measured.memory_ratio <= 4.0 * MARGIN, measured
