"""End to end: the example server as a real process, real WebSocket clients over loopback.

The server runs as ``python examples/outbound_server --port 0`` and the tests read the
port from its ready line. Every wait has a timeout, so a bug fails a test instead of
hanging it; the process is always stopped (SIGTERM, then kill) and its log checked.

"The others are undisturbed" is proven without a timed wait: after the sender got its
answer, a bystander starts a sentinel project, and every dashboard's *next* message
must be that update. Anything stray sent earlier would arrive before it (one ordered
TCP stream per dashboard) and fail the assertion.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest
from websockets.exceptions import ConnectionClosedError
from websockets.sync.client import ClientConnection, connect

from shared_types import (
    ErrorMessage,
    Message,
    OutboundProjectConfig,
    ProjectAction,
    ProjectRef,
    ProjectStatusChangeMessage,
    ProjectsUpdateMessage,
    ServerToClientMessage,
    StartOutboundMessage,
    StartOutboundPayload,
    StopOutboundMessage,
    StopOutboundPayload,
    encode,
    parse_server_message,
)

from ._server import TIMEOUT, TOKEN_PREFIX, ServerProcess

#: A small message limit keeps the oversized frames small.
MAX_BYTES = 4096


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    process = ServerProcess("--port", "0", "--max-bytes", str(MAX_BYTES))
    try:
        yield process
    finally:
        process.stop()


class Dashboard:
    """A real WebSocket client that records every frame it receives."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.frames: list[str] = []

    def send(self, message: Message | str | bytes) -> None:
        frame = message if isinstance(message, (str, bytes)) else encode(message)
        self.connection.send(frame)

    def receive(self) -> ServerToClientMessage:
        frame = self.connection.recv(timeout=TIMEOUT)
        assert isinstance(frame, str), "the server sends text frames"
        self.frames.append(frame)
        return parse_server_message(frame)

    def receive_update(self) -> ProjectsUpdateMessage:
        message = self.receive()
        assert isinstance(message, ProjectsUpdateMessage), message
        return message

    def receive_error(self, code: str) -> ErrorMessage:
        message = self.receive()
        assert isinstance(message, ErrorMessage), message
        assert message.payload.error == code, message.payload
        assert message.payload.message
        return message


@contextmanager
def open_dashboard(url: str) -> Iterator[Dashboard]:
    """Connect a dashboard; it is closed when the block exits."""
    with connect(
        url, open_timeout=TIMEOUT, close_timeout=TIMEOUT, proxy=None, max_size=None
    ) as connection:
        yield Dashboard(connection)


@pytest.fixture
def dashboards(server: ServerProcess) -> Iterator[list[Dashboard]]:
    """Three dashboards, each past its first snapshot (no projects yet)."""
    with ExitStack() as stack:
        opened = [stack.enter_context(open_dashboard(server.url)) for _ in range(3)]
        for dashboard in opened:
            first = dashboard.receive_update()
            assert first.payload.triggered_by == "system"
            assert first.payload.data == []
        yield opened


def secret_of(project_id: str) -> str:
    return f"s3cr3t-of-{project_id}-must-never-leak"


def start(
    project_id: str, action: ProjectAction, client_id: str = "client-1"
) -> StartOutboundMessage:
    config = OutboundProjectConfig(
        call_flow_id=f"flow-{project_id}",
        project_id=project_id,
        client_id=client_id,
        client_secret=secret_of(project_id),
        action=action,
        error=None,
    )
    return StartOutboundMessage(payload=StartOutboundPayload(project=config))


def stop(project_id: str) -> StopOutboundMessage:
    return StopOutboundMessage(
        payload=StopOutboundPayload(project=ProjectRef(project_id=project_id))
    )


def assert_update(
    message: ProjectsUpdateMessage,
    *,
    triggered_by: str,
    actions: dict[str, ProjectAction],
    stats: tuple[int, int, int],
) -> None:
    """The snapshot lists exactly ``actions`` (in order), masked, with ``stats``."""
    payload = message.payload
    assert payload.triggered_by == triggered_by
    assert {project.project_id: project.action for project in payload.data} == actions
    assert [project.project_id for project in payload.data] == list(actions)
    for project in payload.data:
        assert project.access_token == "***"
        assert project.ws_connected is (project.action == "active")
        assert project.call_flow_id == f"flow-{project.project_id}"
        assert project.created_at <= project.updated_at <= payload.timestamp
    counted = payload.stats
    assert (
        counted.total_projects,
        counted.active_projects,
        counted.connected_projects,
    ) == stats


def assert_nothing_leaked(
    server: ServerProcess, dashboards: list[Dashboard], ids: list[str]
) -> None:
    """Stop the server; no frame and no log line holds a secret or a token."""
    assert server.stop() == 0, server.log  # SIGTERM is a clean shutdown
    texts = [server.log] + [frame for dashboard in dashboards for frame in dashboard.frames]
    for text in texts:
        assert TOKEN_PREFIX not in text
        for project_id in ids:
            assert secret_of(project_id) not in text


