"""Invalid wire texts, each with the `ProtocolError` code it must get.

A valid document broken in one way whose code is known: the size, the JSON itself,
the envelope, the event, or one field of the payload (missing, a wrong value from
the field's kind in the contract, an extra member, another event's payload).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from hypothesis import strategies as st

from shared_types import (
    CLIENT_TO_SERVER_EVENTS,
    DEFAULT_MAX_BYTES,
    ERROR_CODES,
    MAX_JSON_DEPTH,
    MAX_SAFE_INTEGER,
    SERVER_TO_CLIENT_EVENTS,
    ErrorCode,
    Message,
)
from shared_types.contract import protocol

from ._arguments import chosen_among
from ._respellings import Sender, document_of, messages_of, respell
from ._shape import Path, Spot, shape_of, spots
from ._strategies import strings
from ._writer import Raw, Style, styles, write

__all__ = ["InvalidCase", "InvalidWireMessage", "invalid_wire_cases", "invalid_wire_messages"]


class InvalidWireMessage(NamedTuple):
    """A wire text that must be rejected, and how.

    Attributes:
        text: The frame, as a WebSocket text frame would deliver it. It may hold a lone
            surrogate (a ``str`` can; such frames must be rejected as ``invalidJson``).
        code: The `ProtocolError.code` the parser must raise.
        max_bytes: The size limit to parse with (``parse_*(text, max_bytes=max_bytes)``).
            `DEFAULT_MAX_BYTES` for every case but ``messageTooLarge``, whose text is
            larger than its (small) limit.
    """

    text: str
    code: ErrorCode
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class InvalidCase:
    """An invalid text with what the library's own tests also want to know."""

    text: str
    code: ErrorCode
    max_bytes: int
    how: str
    """Which rule the text breaks, in words, for failure reports (not for filtering: see
    ``path``)."""
    schema_rejects: bool
    """Whether the JSON Schema can tell (it cannot for a few calendar-range edges)."""
    path: Path
    """The wire path of what the case breaks, key by key (a key may hold a ``.``): the
    field whose value is wrong or missing (``("payload", "data", 0, "access_token")``),
    the unexpected member (``("payload", "project", "extra")``), ``("event",)``,
    ``("payload",)`` (another event's payload, an envelope without one), the value made
    invalid JSON; ``()`` for the text as a whole (truncated, not JSON, too large, not an
    object). For ``unknownEvent`` and ``invalidPayload``, the parser's errors are at this
    path (``".".join`` of it) or under it (a value that holds models), or at its parent
    (an unexpected key that is not plainly a name)."""


_BAD_TIMESTAMPS = (
    "2025-01-15T08:30:00",  # no offset
    "2025-01-15 08:30:00Z",  # space separator
    "2025-01-15T08:30:60Z",  # leap second
    "2025-02-29T00:00:00Z",  # not a leap year
    "2025-04-31T00:00:00Z",
    "2025-13-01T00:00:00Z",
    "2025-01-15T24:00:00Z",
    "2025-01-15T08:30:00+24:00",
    "2025-01-15T08:30:00+0100",
    "2025-01-15T08:30Z",
    "2025-01-15T08:30:00.Z",
    "2025-01-15",
    "0000-01-01T00:00:00Z",
    "+02025-01-15T08:30:00Z",
    "1736929800000",
    "",
    "now",
)
# Well-formed RFC 3339, but outside years 1-9999 once in UTC: a schema cannot tell.
_OUT_OF_RANGE_TIMESTAMPS = ("0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59.999-00:01")

_NOT_STRINGS: tuple[Any, ...] = (0, 1.5, True, False, [], {}, ["x"], {"x": "y"})


