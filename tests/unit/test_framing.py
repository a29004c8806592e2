"""Cutting streams into messages: the same cut whatever size the reads come in."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from shared_types._framing import Frame, Layout, Note, Problem, frames

TRICKY = {
    "event": "error",
    "payload": {
        "error": 'a "quoted" ] } [ { \\ \\" \\\\ ' + "\\" * 5,
        "message": "ünïcødé ✓ [{",
        "timestamp": "2025-01-15T08:30:00.123Z",
    },
}
STOP = {"event": "stopOutbound", "payload": {"project": {"projectId": "p-1"}}}


def _reader(data: bytes, size: int) -> Callable[[int], bytes]:
    """A read that hands over at most ``size`` bytes at a time, as a slow pipe does."""
    position = 0

    def read(_: int) -> bytes:
        nonlocal position
        chunk = data[position : position + size]
        position += len(chunk)
        return chunk

    return read


def _cut(data: bytes, size: int, layout: Layout = "auto", max_bytes: int = 1 << 20) -> list[object]:
    found: list[object] = []
    for item in frames(_reader(data, size), layout, max_bytes):
        if isinstance(item, Frame):
            found.append((item.line, item.column, item.data))
        elif isinstance(item, (Problem, Note)):
            found.append(item)
    return found


INPUTS = {
    "jsonl": "\n".join(json.dumps(message) for message in [TRICKY, STOP, TRICKY]) + "\n",
    "crlf": "\r\n".join(json.dumps(message) for message in [STOP, TRICKY]),
    "documents": json.dumps(TRICKY, indent=2) + "\n" + json.dumps(STOP, indent=4),
    "array": json.dumps([TRICKY, STOP, TRICKY, [1, {"a": "]"}], "x]", 12]),
    "pretty array": "\n\n  " + json.dumps([STOP, TRICKY], indent=3, ensure_ascii=False),
    "broken array": "[" + json.dumps(STOP) + " " + json.dumps(STOP) + "]",
    "truncated": "[" + json.dumps(TRICKY)[:-7],
}


@pytest.mark.parametrize("name", sorted(INPUTS))
@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_the_cut_does_not_depend_on_the_reads(name: str, size: int) -> None:
    data = INPUTS[name].encode()
    assert _cut(data, size) == _cut(data, len(data) + 1)


def test_each_message_is_cut_where_it_is() -> None:
    data = INPUTS["pretty array"].encode()
    cut = _cut(data, 5)
    assert [json.loads(frame[2]) for frame in cut if isinstance(frame, tuple)] == [STOP, TRICKY]
    assert [frame[:2] for frame in cut if isinstance(frame, tuple)] == [(4, 4), (12, 4)]


def test_a_message_past_the_limit_is_cut_to_the_limit_and_ends_the_array() -> None:
    data = ("[" + json.dumps(TRICKY) + "," + json.dumps(STOP) + "]").encode()
    cut = _cut(data, 3, max_bytes=50)
    assert cut[0] == (1, 2, data[1:52])
    assert isinstance(cut[1], Note)
    assert len(cut) == 2
    lines = _cut(b"x" * 200 + b"\n" + json.dumps(STOP).encode(), 3, max_bytes=50)
    assert lines == [(1, 1, b"x" * 51), (2, 1, json.dumps(STOP).encode()[:51])]
