"""The Redis back end against a real redis-server: shared state, broadcasts across hubs."""

from __future__ import annotations

import asyncio
import contextlib

from redis.exceptions import RedisError

from redis_server import RedisServer
from shared_types.server import CLOSE_INTERNAL_ERROR, RedisBackend

from ._kit import (
    closed_with,
    dashboard,
    kit_server,
    project,
    receive_update,
    run,
    start_frame,
    stop_frame,
)


def test_two_hubs_share_projects_and_broadcasts(redis_server: RedisServer) -> None:
    async def scenario() -> None:
        async with (
            kit_server(backend=RedisBackend(redis_server.url)) as (hub_a, url_a),
            kit_server(backend=RedisBackend(redis_server.url)) as (hub_b, url_b),
            dashboard(url_a) as on_a,
            dashboard(url_b) as on_b,
        ):
            for ws in (on_a, on_b):
                assert (await receive_update(ws)).payload.data == []
            await on_a.send(start_frame("p-1"))  # a change on A ...
            for ws in (on_a, on_b):  # ... reaches the dashboards of both
                update = await receive_update(ws)
                assert [p.project_id for p in update.payload.data] == ["p-1"]
                assert update.payload.triggered_by == "p-1"
            await on_b.send(start_frame("p-2"))
            await on_b.send(start_frame("p-1"))  # replaced in place, order kept
            for ws in (on_a, on_b):
                while len(data := (await receive_update(ws)).payload.data) < 2:
                    pass
                assert [p.project_id for p in data] == ["p-1", "p-2"]
            assert [p.project_id for p in await hub_a.projects()] == ["p-1", "p-2"]
            await on_a.send(stop_frame("p-1"))
            for ws in (on_a, on_b):
                update = await receive_update(ws)
                assert [p.project_id for p in update.payload.data] == ["p-2"]
            assert await hub_b.get("p-1") is None

    run(scenario)


def test_the_state_outlives_the_process_and_keeps_the_real_token(
    redis_server: RedisServer,
) -> None:
    async def scenario() -> None:
        async with kit_server(backend=RedisBackend(redis_server.url)) as (hub, _):
            await hub.put(project("p-1", token="the-real-token"))
            await hub.put(project("p-2", action="active"))
        # A new hub on the same Redis (a restarted server) finds both, tokens intact.
        async with kit_server(backend=RedisBackend(redis_server.url)) as (hub, url):
            found = await hub.projects()
            assert [(p.project_id, p.action) for p in found] == [("p-1", "init"), ("p-2", "active")]
            assert found[0].access_token == "the-real-token"
            async with dashboard(url) as ws:
                update = await receive_update(ws)
                assert [p.access_token for p in update.payload.data] == ["***", "***"]
        # Another prefix is another, empty, set of projects.
        async with kit_server(backend=RedisBackend(redis_server.url, prefix="other")) as (hub, _):
            assert await hub.projects() == []

    run(scenario)


def test_a_late_joiner_never_gets_an_older_snapshot(redis_server: RedisServer) -> None:
    async def scenario() -> None:
        async with (
            kit_server(backend=RedisBackend(redis_server.url), interval=0.0) as (hub_a, url_a),
            kit_server(backend=RedisBackend(redis_server.url), interval=0.0) as (hub_b, _),
        ):
            writers = [
                hub.put(project(f"p-{index}"))
                for index in range(100)
                for hub in ((hub_a,) if index % 2 else (hub_b,))
            ]
            async with dashboard(url_a) as ws:
                await asyncio.gather(*writers)
                sizes: list[int] = []
                while not sizes or sizes[-1] < 100:
                    sizes.append(len((await receive_update(ws)).payload.data))
                assert sizes == sorted(sizes)

    run(scenario)


def test_a_dashboard_is_closed_with_1011_while_redis_is_down(redis_server: RedisServer) -> None:
    async def scenario() -> None:
        async with kit_server(backend=RedisBackend(redis_server.url)) as (_, url):
            redis_server.stop()
            async with dashboard(url) as ws:
                assert await closed_with(ws) == CLOSE_INTERNAL_ERROR

    run(scenario)


def test_broadcasts_resume_after_redis_restarts(redis_server: RedisServer) -> None:
    async def scenario() -> None:
        async with (
            kit_server(backend=RedisBackend(redis_server.url)) as (hub_a, _),
            kit_server(backend=RedisBackend(redis_server.url)) as (_, url_b),
            dashboard(url_b) as on_b,
        ):
            await receive_update(on_b)
            redis_server.stop()
            redis_server.start()  # same port, empty
            for attempt in range(100):  # the listener reconnects within a second or so
                with contextlib.suppress(RedisError):
                    await hub_a.put(project(f"p-{attempt}"))
                with contextlib.suppress(asyncio.TimeoutError):
                    update = await asyncio.wait_for(receive_update(on_b), 0.2)
                    assert update.payload.data[-1].project_id.startswith("p-")
                    return
            raise AssertionError("no broadcast reached the other hub after Redis restarted")

    run(scenario)
