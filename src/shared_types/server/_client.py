"""One connected dashboard, whatever the transport: its queue, its writer, its close."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Protocol

from shared_types import ServerToClientMessage, encode

from ._outbox import Outbox
from ._policy import CLOSE_SLOW_CONSUMER, ConnectionLimits

__all__ = ["Client", "Transport"]

log = logging.getLogger("shared_types.server")


class Transport(Protocol):
    """What the kit needs of a WebSocket connection (an adapter provides it)."""

    async def send(self, text: str) -> None:
        """Write one text frame; returns once the transport accepted it."""

    async def close(self, code: int, reason: str) -> None:
        """Close the connection with ``code`` and ``reason``."""


class Client:
    """One dashboard's connection, as the handlers see it.

    Everything sent to it goes through its bounded queue (`Outbox`) and is written by
    one task, so a slow reader never holds up the others.

    Args:
        transport: The adapter's connection.
        limits: Its queue bound and send timeout.
    """

    def __init__(self, transport: Transport, limits: ConnectionLimits) -> None:
        self.id = uuid.uuid4().hex[:12]
        """A short random id, for logs."""
        self.close_code: int | None = None
        """The code the server closed the connection with, if it did."""
        self._transport = transport
        self._limits = limits
        self._outbox = Outbox(limits.max_queued)
        self._closing: asyncio.Task[None] | None = None

    @property
    def closed(self) -> bool:
        """Whether the server decided to close this connection."""
        return self.close_code is not None

    def send(self, message: ServerToClientMessage) -> None:
        """Queue ``message`` for this dashboard (encoded now, tokens masked)."""
        self.send_text(encode(message))

    def send_text(self, text: str) -> None:
        """Queue an encoded message; over the queue's bound, close the connection."""
        if not self._outbox.push(text):
            self.close(CLOSE_SLOW_CONSUMER, "too slow: outgoing queue over its bound")

    def send_snapshot(self, version: int, text: str) -> None:
        """Queue an encoded ``projectsUpdate`` of state ``version``; it replaces an older one."""
        self._outbox.push_snapshot(version, text)

    def close(self, code: int, reason: str) -> None:
        """Close the connection (once): drop the queue, then close the transport."""
        if self._closing is not None:
            return
        self.close_code = code
        self._outbox.close()
        if code != 1000:  # a normal closure is not worth a line
            log.info("closing client %s: %d %s", self.id, code, reason)
        self._closing = asyncio.get_running_loop().create_task(self._close(code, reason))

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):  # already gone: nothing left to close
            await self._transport.close(code, reason)

    async def run_writer(self) -> None:
        """Write queued texts until the connection is closed (run as a task)."""
        while (text := await self._outbox.get()) is not None:
            try:
                await asyncio.wait_for(self._transport.send(text), self._limits.send_timeout)
            except asyncio.TimeoutError:
                self.close(CLOSE_SLOW_CONSUMER, "too slow: a frame was not written in time")
                return
            except Exception:  # the peer went away; the reader sees it too
                self._outbox.close()
                return

    async def finish(self) -> None:
        """Wait for a close in progress to end."""
        if self._closing is not None:
            await self._closing
