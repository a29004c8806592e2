"""Secrets never leak: not in repr, str, dumps or errors; an access token never reaches the wire.

Each secret carries a random hexadecimal core that no library text can contain by
chance and that no escaping (repr, JSON) alters, so finding the core anywhere is a leak.
"""

from __future__ import annotations

import json
import traceback
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared_types import (
    OutboundProjectConfig,
    ProjectsUpdateMessage,
    ProtocolError,
    StartOutboundMessage,
    StartOutboundPayload,
    encode,
    parse_client_message,
    parse_server_message,
)
from shared_types.testing import client_messages, server_messages, strings

_CORES = st.binary(min_size=8, max_size=12).map(lambda raw: "S3CR3T" + raw.hex())


@st.composite
def _secrets(draw: st.DrawFn) -> tuple[str, str]:
    """A secret (random unicode around a core) and its core."""
    core = draw(_CORES)
    return draw(strings()) + core + draw(strings()), core


def _model_outputs(model: Any) -> list[str]:
    return [
        repr(model),
        str(model),
        repr(model.model_dump()),
        repr(model.model_dump(by_alias=False)),
        json.dumps(model.model_dump(mode="json")),
        model.model_dump_json(),
        model.model_dump_json(by_alias=False, indent=2),
        repr(model.model_copy()),
    ]


def _error_outputs(error: ProtocolError) -> list[str]:
    return [
        str(error),
        repr(error),
        error.message,
        repr(error.errors),
        *(str(detail) for detail in error.errors),
        encode(error.to_message()),
        "".join(traceback.format_exception(error)),
    ]


def _assert_hidden(core: str, outputs: list[str]) -> None:
    for output in outputs:
        assert core not in output, output


def _with_secret(message: StartOutboundMessage, secret: str) -> StartOutboundMessage:
    project = message.payload.project.model_copy(update={"client_secret": secret})
    return StartOutboundMessage(payload=StartOutboundPayload(project=project))


def _with_tokens(message: ProjectsUpdateMessage, tokens: list[str]) -> ProjectsUpdateMessage:
    projects = [
        project.model_copy(update={"access_token": tokens[index % len(tokens)]})
        for index, project in enumerate(message.payload.data)
    ]
    payload = message.payload.model_copy(update={"data": projects})
    return message.model_copy(update={"payload": payload})


@given(client_messages(events=["startOutbound"]), _secrets())
def test_a_client_secret_shows_only_in_encode(message: Any, secret: tuple[str, str]) -> None:
    text, core = secret
    message = _with_secret(message, text)
    _assert_hidden(core, _model_outputs(message) + _model_outputs(message.payload.project))
    wire = encode(message)
    assert core in wire  # the server needs it: encode is the one place it is revealed
    parsed = parse_client_message(wire)
    assert parsed.payload.project.client_secret == text  # type: ignore[union-attr] # startOutbound
    _assert_hidden(core, _model_outputs(parsed))


_TOKENS = st.lists(_secrets(), min_size=1, max_size=4)
# Tokens need projects to sit in.
_UPDATES_WITH_PROJECTS: st.SearchStrategy[Any] = server_messages(events=["projectsUpdate"]).filter(
    lambda message: bool(getattr(message.payload, "data", None))
)


@given(_UPDATES_WITH_PROJECTS, _TOKENS)
def test_an_access_token_never_reaches_the_wire(
    message: Any, secrets: list[tuple[str, str]]
) -> None:
    message = _with_tokens(message, [text for text, _ in secrets])
    outputs = [*_model_outputs(message), encode(message)]
    outputs += [item for project in message.payload.data for item in _model_outputs(project)]
    for _, core in secrets:
        _assert_hidden(core, outputs)


