"""pydantic's own entry points hold the contract as `parse_*` does.

A user of pydantic calls ``Model.model_validate_json`` by habit (and frameworks do it
for them), or a ``TypeAdapter`` of a union: whatever the parser rejects as
``invalidPayload`` they reject too, and what it accepts they read to the same message.
``model_validate`` of Python objects is building in Python: it holds real tokens (the
wire may not), and otherwise refuses what the wire refuses.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from shared_types import (
    ClientToServerMessage,
    ServerToClientMessage,
    parse_client_message,
    parse_server_message,
)
from shared_types.contract import Direction, protocol
from shared_types.export import json_schema
from shared_types.testing._invalid import InvalidCase, invalid_wire_cases
from shared_types.testing._respellings import WireCase, wire_cases

UNIONS: dict[str, TypeAdapter[Any]] = {
    "client": TypeAdapter(ClientToServerMessage),
    "server": TypeAdapter(ServerToClientMessage),
}
PARSERS = {"client": parse_client_message, "server": parse_server_message}


def _model_of(text: str) -> type[BaseModel] | None:
    """The message model of the event a text names."""
    try:
        event = json.loads(text)["event"]
        return protocol().models[protocol().event(event).message].cls
    except (ValueError, KeyError, TypeError):
        return None


def _refused(direction: str, case: InvalidCase) -> None:
    with pytest.raises(ValidationError):
        UNIONS[direction].validate_json(case.text)
    model = _model_of(case.text)
    assert model is not None, case.how
    with pytest.raises(ValidationError):
        model.model_validate_json(case.text)
    if case.path[-1:] == ("access_token",):
        return  # from Python objects a real token is allowed: that is how backends hold it
    document = json.loads(case.text)
    with pytest.raises(ValidationError):
        model.model_validate(document)


@given(invalid_wire_cases("client", codes=["invalidPayload"]))
def test_client_payloads_the_parser_rejects_pydantic_rejects(case: InvalidCase) -> None:
    _refused("client", case)


@given(invalid_wire_cases("server", codes=["invalidPayload"]))
def test_server_payloads_the_parser_rejects_pydantic_rejects(case: InvalidCase) -> None:
    _refused("server", case)


@pytest.mark.parametrize("direction", ["client", "server"])
@given(data=st.data())
def test_what_the_parser_accepts_pydantic_reads_the_same(
    direction: str, data: st.DataObject
) -> None:
    case: WireCase = data.draw(wire_cases(direction))  # type: ignore[arg-type] # a Sender
    parsed = PARSERS[direction](case.text)
    assert UNIONS[direction].validate_json(case.text) == parsed
    assert type(parsed).model_validate_json(case.text) == parsed


def test_a_leaked_token_is_refused_by_model_validate_json() -> None:
    project = {
        "projectId": "p",
        "callFlowId": "cf",
        "action": "init",
        "client_id": "c",
        "agentQuantity": 0,
        "caller": None,
        "access_token": "real-token",
        "ws_connected": False,
        "createdAt": "2025-01-15T08:30:00.000Z",
        "updatedAt": "2025-01-15T08:30:00.000Z",
    }
    model = protocol().models["ProjectInfo"].cls
    with pytest.raises(ValidationError) as caught:
        model.model_validate_json(json.dumps(project))
    assert caught.value.errors()[0]["type"] == "token_not_masked"
    assert "real-token" not in str(caught.value)
    assert model.model_validate_json(json.dumps({**project, "access_token": "***"}))
    assert model.model_validate(project).access_token == "real-token"  # type: ignore[attr-defined]


def test_wire_names_only_from_json() -> None:
    model = protocol().models["ProjectRef"].cls
    with pytest.raises(ValidationError):
        model.model_validate_json('{"project_id": "p"}')
    assert (
        model(project_id="p")
        == model(projectId="p")
        == model.model_validate_json('{"projectId": "p"}')
    )


@pytest.mark.parametrize("name", list(protocol().models))
def test_model_json_schema_requires_what_the_wire_requires(name: str) -> None:
    model = protocol().models[name]
    ours = model.cls.model_json_schema(by_alias=True)
    client_models = [model.name for model in protocol().reachable("client-to-server")[1]]
    direction: Direction = "client-to-server" if name in client_models else "server-to-client"
    committed = json_schema(direction)["$defs"][name]
    assert ours["required"] == committed["required"] == [field.name for field in model.fields]
