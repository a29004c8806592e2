"""Frames longer than 4 KiB are read document-first: what each hostile or odd one gets.

The property suite (`tests/property/test_document_first.py`) holds both paths to the
same outcomes on generated frames; these are the cases worth naming, each checked on a
long frame and, where it fits, on the same frame short.
"""

from __future__ import annotations

import json

import pytest
from pydantic.types import FailFast

from shared_types import (
    MAX_ERROR_DETAILS,
    OutboundProjectConfig,
    ProtocolError,
    parse_client_message,
    parse_server_message,
)
from shared_types._codec import DOCUMENT_FIRST_ABOVE
from shared_types.contract import Array, ModelRef, Nullable, protocol

PROJECT = {
    "callFlowId": "cf-1",
    "projectId": "p-1",
    "client_id": "c-1",
    "client_secret": "s",
    "action": "init",
    "error": None,
}
PADDING = " " * DOCUMENT_FIRST_ABOVE


def _start(project_members: str = "", top_members: str = "", payload_members: str = "") -> str:
    project = json.dumps(PROJECT, separators=(",", ":"))[:-1] + project_members + "}"
    payload = '{"project":' + project + payload_members + "}"
    return '{"event":"startOutbound","payload":' + payload + top_members + "}"


def _update(project_members: str = "", caller: str = "null") -> str:
    """A valid one-project ``projectsUpdate``, with members added to the project."""
    return (
        '{"event":"projectsUpdate","payload":{"type":"allProjects","data":[{"projectId":"p",'
        f'"callFlowId":"c","action":"init","client_id":"i","agentQuantity":1,"caller":{caller},'
        '"access_token":null,"ws_connected":true,"createdAt":"2025-01-15T08:30:00Z",'
        f'"updatedAt":"2025-01-15T08:30:00Z"{project_members}}}],"stats":{{"totalProjects":1,'
        '"activeProjects":0,"connectedProjects":0},"timestamp":"2025-01-15T08:30:00Z",'
        '"triggeredBy":"system"}}'
    )


def _rejected(frame: str | bytes, parse: object = parse_client_message) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse(frame)  # type: ignore[operator] # one of the two parsers
    return caught.value


def _both(frame: str) -> list[str]:
    """The frame short, then long (padded past the threshold)."""
    assert len(frame) <= DOCUMENT_FIRST_ABOVE
    return [frame, frame + PADDING]


@pytest.mark.parametrize("frame", _both(_start(',"action":"stop","action":"init"')))
def test_a_repeated_key_reads_as_its_last_value(frame: str) -> None:
    project = parse_client_message(frame).payload.project
    assert isinstance(project, OutboundProjectConfig)
    assert project.action == "init"


def test_a_megabyte_of_one_repeated_key_reads_as_one_member() -> None:
    frame = _start(',"action":"init"' * 60_000)
    assert len(frame) > 900_000
    project = parse_client_message(frame).payload.project
    assert isinstance(project, OutboundProjectConfig)
    assert project.action == "init"
    error = _rejected(_start(',"k":0' * 150_000))
    assert error.code == "invalidPayload"
    assert [str(detail) for detail in error.errors] == [
        "payload.project.k: Extra inputs are not permitted"
    ]
    assert error.omitted == 0


def test_many_unexpected_keys_in_one_project_are_counted_and_the_first_kept() -> None:
    parse_server_message(_update())  # valid as it is
    error = _rejected(
        _update("".join(f',"k{index}":0' for index in range(5_000))), parse_server_message
    )
    assert error.code == "invalidPayload"
    assert len(error.errors) == MAX_ERROR_DETAILS
    assert error.omitted == 5_000 - MAX_ERROR_DETAILS
    assert error.errors[0].path == "payload.data.0.k0"


@pytest.mark.parametrize(
    "frame",
    [
        *_both(_start(',"x":1e400')),  # taken out as unexpected
        *_both(_start(top_members=',"x":-1e400')),  # beside an envelope error
        *_both(_start(',"x":1e999', ',"y":0')),
        *_both(
            '{"event":"nope","payload":{"x":[1e400]}}'  # beside an unknown event
        ),
    ],
)
def test_a_number_beyond_a_double_is_invalid_json_wherever_it_is(frame: str) -> None:
    error = _rejected(frame)
    assert error.code == "invalidJson"
    assert str(error) == "invalidJson: Invalid JSON: a number is too large for a double"


def test_a_number_beyond_a_double_in_a_caller_is_invalid_json() -> None:
    for text in _both(_update(caller="[1e400]")):
        assert _rejected(text, parse_server_message).code == "invalidJson"


