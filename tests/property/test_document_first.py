"""Long frames are read document-first; short ones take the fast path: same outcomes.

A frame longer than `DOCUMENT_FIRST_ABOVE` is read into a document (one value per key)
before pydantic validates it; a shorter one goes to pydantic-core whole. Whitespace
between JSON tokens means nothing, so padding a frame past the threshold must change
nothing a user can see: the same message, or the same code with the same error paths
(and the same messages, except where a JSON syntax error says where it is).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_types import (
    MAX_ERROR_DETAILS,
    ProtocolError,
    parse_client_message,
    parse_server_message,
)
from shared_types._codec import DOCUMENT_FIRST_ABOVE
from shared_types.testing import Sender, invalid_wire_messages, json_values, wire_messages

PARSERS: dict[str, Callable[..., Any]] = {
    "client": parse_client_message,
    "server": parse_server_message,
}
PADDING = " " * (DOCUMENT_FIRST_ABOVE + 1)
CODES = ("invalidJson", "invalidMessage", "unknownEvent", "invalidPayload")


def _outcome(parse: Callable[..., Any], frame: str | bytes) -> object:
    try:
        return parse(frame)
    except ProtocolError as error:
        paths = sorted(detail.path for detail in error.errors)
        if error.code == "invalidJson":  # jiter says where: the padding moves that
            return error.code, len(error.errors)
        complete = error.omitted == 0 and len(error.errors) < MAX_ERROR_DETAILS
        # When some were left out, which ones were kept may differ; the count may not.
        return (
            error.code,
            (paths if complete else len(error.errors) + error.omitted),
            (sorted(detail.message for detail in error.errors) if complete else None),
        )


def _assert_same(direction: Sender, text: str) -> None:
    parse = PARSERS[direction]
    assert len(text) <= DOCUMENT_FIRST_ABOVE, "the short frame must take the fast path"
    short = _outcome(parse, text)
    for long in (text + PADDING, PADDING + text, (text + PADDING).encode("utf-8", "surrogatepass")):
        assert _outcome(parse, long) == short, long[:200]


@pytest.mark.parametrize("direction", ["client", "server"])
@given(data=st.data())
def test_a_valid_frame_reads_the_same_either_way(direction: Sender, data: st.DataObject) -> None:
    text = data.draw(wire_messages(direction).filter(lambda t: len(t) <= DOCUMENT_FIRST_ABOVE))
    _assert_same(direction, text)


@pytest.mark.parametrize("direction", ["client", "server"])
@given(data=st.data())
def test_an_invalid_frame_is_rejected_the_same_either_way(
    direction: Sender, data: st.DataObject
) -> None:
    case = data.draw(
        invalid_wire_messages(direction, codes=CODES).filter(
            lambda case: len(case.text) <= DOCUMENT_FIRST_ABOVE
        )
    )
    _assert_same(direction, case.text)


# ------------------------------------------------------------- duplicate and extra keys


def _pairs(text: str) -> Any:
    """The document with every object as a list of its (key, value) pairs."""
    return json.loads(text, object_pairs_hook=lambda pairs: ("object", list(pairs)))


def _write(value: Any) -> str:
    if isinstance(value, tuple) and value[:1] == ("object",):
        members = (f"{json.dumps(key)}:{_write(item)}" for key, item in value[1])
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_write(item) for item in value) + "]"
    return json.dumps(value)


def _objects(value: Any) -> list[list[tuple[str, Any]]]:
    """Every object's list of pairs, outermost first."""
    found: list[list[tuple[str, Any]]] = []
    if isinstance(value, tuple) and value[:1] == ("object",):
        found.append(value[1])
        for _, item in value[1]:
            found += _objects(item)
    elif isinstance(value, list):
        for item in value:
            found += _objects(item)
    return found


@st.composite
def _edited(draw: st.DrawFn, direction: Sender) -> str:
    """A valid frame with members repeated (with another value, before or after the
    first) or added under new names: what a hostile sender does on purpose."""
    document = _pairs(draw(wire_messages(direction)))
    objects = _objects(document)
    for _ in range(draw(st.integers(1, 4))):
        pairs = draw(st.sampled_from(objects))
        key = draw(
            st.sampled_from([key for key, _ in pairs])
            if pairs and draw(st.booleans())
            else st.text(min_size=1, max_size=8)
        )
        value = ("object", []) if draw(st.booleans()) else draw(json_values(max_depth=3))
        at = draw(st.integers(0, len(pairs)))
        pairs.insert(at, (key, value))
    return _write(document)


@pytest.mark.parametrize("direction", ["client", "server"])
@given(data=st.data())
def test_repeated_and_unexpected_keys_read_the_same_either_way(
    direction: Sender, data: st.DataObject
) -> None:
    text = data.draw(_edited(direction).filter(lambda t: len(t) <= DOCUMENT_FIRST_ABOVE))
    _assert_same(direction, text)
