"""Every valid message survives the wire: parse(encode(m)) == m, tokens masked."""

from __future__ import annotations

from hypothesis import given

from shared_types import (
    ClientToServerMessage,
    Message,
    ServerToClientMessage,
    encode,
    parse_client_message,
    parse_server_message,
)
from shared_types.testing import client_messages, server_messages, wire_messages
from shared_types.testing._respellings import as_received


@given(client_messages())
def test_client_messages_round_trip(message: ClientToServerMessage) -> None:
    # Nothing is masked client → server: the server needs the client secret.
    assert parse_client_message(encode(message)) == message


@given(server_messages())
def test_server_messages_round_trip(message: ServerToClientMessage) -> None:
    received = parse_server_message(encode(message))
    assert received == as_received(message)


@given(client_messages())
def test_client_encode_is_idempotent_through_parse(message: Message) -> None:
    text = encode(message)
    assert encode(parse_client_message(text)) == text


@given(server_messages())
def test_server_encode_is_idempotent_through_parse(message: Message) -> None:
    text = encode(message)
    assert encode(parse_server_message(text)) == text


@given(wire_messages("client"))
def test_client_canonical_text_survives_parse_and_encode(text: str) -> None:
    canonical = encode(parse_client_message(text))
    assert encode(parse_client_message(canonical)) == canonical


@given(wire_messages("server"))
def test_server_canonical_text_survives_parse_and_encode(text: str) -> None:
    canonical = encode(parse_server_message(text))
    assert encode(parse_server_message(canonical)) == canonical


@given(server_messages(events=["projectsUpdate"]))
def test_access_tokens_come_back_masked(message: Message) -> None:
    received = parse_server_message(encode(message))
    for sent, got in zip(message.payload.data, received.payload.data, strict=True):  # type: ignore[union-attr] # a projectsUpdate
        assert got.access_token == (None if sent.access_token is None else "***")
