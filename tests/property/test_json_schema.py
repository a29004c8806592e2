"""The committed JSON Schema agrees with the parsers on generated messages.

Every encoded message validates; every invalid text the schema can judge (valid JSON
whose fault is the envelope, the event or a field) is rejected by it too. The schema
files are produced by the exporter (`json-schema/*.schema.json` at the repository root).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

from shared_types import ClientToServerMessage, ServerToClientMessage, encode
from shared_types.testing import client_messages, server_messages
from shared_types.testing._invalid import InvalidCase, invalid_wire_cases

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "json-schema"
SCHEMA_FILES = {
    "client": SCHEMA_DIR / "client-to-server.schema.json",
    "server": SCHEMA_DIR / "server-to-client.schema.json",
}


def _validator(direction: str) -> Draft202012Validator:
    path = SCHEMA_FILES[direction]
    if not path.exists():
        where = path.relative_to(SCHEMA_DIR.parent)
        pytest.skip(f"{where} is not there yet (made by the JSON Schema exporter)")
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def client_schema() -> Draft202012Validator:
    return _validator("client")


@pytest.fixture(scope="module")
def server_schema() -> Draft202012Validator:
    return _validator("server")


def _assert_valid(validator: Draft202012Validator, document: Any) -> None:
    errors = [error.message for error in validator.iter_errors(document)]
    assert not errors, errors[:5]


@given(message=client_messages())
def test_every_encoded_client_message_validates(
    client_schema: Draft202012Validator, message: ClientToServerMessage
) -> None:
    _assert_valid(client_schema, json.loads(encode(message)))


@given(message=server_messages())
def test_every_encoded_server_message_validates(
    server_schema: Draft202012Validator, message: ServerToClientMessage
) -> None:
    _assert_valid(server_schema, json.loads(encode(message)))


_JUDGED = ("invalidMessage", "unknownEvent", "invalidPayload")


def _assert_rejected(validator: Draft202012Validator, case: InvalidCase) -> None:
    if not case.schema_rejects:
        return
    document = json.loads(case.text)
    assert not validator.is_valid(document), f"the schema accepts {case.how}: {case.text[:300]}"


@given(case=invalid_wire_cases("client", codes=_JUDGED))
def test_the_client_schema_rejects_what_the_parser_rejects(
    client_schema: Draft202012Validator, case: InvalidCase
) -> None:
    _assert_rejected(client_schema, case)


@given(case=invalid_wire_cases("server", codes=_JUDGED))
def test_the_server_schema_rejects_what_the_parser_rejects(
    server_schema: Draft202012Validator, case: InvalidCase
) -> None:
    _assert_rejected(server_schema, case)
