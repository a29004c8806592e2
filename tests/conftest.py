"""Hypothesis profiles for the whole suite.

- ``dev`` (the default): few examples, fast enough to run on every save.
- ``ci``: many more examples, derandomized (the same examples on every run, so a red
  build is reproducible and a green one is not luck) and no example database.

Select one with ``HYPOTHESIS_PROFILE=ci`` (or ``--hypothesis-profile=ci``); with the
environment variable ``CI`` set and no explicit choice, ``ci`` is used.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from redis_server import redis_server

__all__ = ["redis_server"]

TESTS = Path(__file__).parent

settings.register_profile(
    "dev",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# Folders whose tests start interpreters, Node, servers or type checkers, or draw
# hundreds of hypothesis examples: `pytest -m "not slow"` leaves them out (CI runs all).
SLOW_FOLDERS = frozenset(
    {"asyncapi", "benchmarks", "docs", "e2e", "fuzz", "property", "type_checkers", "typescript"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = item.path.relative_to(TESTS).parts
        if parts and parts[0] in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)
