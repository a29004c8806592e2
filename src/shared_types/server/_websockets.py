"""The adapter for the ``websockets`` asyncio server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

try:
    from websockets.asyncio.server import Server, ServerConnection
    from websockets.asyncio.server import serve as _websockets_serve
    from websockets.exceptions import ConnectionClosed
except ImportError as missing:  # pragma: no cover (the extra is installed for the tests)
    raise ImportError("pip install 'shared-types[server]'") from missing

from ._hub import Hub
from ._logging import connections, shown
from ._policy import ConnectionLimits
from ._router import Router
from ._session import run_session

__all__ = ["serve", "websockets_handler"]


class _Connection:
    """A websockets connection as the kit's `Transport`."""

    __slots__ = ("_websocket",)

    def __init__(self, websocket: ServerConnection) -> None:
        self._websocket = websocket

    async def send(self, text: str) -> None:
        await self._websocket.send(text)

    async def close(self, code: int, reason: str) -> None:
        await self._websocket.close(code, reason)


async def _frames(websocket: ServerConnection) -> AsyncIterator[str | bytes]:
    try:
        async for frame in websocket:
            yield frame
    except ConnectionClosed:
        return


def websockets_handler(
    router: Router, hub: Hub, *, limits: ConnectionLimits | None = None
) -> Callable[[ServerConnection], Awaitable[None]]:
    """A connection handler for ``websockets.asyncio.server.serve``.

    Pass ``max_size=limits.transport_max_bytes`` to ``serve`` (or use `serve` here).
    """
    chosen = ConnectionLimits() if limits is None else limits

    async def handler(websocket: ServerConnection) -> None:
        client = await run_session(_Connection(websocket), _frames(websocket), router, hub, chosen)
        received = websocket.protocol.close_rcvd  # what the client said, if it said it
        if received is not None:
            connections.info(
                "client %s left: %d %s", client.id, received.code, shown(received.reason)
            )
        else:
            connections.info("client %s left without a close frame", client.id)

    return handler


@asynccontextmanager
async def serve(
    router: Router,
    hub: Hub,
    host: str | None,
    port: int | None,
    *,
    limits: ConnectionLimits | None = None,
    **options: Any,
) -> AsyncIterator[Server]:
    """Serve dashboards on ``host:port`` with ``websockets`` until the block exits.

    The hub must be running (``async with hub``). The transport's frame limit is
    ``limits.transport_max_bytes``.

    Args:
        router: The handlers.
        hub: The connections and the projects.
        host: The interface; None for all.
        port: The port; 0 picks a free one.
        limits: Per-connection protection; `ConnectionLimits` defaults.
        options: More keyword arguments for ``websockets.asyncio.server.serve``.

    Yields:
        The ``websockets`` server (``server.sockets`` tells the bound port).
    """
    chosen = ConnectionLimits() if limits is None else limits
    options.setdefault("max_size", chosen.transport_max_bytes)
    options.setdefault("close_timeout", 5)
    handler = websockets_handler(router, hub, limits=chosen)
    async with _websockets_serve(handler, host, port, **options) as server:
        yield server