def _bad_values(spot: Spot) -> list[tuple[Any, bool]]:
    """Values that break ``spot``'s field, each with whether a schema can tell."""
    shape = spot.shape
    bad: list[Any]
    if shape.kind in ("str", "literal"):
        bad = [*_NOT_STRINGS]
        if shape.non_empty:
            bad.append("")
        if shape.kind == "literal":
            bad += [
                "",
                "other",
                *(choice.upper() for choice in shape.choices),
                *(" " + choice for choice in shape.choices),
            ]
            bad = [value for value in bad if value not in shape.choices]
    elif shape.kind == "int":
        bad = [
            str(shape.minimum),
            True,
            False,
            [],
            {},
            Raw("5.5"),
            Raw("1e-7"),
            MAX_SAFE_INTEGER + 1,
            Raw(f"{MAX_SAFE_INTEGER + 1}.0"),
            Raw("1e16"),
            shape.minimum - 1,
            "5",
        ]
    elif shape.kind == "bool":
        bad = [0, 1, 1.0, "true", "false", [], {}]
    elif shape.kind == "timestamp":
        bad = [*_BAD_TIMESTAMPS, 1736929800000, *_NOT_STRINGS[1:]]
    elif shape.kind == "object":
        bad = ["x", 0, True, [], [{}]]
    elif shape.kind == "list":
        bad = ["x", 0, {}, [1], [None], [[]], ["x"]]
    else:  # json: anything goes, but it must be there
        bad = []
    if not shape.nullable and shape.kind != "json":
        bad.append(None)
    cases: list[tuple[Any, bool]] = [(value, True) for value in bad]
    if shape.kind == "timestamp":
        cases += [(value, False) for value in _OUT_OF_RANGE_TIMESTAMPS]
    return cases


_INVALID_JSON_VALUES = (
    "NaN",
    "-Infinity",
    "Infinity",
    "1e400",
    "-1e400",
    "1" + "0" * 400 + ".0",
    "01",
    "+1",
    ".5",
    "1.",
    "-",
    "1e",
    "0x10",
    "tru",
    "nul",
    "undefined",
    "'x'",
    '"\\ud800"',
    '"\\udc00x"',
    '"\\ud83d\\u0041"',
    '"\ud800"',
    '"\udfff"',
    '"a\x00b"',
    '"\x1f"',
    '"\\x41"',
    '"\\u12"',
    '"open',
    "[1,]",
    "[1 2]",
    '{"a":1,}',
    '{"a" 1}',
    "{a:1}",
    "{'a':1}",
    "[",
    "{",
    "]",
    "/* c */ 1",
    "[" * (MAX_JSON_DEPTH + 2) + "]" * (MAX_JSON_DEPTH + 2),
)
_INVALID_JSON_TEXTS = (
    "",
    " ",
    "\n",
    "x",
    "nul",
    "{",
    "[",
    '"',
    "}",
    "{}}",
    "[]]",
    "{} {}",
    "{}x",
    "\x00",
)


def _nodes(value: Any) -> list[tuple[Any, Any, Path]]:
    """Every (container, key-or-index, wire path) in a decoded document."""
    found: list[tuple[Any, Any, Path]] = []
    stack: list[tuple[Any, Path]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, (dict, list)):
            keys = item if isinstance(item, dict) else range(len(item))
            for key in keys:
                found.append((item, key, (*path, key)))
                stack.append((item[key], (*path, key)))
    return found


def _non_events(registry: Collection[str]) -> st.SearchStrategy[str]:
    others = [*CLIENT_TO_SERVER_EVENTS, *SERVER_TO_CLIENT_EVENTS]
    near = [
        *others,
        *(event.upper() for event in others),
        *(event[0].upper() + event[1:] for event in others),
        "start_outbound",
        "projects_update",
        "project-status-change",
        "",
        " error",
        "error ",
        "startOutbound\x00",
        "Error",
    ]
    return st.one_of(st.sampled_from(near), strings()).filter(lambda event: event not in registry)


_OTHER_ENVELOPE_KEYS = st.one_of(
    st.sampled_from(("type", "data", "Event", "payload ", "")), strings()
).filter(lambda key: key not in ("event", "payload"))


def _text(
    document: Any, style: Style, code: ErrorCode, how: str, schema_rejects: bool, *, path: Path
) -> InvalidCase:
    return InvalidCase(write(document, style), code, DEFAULT_MAX_BYTES, how, schema_rejects, path)


