"""Generated wire texts: every valid one parses to its message, every invalid one is rejected
with its code."""

from __future__ import annotations

import pytest
from hypothesis import given

from shared_types import ProtocolError, parse_client_message, parse_server_message
from shared_types.testing._invalid import InvalidCase, invalid_wire_cases
from shared_types.testing._respellings import WireCase, wire_cases

PARSERS = {"client": parse_client_message, "server": parse_server_message}


@given(wire_cases("client"))
def test_every_valid_client_text_parses_to_its_message(case: WireCase) -> None:
    assert parse_client_message(case.text) == case.message


@given(wire_cases("server"))
def test_every_valid_server_text_parses_to_its_message(case: WireCase) -> None:
    assert parse_server_message(case.text) == case.message


@given(wire_cases("client"))
def test_valid_client_texts_parse_as_utf8_bytes(case: WireCase) -> None:
    assert parse_client_message(case.text.encode()) == case.message


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path)


def _at_or_under(path: str, where: str) -> bool:
    return path == where or path.startswith(where + ".")


def _rejected(direction: str, case: InvalidCase) -> None:
    with pytest.raises(ProtocolError) as caught:
        PARSERS[direction](case.text, max_bytes=case.max_bytes)
    assert caught.value.code == case.code, f"{case.how}: {caught.value}"
    if case.code in ("unknownEvent", "invalidPayload"):
        # The parser finds what the case says it broke: at its path, under it (a value
        # that holds models), or at its parent (an unexpected key not shown).
        path, parent = _dotted(case.path), _dotted(case.path[:-1])
        for error in caught.value.errors:
            hidden = error.type == "extra_forbidden" and error.path == parent
            assert _at_or_under(error.path, path) or hidden, f"{path}: {error}"


@given(invalid_wire_cases("client"))
def test_every_invalid_client_text_is_rejected_with_its_code(case: InvalidCase) -> None:
    _rejected("client", case)


@given(invalid_wire_cases("server"))
def test_every_invalid_server_text_is_rejected_with_its_code(case: InvalidCase) -> None:
    _rejected("server", case)
