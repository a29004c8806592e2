"""The dashboard example in a real browser: headless Chromium against the example server.

``examples/dashboard`` is bundled with esbuild in a fresh project that installed the packed
npm package (as a frontend would), served over HTTP from this process, and driven by
``dashboard_driver.mjs`` (playwright-core, Debian's ``/usr/bin/chromium``) while the example
server runs as a real process: the page shows the snapshot, follows another client's
change, starts and stops projects, shows the server's ``error`` for a bad request, and never
shows a token or a secret. ``DASHBOARD_SCREENSHOT=docs/dashboard.png`` keeps the screenshot.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from ._server import REPO, TIMEOUT, TOKEN_PREFIX, ServerProcess

DASHBOARD = REPO / "examples" / "dashboard"
DRIVER = Path(__file__).parent / "dashboard_driver.mjs"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(node: str, packed_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page and its bundle, built against the installed tarball."""
    project = tmp_path_factory.mktemp("dashboard")
    for name in ("index.html", "build.mjs"):
        shutil.copy(DASHBOARD / name, project / name)
    shutil.copytree(DASHBOARD / "src", project / "src")
    (project / "package.json").write_text(
        json.dumps({"name": "dashboard", "private": True, "type": "module"}), encoding="utf-8"
    )
    pinned = json.loads((DASHBOARD / "package.json").read_text(encoding="utf-8"))
    esbuild = "esbuild@" + pinned["devDependencies"]["esbuild"]
    npm = shutil.which("npm")
    assert npm is not None
    install = [npm, "install", "--no-audit", "--no-fund", "--prefer-offline"]
    for command in ([*install, str(packed_package), esbuild], [node, "build.mjs", "dist"]):
        done = subprocess.run(  # noqa: S603 (npm and node on our own files)
            command, cwd=project, capture_output=True, text=True, check=False, timeout=600
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return project / "dist"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the test's output stays the test's."""


@pytest.fixture
def page_url(bundle: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(bundle))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=TIMEOUT)


def test_the_dashboard_in_chromium(
    node: str, node_modules: Path, page_url: str, tmp_path: Path
) -> None:
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    server = ServerProcess("--port", "0")
    try:
        with connect(server.url, open_timeout=TIMEOUT, close_timeout=TIMEOUT, proxy=None) as python:
            python.recv(timeout=TIMEOUT)  # the snapshot
            start = {
                "callFlowId": "cf-a", "projectId": "proj-a", "client_id": "client-a",
                "client_secret": "TOPSECRET-python", "action": "active", "error": None,
            }  # fmt: skip
            python.send(json.dumps({"event": "startOutbound", "payload": {"project": start}}))
            python.recv(timeout=TIMEOUT)  # the update that lists proj-a
        screenshot = tmp_path / "dashboard.png"
        done = subprocess.run(  # noqa: S603 (node running our own driver)
            [node, str(DRIVER), str(node_modules), page_url, server.url, str(screenshot)],
            capture_output=True,
            text=True,
            check=False,
            timeout=180,
        )
        assert done.returncode == 0, f"{done.stdout}{done.stderr}\n--- server log:\n{server.log}"
    finally:
        status = server.stop()
    seen = json.loads(done.stdout)
    assert seen["snapshot"] == {"rows": ["proj-a"], "total": "1", "updated": "updated by system"}
    assert seen["afterOther"] == {
        "rows": ["proj-a", "proj-b"], "total": "2", "updated": "updated by proj-b",
    }  # fmt: skip
    assert seen["afterStart"] == {
        "rows": ["proj-a", "proj-b", "proj-c"], "active": "2", "connected": "2", "secretField": "",
    }  # fmt: skip
    assert seen["error"] == (
        "invalidPayload: payload.project.callFlowId: String should have at least 1 character"
    )
    assert seen["afterStop"] == {"rows": ["proj-a", "proj-c"], "total": "2"}
    assert seen["pageErrors"] == []
    for leak in (TOKEN_PREFIX, "TOPSECRET", "***"):
        assert leak not in seen["html"]
    assert screenshot.stat().st_size > 10_000
    if keep := os.environ.get("DASHBOARD_SCREENSHOT"):
        shutil.copy(screenshot, REPO / keep)
    assert status == 0, server.log
    assert TOKEN_PREFIX not in server.log