def _too_large(draw: st.DrawFn, message: Message, style: Style) -> InvalidCase:
    text = write(document_of(message), style)
    limit = draw(st.integers(0, len(text.encode("utf-8")) - 1))
    return InvalidCase(text, "messageTooLarge", limit, "larger than max_bytes", True, ())


def _invalid_json(draw: st.DrawFn, message: Message, style: Style) -> InvalidCase:
    document = document_of(message)
    way = draw(st.sampled_from(("bad value", "truncated", "not JSON")))
    if way == "bad value":
        container, key, path = style.rnd.choice(_nodes(document))
        bad = draw(st.sampled_from(_INVALID_JSON_VALUES))
        container[key] = Raw(bad)
        return _text(document, style, "invalidJson", f"{bad[:40]!r} at {key!r}", False, path=path)
    if way == "truncated":
        text = write(document, style)
        cut = draw(st.integers(0, len(text) - 1))
        how = f"cut at {cut}"
        return InvalidCase(text[:cut], "invalidJson", DEFAULT_MAX_BYTES, how, False, ())
    text = draw(st.sampled_from(_INVALID_JSON_TEXTS))
    return InvalidCase(text, "invalidJson", DEFAULT_MAX_BYTES, "not JSON", False, ())


#: Each way to break the envelope, with the path of what it breaks (an extra member's is
#: its key, drawn with it).
_ENVELOPE_FAULTS: dict[str, Path] = {
    "not an object": (),
    "no event": ("event",),
    "event not a string": ("event",),
    "no payload": ("payload",),
    "payload not an object": ("payload",),
    "extra member": (),
}


def _invalid_envelope(draw: st.DrawFn, message: Message, style: Style) -> InvalidCase:
    envelope: Any = document_of(message)
    how = draw(st.sampled_from(tuple(_ENVELOPE_FAULTS)))
    path = _ENVELOPE_FAULTS[how]
    if how == "not an object":
        envelope = draw(
            st.one_of(
                st.lists(st.just(envelope), max_size=2),
                st.sampled_from(_NOT_STRINGS[:4]),
                st.none(),
                strings(),
            )
        )
    elif how == "no event":
        del envelope["event"]
    elif how == "event not a string":
        envelope["event"] = draw(st.sampled_from((None, *_NOT_STRINGS)))
    elif how == "no payload":
        del envelope["payload"]
    elif how == "payload not an object":
        envelope["payload"] = draw(st.sampled_from((None, "x", 0, [], [envelope["payload"]])))
    else:
        key = draw(_OTHER_ENVELOPE_KEYS)
        envelope[key] = draw(st.sampled_from((None, 0, "x", {})))
        path = (key,)
    return _text(envelope, style, "invalidMessage", how, True, path=path)


def _unknown_event(
    draw: st.DrawFn, message: Message, style: Style, registry: Collection[str]
) -> InvalidCase:
    document = document_of(message)
    document["event"] = draw(_non_events(registry))
    return _text(document, style, "unknownEvent", "unknown event", True, path=("event",))


