"""Where the projects live and how broadcasts reach every server process.

A back end holds the projects (the state behind every ``projectsUpdate``) and carries
each `Batch` of broadcasts to every process's hub, its own included. `MemoryBackend`,
the default, is one process's memory; `RedisBackend` shares both through Redis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from shared_types import ProjectInfo

__all__ = ["Backend", "Batch", "Deliver", "MemoryBackend"]


@dataclass(frozen=True)
class Batch:
    """The broadcasts of one flush, encoded once, for every connected dashboard.

    Attributes:
        version: The state version of ``snapshot``: a dashboard never gets a snapshot
            older than one it already has.
        snapshot: The encoded ``projectsUpdate``, or None when the state did not change.
        events: Other encoded messages, sent after the snapshot, in order.
    """

    version: int
    snapshot: str | None
    events: tuple[str, ...] = ()


Deliver = Callable[[Batch], None]
"""What a back end calls with every batch published by any process."""


class Backend(Protocol):
    """The state and the distribution of a hub (see `MemoryBackend`, `RedisBackend`)."""

    async def open(self, deliver: Deliver) -> None:
        """Connect; from now on, every published batch is passed to ``deliver``."""

    async def close(self) -> None:
        """Disconnect."""

    async def snapshot(self) -> tuple[int, list[ProjectInfo]]:
        """The state's version and its projects, in the order they were first put."""

    async def get(self, project_id: str) -> ProjectInfo | None:
        """The project with this id, if any."""

    async def put(self, project: ProjectInfo) -> ProjectInfo | None:
        """Store ``project`` (its place kept if it existed); returns the one it replaced."""

    async def remove(self, project_id: str) -> ProjectInfo | None:
        """Remove a project; returns it, or None when there was none."""

    async def publish(self, batch: Batch) -> None:
        """Deliver ``batch`` to every process's hub."""


class MemoryBackend:
    """The projects in this process's memory; batches go to this process only."""

    def __init__(self) -> None:
        self._projects: dict[str, ProjectInfo] = {}
        self._version = 0
        self._deliver: Deliver | None = None

    async def open(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def close(self) -> None:
        self._deliver = None

    async def snapshot(self) -> tuple[int, list[ProjectInfo]]:
        return self._version, list(self._projects.values())

    async def get(self, project_id: str) -> ProjectInfo | None:
        return self._projects.get(project_id)

    async def put(self, project: ProjectInfo) -> ProjectInfo | None:
        old = self._projects.get(project.project_id)
        self._projects[project.project_id] = project
        self._version += 1
        return old

    async def remove(self, project_id: str) -> ProjectInfo | None:
        old = self._projects.pop(project_id, None)
        if old is not None:
            self._version += 1
        return old

    async def publish(self, batch: Batch) -> None:
        if self._deliver is not None:
            self._deliver(batch)
