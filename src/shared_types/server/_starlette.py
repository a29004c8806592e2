"""The adapter for Starlette (and FastAPI, which uses Starlette's WebSocket)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

try:
    from starlette.websockets import WebSocket, WebSocketDisconnect
except ImportError as missing:  # pragma: no cover (the extra is installed for the tests)
    raise ImportError("pip install 'shared-types[starlette]'") from missing

from shared_types._limits import text_exceeds

from ._hub import Hub
from ._logging import connections, shown
from ._policy import CLOSE_TOO_BIG, ConnectionLimits
from ._router import Router
from ._session import run_session

__all__ = ["serve_starlette", "starlette_endpoint"]


class _Connection:
    """A Starlette WebSocket as the kit's `Transport`."""

    __slots__ = ("_websocket",)

    def __init__(self, websocket: WebSocket) -> None:
        self._websocket = websocket

    async def send(self, text: str) -> None:
        await self._websocket.send_text(text)

    async def close(self, code: int, reason: str) -> None:
        await self._websocket.close(code, reason)


async def _frames(
    websocket: WebSocket, limits: ConnectionLimits, closed: list[tuple[int, str]]
) -> AsyncIterator[str | bytes]:
    while True:
        try:
            message = await websocket.receive()
        except (WebSocketDisconnect, RuntimeError):  # RuntimeError: closed by the server
            return
        if message["type"] == "websocket.disconnect":
            closed.append((int(message.get("code", 1005)), str(message.get("reason") or "")))
            return
        frame: str | bytes | None = message.get("text")
        if frame is None:
            frame = message.get("bytes") or b""
        # The ASGI server read the frame already (bound it with its own option, such
        # as uvicorn's --ws-max-size); past the kit's limit, refuse it like websockets.
        if _too_big(frame, limits.transport_max_bytes):
            await websocket.close(CLOSE_TOO_BIG, "message too big")
            return
        yield frame


def _too_big(frame: str | bytes, limit: int) -> bool:
    if isinstance(frame, bytes):
        return len(frame) > limit
    return text_exceeds(frame, limit)  # encodes only when the length leaves it open


async def serve_starlette(
    websocket: WebSocket, router: Router, hub: Hub, *, limits: ConnectionLimits | None = None
) -> None:
    """Serve one dashboard on a Starlette/FastAPI WebSocket (accepts it first)."""
    chosen = ConnectionLimits() if limits is None else limits
    await websocket.accept()
    closed: list[tuple[int, str]] = []
    client = await run_session(
        _Connection(websocket), _frames(websocket, chosen, closed), router, hub, chosen
    )
    for code, reason in closed:
        connections.info("client %s left: %d %s", client.id, code, shown(reason))


def starlette_endpoint(
    router: Router, hub: Hub, *, limits: ConnectionLimits | None = None
) -> Callable[[WebSocket], Awaitable[None]]:
    """A WebSocket endpoint for ``WebSocketRoute(path, endpoint)`` or ``@app.websocket(path)``.

    Run the ASGI server with a frame limit of ``limits.transport_max_bytes``
    (``uvicorn --ws-max-size``): the server reads each frame before the kit sees it.
    """

    async def endpoint(websocket: WebSocket) -> None:
        await serve_starlette(websocket, router, hub, limits=limits)

    return endpoint
