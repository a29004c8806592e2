"""The router: one handler per client → server event, checked complete at start-up.

`Handlers` is a `TypedDict` with one key per event of `CLIENT_TO_SERVER_EVENTS`, so a
type checker rejects a router that misses an event or gives a handler the wrong
message class; `Router` checks the same again when it is built.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from typing_extensions import TypedDict

from shared_types import (
    CLIENT_MAX_BYTES,
    CLIENT_TO_SERVER_EVENTS,
    ClientToServerMessage,
    ErrorMessage,
    StartOutboundMessage,
    StopOutboundMessage,
    parse_client_message,
)

from ._client import Client
from ._logging import log

__all__ = ["INTERNAL_ERROR", "Handler", "Handlers", "Refused", "Router"]

INTERNAL_ERROR = "internalError"
"""The error code sent when a handler fails unexpectedly (details go to the log only)."""


_M = TypeVar("_M")

Handler = Callable[[_M, Client], Awaitable[None]]
"""``async (message, client) -> None``: handles one event from ``client``."""


class Handlers(TypedDict):
    """One handler per client → server event, by event name (every key is required)."""

    startOutbound: Handler[StartOutboundMessage]
    stopOutbound: Handler[StopOutboundMessage]


class Refused(Exception):  # noqa: N818 (a refusal, not a bug: the sender gets it as an error event)
    """Raised by a handler to refuse a request: the sender gets an ``error`` event.

    Args:
        code: The ``error`` field, a short code of your application (``unknownProject``).
        message: The ``message`` field, for people; it is sent as is, so it must not
            hold secrets.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


class Router:
    """Parses client frames and calls the event's handler; errors go to the sender only.

    Args:
        handlers: A handler for every client → server event.

    Raises:
        TypeError: An event has no handler, a key is not an event, or a handler is not
            callable.
    """

    def __init__(self, handlers: Handlers) -> None:
        given = dict(handlers)
        missing = sorted(CLIENT_TO_SERVER_EVENTS.keys() - given.keys())
        unknown = sorted(given.keys() - CLIENT_TO_SERVER_EVENTS.keys())
        if missing or unknown:
            raise TypeError(
                f"Router needs exactly one handler per client event: missing {missing}, "
                f"not client events {unknown}"
            )
        for event, handler in given.items():
            if not callable(handler):
                raise TypeError(f"the handler of {event!r} is not callable")
        self._handlers: dict[str, Handler[ClientToServerMessage]] = given  # type: ignore[assignment] # each key's handler takes that key's message class

    def parse(
        self, frame: str | bytes, *, max_bytes: int = CLIENT_MAX_BYTES
    ) -> ClientToServerMessage:
        """Parse one frame; larger than ``max_bytes``, it is ``messageTooLarge``.

        Raises:
            ProtocolError: The frame breaks the contract.
        """
        return parse_client_message(frame, max_bytes=max_bytes)

    async def dispatch(self, message: ClientToServerMessage, client: Client) -> None:
        """Call the message's handler; a refusal or a failure is answered to ``client``."""
        try:
            await self._handlers[message.event](message, client)
        except Refused as refusal:
            client.send(ErrorMessage.from_error(refusal.code, refusal.message))
        except Exception:
            log.exception("client %s: the %s handler failed", client.id, message.event)
            client.send(
                ErrorMessage.from_error(INTERNAL_ERROR, "The server failed to handle the message")
            )