def _invalid_payload(
    draw: st.DrawFn, message: Message, style: Style, registry: Collection[str]
) -> InvalidCase:
    """One field of the payload broken, one member too many, or another event's payload."""
    document = document_of(message)
    model = type(message).__name__
    respell(document, model, style.rnd)
    payload_spots = [spot for spot in spots(document, model) if spot.container is not document]
    how = draw(st.sampled_from(("missing", "wrong value", "extra member", "other payload")))
    if how == "other payload" and len(registry) > 1:
        other = draw(st.sampled_from([event for event in registry if event != document["event"]]))
        document["event"] = other
        return _text(
            document, style, "invalidPayload", f"payload of {other}", True, path=("payload",)
        )
    if how == "extra member":
        objects: list[tuple[Any, Path]] = [(document["payload"], ("payload",))]
        for spot in payload_spots:
            value = spot.container[spot.key]
            if spot.shape.kind == "object":
                objects.append((value, spot.path))
            elif spot.shape.kind == "list":
                objects.extend((item, (*spot.path, index)) for index, item in enumerate(value))
        target, at = style.rnd.choice(objects)
        target_model = _model_of(target, document, model)
        aliases = {shape.alias for shape in shape_of(target_model)}
        python_names = [field.python_name for field in protocol().models[target_model].fields]
        names = [name for name in python_names if name not in aliases] or ["extra"]
        key = draw(st.one_of(st.sampled_from(names), strings()).filter(lambda k: k not in aliases))
        target[key] = draw(st.sampled_from((None, 0, "x", {}, [])))
        how = f"extra member {key!r}"
        return _text(document, style, "invalidPayload", how, True, path=(*at, key))
    spot = style.rnd.choice(payload_spots)
    bad = _bad_values(spot)
    if how == "missing" or not bad:
        del spot.container[spot.key]
        return _text(document, style, "invalidPayload", f"missing {spot.key}", True, path=spot.path)
    value, schema_rejects = draw(st.sampled_from(bad))
    spot.container[spot.key] = value
    how = f"{spot.key} = {value!r}"
    return _text(document, style, "invalidPayload", how, schema_rejects, path=spot.path)


@st.composite
def _invalid_case(draw: st.DrawFn, direction: Sender, codes: Sequence[ErrorCode]) -> InvalidCase:
    registry = CLIENT_TO_SERVER_EVENTS if direction == "client" else SERVER_TO_CLIENT_EVENTS
    code = draw(st.sampled_from(codes))
    message = draw(messages_of(direction))
    style = draw(styles())
    if code == "messageTooLarge":
        return _too_large(draw, message, style)
    if code == "invalidJson":
        return _invalid_json(draw, message, style)
    if code == "invalidMessage":
        return _invalid_envelope(draw, message, style)
    if code == "unknownEvent":
        return _unknown_event(draw, message, style, registry)
    return _invalid_payload(draw, message, style, registry)


def _model_of(target: dict[str, Any], document: dict[str, Any], model: str) -> str:
    """The model whose fields ``target`` (an object inside ``document``) holds."""
    if target is document["payload"]:
        return protocol().event(document["event"]).payload
    for spot in spots(document, model):
        value = spot.container[spot.key]
        if spot.shape.model is not None and (
            value is target or (isinstance(value, list) and any(item is target for item in value))
        ):
            return spot.shape.model
    raise LookupError("not an object of the message")  # pragma: no cover


def _codes(codes: Collection[str] | None) -> list[ErrorCode]:
    chosen = chosen_among(codes, ERROR_CODES, "codes")
    return [code for code in ERROR_CODES if code in chosen]


def invalid_wire_cases(
    direction: Sender, *, codes: Collection[str] | None = None
) -> st.SearchStrategy[InvalidCase]:
    """Invalid texts with the rule each breaks and whether a JSON Schema can tell."""
    messages_of(direction)
    return _invalid_case(direction, _codes(codes))


def invalid_wire_messages(
    direction: Sender, *, codes: Collection[str] | None = None
) -> st.SearchStrategy[InvalidWireMessage]:
    """Wire texts a parser must reject, each with the `ProtocolError.code` it must raise.

    Every code is covered: ``invalidJson`` (broken JSON, truncated text, NaN, numbers too
    large for a double, lone surrogates, nesting deeper than `MAX_JSON_DEPTH`),
    ``invalidMessage`` (not an ``{event, payload}`` object), ``unknownEvent`` (including
    the other direction's events), ``invalidPayload`` (one field missing, of the wrong
    type or value, or one member too many) and ``messageTooLarge`` (a valid text parsed
    with a ``max_bytes`` smaller than it).

    Args:
        direction: ``client`` or ``server``, as for `wire_messages`.
        codes: Only these codes; default: all five. Leave out ``messageTooLarge`` if the
            code under test cannot be given a size limit.

    Parse each case with its limit: ``parse_client_message(case.text, max_bytes=case.max_bytes)``.
    """
    return invalid_wire_cases(direction, codes=codes).map(
        lambda case: InvalidWireMessage(case.text, case.code, case.max_bytes)
    )