@given(server_messages(events=["projectsUpdate"], project_count=(1, 3)), _secrets())
def test_a_token_sent_in_clear_is_rejected_without_an_echo(
    message: Any, secret: tuple[str, str]
) -> None:
    text, core = secret
    document = json.loads(encode(message))
    for project in document["payload"]["data"]:
        project["access_token"] = text  # a peer that broke the rule and sent it in clear
    with pytest.raises(ProtocolError) as caught:
        parse_server_message(json.dumps(document))
    error = caught.value
    assert error.code == "invalidPayload"
    assert error.errors[0].type == "token_not_masked"
    assert error.errors[0].path == "payload.data.0.access_token"
    _assert_hidden(core, [str(error), repr(error), encode(error.to_message())])


# --------------------------------------------------------------------------- rejected inputs

_CLIENT_BREAKS = (
    ("action", lambda project, secret: project.update(action="paused")),
    ("action = secret", lambda project, secret: project.update(action=secret)),
    ("error = number", lambda project, secret: project.update(error=5)),
    ("missing projectId", lambda project, secret: project.pop("projectId")),
    ("extra member", lambda project, secret: project.update(extra=secret)),
    ("projectId = secret as number", lambda project, secret: project.update(projectId=[secret])),
    ("callFlowId = object", lambda project, secret: project.update(callFlowId={"k": secret})),
)


@given(client_messages(events=["startOutbound"]), _secrets(), st.sampled_from(_CLIENT_BREAKS))
def test_a_rejected_client_message_never_echoes_its_secret(
    message: Any, secret: tuple[str, str], broken: tuple[str, Any]
) -> None:
    text, core = secret
    document = json.loads(encode(_with_secret(message, text)))
    broken[1](document["payload"]["project"], text)
    frame = json.dumps(document, ensure_ascii=False)
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(frame)
    _assert_hidden(core, _error_outputs(caught.value))


@given(client_messages(events=["startOutbound"]), _secrets(), st.integers(1, 400))
def test_a_truncated_client_message_never_echoes_its_secret(
    message: Any, secret: tuple[str, str], cut: int
) -> None:
    text, core = secret
    frame = encode(_with_secret(message, text))
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(frame[: max(0, len(frame) - cut)])
    _assert_hidden(core, _error_outputs(caught.value))


_SERVER_BREAKS = (
    ("agentQuantity = secret", lambda project, secret: project.update(agentQuantity=secret)),
    ("action = secret", lambda project, secret: project.update(action=secret)),
    ("createdAt = secret", lambda project, secret: project.update(createdAt=secret)),
    ("ws_connected = secret", lambda project, secret: project.update(ws_connected=secret)),
    ("access_token = object", lambda project, secret: project.update(access_token={"t": secret})),
    ("missing client_id", lambda project, secret: project.pop("client_id")),
)


@given(_UPDATES_WITH_PROJECTS, _secrets(), st.sampled_from(_SERVER_BREAKS))
def test_a_rejected_server_message_never_echoes_a_token(
    message: Any, secret: tuple[str, str], broken: tuple[str, Any]
) -> None:
    text, core = secret
    document = json.loads(encode(message))
    for project in document["payload"]["data"]:
        project["access_token"] = text
    broken[1](document["payload"]["data"][-1], text)
    with pytest.raises(ProtocolError) as caught:
        parse_server_message(json.dumps(document))
    _assert_hidden(core, _error_outputs(caught.value))


@given(_secrets())
def test_a_model_built_badly_from_python_never_echoes_its_secret(secret: tuple[str, str]) -> None:
    text, core = secret
    with pytest.raises(ValidationError) as caught:
        OutboundProjectConfig(
            call_flow_id="cf",
            project_id="",
            client_id=text,
            client_secret=text,
            action=text,  # type: ignore[arg-type] # the wrong value under test
            error=None,
        )
    # pydantic's own `errors()` returns inputs unless asked not to: that is its API.
    outputs = [
        str(caught.value),
        repr(caught.value),
        repr(caught.value.errors(include_input=False)),
    ]
    _assert_hidden(core, outputs)
