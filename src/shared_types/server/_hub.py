"""The hub: every connected dashboard, the projects, and coalesced broadcasts.

Changes mark the state dirty; a flusher task turns everything that happened since the
last flush into one `Batch`: one ``projectsUpdate`` (encoded once, for everyone) and the
other events in order. Flushes are at least ``interval`` apart, so a burst of a
thousand changes costs a handful of snapshots instead of a thousand.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType

from shared_types import (
    ProjectInfo,
    ProjectStatusChange,
    ProjectStatusChangeMessage,
    ProjectsUpdateMessage,
    ServerToClientMessage,
    encode,
)

from ._backend import Backend, Batch, MemoryBackend
from ._client import Client
from ._logging import log

__all__ = ["DEFAULT_INTERVAL", "Hub"]

DEFAULT_INTERVAL = 0.05
"""Seconds between two flushes of broadcasts, at least: 20 snapshots a second at most."""


class Hub:
    """The connected dashboards and the state they are shown.

    Use it as an async context manager (``async with Hub() as hub``), or pass
    `lifespan` to Starlette or FastAPI (``FastAPI(lifespan=hub.lifespan)``).

    Args:
        backend: Where the projects live; `MemoryBackend` (this process) by default.
        interval: Seconds between two broadcasts, at least: changes within it are
            coalesced into one ``projectsUpdate``.
    """

    def __init__(
        self, backend: Backend | None = None, *, interval: float = DEFAULT_INTERVAL
    ) -> None:
        self.backend: Backend = MemoryBackend() if backend is None else backend
        self.interval = interval
        self.clients: set[Client] = set()
        self._dirty = False
        self._triggered_by = "system"
        self._events: list[str] = []
        self._wake = asyncio.Event()
        self._flushing = asyncio.Lock()
        self._flusher: asyncio.Task[None] | None = None
        self._stopping = False

    @asynccontextmanager
    async def lifespan(self, app: object = None) -> AsyncIterator[None]:
        """The hub as a Starlette/FastAPI ``lifespan``: ``Starlette(lifespan=hub.lifespan)``."""
        async with self:
            yield

    async def __aenter__(self) -> Hub:
        self._stopping = False
        # Bound to this event loop: a hub may be run again, in another.
        self._wake = asyncio.Event()
        self._flushing = asyncio.Lock()
        await self.backend.open(self._deliver)
        self._flusher = asyncio.get_running_loop().create_task(self._run_flusher())
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._flusher is not None:
            # A flag, not a cancellation: a client library may swallow a cancellation
            # in the middle of a flush (redis-py does), and the flusher would live on.
            self._stopping = True
            self._wake.set()
            await self._flusher
            self._flusher = None
        await self.flush()
        await self.backend.close()

    # ---------------------------------------------------------------- the projects

    async def projects(self) -> list[ProjectInfo]:
        """Every project, in the order they were first put."""
        return (await self.backend.snapshot())[1]

    async def get(self, project_id: str) -> ProjectInfo | None:
        """The project with this id, if any."""
        return await self.backend.get(project_id)

    async def put(
        self, project: ProjectInfo, *, triggered_by: str | None = None
    ) -> ProjectInfo | None:
        """Store a project and broadcast the new snapshot (coalesced).

        Args:
            project: The new or changed project (keep its real access token: it is masked
                whenever it is encoded).
            triggered_by: The snapshot's ``triggeredBy``; the project's id by default.

        Returns:
            The project it replaced, if any.
        """
        old = await self.backend.put(project)
        self._changed(project.project_id if triggered_by is None else triggered_by)
        return old

    async def remove(
        self, project_id: str, *, triggered_by: str | None = None
    ) -> ProjectInfo | None:
        """Remove a project and broadcast the new snapshot (coalesced).

        Returns:
            The project removed, or None (and no broadcast) when there was none.
        """
        old = await self.backend.remove(project_id)
        if old is not None:
            self._changed(project_id if triggered_by is None else triggered_by)
        return old

    # ---------------------------------------------------------------- broadcasts

    def broadcast(self, message: ServerToClientMessage) -> None:
        """Send ``message`` to every dashboard, after the snapshot of the changes so far."""
        self._events.append(encode(message))
        self._wake.set()

    def status_changed(self, change: ProjectStatusChange) -> None:
        """Broadcast a ``projectStatusChange``."""
        self.broadcast(ProjectStatusChangeMessage.from_change(change))

    async def flush(self) -> None:
        """Broadcast what is pending now, without waiting for the interval."""
        async with self._flushing:  # one at a time, so batches are published in order
            if not (self._dirty or self._events):
                return
            dirty, self._dirty = self._dirty, False
            triggered_by, self._triggered_by = self._triggered_by, "system"
            events, self._events = tuple(self._events), []
            version, snapshot = 0, None
            if dirty:
                version, projects = await self.backend.snapshot()
                message = ProjectsUpdateMessage.from_projects(projects, triggered_by=triggered_by)
                snapshot = encode(message)
            await self.backend.publish(Batch(version, snapshot, events))

    def _changed(self, triggered_by: str) -> None:
        # Coalesced changes by several projects were triggered by... the last of them.
        self._dirty = True
        self._triggered_by = triggered_by
        self._wake.set()

    async def _run_flusher(self) -> None:
        loop = asyncio.get_running_loop()
        last = -self.interval
        while not self._stopping:
            await self._wake.wait()
            delay = last + self.interval - loop.time()
            if delay > 0 and not self._stopping:
                await asyncio.sleep(delay)
            self._wake.clear()
            last = loop.time()
            try:
                await self.flush()
            except Exception:
                log.exception("broadcasting failed")

    def _deliver(self, batch: Batch) -> None:
        for client in list(self.clients):
            if batch.snapshot is not None:
                client.send_snapshot(batch.version, batch.snapshot)
            for text in batch.events:
                client.send_text(text)

    # ---------------------------------------------------------------- connections

    async def join(self, client: Client) -> None:
        """Add a dashboard and queue the current snapshot for it (``triggeredBy`` system)."""
        self.clients.add(client)
        version, projects = await self.backend.snapshot()
        client.send_snapshot(version, encode(ProjectsUpdateMessage.from_projects(projects)))

    def leave(self, client: Client) -> None:
        """Remove a dashboard."""
        self.clients.discard(client)
