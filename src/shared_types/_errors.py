"""The one exception of the library and its stable codes.

Exception tree::

    ValueError
    └── ProtocolError        every rejected input; .code is one of ErrorCode

A `ProtocolError` never carries the values of the input it rejects (the name of an
unknown event aside, cut to a bounded length), so it is safe to log and to send to
the peer with `ProtocolError.to_message()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from .websocket import ErrorMessage

ErrorCode = Literal[
    "invalidJson",
    "invalidMessage",
    "unknownEvent",
    "invalidPayload",
    "messageTooLarge",
]
"""The stable, machine-readable reason a message was rejected (the `error` of the event)."""

ERROR_CODES: tuple[ErrorCode, ...] = get_args(ErrorCode)

#: At most this many problems are kept on one error, so a hostile message with a
#: million bad fields cannot make the error itself unbounded.
MAX_ERROR_DETAILS = 20

_SUMMARY: dict[ErrorCode, str] = {
    "invalidJson": "The message is not valid JSON",
    "invalidMessage": "The message is not an {event, payload} envelope",
    "unknownEvent": "The event is not one this side accepts",
    "invalidPayload": "The payload does not match the event's schema",
    "messageTooLarge": "The message is larger than the limit",
}


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One problem found in a rejected message.

    Attributes:
        path: Where the problem is, dotted, in wire names (``payload.project.action``);
            empty for the message as a whole.
        message: What is wrong, in words; never contains the offending value.
        type: A short machine-readable kind (``missing``, ``string_type``, ``timestamp``…).
    """

    path: str
    message: str
    type: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProtocolError(ValueError):
    """A message was rejected: it is not valid JSON, not an envelope, or its payload is wrong.

    Attributes:
        code: One of `ErrorCode`, stable across releases.
        errors: The problems found, at most `MAX_ERROR_DETAILS` of them.
        omitted: How many further problems were found but not kept.
    """

    code: ErrorCode
    errors: tuple[ErrorDetail, ...]
    omitted: int

    def __init__(
        self,
        code: ErrorCode,
        errors: Sequence[ErrorDetail] = (),
        *,
        omitted: int = 0,
    ) -> None:
        kept = tuple(errors[:MAX_ERROR_DETAILS])
        self.code = code
        self.errors = kept
        self.omitted = omitted + len(errors) - len(kept)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The human-readable explanation, without the code (what `to_message` sends)."""
        if not self.errors:
            return _SUMMARY[self.code]
        text = "; ".join(str(detail) for detail in self.errors)
        if self.omitted:
            text += f"; and {self.omitted} more"
        return text

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"ProtocolError({self.code!r}, {self.message!r})"

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle through their args; ours are keyword-rich, so spell them out.
        return (_rebuild, (self.code, self.errors, self.omitted))

    def to_message(self) -> ErrorMessage:
        """The protocol's `error` event for the peer, stamped with the current time."""
        from .websocket import ErrorMessage  # noqa: PLC0415 (import cycle)

        return ErrorMessage.from_error(self.code, self.message)


def _rebuild(code: ErrorCode, errors: tuple[ErrorDetail, ...], omitted: int) -> ProtocolError:
    return ProtocolError(code, errors, omitted=omitted)
