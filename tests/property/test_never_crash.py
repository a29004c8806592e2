"""Never a crash: whatever arrives, the parsers return a message or raise ProtocolError.

Arbitrary bytes, and valid messages broken on purpose: bytes flipped, text cut short,
keys duplicated, values nested too deep, numbers too large, odd Unicode and surrogates.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_types import (
    DEFAULT_MAX_BYTES,
    MAX_ERROR_DETAILS,
    MAX_JSON_DEPTH,
    ProtocolError,
    parse_client_message,
    parse_server_message,
)
from shared_types._codec import DOCUMENT_FIRST_ABOVE
from shared_types.testing import wire_messages

PARSERS: tuple[Callable[..., Any], ...] = (parse_client_message, parse_server_message)


#: Whitespace that takes a frame past `DOCUMENT_FIRST_ABOVE` (4 KiB): the padded frame is
#: read document-first, the frame itself (when short) by the fast path.
_PADDING = " " * (DOCUMENT_FIRST_ABOVE + 1)


def _survives(frame: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Each parser accepts ``frame`` or rejects it with a ProtocolError, nothing else, on
    both of its paths."""
    padded = frame + _PADDING.encode() if isinstance(frame, bytes) else frame + _PADDING
    frames: list[Any] = [frame, padded]
    if isinstance(frame, bytes):
        frames += [bytearray(frame), memoryview(frame)]
    for parse in PARSERS:
        for data in frames:
            try:
                parse(data, max_bytes=max_bytes)
            except ProtocolError as error:  # the one exception allowed
                rejected = error
            else:
                continue
            assert len(rejected.errors) <= MAX_ERROR_DETAILS
            assert str(rejected)


@given(st.binary(max_size=2048))
def test_arbitrary_bytes(data: bytes) -> None:
    _survives(data)


@given(st.text(max_size=512))  # any code point, lone surrogates included
def test_arbitrary_text(text: str) -> None:
    _survives(text)


_ANY_WIRE = st.one_of(wire_messages("client"), wire_messages("server"))


@given(_ANY_WIRE, st.data())
def test_flipped_bytes(text: str, data: st.DataObject) -> None:
    frame = bytearray(text.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(frame) - 1))
        frame[position] ^= data.draw(st.integers(1, 255))
    _survives(bytes(frame))


@given(_ANY_WIRE, st.data())
def test_truncated_and_sliced(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    _survives(text[start:end])
    _survives(text.encode("utf-8")[start:end])  # may cut a character in two


_INSERTS = (
    "\ud800",
    "\udfff",
    "\ud83d",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\u0041",
    "\x00",
    "\\u0000",
    "\ufeff",
    "\uffff",
    "\U0010ffff",
    "\u2028",
    "\\",
    '"',
    "\\u",
    "\\u12",
    "}",
    "]",
    ",",
    ":",
    "1e999999",
    "-1e-999999",
    "9" * 400,
    "0." + "0" * 400 + "1",
    "1" * 5000,
    "NaN",
    "-Infinity",
    "[" * (MAX_JSON_DEPTH + 1),
    '{"a":' * (MAX_JSON_DEPTH + 1),
    "[" * 10000,
    '"event":"error",',
    '"payload":{},',
    '"event":5,',
    '"payload":[],',
)


@given(
    _ANY_WIRE,
    st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(_INSERTS)), min_size=1, max_size=4),
)
def test_odd_insertions(text: str, inserts: list[tuple[int, str]]) -> None:
    for position, insert in inserts:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at:]
    _survives(text)
    _survives(text.encode("utf-8", "surrogatepass"))


@given(
    _ANY_WIRE,
    st.sampled_from(["event", "payload"]),
    st.sampled_from(['"x"', "5", "null", "{}", "[]", '"error"']),
)
def test_duplicated_keys(text: str, key: str, value: str) -> None:
    # Last one wins, as in JSON.parse; either order must parse or be rejected cleanly.
    body = text.strip()
    _survives('{"%s":%s,%s' % (key, value, body[1:]))  # noqa: UP031 (JSON braces)
    _survives(body[:-1] + ',"%s":%s}' % (key, value))  # noqa: UP031 (JSON braces)


_NUMBERS = (
    "1e400",
    "-1e400",
    "1" + "0" * 400,
    "-" + "9" * 1000,
    "1e-400",
    "1.0e+308",
    "4.9e-324",
    "9007199254740993",
    "-9007199254740993",
    "123456789012345678901234567890.5",
    "0e99999999",
)


@given(wire_messages("server", events=["projectsUpdate"]), st.sampled_from(_NUMBERS))
def test_huge_numbers_anywhere(text: str, number: str) -> None:
    document = json.loads(text)
    for project in document["payload"]["data"]:
        project["caller"] = "@NUMBER@"
        project["agentQuantity"] = "@NUMBER@"
    document["payload"]["stats"]["totalProjects"] = "@NUMBER@"
    _survives(json.dumps(document).replace('"@NUMBER@"', number))


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"a":', "}"), ('[{"a":', "}]")])
@pytest.mark.parametrize("closed", [True, False])
def test_a_megabyte_of_nesting(opening: str, closing: str, closed: bool) -> None:
    count = DEFAULT_MAX_BYTES // (len(opening) + len(closing)) - 1
    frame = opening * count + ("1" + closing * count if closed else "")
    for parse in PARSERS:
        with pytest.raises(ProtocolError) as caught:
            parse(frame)
        assert caught.value.code == "invalidJson"
    nested_payload = '{"event":"error","payload":' + frame[: DEFAULT_MAX_BYTES - 100] + "}"
    for parse in PARSERS:
        with pytest.raises(ProtocolError):
            parse(nested_payload)


def test_a_megabyte_of_unknown_members_keeps_a_bounded_error() -> None:
    members = ",".join(f'"k{index}":0' for index in range(90_000))
    frame = '{"event":"stopOutbound","payload":{"project":{"projectId":"p",' + members + "}}}"
    assert len(frame) <= DEFAULT_MAX_BYTES
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(frame)
    error = caught.value
    assert error.code == "invalidPayload"
    assert len(error.errors) == MAX_ERROR_DETAILS
    assert error.omitted == 90_000 - MAX_ERROR_DETAILS
    assert len(str(error)) < 100 * MAX_ERROR_DETAILS + 100


def test_a_megabyte_of_bad_projects_keeps_a_bounded_error() -> None:
    items = ",".join(['{"projectId":5}'] * 60_000)
    frame = (
        '{"event":"projectsUpdate","payload":{"type":"allProjects","data":[' + items + "],"
        '"stats":{"totalProjects":0,"activeProjects":0,"connectedProjects":0},'
        '"timestamp":"2025-01-15T08:30:00Z","triggeredBy":"system"}}'
    )
    assert len(frame) <= DEFAULT_MAX_BYTES
    with pytest.raises(ProtocolError) as caught:
        parse_server_message(frame)
    assert caught.value.code == "invalidPayload"
    assert 1 <= len(caught.value.errors) <= MAX_ERROR_DETAILS
