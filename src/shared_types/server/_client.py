"""One connected dashboard, whatever the transport: its queue, its writer, its close."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Protocol

from shared_types import ServerToClientMessage, encode

from ._logging import connections
from ._outbox import Outbox
from ._policy import CLOSE_SLOW_CONSUMER, ConnectionLimits

__all__ = ["Client", "Transport"]


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
        self._writer: asyncio.Task[None] | None = None

    @property
    def queued(self) -> int:
        """How many messages wait to be written (the pending snapshot counts as one)."""
        return len(self._outbox)

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

    def close(self, code: int, reason: str, *, drain: bool = False) -> None:
        """Close the connection (once).

        Args:
            code: The close code.
            reason: The close reason.
            drain: Write what is queued first (bounded by ``send_timeout``); else drop it.
        """
        if self._closing is not None:
            return
        self.close_code = code
        if drain:
            self._outbox.finish()
        else:
            self._outbox.close()
        if code != 1000:  # a normal closure is not worth a line
            connections.info("closing client %s: %d %s", self.id, code, reason)
        self._closing = asyncio.get_running_loop().create_task(self._close(code, reason))

    async def _close(self, code: int, reason: str) -> None:
        # This runs in its own task: when the writer called close, it returns right after.
        if self._writer is not None:
            with contextlib.suppress(Exception, asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._writer), self._limits.send_timeout)
        with contextlib.suppress(Exception):  # already gone: nothing left to close
            await self._transport.close(code, reason)

    def start(self) -> None:
        """Start the task that writes the queue to the transport."""
        self._writer = asyncio.get_running_loop().create_task(self._write())

    async def stop(self) -> None:
        """Close normally if nothing else closed it; wait for the close to end."""
        if not self.closed:
            self.close(1000, "")
        if self._closing is not None:
            await self._closing
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer

    async def _write(self) -> None:
        while (text := await self._outbox.get()) is not None:
            try:
                await asyncio.wait_for(self._transport.send(text), self._limits.send_timeout)
            except asyncio.TimeoutError:
                self.close(CLOSE_SLOW_CONSUMER, "too slow: a frame was not written in time")
                return
            except Exception:  # the peer went away; the reader sees it too
                self._outbox.close()
                return
