"""One connection's life, whatever the transport: join, read, answer, leave."""

from __future__ import annotations

from collections.abc import AsyncIterator

from shared_types import ProtocolError

from ._bucket import TokenBucket
from ._client import Client, Transport
from ._hub import Hub
from ._logging import connections, log, rejections
from ._policy import CLOSE_INTERNAL_ERROR, CLOSE_POLICY_VIOLATION, ConnectionLimits
from ._router import Router

__all__ = ["run_session"]


async def run_session(
    transport: Transport,
    frames: AsyncIterator[str | bytes],
    router: Router,
    hub: Hub,
    limits: ConnectionLimits,
) -> Client:
    """Serve one dashboard until it leaves or is closed; returns its `Client`.

    The current snapshot is queued first; then every frame is parsed and dispatched in
    order. Invalid frames are answered while the client's budget lasts
    (``invalid_burst``, then ``invalid_per_second``); past it the connection is closed
    with `CLOSE_POLICY_VIOLATION`.
    """
    client = Client(transport, limits)
    client.start()
    budget = TokenBucket(limits.invalid_per_second, limits.invalid_burst)
    connections.info("client %s connected", client.id)
    try:
        try:
            await hub.join(client)
        except Exception:
            log.exception("client %s could not join", client.id)
            client.close(CLOSE_INTERNAL_ERROR, "server error")
            return client
        async for frame in frames:
            if client.closed:
                break
            try:
                message = router.parse(frame, max_bytes=limits.max_bytes)
            except ProtocolError as error:
                if not budget.take():
                    client.close(CLOSE_POLICY_VIOLATION, "too many invalid messages", drain=True)
                    break
                # Safe to log: a ProtocolError never holds the input's values.
                rejections.info("client %s sent an invalid message: %s", client.id, error.code)
                client.send(error.to_message())
                continue
            await router.dispatch(message, client)
        if client.closed:
            # Read and drop what the client still sends, so its close frame is seen
            # (the transport bounds this by its close timeout).
            async for _ in frames:
                pass
    finally:
        hub.leave(client)
        await client.stop()
    return client
