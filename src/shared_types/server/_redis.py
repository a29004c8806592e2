"""The Redis back end: projects in Redis, broadcasts over Redis pub/sub.

Every server process that uses the same Redis (and ``prefix``) shows its dashboards the
same projects, and a restarted process finds them all again. The state is a hash of
projects (with their real access tokens: protect Redis like any store of secrets), a
sorted set that keeps the order they were first started, and a version number that
every change increments, all changed by Lua scripts, so atomically. Each flush's `Batch`
is published on one channel; every process, the publisher included, delivers it to
its own dashboards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any, Final

try:
    import redis.asyncio as aioredis
    from redis.exceptions import ConnectionError as RedisConnectionError
except ImportError as missing:  # pragma: no cover (the extra is installed for the tests)
    raise ImportError("pip install 'shared-types[redis]'") from missing

from shared_types import ProjectInfo

from ._backend import Batch, Deliver
from ._logging import log

__all__ = ["RedisBackend"]


#: How long the listener waits before it reconnects after losing Redis.
RECONNECT_DELAY: Final = 0.5
#: Seconds a request waits for a free connection to Redis before it fails.
POOL_TIMEOUT: Final = 20.0

_PUT: Final = """
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if not old then redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1]) end
redis.call('INCR', KEYS[3])
return old
"""

_REMOVE: Final = """
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('INCR', KEYS[3])
end
return old
"""

_SNAPSHOT: Final = """
return {redis.call('GET', KEYS[3]) or '0', redis.call('ZRANGE', KEYS[2], 0, -1),
        redis.call('HGETALL', KEYS[1])}
"""


class RedisBackend:
    """Projects and broadcasts shared by every server process through one Redis.

    Args:
        url: The Redis URL (``redis://host:6379/0``; ``rediss://`` for TLS).
        prefix: The prefix of the keys and of the channel: processes that share it
            share their projects.
        max_connections: The most connections to Redis this process opens (one of them
            listens to the channel); requests beyond wait for a free one.
    """

    def __init__(
        self, url: str, *, prefix: str = "shared-types", max_connections: int = 16
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.max_connections = max_connections
        self._keys = [f"{prefix}:projects", f"{prefix}:order", f"{prefix}:version", f"{prefix}:seq"]
        self._channel = f"{prefix}:broadcasts"
        self._redis: aioredis.Redis | None = None
        self._listener: asyncio.Task[None] | None = None

    @property
    def _client(self) -> aioredis.Redis:
        if self._redis is None:
            raise RuntimeError("RedisBackend is not open (use the Hub as a context manager)")
        return self._redis

    async def open(self, deliver: Deliver) -> None:
        """Connect, and deliver every batch published on the channel from now on."""
        # Blocking: a thousand dashboards joining at once wait for one of the pool's
        # connections, instead of failing with "Too many connections".
        pool = aioredis.BlockingConnectionPool.from_url(
            self.url, max_connections=self.max_connections, timeout=POOL_TIMEOUT
        )
        self._redis = aioredis.Redis.from_pool(pool)  # owns the pool: closed with it
        await self._redis.ping()
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self._channel)
        self._listener = asyncio.get_running_loop().create_task(self._listen(pubsub, deliver))

    async def close(self) -> None:
        """Stop listening and disconnect."""
        if self._listener is not None:
            self._listener.cancel()
            # Bounded: redis-py may swallow a cancellation while it reads.
            await asyncio.wait({self._listener}, timeout=RECONNECT_DELAY * 4)
            self._listener = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def _listen(self, pubsub: Any, deliver: Deliver) -> None:
        try:
            while True:
                try:
                    async for message in pubsub.listen():
                        if message["type"] == "message":
                            deliver(_read_batch(message["data"]))
                except (RedisConnectionError, OSError):
                    # redis-py subscribes again when it reconnects.
                    log.warning("lost Redis pub/sub; reconnecting")
                    await asyncio.sleep(RECONNECT_DELAY)
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def snapshot(self) -> tuple[int, list[ProjectInfo]]:
        """The version and the projects, read in one atomic step."""
        version, order, flat = await self._client.eval(_SNAPSHOT, 4, *self._keys)
        records = dict(zip(flat[::2], flat[1::2], strict=True))
        return int(version), [_read_project(records[key]) for key in order if key in records]

    async def get(self, project_id: str) -> ProjectInfo | None:
        """The project with this id, if any."""
        record = await self._client.hget(self._keys[0], project_id)
        return None if record is None else _read_project(record)

    async def put(self, project: ProjectInfo) -> ProjectInfo | None:
        """Store ``project``; returns the one it replaced."""
        old = await self._client.eval(
            _PUT, 4, *self._keys, project.project_id, _write_project(project)
        )
        return None if old is None else _read_project(old)

    async def remove(self, project_id: str) -> ProjectInfo | None:
        """Remove a project; returns it, or None when there was none."""
        old = await self._client.eval(_REMOVE, 4, *self._keys, project_id)
        return None if old is None else _read_project(old)

    async def publish(self, batch: Batch) -> None:
        """Publish ``batch`` to every process (this one included)."""
        record = {"v": batch.version, "s": batch.snapshot, "e": list(batch.events)}
        await self._client.publish(self._channel, json.dumps(record))


def _write_project(project: ProjectInfo) -> str:
    # Python names, read back through the constructor: the wire's rules (a masked token)
    # are for what dashboards receive, not for the server's own store.
    record = project.model_dump(mode="json", by_alias=False)
    record["access_token"] = project.access_token  # model_dump masks it; the store keeps it
    return json.dumps(record)


def _read_project(record: bytes | str) -> ProjectInfo:
    return ProjectInfo(**json.loads(record))


def _read_batch(data: bytes) -> Batch:
    record = json.loads(data)
    return Batch(int(record["v"]), record["s"], tuple(record["e"]))