def test_every_dashboard_sees_the_lifecycle(
    server: ServerProcess, dashboards: list[Dashboard]
) -> None:
    first, second, third = dashboards

    first.send(start("proj-a", "init"))
    for dashboard in dashboards:
        assert_update(
            dashboard.receive_update(),
            triggered_by="proj-a",
            actions={"proj-a": "init"},
            stats=(1, 0, 0),
        )

    second.send(start("proj-b", "active"))
    for dashboard in dashboards:
        assert_update(
            dashboard.receive_update(),
            triggered_by="proj-b",
            actions={"proj-a": "init", "proj-b": "active"},
            stats=(2, 1, 1),
        )

    # Re-activation: the snapshot, then the change of action.
    first.send(start("proj-a", "active"))
    for dashboard in dashboards:
        update = dashboard.receive_update()
        assert_update(
            update,
            triggered_by="proj-a",
            actions={"proj-a": "active", "proj-b": "active"},
            stats=(2, 2, 2),
        )
        change = dashboard.receive()
        assert isinstance(change, ProjectStatusChangeMessage), change
        data = change.payload.data
        assert (data.project_id, data.old_action, data.new_action) == ("proj-a", "init", "active")
        assert data.changed_at == update.payload.data[0].updated_at

    # The same action again is no change: only the snapshot.
    third.send(start("proj-b", "active"))
    for dashboard in dashboards:
        assert_update(
            dashboard.receive_update(),
            triggered_by="proj-b",
            actions={"proj-a": "active", "proj-b": "active"},
            stats=(2, 2, 2),
        )

    first.send(stop("proj-b"))
    for dashboard in dashboards:
        assert_update(
            dashboard.receive_update(),
            triggered_by="proj-b",
            actions={"proj-a": "active"},
            stats=(1, 1, 1),
        )

    # A dashboard that joins late gets the current state, from the system.
    with open_dashboard(server.url) as late:
        assert_update(
            late.receive_update(),
            triggered_by="system",
            actions={"proj-a": "active"},
            stats=(1, 1, 1),
        )

    # A dashboard that leaves does not stop the broadcasts to the others.
    third.connection.close()
    second.send(stop("proj-a"))
    for dashboard in (first, second):
        assert_update(
            dashboard.receive_update(), triggered_by="proj-a", actions={}, stats=(0, 0, 0)
        )

    assert_nothing_leaked(server, [*dashboards, late], ["proj-a", "proj-b"])


def assert_next_is_sentinel(dashboards: list[Dashboard], sentinel: str) -> None:
    """Start ``sentinel`` from the last dashboard; it must be everyone's next message."""
    dashboards[-1].send(start(sentinel, "init"))
    for dashboard in dashboards:
        update = dashboard.receive_update()
        assert update.payload.triggered_by == sentinel
        assert [project.project_id for project in update.payload.data] == [sentinel]
    dashboards[-1].send(stop(sentinel))
    for dashboard in dashboards:
        assert dashboard.receive_update().payload.data == []


GOOD_START = encode(start("proj-bad", "init"))

BAD_INPUT: list[tuple[str, str | bytes, str]] = [
    ("invalid JSON", '{"event": "startOutbound", ', "invalidJson"),
    ("invalid UTF-8 in a binary frame", b'{"event": "\xff"}', "invalidJson"),
    ("not an envelope", "[]", "invalidMessage"),
    ("unknown event", '{"event": "launchOutbound", "payload": {}}', "unknownEvent"),
    ("a server event", encode(ProjectsUpdateMessage.from_projects([])), "unknownEvent"),
    (
        "wrong type",
        GOOD_START.replace('"projectId":"proj-bad"', '"projectId":5'),
        "invalidPayload",
    ),
    ("missing field", GOOD_START.replace(',"error":null', ""), "invalidPayload"),
    ("huge frame", GOOD_START + " " * MAX_BYTES, "messageTooLarge"),
    ("unknown project", encode(stop("proj-nowhere")), "unknownProject"),
]


def test_bad_input_gets_an_error_to_the_sender_only(
    server: ServerProcess, dashboards: list[Dashboard]
) -> None:
    sender = dashboards[0]
    for name, frame, code in BAD_INPUT:
        sender.send(frame)
        error = sender.receive_error(code)
        assert "proj-bad" not in error.payload.message, name
        assert_next_is_sentinel(dashboards, f"sentinel-after-{code}")

    assert_nothing_leaked(server, dashboards, ["proj-bad"])


def test_a_frame_above_the_transport_limit_closes_only_that_connection(
    server: ServerProcess, dashboards: list[Dashboard]
) -> None:
    sender, *others = dashboards
    # The server lets frames up to twice its message limit reach the parser (and answers
    # messageTooLarge, above); beyond that, websockets closes with 1009 unread.
    sender.send(GOOD_START + " " * (2 * MAX_BYTES))
    with pytest.raises(ConnectionClosedError) as closed:
        sender.receive()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009  # message too big

    assert_next_is_sentinel(others, "sentinel-after-close")
    with open_dashboard(server.url) as newcomer:
        assert newcomer.receive_update().payload.data == []
    assert_nothing_leaked(server, dashboards, ["proj-bad"])


def test_an_unexpected_failure_is_a_generic_error_and_is_logged(
    server: ServerProcess, dashboards: list[Dashboard]
) -> None:
    sender = dashboards[0]
    sender.send(start("proj-crash", "active", client_id="crash-client"))
    error = sender.receive_error("internalError")
    assert error.payload.message == "The server failed to handle the message"
    assert_next_is_sentinel(dashboards, "sentinel-after-crash")  # and nothing was added

    assert_nothing_leaked(server, dashboards, ["proj-crash"])
    assert "Traceback (most recent call last)" in server.log
    assert "simulated outage" in server.log  # the details are in the log, not on the wire
    assert all("simulated outage" not in frame for frame in sender.frames)
