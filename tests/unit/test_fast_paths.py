"""The shortcuts taken for speed (docs/performance.md) keep the contract exactly.

- the marshal pre-filter in front of the non-finite walk over `caller` values;
- the masking serializer of `access_token`.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_types import (
    ProjectInfo,
    ProjectsUpdateMessage,
    ProtocolError,
    encode,
    parse_server_message,
)
from shared_types._json_values import (
    _may_hold_non_finite,
    _walk_for_non_finite,
    has_non_finite_number,
)

from ._messages import project

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "valid" / "server-projects-update.json"

NON_FINITE_TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "1E+400",
    "-1e309",
    "1e0400",
    "0.5e309",
    "1" + "0" * 400 + ".0",
    "-" + "9" * 310 + "e0",
]

FINITE_TOKENS = ["1e308", "-1.7976931348623157e308", "5e-324", "1e-400", "0.0", "-0.0", "1.5"]


def _update_with_caller(caller_json: str) -> str:
    message = json.loads(GOLDEN.read_text())
    text = json.dumps(message)
    marker = json.dumps(message["payload"]["data"][0]["caller"])
    assert marker in text
    return text.replace(marker, caller_json, 1)


@pytest.mark.parametrize("token", NON_FINITE_TOKENS)
@pytest.mark.parametrize(
    "shape",
    ["{}", '{{"a": {}}}', '[1, "x", {{"deep": [[{}]]}}]', '{{"n": -1, "v": [{}, -2]}}'],
)
def test_a_non_finite_number_anywhere_in_a_caller_is_invalid_json(token: str, shape: str) -> None:
    raw = _update_with_caller(shape.format(token))
    with pytest.raises(ProtocolError) as caught:
        parse_server_message(raw)
    assert caught.value.code == "invalidJson"


@pytest.mark.parametrize("token", FINITE_TOKENS)
def test_finite_extremes_are_accepted(token: str) -> None:
    message = parse_server_message(_update_with_caller(f'{{"x": [{token}, -1, 32752]}}'))
    assert isinstance(message, ProjectsUpdateMessage)
    assert math.isfinite(message.payload.data[0].caller["x"][0])


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, -math.nan])
def test_the_pre_filter_never_clears_a_non_finite_float(bad: float) -> None:
    values: list[Any] = [None, "s", {"k": [1, 2.5, {"z": bad}]}]
    assert _may_hold_non_finite(values)
    assert has_non_finite_number(values)


def test_the_pre_filter_may_say_maybe_and_the_walk_decides() -> None:
    # -1 marshals as ff ff ff ff: the byte pair of an infinity, by chance.
    values: list[Any] = [{"offset": -1, "ratio": 0.5}]
    assert _may_hold_non_finite(values)
    assert not has_non_finite_number(values)


def test_every_non_finite_bit_pattern_is_caught() -> None:
    # All exponent bits set, with the sign and a spread of mantissas (NaN payloads).
    for sign in (0, 1):
        for mantissa in (0, 1, 2**51, 2**52 - 1, 0x5555555555555):
            bits = (sign << 63) | (0x7FF << 52) | mantissa
            (value,) = struct.unpack("<d", bits.to_bytes(8, "little"))
            assert not math.isfinite(value)
            assert _may_hold_non_finite([[value]])


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=30,
)


@given(st.lists(json_values, max_size=5))
def test_the_fast_check_agrees_with_the_walk(values: list[Any]) -> None:
    assert has_non_finite_number(values) == _walk_for_non_finite(values)
    if _walk_for_non_finite(values):
        assert _may_hold_non_finite(values)


def test_too_deep_for_marshal_falls_back_to_the_walk() -> None:
    deep: Any = math.inf
    for _ in range(3000):
        deep = [deep]
    assert _may_hold_non_finite([deep])
    assert has_non_finite_number([deep])


def _project(token: str | None) -> ProjectInfo:
    return project(access_token=token)


@pytest.mark.parametrize("token", ["real-token", "", "***", "x" * 1000])
def test_access_token_is_masked_everywhere(token: str) -> None:
    project = _project(token)
    message = ProjectsUpdateMessage.from_projects([project])
    assert project.access_token == token
    assert project.model_dump()["access_token"] == "***"
    assert project.model_dump(mode="json")["access_token"] == "***"
    assert json.loads(project.model_dump_json())["access_token"] == "***"
    assert json.loads(encode(message))["payload"]["data"][0]["access_token"] == "***"
    if token not in ("", "***"):
        assert token not in repr(project)
        assert token not in encode(message)


def test_a_null_access_token_stays_null() -> None:
    project = _project(None)
    assert project.model_dump()["access_token"] is None
    message = ProjectsUpdateMessage.from_projects([project])
    assert json.loads(encode(message))["payload"]["data"][0]["access_token"] is None
