"""The hub: one encode per broadcast, coalesced bursts, bounded queues for slow readers."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from websockets.asyncio.client import ClientConnection

from shared_types import (
    ErrorMessage,
    ErrorPayload,
    ProjectStatusChange,
    ProjectStatusChangeMessage,
)
from shared_types.server import CLOSE_SLOW_CONSUMER, ConnectionLimits

from ._kit import (
    TIMEOUT,
    closed_with,
    dashboard,
    kit_server,
    project,
    receive,
    receive_update,
    run,
    silent_client,
    until,
)


def test_a_burst_of_changes_is_coalesced_into_few_snapshots() -> None:
    async def scenario() -> list[int]:
        async with kit_server(interval=0.05) as (hub, url), dashboard(url) as ws:
            await receive_update(ws)
            for index in range(500):
                await hub.put(project(f"p-{index}"))
                if index % 50 == 0:
                    await asyncio.sleep(0)  # let the flusher run mid-burst too
            sizes: list[int] = []
            while not sizes or sizes[-1] < 500:
                sizes.append(len((await receive_update(ws)).payload.data))
            return sizes

    sizes = run(scenario)
    assert sizes[-1] == 500
    assert sizes == sorted(sizes)  # never an older state after a newer one
    assert len(sizes) <= 12  # 500 changes, a handful of snapshots


def test_every_dashboard_gets_the_same_snapshot_then_the_change() -> None:
    async def scenario() -> None:
        async with kit_server() as (hub, url), dashboard(url) as first, dashboard(url) as second:
            for ws in (first, second):
                await receive_update(ws)
            old = project("p-1")
            await hub.put(old)
            new = project("p-1", action="active")
            await hub.put(new)
            hub.status_changed(
                ProjectStatusChange(
                    project_id="p-1",
                    old_action="init",
                    new_action="active",
                    changed_at=new.updated_at,
                )
            )
            frames = []
            for ws in (first, second):
                update = await receive_update(ws)
                assert [p.action for p in update.payload.data] == ["active"]
                assert update.payload.triggered_by == "p-1"
                assert update.payload.data[0].access_token == "***"
                change = await receive(ws)
                assert isinstance(change, ProjectStatusChangeMessage)
                frames.append(update.payload.timestamp)
            assert frames[0] == frames[1]  # one snapshot, encoded once, sent to both

    run(scenario)


def test_a_reader_that_never_reads_is_closed_and_costs_one_pending_snapshot() -> None:
    limits = ConnectionLimits(send_timeout=1.0)

    async def scenario() -> None:
        async with kit_server(limits=limits, interval=0.05) as (hub, url):
            for index in range(3000):  # snapshots of some 800 KB
                await hub.put(project(f"project-with-a-longer-id-{index:05}"))
            # max_queue=1: the client stops reading from its socket after a frame or two;
            # uncompressed, the kernel's buffers (tens of MB on loopback) fill sooner.
            stuck_options = {"max_queue": 1, "close_timeout": 0.5, "compression": None}
            async with dashboard(url, **stuck_options) as stuck:
                await until(lambda: len(hub.clients) == 1, "the stuck client joined")
                (stuck_client,) = hub.clients
                async with dashboard(url) as live:
                    sizes: list[int] = []
                    reader = asyncio.get_running_loop().create_task(keep_reading(live, sizes))
                    extra = 0
                    while not stuck_client.closed:
                        await hub.put(project(f"p-extra-{extra}"))
                        extra += 1
                        await asyncio.sleep(0.01)
                        assert stuck_client.queued <= 1  # only the newest snapshot waits
                        assert extra < 2000, "the stuck client was never closed"
                    assert stuck_client.close_code == CLOSE_SLOW_CONSUMER
                    # The live dashboard kept reading and is still served.
                    await until(lambda: sizes[-1] == 3000 + extra, "the live one's last update")
                    reader.cancel()
                # Once it reads again, the stuck client learns why it was closed.
                assert await closed_with(stuck) == CLOSE_SLOW_CONSUMER

    run(scenario)


async def keep_reading(ws: ClientConnection, sizes: list[int]) -> None:
    while True:
        sizes.append(len((await receive_update(ws)).payload.data))


def test_a_queue_over_its_bound_closes_the_connection() -> None:
    limits = ConnectionLimits(max_queued=20, send_timeout=TIMEOUT)
    notice = ErrorMessage(
        payload=ErrorPayload(
            error="notice", message="x" * 200_000, timestamp=datetime.now(timezone.utc)
        )
    )

    async def scenario() -> None:
        async with (
            kit_server(limits=limits) as (hub, url),
            silent_client(url),
        ):
            await until(lambda: len(hub.clients) == 1, "the client joined")
            (client,) = hub.clients
            for _ in range(500):  # events are never dropped: past 20 waiting, the close
                hub.broadcast(notice)
                await hub.flush()
                await asyncio.sleep(0)
                if client.closed:
                    break
            assert client.close_code == CLOSE_SLOW_CONSUMER

    run(scenario)
