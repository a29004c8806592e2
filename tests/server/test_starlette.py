"""The Starlette and FastAPI adapter, served for real by uvicorn on a free loopback port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest
import uvicorn
from fastapi import FastAPI, WebSocket
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from shared_types import ErrorMessage
from shared_types.server import (
    CLOSE_POLICY_VIOLATION,
    CLOSE_TOO_BIG,
    ConnectionLimits,
    Hub,
    serve_starlette,
    starlette_endpoint,
)

from ._kit import (
    closed_with,
    dashboard,
    receive,
    receive_update,
    run,
    simple_router,
    start_frame,
    until,
)

LIMITS = ConnectionLimits(max_bytes=1000, invalid_burst=3, invalid_per_second=0.001)


def starlette_app(hub: Hub) -> Starlette:
    endpoint = starlette_endpoint(simple_router(hub), hub, limits=LIMITS)
    return Starlette(routes=[WebSocketRoute("/ws", endpoint)], lifespan=hub.lifespan)


def fastapi_app(hub: Hub) -> FastAPI:
    app = FastAPI(lifespan=hub.lifespan)
    router = simple_router(hub)

    @app.websocket("/ws")
    async def dashboards(websocket: WebSocket) -> None:
        await serve_starlette(websocket, router, hub, limits=LIMITS)

    return app


@asynccontextmanager
async def served(app: Starlette) -> AsyncIterator[str]:
    """``app`` served by uvicorn; yields the WebSocket URL."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="on",
        # Above the kit's transport limit, not at it (as production would): uvicorn would
        # then close with 1009 itself, and the adapter's own check would go untested.
        ws_max_size=LIMITS.transport_max_bytes * 2,
    )
    server = uvicorn.Server(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    await until(lambda: server.started, "uvicorn to start")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"ws://127.0.0.1:{port}/ws"
    finally:
        server.should_exit = True
        await task


@pytest.mark.parametrize("make_app", [starlette_app, fastapi_app])
def test_the_adapter_serves_the_protocol(make_app: Callable[[Hub], Starlette]) -> None:
    async def scenario() -> None:
        hub = Hub(interval=0.01)
        async with served(make_app(hub)) as url, dashboard(url) as first, dashboard(url) as second:
            assert (await receive_update(first)).payload.data == []
            await receive_update(second)
            await first.send(start_frame("p-1"))
            for ws in (first, second):
                update = await receive_update(ws)
                assert [p.project_id for p in update.payload.data] == ["p-1"]
                assert update.payload.data[0].access_token == "***"
            # Binary frames are parsed as UTF-8 JSON too.
            await second.send(start_frame("p-2").encode())
            for ws in (first, second):
                assert len((await receive_update(ws)).payload.data) == 2
            # Errors go to the sender only.
            await first.send(start_frame("p-3") + " " * 1000)
            reply = await receive(first)
            assert isinstance(reply, ErrorMessage)
            assert reply.payload.error == "messageTooLarge"
            await second.send(start_frame("sentinel"))
            for ws in (first, second):
                assert (await receive_update(ws)).payload.triggered_by == "sentinel"
            # Above the transport limit, the connection is closed with 1009.
            await first.send(start_frame("p-4") + " " * 2000)
            assert await closed_with(first) == CLOSE_TOO_BIG
            # A flood of invalid frames: three answers, then 1008.
            for _ in range(20):
                await second.send("{")
            answers = [await receive(second) for _ in range(3)]
            assert all(isinstance(answer, ErrorMessage) for answer in answers)
            assert await closed_with(second) == CLOSE_POLICY_VIOLATION
        assert not hub.clients

    run(scenario)
