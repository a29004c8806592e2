"""parse_client_message, parse_server_message and encode.

Parsing is two paths. The fast path hands the frame to pydantic-core in one call
(`validate_json` on the direction's discriminated union, built once). Only when that
fails does the slow path run: it re-reads the frame with the standard library to
find out *which* rule was broken, so every rejection gets the right `ErrorCode`
and a message that names paths, never values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Final, NoReturn, Union

from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, PydanticSerializationError

from ._errors import ErrorDetail, ProtocolError
from ._json_values import MAX_JSON_DEPTH
from ._model import WireModel
from ._secrets import REVEAL
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

#: An unknown event's name is echoed to help the sender, cut to this many characters.
MAX_ECHOED_EVENT = 64
#: A path segment taken from the input (an unexpected key) is cut to this many characters.
MAX_PATH_SEGMENT = 64

_ENVELOPE_KEYS: Final = frozenset(("event", "payload"))

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
            data = _decoded_to_text(data, max_bytes)
        frame: str | bytes | bytearray = data  # type: ignore[assignment] # narrowed above
        try:
            return self.validate_json(frame, strict=True, by_alias=True, by_name=False)
        except ValidationError as exc:
            raise self._classify(frame, exc) from None

    def _classify(self, data: str | bytes | bytearray, exc: ValidationError) -> ProtocolError:
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        if errors and errors[0]["type"] == "json_invalid":
            return ProtocolError("invalidJson", [_json_error_detail(exc)])
        if errors and errors[0]["type"] == "string_unicode" and not errors[0]["loc"]:
            return ProtocolError(
                "invalidJson",
                [
                    ErrorDetail(
                        "", "The text is not valid Unicode (a lone surrogate)", "json_invalid"
                    )
                ],
            )
        try:
            document = _strict_json_loads(data)
        except _JsonError as problem:
            return ProtocolError("invalidJson", [ErrorDetail("", str(problem), "json_invalid")])
        envelope_problem = _envelope_problem(document)
        if envelope_problem is not None:
            return ProtocolError("invalidMessage", [envelope_problem])
        event = document["event"]
        if event not in self.registry:
            return ProtocolError("unknownEvent", [self._unknown_event(event)])
        return ProtocolError("invalidPayload", _payload_details(errors))

    def _unknown_event(self, event: str) -> ErrorDetail:
        shown = event if len(event) <= MAX_ECHOED_EVENT else event[:MAX_ECHOED_EVENT] + "…"
        shown = shown.encode("unicode_escape").decode("ascii").replace("'", "\\'")
        expected = ", ".join(self.registry)
        if event in self.other:
            why = f"{self.name} messages are {expected}; '{shown}' goes the other way"
        else:
            why = f"Unknown event '{shown}'; expected one of: {expected}"
        return ErrorDetail("event", why, "unknown_event")


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
        raise ProtocolError(
            "invalidPayload",
            [ErrorDetail("", "The message holds text that JSON cannot carry", "unencodable")],
        ) from None


# --------------------------------------------------------------------------- helpers


def _too_large(max_bytes: int) -> ProtocolError:
    return ProtocolError(
        "messageTooLarge",
        [ErrorDetail("", f"The message is larger than {max_bytes} bytes", "too_large")],
    )


def _check_text_size(text: str, max_bytes: int) -> None:
    # A character is 1 to 4 bytes of UTF-8: only the ambiguous band needs encoding.
    size = len(text)
    if size * 4 <= max_bytes:
        return
    if size > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise _too_large(max_bytes)


def _decoded_to_text(data: object, max_bytes: int) -> str:
    """An already-decoded message, back to text, so it meets exactly the wire's rules."""
    if not isinstance(data, (dict, list, int, float, type(None))):
        raise TypeError(
            "parse takes str, bytes, bytearray, memoryview or a decoded JSON value, "
            f"not {type(data).__name__}"
        )
    try:
        text: str = _json().dumps(data, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        raise ProtocolError(
            "invalidJson", [ErrorDetail("", _DEPTH_MESSAGE, "json_invalid")]
        ) from None
    except (TypeError, ValueError) as exc:
        raise ProtocolError(
            "invalidJson",
            [ErrorDetail("", f"The value is not JSON: {_json_type_problem(exc)}", "json_invalid")],
        ) from None
    _check_text_size(text, max_bytes)
    return text


def _json() -> ModuleType:
    """The standard library's json, imported on first need: only the slow paths use it,
    and it would add a twentieth to `import shared_types` (docs/performance.md)."""
    import json  # noqa: PLC0415 (deferred on purpose, see above)

    return json


def _json_type_problem(exc: Exception) -> str:
    # json.dumps's messages name a type ("Object of type set is not JSON serializable")
    # or a float constant; neither carries a value.
    if isinstance(exc, ValueError):
        return "numbers must be finite (no NaN or Infinity)"
    return str(exc).split(" is not", 1)[0].replace("Object of type", "a value of type")


_DEPTH_MESSAGE: Final = f"Arrays and objects nest more than {MAX_JSON_DEPTH} levels deep"


def _json_error_detail(exc: ValidationError) -> ErrorDetail:
    # jiter's messages say what and where ("EOF while parsing a string at line 1
    # column 9"), never quote the input.
    raw = exc.errors(include_url=False, include_input=False)[0]
    ctx = raw.get("ctx") or {}
    text = str(ctx.get("error", "")) or "invalid JSON"
    if text.startswith("recursion limit exceeded"):
        text = _DEPTH_MESSAGE + text[len("recursion limit exceeded") :]
    return ErrorDetail("", f"Invalid JSON: {text}", "json_invalid")


class _JsonError(ValueError):
    pass


def _reject_constant(name: str) -> NoReturn:
    raise _JsonError(f"Invalid JSON: {name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JsonError("Invalid JSON: a number is too large for a double")
    return value


def _strict_json_loads(data: str | bytes | bytearray) -> Any:
    """The standard library's reading of a frame pydantic-core parsed, stricter where it is lax."""
    try:
        return _json().loads(data, parse_constant=_reject_constant, parse_float=_finite_float)
    except _JsonError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, too many digits, depth
        raise _JsonError("Invalid JSON") from exc


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
    extra = sorted(key for key in document if key not in _ENVELOPE_KEYS)
    if extra:
        shown = ", ".join(_segment(key) for key in extra[:3])
        more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
        return ErrorDetail(
            "",
            f"A message has only 'event' and 'payload'; unexpected: {shown}{more}",
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


def _segment(part: str | int) -> str:
    if isinstance(part, int):
        return str(part)
    if len(part) > MAX_PATH_SEGMENT:
        part = part[:MAX_PATH_SEGMENT] + "…"
    return part.encode("unicode_escape").decode("ascii")


def _payload_details(errors: list[ErrorDetails]) -> list[ErrorDetail]:
    """pydantic's errors, as wire paths; the union's tag segment is dropped."""
    details = []
    for error in errors:
        parts = [_segment(part) for part in error["loc"][1:]]  # loc[0] is the union's tag
        details.append(ErrorDetail(".".join(parts), error["msg"], error["type"]))
    return details
