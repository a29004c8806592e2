"""The example server as a real process, for the end-to-end tests.

``ServerProcess`` runs ``python examples/outbound_server ARGS`` and reads the port from
its ready line. Every wait has a timeout, so a bug fails a test instead of hanging it;
``stop`` always ends the process (SIGTERM, then kill) and collects its log.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "outbound_server"
#: The default host must be loopback: the ready line is matched on 127.0.0.1 only.
READY = re.compile(r"outbound_server: ready on ws://127\.0\.0\.1:(\d+) ")
#: The bound on every wait: generous for a loaded machine, finite so a bug fails.
TIMEOUT = 20.0
#: What the fake token exchange returns starts with this; it must never leave the server.
TOKEN_PREFIX = "fake-token-"


class ServerProcess:
    """The example server in a subprocess; its output is collected by a thread."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (our own example, fixed arguments)
            [sys.executable, str(EXAMPLE), *args],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self._fresh: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = self._wait_ready()
        self.url = f"ws://127.0.0.1:{self.port}"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            self._fresh.put(line)
        self._fresh.put(None)  # end of output: the process exited

    def _wait_ready(self) -> int:
        while True:
            try:
                line = self._fresh.get(timeout=TIMEOUT)
            except queue.Empty:
                self.stop()
                pytest.fail(f"no ready line within {TIMEOUT}s:\n{self.log}")
            if line is None:
                self.stop()
                pytest.fail(f"the server exited before it was ready:\n{self.log}")
            if match := READY.search(line):
                return int(match.group(1))

    @property
    def log(self) -> str:
        """Everything the server printed so far."""
        return "".join(self.lines)

    def stop(self) -> int:
        """Stop the server (SIGTERM, then kill) and read the rest of its output.

        Returns:
            Its exit status.
        """
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=TIMEOUT)
        self._reader.join(timeout=TIMEOUT)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode
