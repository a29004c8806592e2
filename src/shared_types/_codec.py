"""parse_client_message, parse_server_message and encode.

Parsing is two paths. The fast path hands the frame to pydantic-core in one call
(`validate_json` on the direction's discriminated union, built once). Only when that
fails does the slow path run: it reads the frame once more (`_read_document`, the
same reader the document-first path below uses) to find out *which* rule was broken,
so every rejection gets the right `ErrorCode` and a message that names paths, never
values (`_classify`).

Bounded cost: the slow path never asks pydantic for more than a few errors. When the
fast path found many (each is an unexpected key: every other error is bounded by the
schema, lists of models fail fast), their count is kept and the keys are found in
the decoded document instead (`_Unexpected`), the first few kept; the rest
of the payload is validated without them. pydantic's `ValidationError`, which holds
the input, is dropped before the slow path starts, and no `ProtocolError` is raised
while another exception is being handled, so none carries the input in
``__context__``.

Bounded memory: pydantic-core's parser keeps every member of an object until it
validates, where `json.loads` keeps one per key, so a frame of one key repeated
costs it some 20 bytes per byte of frame against about one; and pydantic spends a
few microseconds on each unexpected member, where `json.loads` spends a tenth of one.
No byte count tells such frames from valid ones (a ``projectsUpdate`` is as dense in
members, and strings can hold any byte), so every frame longer than
`DOCUMENT_FIRST_ABOVE` is read document-first: pydantic-core's own reader (`from_json`:
the same grammar and limits, one value per key) makes the document; its unexpected
members are taken out and counted; only the rest, written again as JSON, is
validated. Shorter frames take the fast path, whose worst case is then a small
constant (docs/performance.md, "Bounded cost per frame").
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from functools import cache
from types import ModuleType
from typing import Any, Final, Union

from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, PydanticSerializationError, from_json, to_json

from ._errors import MAX_ERROR_DETAILS, ErrorDetail, ProtocolError
from ._json_values import MAX_INTEGER_DIGITS, MAX_JSON_DEPTH, has_non_finite_number
from ._limits import text_exceeds
from ._model import WireModel
from ._names import NOT_SHOWN, NOT_SHOWN_KEY, is_plain_name
from ._secrets import REVEAL
from .contract import Array, ModelRef, Nullable, protocol
from .websocket import (
    CLIENT_TO_SERVER_EVENTS,
    SERVER_TO_CLIENT_EVENTS,
    ClientToServerMessage,
    Message,
    ServerToClientMessage,
)

__all__ = ["DEFAULT_MAX_BYTES", "encode", "parse_client_message", "parse_server_message"]

DEFAULT_MAX_BYTES: Final = 1_048_576
"""The default frame size limit of the parsers: 1 MiB."""

#: pydantic's errors are converted to Python only when there are at most this many;
#: beyond, every one but a bounded few is an unexpected key (see the module's docstring).
_MAX_CONVERTED_ERRORS: Final = 4 * MAX_ERROR_DETAILS

_ENVELOPE_KEYS: Final = frozenset(("event", "payload"))

DOCUMENT_FIRST_ABOVE: Final = 4_096
"""Frames longer than this (in bytes, or characters of a ``str``) are read
document-first (see the module's docstring)."""

# Built on first use; the model's `cache_strings` does not reach a union's validator.
_UNION_CONFIG: Final = ConfigDict(defer_build=True, cache_strings="keys")

_Frame = Union[str, bytes, bytearray, memoryview, Mapping[str, Any]]  # noqa: UP007 (runtime alias on 3.10)


class _Parser:
    """Everything one direction's parser needs, built once (the validator on first use)."""

    __slots__ = ("adapter", "name", "other", "registry", "validate_json")

    def __init__(self, name: str, union: Any, registry: Mapping[str, type[WireModel]]) -> None:
        self.name = name
        self.registry = registry
        self.other: Mapping[str, type[WireModel]] = {}
        # The validator is built on first use, not at import, which it would slow down
        # by a third (docs/performance.md); `validate_json` then becomes its own method.
        self.adapter: TypeAdapter[Any] = TypeAdapter(union, config=_UNION_CONFIG)
        self.validate_json: Callable[..., Any] = self._build_then_validate_json

    def _build_then_validate_json(self, *args: Any, **kwargs: Any) -> Any:
        # Two threads may both get here first: pydantic builds once or twice, both right.
        self.validate_json = self.adapter.validator.validate_json
        return self.validate_json(*args, **kwargs)

    def parse(self, data: object, max_bytes: int) -> Any:
        kind = type(data)
        if kind is bytes or kind is bytearray:
            if len(data) > max_bytes:  # type: ignore[arg-type] # bytes-like
                raise _too_large(max_bytes)
        elif kind is str:
            _check_text_size(data, max_bytes)  # type: ignore[arg-type] # kind is str
        elif kind is memoryview:
            view: memoryview = data  # type: ignore[assignment] # kind is memoryview
            if view.nbytes > max_bytes:
                raise _too_large(max_bytes)
            data = view.tobytes()
        else:
            data = _other_frame(data, max_bytes)
        frame: str | bytes | bytearray = data  # type: ignore[assignment] # narrowed above
        if len(frame) > DOCUMENT_FIRST_ABOVE:
            return self._parse_document_first(frame)
        try:
            return self.validate_json(frame, strict=True, by_alias=True, by_name=False)
        except ValidationError as exc:
            found = _Found(exc)
        # Raised here, outside the `except`: the ValidationError (which holds the input)
        # is gone, and neither `__context__` nor `__cause__` can reach it.
        raise self._classify(frame, found)

    def _classify(self, data: str | bytes | bytearray, found: _Found) -> ProtocolError:
        if found.json_problem is not None:
            return ProtocolError("invalidJson", [found.json_problem])
        problem, document = _read_document(data)
        if problem is not None:
            return ProtocolError("invalidJson", [problem])
        if has_non_finite_number([document]):  # `1e400`, which pydantic reads as inf
            return ProtocolError("invalidJson", [_TOO_LARGE_NUMBER])
        error = self._envelope_error(document)
        if error is not None:
            return error
        if found.errors is not None:
            return ProtocolError("invalidPayload", _payload_details(found.errors))
        # Too many errors to ask pydantic for: the unexpected keys, found in the
        # document, bounded; then the document without them, validated again.
        outcome = self._validate_known_members(document)
        if isinstance(outcome, ProtocolError):
            return outcome
        return ProtocolError("invalidPayload")  # unreachable: the fast path failed

    def _parse_document_first(self, frame: str | bytes | bytearray) -> Any:
        """A long frame: read into a document first (one value per key), then validated
        without its unexpected members (see the module's docstring)."""
        problem, document = _read_document(frame)
        if problem is not None:
            raise ProtocolError("invalidJson", [problem])
        error = self._envelope_error(document)
        if error is None:
            outcome = self._validate_known_members(document)
            if not isinstance(outcome, ProtocolError):
                return outcome
            error = outcome
        elif has_non_finite_number([document]):  # the fast path says so before the envelope
            error = ProtocolError("invalidJson", [_TOO_LARGE_NUMBER])
        raise error

    def _envelope_error(self, document: object) -> ProtocolError | None:
        envelope_problem = _envelope_problem(document)
        if envelope_problem is not None:
            return ProtocolError("invalidMessage", [envelope_problem])
        event = document["event"]  # type: ignore[index] # an envelope: a dict
        if event not in self.registry:
            return ProtocolError("unknownEvent", [self._unknown_event(event)])
        return None

    def _validate_known_members(self, document: dict[str, Any]) -> Any:
        """The message ``document`` holds, or the `ProtocolError` that says why not.

        The members its model does not declare are taken out (emptying ``document``) and
        reported after the other problems, which pydantic finds in the rest. A number
        beyond a double's range (which `from_json` reads as an infinity) makes the
        document invalid JSON wherever it is, as on the fast path: looked for in what was
        taken out, and in the rest only when pydantic rejects it (an infinity is valid
        nowhere in a message).
        """
        model = self.registry[document["event"]]
        unexpected = _Unexpected()
        unexpected.take_out(document, model, ())
        if unexpected.removed and has_non_finite_number(unexpected.removed):
            return ProtocolError("invalidJson", [_TOO_LARGE_NUMBER])
        unexpected.removed.clear()
        text = _json_text(document)
        document.clear()  # the caller's reference would keep it alive while pydantic works
        rest: _Found | None = None
        try:
            message = self.validate_json(text, strict=True, by_alias=True, by_name=False)
        except ValidationError as exc:
            rest = _Found(exc)
        if rest is None and not unexpected.total:
            return message
        if rest is not None and rest.json_problem is not None:
            return ProtocolError("invalidJson", [rest.json_problem])
        if rest is not None and _holds_non_finite(text):
            return ProtocolError("invalidJson", [_TOO_LARGE_NUMBER])
        errors = (rest.errors or []) if rest is not None else []
        unexpected.forget_after_first_error(errors)
        details = _payload_details(errors)
        kept = unexpected.found[: max(0, MAX_ERROR_DETAILS - len(details))]
        return ProtocolError("invalidPayload", details + kept, omitted=unexpected.total - len(kept))

    def _unknown_event(self, event: str) -> ErrorDetail:
        expected = ", ".join(self.registry)
        if not is_plain_name(event):
            why = f"Unknown event ({NOT_SHOWN}); expected one of: {expected}"
        elif event in self.other:
            why = f"{self.name} messages are {expected}; '{event}' goes the other way"
        else:
            why = f"Unknown event '{event}'; expected one of: {expected}"
        return ErrorDetail("event", why, "unknown_event")


class _Found:
    """What the slow path needs of pydantic's `ValidationError`, taken at once so the
    error (and the input it holds) can be dropped: a JSON problem, or the errors when
    there are few enough to convert (None when there are more)."""

    __slots__ = ("errors", "json_problem")

    def __init__(self, exc: ValidationError) -> None:
        self.json_problem: ErrorDetail | None = None
        self.errors: list[ErrorDetails] | None = None
        if exc.error_count() > _MAX_CONVERTED_ERRORS:
            return
        errors = exc.errors(include_url=False, include_input=False)
        first = errors[0] if errors else None
        if first is not None and first["type"] == "json_invalid":
            self.json_problem = _json_error_detail(first)
        elif first is not None and first["type"] == "string_unicode" and not first["loc"]:
            self.json_problem = _LONE_SURROGATE
        else:
            for error in errors:
                error.pop("ctx", None)
            self.errors = errors


_CLIENT = _Parser("client → server", ClientToServerMessage, CLIENT_TO_SERVER_EVENTS)
_SERVER = _Parser("server → client", ServerToClientMessage, SERVER_TO_CLIENT_EVENTS)
_CLIENT.other = SERVER_TO_CLIENT_EVENTS
_SERVER.other = CLIENT_TO_SERVER_EVENTS


def parse_client_message(
    data: _Frame, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ClientToServerMessage:
    """Parse a message a dashboard sent to the server.

    Args:
        data: The frame: ``str`` (a text frame), ``bytes``, ``bytearray`` or ``memoryview``
            (UTF-8 JSON), or a ``dict`` that was already decoded from JSON.
        max_bytes: Frames larger than this many bytes are rejected before parsing.

    Returns:
        A `StartOutboundMessage` or `StopOutboundMessage`.

    Raises:
        ProtocolError: The frame breaks a rule of the contract; ``.code`` says which.
    """
    result: ClientToServerMessage = _CLIENT.parse(data, max_bytes)
    return result


def parse_server_message(
    data: _Frame, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ServerToClientMessage:
    """Parse a message the server sent to a dashboard.

    Args:
        data: As for `parse_client_message`.
        max_bytes: Frames larger than this many bytes are rejected before parsing.

    Returns:
        A `ProjectsUpdateMessage`, `ProjectStatusChangeMessage` or `ErrorMessage`.

    Raises:
        ProtocolError: The frame breaks a rule of the contract; ``.code`` says which.
    """
    result: ServerToClientMessage = _SERVER.parse(data, max_bytes)
    return result


def encode(message: Message) -> str:
    """The wire JSON of ``message``: compact UTF-8 text, ready for a WebSocket text frame.

    Writes wire names, timestamps as ``toISOString()`` does, ``access_token`` as ``"***"``
    and ``client_secret`` in clear (the server needs it).

    Raises:
        TypeError: ``message`` is not one of the protocol's messages.
        ProtocolError: (``invalidPayload``) a string holds text JSON cannot carry, such as
            a lone surrogate.
    """
    if not isinstance(message, WireModel) or "event" not in type(message).model_fields:
        raise TypeError(f"encode() takes a protocol message, not {type(message).__name__}")
    try:
        return message.__pydantic_serializer__.to_json(
            message, by_alias=True, context=REVEAL
        ).decode()
    except (PydanticSerializationError, UnicodeError):
        pass  # raised below, outside the handler: a UnicodeError holds the whole text
    raise ProtocolError(
        "invalidPayload",
        [ErrorDetail("", "The message holds text that JSON cannot carry", "unencodable")],
    )


# --------------------------------------------------------------------------- helpers


def _too_large(max_bytes: int) -> ProtocolError:
    return ProtocolError(
        "messageTooLarge",
        [ErrorDetail("", f"The message is larger than {max_bytes} bytes", "too_large")],
    )


def _check_text_size(text: str, max_bytes: int) -> None:
    if text_exceeds(text, max_bytes):
        raise _too_large(max_bytes)


def _other_frame(data: object, max_bytes: int) -> str | bytes:
    """A frame of any other type: a subclass of str or bytes, any buffer, or a decoded
    JSON value (any mapping at the top), as text or bytes that meet the wire's rules."""
    if isinstance(data, str):
        text = str.__str__(data)  # an exact str, whatever the subclass's __str__ does
        _check_text_size(text, max_bytes)
        return text
    if isinstance(data, (bytes, bytearray, memoryview)):
        view = memoryview(data)
        if view.nbytes > max_bytes:
            raise _too_large(max_bytes)
        return view.tobytes()
    if isinstance(data, Mapping) and not isinstance(data, dict):
        data = dict(data)
    if not isinstance(data, (dict, list, int, float, type(None))):
        raise ProtocolError(
            "invalidJson",
            [
                ErrorDetail(
                    "",
                    "A message is str, bytes, bytearray, memoryview or a decoded JSON value, "
                    f"not {_type_name(data)}",
                    "json_invalid",
                )
            ],
        )
    problem: str | None = None
    try:
        text = _json().dumps(data, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        problem = _DEPTH_MESSAGE
    except (TypeError, ValueError) as exc:
        problem = f"The value is not JSON: {_json_type_problem(exc)}"
    if problem is not None:  # raised outside the handler, which holds the value
        raise ProtocolError("invalidJson", [ErrorDetail("", problem, "json_invalid")])
    _check_text_size(text, max_bytes)
    return text


def _type_name(value: object) -> str:
    name = type(value).__name__
    return name if is_plain_name(name) else "another type"


def _json() -> ModuleType:
    """The standard library's json, imported on first need: only dict inputs and a rare
    fallback use it, and it would add a twentieth to `import shared_types`."""
    import json  # noqa: PLC0415 (deferred on purpose, see above)

    return json


def _json_type_problem(exc: Exception) -> str:
    # json.dumps's messages name a type ("Object of type set is not JSON serializable"),
    # a float constant, the integer digit limit or a circular reference; say which,
    # in our words, never with a value.
    text = str(exc)
    if isinstance(exc, ValueError):
        if text.startswith("Circular reference"):
            return "it contains itself (a circular reference)"
        if "digits" in text:
            return f"an integer has more than {MAX_INTEGER_DIGITS} digits"
        if "float" in text:
            return "numbers must be finite (no NaN or Infinity)"
        return "it cannot be written as JSON"
    if text.startswith("keys must be"):
        return "object keys must be strings"
    name = text.split(" is not", 1)[0].removeprefix("Object of type ")
    return f"a value of type {name if is_plain_name(name) else 'another type'}"


_DEPTH_MESSAGE: Final = f"Arrays and objects nest more than {MAX_JSON_DEPTH} levels deep"


def _json_error_detail(error: ErrorDetails) -> ErrorDetail:
    ctx = error.get("ctx") or {}
    return _jiter_problem(str(ctx.get("error", "")) or "invalid JSON")


def _jiter_problem(text: str) -> ErrorDetail:
    # jiter's messages say what and where ("EOF while parsing a string at line 1
    # column 9"), never quote the input.
    if text.startswith("recursion limit exceeded"):
        text = _DEPTH_MESSAGE + text[len("recursion limit exceeded") :]
    return ErrorDetail("", f"Invalid JSON: {text}", "json_invalid")


_LONE_SURROGATE: Final = ErrorDetail(
    "", "The text is not valid Unicode (a lone surrogate)", "json_invalid"
)

_TOO_LARGE_NUMBER: Final = ErrorDetail(
    "", "Invalid JSON: a number is too large for a double", "json_invalid"
)


def _read_document(frame: str | bytes | bytearray) -> tuple[ErrorDetail | None, Any]:
    """pydantic-core's reading of ``frame`` into Python values, one per key (the last,
    as the fast path's), held to what the fast path accepts: the document, or what makes
    the frame invalid JSON."""
    why: str | None = None
    try:
        document = from_json(frame, allow_inf_nan=False)
    except ValueError as problem:  # jiter's message: what and where, no input
        why = str(problem)
    except TypeError:  # a str it cannot encode: one holding a lone surrogate
        return _LONE_SURROGATE, None
    if why is not None:
        return _jiter_problem(why), None
    # jiter reads numbers beyond a double's range as infinities, which the fast path
    # refuses: `_validate_known_members` looks for them where they can hide.
    return None, document


def _json_text(document: object) -> bytes:
    """``document`` as JSON again, for pydantic to validate: pydantic-core's writer,
    about four times as fast as the standard library's on long strings. It writes an
    infinity as ``Infinity``, which `_holds_non_finite` looks for."""
    try:
        text: bytes = to_json(document)
    except PydanticSerializationError:
        pass  # a lone surrogate, which no parsed frame holds; written below as it was read
    else:
        return text
    # ASCII escapes, so a lone surrogate the frame escaped reads (and fails) as it did.
    escaped: str = _json().dumps(document, separators=(",", ":"))
    return escaped.encode()


def _holds_non_finite(text: bytes) -> bool:
    """Whether ``text``, written by `_json_text`, holds an infinity (not a string that
    spells one)."""
    if b"Infinity" not in text and b"NaN" not in text:
        return False
    return has_non_finite_number([from_json(text, allow_inf_nan=True)])


def _envelope_problem(document: object) -> ErrorDetail | None:
    if not isinstance(document, dict):
        kind = _json_kind(document)
        return ErrorDetail(
            "",
            f"A message must be a JSON object with 'event' and 'payload', not {kind}",
            "envelope",
        )
    if "event" not in document:
        return ErrorDetail("event", "Field required", "missing")
    if not isinstance(document["event"], str):
        kind = _json_kind(document["event"])
        return ErrorDetail("event", f"The event must be a string, not {kind}", "string_type")
    if "payload" not in document:
        return ErrorDetail("payload", "Field required", "missing")
    if not isinstance(document["payload"], dict):
        kind = _json_kind(document["payload"])
        return ErrorDetail("payload", f"The payload must be an object, not {kind}", "dict_type")
    if len(document) > len(_ENVELOPE_KEYS):
        # The first three by name, in one pass: sorting every key would cost more.
        extra = [key for key in document if key not in _ENVELOPE_KEYS]
        plain = heapq.nsmallest(3, (key for key in extra if is_plain_name(key)))
        hidden = len(extra) - len(plain) if len(plain) < 3 else 0
        shown = [*plain, *([NOT_SHOWN_KEY] if hidden else [])]
        rest = len(extra) - len(plain) - (1 if hidden else 0)
        more = f" and {rest} more" if rest else ""
        return ErrorDetail(
            "",
            f"A message has only 'event' and 'payload'; unexpected: {', '.join(shown)}{more}",
            "extra_forbidden",
        )
    return None


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


class _Unexpected:
    """The members of a document its models do not declare, taken out of it: the first
    `MAX_ERROR_DETAILS` as details, every value (for the infinity check), and how many.

    Recursion follows the models only (a few levels), never the values under a key. A
    clean object costs one set comparison, in C, and a list of clean objects of a model
    that holds no other (the projects of a ``projectsUpdate``) one C loop: a valid frame
    is walked in about a fifteenth of the time `json.loads` takes to read it.

    A list of models fails fast in pydantic: only its first bad item is reported (every
    array of the protocol does, `tests/unit/test_document_first.py` checks). So here the
    first item with unexpected members ends the list: the items after it are dropped
    (their values kept for the infinity check), and `forget_after_first_error` forgets
    that item's members when pydantic rejects an earlier one.
    """

    __slots__ = ("cuts", "found", "removed", "total")

    def __init__(self) -> None:
        self.found: list[ErrorDetail] = []
        self.removed: list[Any] = []
        self.total = 0
        # (the list's path, the item's index, its details' slice in `found`, its count)
        self.cuts: list[tuple[tuple[str | int, ...], int, int, int, int]] = []

    def take_out(
        self, document: dict[str, Any], model: type[WireModel], path: tuple[str | int, ...]
    ) -> int:
        """Takes the unexpected members out of ``document`` and its models; how many."""
        declared = _declared(model)
        count = 0
        if not declared.names.issuperset(document):
            unexpected = [key for key in document if key not in declared.names]
            for key in unexpected:
                if len(self.found) < MAX_ERROR_DETAILS:
                    self.found.append(_extra_detail((*path, key)))
                self.removed.append(document.pop(key))
            count = len(unexpected)
            self.total += count
        for key, nested, many in declared.models:
            value = document.get(key)
            if many:
                if isinstance(value, list) and not _clean_leaves(value, nested):
                    count += self._take_out_of_first_bad_item(value, nested, (*path, key))
            elif isinstance(value, dict):
                count += self.take_out(value, nested, (*path, key))
        return count

    def _take_out_of_first_bad_item(
        self, items: list[Any], model: type[WireModel], path: tuple[str | int, ...]
    ) -> int:
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            start = len(self.found)
            count = self.take_out(item, model, (*path, index))
            if count:
                self.removed.append(items[index + 1 :])
                del items[index + 1 :]
                self.cuts.append((path, index, start, len(self.found), count))
                return count
        return 0

    def forget_after_first_error(self, errors: list[ErrorDetails]) -> None:
        """Forgets the members taken out of a list's item when pydantic rejected an
        earlier item of that list (``errors``' locations start with the union's tag)."""
        forgotten: list[tuple[int, int]] = []
        for path, index, start, end, count in reversed(self.cuts):  # outer lists first
            if any(start >= first and end <= last for first, last in forgotten):
                continue  # inside an item already forgotten, counted with it
            size = len(path)
            for error in errors:
                loc = error["loc"][1:]
                position = loc[size] if len(loc) > size else None
                if isinstance(position, int) and position < index and tuple(loc[:size]) == path:
                    del self.found[start:end]
                    self.total -= count
                    forgotten.append((start, end))
                    break


def _clean_leaves(items: list[Any], model: type[WireModel]) -> bool:
    """Whether ``items`` holds no object with a member ``model`` lacks, ``model`` holding
    no other model: one loop in C. False when unsure."""
    declared = _declared(model)
    if declared.models:
        return False
    try:
        return all(map(declared.names.issuperset, items))
    except TypeError:  # an item that is not a container: pydantic will refuse it
        return False


class _Declared:
    """A model's wire names, and for each of its fields that holds a model (alone or
    nullable, or as the items of an array) that model and whether it is an array's."""

    __slots__ = ("models", "names")

    def __init__(
        self, names: frozenset[str], models: tuple[tuple[str, type[WireModel], bool], ...]
    ) -> None:
        self.names = names
        self.models = models


def _declared(model: type[WireModel]) -> _Declared:
    return _declared_by_name(model.__name__)


@cache
def _declared_by_name(name: str) -> _Declared:
    models = protocol().models
    names: list[str] = []
    nested: list[tuple[str, type[WireModel], bool]] = []
    for field in models[name].fields:
        names.append(field.name)
        kind, arrays = field.type, 0
        while isinstance(kind, (Array, Nullable)):
            arrays += isinstance(kind, Array)
            kind = kind.item if isinstance(kind, Array) else kind.inner
        if isinstance(kind, ModelRef) and arrays <= 1:  # no array of arrays of models
            model = models[kind.name].cls
            nested.append((field.name, model, arrays == 1))  # type: ignore[arg-type] # every model of the protocol is a WireModel
    return _Declared(frozenset(names), tuple(nested))


_EXTRA_MESSAGE: Final = "Extra inputs are not permitted"


def _extra_detail(loc: tuple[str | int, ...], message: str = _EXTRA_MESSAGE) -> ErrorDetail:
    """An unexpected key, named only when it is a plain name (`is_plain_name`): a sender
    that put a secret where a key goes does not see it echoed."""
    if loc and not is_plain_name(str(loc[-1])):
        loc = loc[:-1]
        message = f"{message} ({NOT_SHOWN_KEY})"
    return ErrorDetail(".".join(str(part) for part in loc), message, "extra_forbidden")


def _payload_details(errors: list[ErrorDetails]) -> list[ErrorDetail]:
    """pydantic's errors, as wire paths; the union's tag segment is dropped."""
    details = []
    for error in errors:
        loc = error["loc"][1:]  # loc[0] is the union's tag
        if error["type"] == "extra_forbidden":
            details.append(_extra_detail(loc, error["msg"]))
        else:
            path = ".".join(str(part) for part in loc)
            details.append(ErrorDetail(path, error["msg"], error["type"]))
    return details
