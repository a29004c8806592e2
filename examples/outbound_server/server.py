"""The WebSocket side: one handler per dashboard, and one place that answers failures.

Every frame goes through `OutboundServer.answer`: parse it with the library, dispatch
with ``match``, and turn whatever goes wrong into the protocol's ``error`` event for
that dashboard alone. The connection stays open and the others are not disturbed.

Error codes sent in ``error`` events, beyond the library's (`shared_types.ERROR_CODES`):
    unknownProject: ``stopOutbound`` named a project the server does not run.
    internalError: the server failed unexpectedly (a bug, an outage); the details go to
        the server's log, never to the dashboard.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from typing_extensions import assert_never
from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from shared_types import (
    DEFAULT_MAX_BYTES,
    ClientToServerMessage,
    ErrorMessage,
    Message,
    OutboundProjectConfig,
    ProjectStatusChangeMessage,
    ProtocolError,
    StartOutboundMessage,
    StopOutboundMessage,
    encode,
    parse_client_message,
)

from .projects import ProjectRegistry, UnknownProjectError
from .tokens import TokenExchange, fake_token_exchange

__all__ = ["INTERNAL_ERROR", "TRANSPORT_HEADROOM", "UNKNOWN_PROJECT", "OutboundServer"]

UNKNOWN_PROJECT: Final = "unknownProject"
INTERNAL_ERROR: Final = "internalError"

#: websockets refuses frames above its ``max_size`` by closing the connection (code
#: 1009) before the frame is read, which protects memory but tells the dashboard
#: nothing. Letting frames up to twice the library's limit through means a moderately
#: oversized message gets a proper ``messageTooLarge`` error and the connection lives on.
TRANSPORT_HEADROOM: Final = 2

#: Ids come from the network: logged and echoed through `repr`, and cut to this length.
MAX_SHOWN_ID: Final = 64

log = logging.getLogger("outbound_server")


class OutboundServer:
    """The example backend: runs outbound projects for every connected dashboard.

    Args:
        exchange_token: Turns a project's client credentials into an access token.
        max_bytes: The largest message, in bytes, the parser accepts.
    """

    def __init__(
        self,
        *,
        exchange_token: TokenExchange = fake_token_exchange,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.projects = ProjectRegistry()
        self.max_bytes = max_bytes
        self._exchange_token = exchange_token
        self._dashboards: set[ServerConnection] = set()

    @asynccontextmanager
    async def listen(self, host: str, port: int) -> AsyncIterator[list[str]]:
        """Accept dashboards on ``host:port`` until the block exits.

        Yields:
            The URLs the server is bound to (``port`` 0 picks a free port).
        """
        async with serve(
            self.handler, host, port, max_size=self.max_bytes * TRANSPORT_HEADROOM
        ) as server:
            yield [_url(sock.getsockname()) for sock in server.sockets]

    async def handler(self, websocket: ServerConnection) -> None:
        """Serve one dashboard: the current snapshot first, then its requests in order."""
        peer = f"dashboard {str(websocket.id)[:8]}"
        log.info("%s connected", peer)
        # No await between joining the broadcasts and writing the snapshot (a text
        # `send` writes before it first awaits), so no update can slip in between.
        self._dashboards.add(websocket)
        try:
            await websocket.send(encode(self.projects.snapshot()))
            async for frame in websocket:
                reply = await self.answer(frame, peer)
                if reply is not None:
                    await websocket.send(encode(reply))
        except ConnectionClosed as closed:
            log.info("%s lost: %s", peer, closed)
        finally:
            self._dashboards.discard(websocket)
        log.info("%s disconnected", peer)

    async def answer(self, frame: str | bytes, peer: str) -> ErrorMessage | None:
        """Handle one frame; the one place where every failure becomes an ``error`` event.

        Returns:
            The ``error`` event for the sender, or None when the request succeeded.
        """
        try:
            await self.dispatch(parse_client_message(frame, max_bytes=self.max_bytes))
        except ProtocolError as error:
            # Safe to log and to send: a ProtocolError never carries the input's values.
            log.info("%s sent a message rejected with %s", peer, error.code)
            return error.to_message()
        except UnknownProjectError as error:
            log.info("%s asked for unknown project %s", peer, _shown(error.project_id))
            return _error(UNKNOWN_PROJECT, f"No project {_shown(error.project_id)} is running")
        except Exception:
            log.exception("%s: handling a message failed", peer)
            return _error(INTERNAL_ERROR, "The server failed to handle the message")
        return None

    async def dispatch(self, message: ClientToServerMessage) -> None:
        """Do what a valid message asks."""
        match message:
            case StartOutboundMessage():
                await self.start(message.payload.project)
            case StopOutboundMessage():
                self.stop(message.payload.project.project_id)
            case _:
                assert_never(message)

    async def start(self, config: OutboundProjectConfig) -> None:
        """Register or re-activate a project, then tell every dashboard."""
        token = await self._exchange_token(config.client_id, config.client_secret)
        change = self.projects.start(config, access_token=token)
        log.info("project %s started, action %s", _shown(config.project_id), config.action)
        self.publish(self.projects.snapshot(triggered_by=config.project_id))
        if change is not None:
            self.publish(ProjectStatusChangeMessage.from_change(change))

    def stop(self, project_id: str) -> None:
        """Remove a project, then tell every dashboard.

        Raises:
            UnknownProjectError: The server does not run this project.
        """
        self.projects.stop(project_id)
        log.info("project %s stopped", _shown(project_id))
        self.publish(self.projects.snapshot(triggered_by=project_id))

    def publish(self, message: Message) -> None:
        """Send ``message`` to every connected dashboard (tokens masked by `encode`)."""
        broadcast(self._dashboards, encode(message))


def _error(code: str, text: str) -> ErrorMessage:
    return ErrorMessage.from_error(code, text)


def _shown(identifier: str) -> str:
    if len(identifier) > MAX_SHOWN_ID:
        identifier = identifier[:MAX_SHOWN_ID] + "…"
    return repr(identifier)


def _url(address: tuple[object, ...]) -> str:
    host, port = address[0], address[1]
    return f"ws://[{host}]:{port}" if ":" in str(host) else f"ws://{host}:{port}"