@pytest.mark.parametrize("frame", _both(_start(',"x":"Infinity","y":"NaN"')))
def test_a_string_that_spells_a_constant_is_only_a_string(frame: str) -> None:
    error = _rejected(frame)
    assert error.code == "invalidPayload"
    assert sorted(detail.path for detail in error.errors) == [
        "payload.project.x",
        "payload.project.y",
    ]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (_start(',"x":NaN') + PADDING, "Invalid JSON: expected value at line 1 column"),
        (_start(',"x":"\\ud800"') + PADDING, "Invalid JSON: unexpected end of hex escape"),
        (_start(',"x":"\ud800"') + PADDING, "The text is not valid Unicode (a lone surrogate)"),
        ("\ufeff" + _start() + PADDING, "Invalid JSON: expected value at line 1 column 1"),
        (
            _start(',"x":' + "[" * 202 + "]" * 202) + PADDING,
            "Invalid JSON: Arrays and objects nest more than 201 levels deep",
        ),
        (_start(',"x":' + "1" * 4_400) + PADDING, "Invalid JSON: number out of range"),
        (_start() + PADDING + "x", "Invalid JSON: trailing characters"),
        (_start()[:-1] + PADDING, "Invalid JSON: EOF while parsing an object"),
    ],
)
def test_what_is_not_json_is_said_so(frame: str, message: str) -> None:
    error = _rejected(frame)
    assert error.code == "invalidJson"
    assert error.message.startswith(message)


@pytest.mark.parametrize(
    "frame",
    [
        (_start() + PADDING).encode()[:-1] + b"\xff",
        b'{"event":"startOutbound","payload":{"x":"\xed\xa0\x80"}}' + PADDING.encode(),
    ],
)
def test_bytes_that_are_not_utf_8_are_invalid_json(frame: bytes) -> None:
    assert _rejected(frame).code == "invalidJson"


@pytest.mark.parametrize("item", ["5", '"text"', "[1,2]", "null", '["projectId"]', '[{"a":1}]'])
def test_a_list_of_projects_holding_other_values_is_refused_as_pydantic_says(item: str) -> None:
    frame = (
        '{"event":"projectsUpdate","payload":{"type":"allProjects","data":[' + item + "],"
        '"stats":{"totalProjects":0,"activeProjects":0,"connectedProjects":0},'
        '"timestamp":"2025-01-15T08:30:00Z","triggeredBy":"system"}}'
    )
    short, long = (_rejected(text, parse_server_message) for text in _both(frame))
    assert long.code == short.code == "invalidPayload"
    assert long.errors == short.errors


def test_unexpected_keys_at_every_level_are_all_reported() -> None:
    frame = _start(',"inner":1', payload_members=',"outer":2').replace(
        '"payload":{', '"payload":{"first":0,'
    )
    for text in _both(frame):
        error = _rejected(text)
        assert error.code == "invalidPayload"
        assert sorted(detail.path for detail in error.errors) == [
            "payload.first",
            "payload.outer",
            "payload.project.inner",
        ]


def test_every_array_of_models_fails_fast() -> None:
    # The document-first walk reports a list's first bad item only, as pydantic does
    # for a fail-fast list: a new array of models must fail fast too, or the walk change.
    arrays = 0
    for model in protocol().models.values():
        for field in model.fields:
            kind = field.type
            while isinstance(kind, Nullable):
                kind = kind.inner
            if isinstance(kind, Array) and isinstance(kind.item, ModelRef):
                arrays += 1
                info = model.cls.model_fields[field.python_name]
                assert FailFast(fail_fast=True) in info.metadata, (model.name, field.name)
    assert arrays >= 1


def _two_projects(first: str, second: str) -> str:
    """A valid ``projectsUpdate`` of two projects, each with ``first`` or ``second`` added
    (a member of the same name as one it has replaces it)."""
    frame = _update()
    start = frame.index('{"projectId"')
    end = frame.index("}]") + 1
    project = json.loads(frame[start:end])
    edited = [
        json.dumps({**project, **json.loads("{" + extra + "}")}, separators=(",", ":"))
        for extra in (first, second)
    ]
    return frame[:start] + ",".join(edited) + frame[end:]


@pytest.mark.parametrize(
    ("frame", "paths"),
    [
        # Each project has an unexpected key: only the first bad project is reported.
        (_two_projects('"zz":1', '"yy":1'), ["payload.data.0.zz"]),
        # The first is bad otherwise: the second's unexpected key is not reported.
        (_two_projects('"agentQuantity":-1', '"yy":1'), ["payload.data.0.agentQuantity"]),
        # The second is bad otherwise: the first's unexpected key is.
        (_two_projects('"zz":1', '"agentQuantity":-1'), ["payload.data.0.zz"]),
        # Both are bad both ways: the first's problems only.
        (
            _two_projects('"zz":1,"agentQuantity":-1', '"yy":1,"agentQuantity":-1'),
            ["payload.data.0.agentQuantity", "payload.data.0.zz"],
        ),
    ],
)
def test_a_list_of_projects_reports_its_first_bad_item_only(frame: str, paths: list[str]) -> None:
    for text in _both(frame):
        error = _rejected(text, parse_server_message)
        assert error.code == "invalidPayload"
        assert sorted(detail.path for detail in error.errors) == paths
        assert error.omitted == 0
