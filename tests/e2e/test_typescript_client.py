"""End to end across languages: a TypeScript dashboard against the Python example server.

``ts_client/client.ts`` is typed by the generated ``typescript/websocket.ts`` (compiled
as-is, with it) and built by the pinned ``tsc -p ts_client --strict`` into a temporary
folder; ``node`` runs it with the pinned ``ws``. It sends the specification's
``startOutbound`` example, re-activates the project, sends an unknown event and stops
the project, checking every event it receives; on success it prints one JSON line.

To show that its run-time checks can fail, the same client also meets a deliberately
wrong server (a few lines of websockets, in this process) and must name the mismatch.
Every process has a timeout and is always stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect
from websockets.sync.server import Server, ServerConnection, serve

from shared_types import (
    PROTOCOL_VERSION,
    ProjectsUpdateMessage,
    parse_client_message,
    parse_server_message,
)

from ._server import REPO, TIMEOUT, TOKEN_PREFIX, ServerProcess

CLIENT = Path(__file__).parent / "ts_client"
DOC = REPO / "docs" / "frontend-client.md"
GOLDEN = REPO / "tests" / "golden" / "valid"
#: What the client receives, in order, from the example server.
LIFECYCLE = [
    "projectsUpdate",  # on connect, from the system
    "projectsUpdate",  # startOutbound (init)
    "projectsUpdate",  # startOutbound again (active) ...
    "projectStatusChange",  # ... which changes the action
    "error",  # the unknown event
    "projectsUpdate",  # stopOutbound
]
#: The bound on a run of the client, whose every own wait is bounded by 20 s.
CLIENT_TIMEOUT = 120.0


RunClient = Callable[[int], "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="module")
def run_client(
    node: str, node_modules: Path, tmp_path_factory: pytest.TempPathFactory
) -> RunClient:
    """Compiles the client once; the function runs it against a port on 127.0.0.1."""
    out = tmp_path_factory.mktemp("ts_client")
    compiler = node_modules / "typescript" / "bin" / "tsc"
    command = [node, str(compiler), "-p", str(CLIENT), "--strict", "--outDir", str(out)]
    result = subprocess.run(  # noqa: S603 (node running the pinned tsc on our sources)
        command, cwd=REPO, capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The generated module is compiled beside the client, not a copy of it.
    assert (out / "typescript" / "websocket.js").is_file()
    script = out / "tests" / "e2e" / "ts_client" / "client.js"
    assert script.is_file()

    def run(port: int) -> subprocess.CompletedProcess[str]:
        # The output is CommonJS, so NODE_PATH finds ws in the pinned packages. On
        # timeout, subprocess.run kills node.
        return subprocess.run(  # noqa: S603 (node running the compiled client)
            [node, str(script), str(port)],
            cwd=REPO,
            env={**os.environ, "NODE_PATH": str(node_modules)},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            timeout=CLIENT_TIMEOUT,
        )

    return run


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    process = ServerProcess("--port", "0")
    try:
        yield process
    finally:
        process.stop()


def test_the_typescript_client_sees_the_lifecycle(
    run_client: RunClient, server: ServerProcess
) -> None:
    result = run_client(server.port)
    assert result.returncode == 0, f"{result.stdout}{result.stderr}\n--- server log:\n{server.log}"
    assert result.stderr == ""
    summary = json.loads(result.stdout)
    assert summary == {
        "ok": True,
        "protocolVersion": PROTOCOL_VERSION,
        "received": LIFECYCLE,
        "errors": ["unknownEvent"],
        "checks": summary["checks"],
    }
    assert summary["checks"] > 50

    # The server is still healthy, and the client removed its project.
    with connect(server.url, open_timeout=TIMEOUT, close_timeout=TIMEOUT, proxy=None) as python:
        snapshot = parse_server_message(python.recv(timeout=TIMEOUT))
    assert isinstance(snapshot, ProjectsUpdateMessage), snapshot
    assert snapshot.payload.triggered_by == "system"
    assert snapshot.payload.data == []
    assert server.stop() == 0, server.log
    assert TOKEN_PREFIX not in server.log
    assert "proj-456" in server.log  # the log is the server's, and names the project


class WrongServer:
    """Greets each client with ``frame``, records the one message it may send, and closes."""

    def __init__(self, frame: str | bytes) -> None:
        self.frame = frame
        self.received: list[str | bytes] = []
        self._server: Server = serve(self._handle, "127.0.0.1", 0)
        self.port: int = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(self.frame)
        # The client either rejects the frame (and leaves) or sends its startOutbound.
        with contextlib.suppress(ConnectionClosed, TimeoutError):
            self.received.append(connection.recv(timeout=TIMEOUT))
        connection.close()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=TIMEOUT)


def greeting(**changes: Any) -> dict[str, Any]:
    """The golden projectsUpdate as a first message (from the system), with ``changes``.

    A change's key is the path to a field, its parts joined by ``__``.
    """
    message: dict[str, Any] = json.loads(
        (GOLDEN / "server-projects-update.json").read_text(encoding="utf-8")
    )
    message["payload"]["triggeredBy"] = "system"
    for index, project in enumerate(message["payload"]["data"]):
        project["projectId"] = f"proj-other-{index}"  # the client starts proj-456 itself
    for path, value in changes.items():
        *parents, last = path.split("__")
        target: Any = message
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value
    return message


WRONG: list[tuple[str, str | bytes, str]] = [
    ("unmasked token", json.dumps(greeting(payload__data__1__access_token="tok")), "not masked"),
    (
        "timestamp not from toISOString",
        json.dumps(greeting(payload__timestamp="2025-01-15T08:30:00Z")),
        'projectsUpdate.timestamp: "2025-01-15T08:30:00Z" is not in the toISOString() form',
    ),
    (
        "stats that do not count",
        json.dumps(greeting(payload__stats__activeProjects=2)),
        "do not count",
    ),
    ("not from the system", json.dumps(greeting(payload__triggeredBy="proj-1")), "is from"),
    ("unknown event", json.dumps(greeting(event="projectsDeleted")), "not a server event"),
    ("binary frame", json.dumps(greeting()).encode(), "text frames"),
    ("not JSON", "{", "SyntaxError"),
]


@pytest.mark.parametrize(
    ("frame", "mismatch"), [case[1:] for case in WRONG], ids=[case[0] for case in WRONG]
)
def test_the_client_names_a_wrong_message(
    run_client: RunClient, frame: str | bytes, mismatch: str
) -> None:
    server = WrongServer(frame)
    try:
        result = run_client(server.port)
    finally:
        server.stop()
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("ts_client: FAILED: ")
    assert mismatch in result.stderr
    assert server.received == []  # it stopped at the first message


def test_the_golden_greeting_passes_and_the_client_sends_the_spec_example(
    run_client: RunClient,
) -> None:
    # The unchanged greeting passes the checks: the client goes on and sends the example,
    # then fails only because this server hangs up.
    server = WrongServer(json.dumps(greeting()))
    try:
        result = run_client(server.port)
    finally:
        server.stop()
    assert result.returncode == 1
    assert "the connection closed" in result.stderr, result.stderr
    [sent] = server.received
    assert isinstance(sent, str)
    spec = (GOLDEN / "client-start-outbound.json").read_text(encoding="utf-8")
    assert json.loads(sent) == json.loads(spec)
    assert parse_client_message(sent) == parse_client_message(spec)


def test_the_doc_shows_the_client_as_it_is_compiled() -> None:
    # docs/frontend-client.md shows regions of client.ts (between `// docs:start NAME` and
    # `// docs:end NAME`); its TypeScript blocks must be exactly those regions.
    source = (CLIENT / "client.ts").read_text(encoding="utf-8")
    regions = [
        textwrap.dedent(match.group(2))
        for match in re.finditer(
            r"^ *// docs:start (\w+)\n(.*?)^ *// docs:end \1\n", source, re.DOTALL | re.MULTILINE
        )
    ]
    blocks = re.findall(r"^```ts\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.S | re.M)
    assert len(regions) == 3
    assert sorted(blocks) == sorted(regions)
