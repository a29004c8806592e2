"""A `caller` the models accept always survives the wire: its depth bound is the parser's."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from shared_types import ProjectInfo, ProjectsUpdateMessage, encode, parse_server_message
from shared_types._json_values import CALLER_MAX_DEPTH

from ._messages import project


def _nested(levels: int, innermost: Any) -> Any:
    value = innermost
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


def _project(caller: Any) -> ProjectInfo:
    return project(caller=caller, access_token=None)


@pytest.mark.parametrize(
    "caller",
    [
        _nested(CALLER_MAX_DEPTH, 1),  # a scalar as deep as it may go
        _nested(CALLER_MAX_DEPTH, []),  # an empty array one level deeper is still read
        _nested(CALLER_MAX_DEPTH, {}),
    ],
)
def test_the_deepest_caller_the_models_accept_round_trips(caller: Any) -> None:
    message = ProjectsUpdateMessage.from_projects([_project(caller)])
    assert parse_server_message(encode(message)) == message


@pytest.mark.parametrize("innermost", [1, [1], {"k": None}])
def test_a_caller_one_level_deeper_is_refused_when_built(innermost: Any) -> None:
    with pytest.raises(ValidationError, match="nested more than"):
        _project(_nested(CALLER_MAX_DEPTH, [innermost]))
