"""Helpers for the server kit's tests: a real server on a free loopback port, real clients.

Every scenario runs under `run`, which bounds it with a timeout, so a bug fails a test
instead of hanging it.
"""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Any, TypeVar

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from shared_types import (
    SERVER_MAX_BYTES,
    OutboundProjectConfig,
    ProjectAction,
    ProjectInfo,
    ProjectRef,
    ProjectsUpdateMessage,
    ServerToClientMessage,
    StartOutboundMessage,
    StartOutboundPayload,
    StopOutboundMessage,
    StopOutboundPayload,
    encode,
    parse_server_message,
)
from shared_types.server import Backend, Client, ConnectionLimits, Hub, Refused, Router, serve

#: The bound on every scenario and every wait: generous for a loaded machine.
TIMEOUT = 20.0
T = TypeVar("T")


def run(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run an async scenario with a timeout."""

    async def bounded() -> T:
        return await asyncio.wait_for(scenario(), TIMEOUT * 3)

    return asyncio.run(bounded())


def project(
    project_id: str,
    *,
    action: ProjectAction = "init",
    token: str = "real-token",  # noqa: S107 (a fake token: its masking is what is tested)
) -> ProjectInfo:
    moment = datetime(2025, 1, 15, 8, 30, tzinfo=timezone.utc)
    return ProjectInfo(
        project_id=project_id,
        call_flow_id=f"flow-{project_id}",
        action=action,
        client_id="client-1",
        agent_quantity=0,
        caller=None,
        access_token=token,
        ws_connected=action == "active",
        created_at=moment,
        updated_at=moment,
    )


def start_frame(project_id: str, *, client_id: str = "client-1") -> str:
    config = OutboundProjectConfig(
        call_flow_id=f"flow-{project_id}",
        project_id=project_id,
        client_id=client_id,
        client_secret="s3cr3t",
        action="init",
        error=None,
    )
    return encode(StartOutboundMessage(payload=StartOutboundPayload(project=config)))


def stop_frame(project_id: str) -> str:
    return encode(
        StopOutboundMessage(payload=StopOutboundPayload(project=ProjectRef(project_id=project_id)))
    )


def simple_router(hub: Hub) -> Router:
    """Start puts the project (a ``client_id`` of ``crash`` raises); stop refuses unknown ids."""

    async def start(message: StartOutboundMessage, client: Client) -> None:
        config = message.payload.project
        if config.client_id == "crash":
            raise RuntimeError("handler bug")
        await hub.put(project(config.project_id, action=config.action))

    async def stop(message: StopOutboundMessage, client: Client) -> None:
        if await hub.remove(message.payload.project.project_id) is None:
            raise Refused("unknownProject", "No such project")

    return Router({"startOutbound": start, "stopOutbound": stop})


@asynccontextmanager
async def kit_server(
    *,
    limits: ConnectionLimits | None = None,
    interval: float = 0.01,
    backend: Backend | None = None,
    make_router: Callable[[Hub], Router] = simple_router,
    **options: Any,
) -> AsyncIterator[tuple[Hub, str]]:
    """The kit's websockets server on a free port; yields the hub and the URL."""
    async with (
        Hub(backend, interval=interval) as hub,
        serve(make_router(hub), hub, "127.0.0.1", 0, limits=limits, **options) as server,
    ):
        port = server.sockets[0].getsockname()[1]
        yield hub, f"ws://127.0.0.1:{port}"


def dashboard(url: str, **options: Any) -> Any:
    """A real client (an async context manager), accepting the server's frame limit."""
    options.setdefault("max_size", SERVER_MAX_BYTES)
    options.setdefault("proxy", None)
    options.setdefault("close_timeout", TIMEOUT)
    return connect(url, open_timeout=TIMEOUT, **options)


async def receive(connection: ClientConnection) -> ServerToClientMessage:
    frame = await asyncio.wait_for(connection.recv(), TIMEOUT)
    return parse_server_message(frame, max_bytes=SERVER_MAX_BYTES)


async def receive_update(connection: ClientConnection) -> ProjectsUpdateMessage:
    message = await receive(connection)
    assert isinstance(message, ProjectsUpdateMessage), message
    return message


async def closed_with(connection: ClientConnection) -> int:
    """Read until the server closes; its close code."""
    with pytest.raises(ConnectionClosed) as closed:
        await _read_forever(connection)
    assert closed.value.rcvd is not None, "the server sent no close frame"
    return closed.value.rcvd.code


async def _read_forever(connection: ClientConnection) -> None:
    while True:
        await asyncio.wait_for(connection.recv(), TIMEOUT)


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait (polling, bounded) until ``condition`` holds."""
    for _ in range(int(TIMEOUT / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def ids_of(update: Awaitable[ProjectsUpdateMessage]) -> list[str]:
    return [item.project_id for item in (await update).payload.data]


@asynccontextmanager
async def silent_client(url: str) -> AsyncIterator[None]:
    """A real WebSocket client that opens the connection and then never reads again.

    A plain TCP connection with the upgrade written by hand: what it does not read
    stays in the kernel's buffers (asyncio stops reading past its stream's limit), so
    the server's writes to it block, whatever a client library's flow control does.
    """
    host, port = url.removeprefix("ws://").split("/")[0].rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port), limit=2**12)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
    assert head.startswith(b"HTTP/1.1 101"), head[:80]
    try:
        yield None
    finally:
        writer.transport.abort()
