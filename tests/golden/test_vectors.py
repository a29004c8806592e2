"""The spec's example vectors: valid ones parse and round-trip, invalid ones fail with their code.

Picked up by glob, so a vector added to `valid/` or `invalid/` is tested without code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared_types import ProtocolError, encode, parse_client_message, parse_server_message

HERE = Path(__file__).parent
VALID = sorted((HERE / "valid").glob("*.json"))
INVALID = sorted((HERE / "invalid").glob("*.json"))


def _parser(direction: str) -> Any:
    return parse_client_message if direction == "client" else parse_server_message


def test_the_vectors_are_there() -> None:
    assert len(VALID) >= 7
    assert len(INVALID) >= 18


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_vector_parses_and_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    direction = "client" if path.stem.startswith("client-") else "server"
    message = _parser(direction)(text)
    wire = encode(message)
    # Every vector is in canonical form (timestamps as toISOString writes them), so the
    # encoded message is the same JSON document, and parsing it again gives the same model.
    assert json.loads(wire) == json.loads(text)
    assert _parser(direction)(wire) == message
    assert encode(_parser(direction)(wire)) == wire


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_vector_is_rejected_with_its_code(path: Path) -> None:
    vector = json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(ProtocolError) as caught:
        _parser(vector["direction"])(vector["raw"])
    assert caught.value.code == vector["code"]
    # The same verdict for bytes, as a WebSocket binary frame would bring it.
    with pytest.raises(ProtocolError) as caught_bytes:
        _parser(vector["direction"])(vector["raw"].encode("utf-8"))
    assert caught_bytes.value.code == vector["code"]
    # No value of the rejected input is echoed (the client secrets of the vectors).
    assert "TOPSECRET" not in str(caught.value)
    assert "TOPSECRET" not in encode(caught.value.to_message())
