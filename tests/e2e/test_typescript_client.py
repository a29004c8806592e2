"""End to end across languages: a TypeScript dashboard against the Python example server.

``ts_client/client.ts`` is built on the npm package ``shared-types``: packed from
typescript/ and installed, with the pinned ``ws``, into a fresh project where the pinned
``tsc`` compiles the client; ``node`` runs it. It validates every frame it receives with the
package's ``safeParseServerMessage``. It sends the specification's
``startOutbound`` example, re-activates the project, sends an unknown event and stops
the project, checking every event it receives; on success it prints one JSON line.

To show that its run-time checks can fail, the same client also meets a deliberately
wrong server (a few lines of websockets, in this process) and must name the mismatch.
Every process has a timeout and is always stopped.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
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
# Packing and installing the package, then compiling, take half a minute.
pytestmark = pytest.mark.slow

#: Installed beside the package, at the versions tests/typescript pins.
DEPENDENCIES = ("ws", "@types/ws", "@types/node")


RunClient = Callable[[int], "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="module")
def run_client(
    node: str, node_modules: Path, packed_package: Path, tmp_path_factory: pytest.TempPathFactory
) -> RunClient:
    """Builds the client once, in a fresh project that installed the packed package.

    The function runs it against a port on 127.0.0.1.
    """
    project = tmp_path_factory.mktemp("ts_client")
    (project / "package.json").write_text(
        json.dumps({"name": "ts-client", "private": True, "type": "module"}), encoding="utf-8"
    )
    pinned = json.loads((node_modules.parent / "package.json").read_text(encoding="utf-8"))
    others = [f"{name}@{pinned['devDependencies'][name]}" for name in DEPENDENCIES]
    npm = shutil.which("npm")
    assert npm is not None
    install = [npm, "install", "--no-audit", "--no-fund", "--prefer-offline"]
    result = subprocess.run(  # noqa: S603 (npm installing the packed package and ws)
        [*install, str(packed_package), *others],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("client.ts", "tsconfig.json"):
        shutil.copy(CLIENT / name, project / name)
    compiler = node_modules / "typescript" / "bin" / "tsc"
    result = subprocess.run(  # noqa: S603 (node running the pinned tsc on our sources)
        [node, str(compiler), "-p", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    script = project / "build" / "client.js"
    assert script.is_file()

    def run(port: int) -> subprocess.CompletedProcess[str]:
        # On timeout, subprocess.run kills node.
        return subprocess.run(  # noqa: S603 (node running the compiled client)
            [node, str(script), str(port)],
            cwd=project,
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
    ("unmasked token", json.dumps(greeting(payload__data__1__access_token="tok")), "access_token"),
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
    ("unknown event", json.dumps(greeting(event="projectsDeleted")), "unknownEvent: event"),
    ("a wrong payload", json.dumps(greeting(payload__data__0__agentQuantity="5")), "data.0"),
    ("binary frame", json.dumps(greeting()).encode(), "text frames"),
    ("not JSON", "{", "invalidJson"),
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
