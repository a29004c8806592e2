"""The package root: a complete, sorted __all__; versions; typing."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

import shared_types
from shared_types import (
    ClientToServerMessage,
    ServerToClientMessage,
    parse_client_message,
    parse_server_message,
)

ROOT = Path(__file__).resolve().parents[2]


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def test_all_is_sorted_and_complete() -> None:
    exported = shared_types.__all__
    assert list(exported) == sorted(exported, key=_isort_key)
    assert len(set(exported)) == len(exported)
    public = {
        name
        for name, value in vars(shared_types).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public - {"annotations"} <= set(exported) | {"websocket"}
    for name in exported:
        assert hasattr(shared_types, name), name


def test_websocket_module_names_are_re_exported() -> None:
    websocket = importlib.import_module("shared_types.websocket")
    assert set(websocket.__all__) <= set(shared_types.__all__)


def test_the_package_version_matches_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert match is not None
    assert match.group(1) == shared_types.__version__


def test_protocol_version_is_semver() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", shared_types.PROTOCOL_VERSION)


def test_py_typed_ships() -> None:
    assert (Path(shared_types.__file__).parent / "py.typed").is_file()


def test_parse_return_types() -> None:
    if sys.version_info >= (3, 11):
        from typing import assert_type  # noqa: PLC0415 (3.11+)

        raw = '{"event": "stopOutbound", "payload": {"project": {"projectId": "p"}}}'
        assert_type(parse_client_message(raw), ClientToServerMessage)
        raw_error = (
            '{"event": "error", "payload": {"error": "e", "message": "m", '
            '"timestamp": "2025-01-15T08:30:00.000Z"}}'
        )
        assert_type(parse_server_message(raw_error), ServerToClientMessage)
