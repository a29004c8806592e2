"""One connection's outgoing queue: bounded, and holding at most one snapshot.

A ``projectsUpdate`` is a full snapshot, so an unsent one is worthless once a newer
one exists: the newer replaces it (and goes to the end of the queue, after the events
that came before it). A reader that falls behind therefore costs one pending snapshot
plus at most ``max_events`` other messages, however many changes happen.
"""

from __future__ import annotations

import asyncio
from collections import deque

__all__ = ["Outbox"]


class _Entry:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text: str | None = text


class Outbox:
    """Texts waiting to be written to one connection, in order.

    Args:
        max_events: How many messages other than the pending snapshot may wait.
    """

    def __init__(self, max_events: int) -> None:
        self.max_events = max_events
        self._entries: deque[_Entry] = deque()
        self._events = 0
        self._snapshot: _Entry | None = None
        self._snapshot_version = -1
        self._ready = asyncio.Event()
        self._closed = False

    def __len__(self) -> int:
        return self._events + (self._snapshot is not None)

    def push(self, text: str) -> bool:
        """Queue a message; False (and nothing queued) when the queue is over its bound."""
        if self._closed:
            return True
        if self._events >= self.max_events:
            return False
        self._entries.append(_Entry(text))
        self._events += 1
        self._ready.set()
        return True

    def push_snapshot(self, version: int, text: str) -> None:
        """Queue a snapshot of state ``version``, dropping an unsent older one.

        A snapshot older than one already queued or sent is ignored: snapshots from
        several processes or from a late read may arrive out of order.
        """
        if self._closed or version <= self._snapshot_version:
            return
        self._snapshot_version = version
        if self._snapshot is not None:
            self._snapshot.text = None  # skipped when reached
        self._snapshot = _Entry(text)
        self._entries.append(self._snapshot)
        self._ready.set()

    async def get(self) -> str | None:
        """The next text to write; None once the outbox is closed."""
        while True:
            while self._entries:
                entry = self._entries.popleft()
                if entry.text is None:
                    continue
                if entry is self._snapshot:
                    self._snapshot = None
                else:
                    self._events -= 1
                return entry.text
            if self._closed:
                return None
            self._ready.clear()
            await self._ready.wait()

    def finish(self) -> None:
        """Accept nothing more; `get` returns what is queued, then None."""
        self._closed = True
        self._ready.set()

    def close(self) -> None:
        """Drop what is queued; `get` returns None from now on."""
        self._closed = True
        self._entries.clear()
        self._events = 0
        self._snapshot = None
        self._ready.set()
