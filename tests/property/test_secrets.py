"""Secrets never leak: not in repr, str, dumps or errors; an access token never reaches the wire.

Each secret carries a random hexadecimal core that no library text can contain by
chance and that no escaping (repr, JSON) alters, so finding the core anywhere is a leak.
"""

from __future__ import annotations

import copy
import json
import pickle
import traceback
from collections.abc import Callable
from typing import Any

import pydantic_core
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from shared_types import (
    ClientToServerMessage,
    OutboundProjectConfig,
    ProjectsUpdateMessage,
    ProtocolError,
    StartOutboundMessage,
    StartOutboundPayload,
    encode,
    parse_client_message,
    parse_server_message,
)
from shared_types._codec import DOCUMENT_FIRST_ABOVE
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
        # The side doors: pydantic's options, and a pickle (which leaves the process).
        repr(model.model_dump(serialize_as_any=True)),
        model.model_dump_json(serialize_as_any=True),
        model.model_dump_json(round_trip=True, context={"reveal": True}),
        repr(model.model_dump(mode="json", round_trip=True, serialize_as_any=True)),
        repr(pickle.dumps(model)),
        repr(pickle.loads(pickle.dumps(model)).model_dump()),  # noqa: S301 (our own pickle)
        *(_adapter_outputs(adapter, model) for adapter in (_adapter(type(model)), _ANY)),
        pydantic_core.to_json(model, serialize_as_any=True).decode(),
        repr(pydantic_core.to_jsonable_python(model, serialize_as_any=True)),
        repr(copy.deepcopy(model)),
    ]


_ANY: TypeAdapter[object] = TypeAdapter(object)


def _adapter(cls: Any) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


def _adapter_outputs(adapter: TypeAdapter[Any], model: Any) -> str:
    return repr(
        [
            adapter.dump_json(model, serialize_as_any=True),
            adapter.dump_json(model, round_trip=True, context={"reveal": True}),
            adapter.dump_python(model, serialize_as_any=True),
            adapter.dump_python(model, mode="json", serialize_as_any=True, round_trip=True),
        ]
    )


def _error_outputs(error: ProtocolError) -> list[str]:
    return [
        str(error),
        repr(error),
        error.message,
        repr(error.errors),
        *(str(detail) for detail in error.errors),
        encode(error.to_message()),
        "".join(traceback.format_exception(error)),
        # What Sentry and friends walk: nothing but the error itself.
        *(repr(vars(link)) for link in _chain(error)),
        repr([type(link).__name__ for link in _chain(error)]),
        repr(pickle.dumps(error)),
    ]


def _chain(error: BaseException) -> list[BaseException]:
    """Every exception an error reporter reaches from ``error`` (cause and context)."""
    seen: list[BaseException] = []
    stack = [error]
    while stack:
        current = stack.pop()
        if any(current is other for other in seen):
            continue
        seen.append(current)
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]
    return seen


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
    # Read by pydantic's own entry points instead of the parser: the same.
    for read in (
        StartOutboundMessage.model_validate_json,
        _adapter(StartOutboundMessage).validate_json,
        _adapter(ClientToServerMessage).validate_json,
    ):
        _assert_hidden(core, _model_outputs(read(wire)))


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

#: Whitespace that takes a frame past `DOCUMENT_FIRST_ABOVE` (4 KiB): read document-first
#: instead of by the fast path.
_PAST_FAST_PATH = " " * (DOCUMENT_FIRST_ABOVE + 1)

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
    for text_read in (frame, frame + _PAST_FAST_PATH):
        with pytest.raises(ProtocolError) as caught:
            parse_client_message(text_read)
        _assert_hidden(core, _error_outputs(caught.value))


@given(client_messages(events=["startOutbound"]), _secrets(), st.integers(1, 400))
def test_a_truncated_client_message_never_echoes_its_secret(
    message: Any, secret: tuple[str, str], cut: int
) -> None:
    text, core = secret
    frame = encode(_with_secret(message, text))
    frame = frame[: max(0, len(frame) - cut)]
    for text_read in (frame, frame + _PAST_FAST_PATH):
        with pytest.raises(ProtocolError) as caught:
            parse_client_message(text_read)
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
    frame = json.dumps(document)
    for text_read in (frame, frame + _PAST_FAST_PATH):
        with pytest.raises(ProtocolError) as caught:
            parse_server_message(text_read)
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
    # pydantic's `errors()` and `json()` return inputs by default: the models' do not.
    outputs = [
        str(caught.value),
        repr(caught.value),
        repr(caught.value.errors()),
        caught.value.json(),
        *(repr(vars(link)) for link in _chain(caught.value)),
    ]
    _assert_hidden(core, outputs)


@given(_secrets(), st.sampled_from(["init", 5, None, ["x"]]))
def test_every_python_entry_point_keeps_secrets_out_of_errors(
    secret: tuple[str, str], action: object
) -> None:
    text, core = secret
    fields: dict[str, Any] = {
        "callFlowId": text,
        "projectId": text,
        "client_id": text,
        "client_secret": text,
        "action": action if action != "init" else text,
        "error": [text],
    }
    attempts: list[Callable[[], object]] = [
        lambda: OutboundProjectConfig.model_validate(fields),
        lambda: OutboundProjectConfig.model_validate_json(json.dumps(fields)),
        lambda: OutboundProjectConfig(**fields),
        lambda: StartOutboundPayload(project=fields),  # type: ignore[arg-type] # a dict, validated
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        outputs = [repr(caught.value.errors()), caught.value.json(), str(caught.value)]
        outputs += [repr(vars(link)) for link in _chain(caught.value)]
        _assert_hidden(core, outputs)


@given(_secrets(), st.sampled_from(["event", "key", "top-level key", "nested key"]))
def test_a_secret_sent_as_a_name_is_never_echoed(secret: tuple[str, str], where: str) -> None:
    text, core = secret
    document: dict[str, Any] = {
        "event": "stopOutbound",
        "payload": {"project": {"projectId": "p"}},
    }
    if where == "event":
        document["event"] = text
    elif where == "key":
        document["payload"]["project"][text] = 1
    elif where == "top-level key":
        document[text] = 1
    else:
        document["payload"]["project"]["projectId"] = {text: text}
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(json.dumps(document))
    _assert_hidden(core, _error_outputs(caught.value))


def test_many_secret_keys_are_counted_not_shown() -> None:
    keys = {f"S3CR3T{index:08x}deadbeef": 0 for index in range(200)}
    document = {"event": "stopOutbound", "payload": {"project": {"projectId": "p", **keys}}}
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(json.dumps(document))
    error = caught.value
    assert error.code == "invalidPayload"
    assert len(error.errors) + error.omitted == 200
    assert "S3CR3T" not in str(error)
    assert error.__context__ is None
    assert error.__cause__ is None
