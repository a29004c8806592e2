"""End to end with Redis: two example server processes, and one killed and restarted.

Both run ``python examples/outbound_server --port 0 --redis URL`` against a real
``redis-server`` on a free port (see tests/redis_server.py).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from redis_server import RedisServer

from ._server import ServerProcess
from .test_outbound_server import assert_update, open_dashboard, start, stop


@pytest.fixture
def two_servers(redis_server: RedisServer) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    first = ServerProcess("--port", "0", "--redis", redis_server.url)
    try:
        second = ServerProcess("--port", "0", "--redis", redis_server.url)
        try:
            yield first, second
        finally:
            second.stop()
    finally:
        first.stop()


def test_a_change_on_one_server_reaches_the_dashboards_of_the_other(
    two_servers: tuple[ServerProcess, ServerProcess],
) -> None:
    first, second = two_servers
    with open_dashboard(first.url) as on_first, open_dashboard(second.url) as on_second:
        for dashboard in (on_first, on_second):
            assert dashboard.receive_update().payload.data == []
        on_first.send(start("proj-a", "init"))
        for dashboard in (on_first, on_second):
            assert_update(
                dashboard.receive_update(),
                triggered_by="proj-a",
                actions={"proj-a": "init"},
                stats=(1, 0, 0),
            )
        on_second.send(start("proj-a", "active"))
        for dashboard in (on_first, on_second):
            assert_update(
                dashboard.receive_update(),
                triggered_by="proj-a",
                actions={"proj-a": "active"},
                stats=(1, 1, 1),
            )
            assert dashboard.receive().event == "projectStatusChange"
        on_second.send(stop("proj-a"))
        for dashboard in (on_first, on_second):
            assert dashboard.receive_update().payload.data == []


def test_a_killed_server_loses_nothing(redis_server: RedisServer) -> None:
    server = ServerProcess("--port", "0", "--redis", redis_server.url)
    try:
        with open_dashboard(server.url) as dashboard:
            dashboard.receive_update()
            for index in range(5):
                dashboard.send(start(f"proj-{index}", "active"))
                dashboard.receive_update()
        server.process.send_signal(signal.SIGKILL)  # no clean shutdown
        server.stop()
        server = ServerProcess("--port", "0", "--redis", redis_server.url)
        with open_dashboard(server.url) as dashboard:
            assert_update(
                dashboard.receive_update(),
                triggered_by="system",
                actions={f"proj-{index}": "active" for index in range(5)},
                stats=(5, 5, 5),
            )
    finally:
        server.stop()
