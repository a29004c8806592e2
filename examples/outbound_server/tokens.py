"""Exchanging a project's client credentials for an access token.

A real backend calls its OAuth token endpoint here. The server only depends on the
`TokenExchange` signature, so swapping the simulation for the real call touches this
module alone (or pass another function to `OutboundServer`).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable

__all__ = ["CRASH_PREFIX", "TokenExchange", "fake_token_exchange"]

TokenExchange = Callable[[str, str], Awaitable[str]]
"""``async (client_id, client_secret) -> access_token``; raises when the exchange fails."""

CRASH_PREFIX = "crash-"
"""A ``client_id`` starting with this makes the simulation fail with an unexpected error,
so the server's handling of bugs and outages can be seen (and tested) end to end."""


async def fake_token_exchange(client_id: str, client_secret: str) -> str:
    """A deterministic stand-in for the token endpoint.

    Returns ``fake-token-`` and a digest of the credentials: a value that would be a
    leak if it ever reached a dashboard or a log, which is what the tests look for.

    Raises:
        RuntimeError: ``client_id`` starts with `CRASH_PREFIX` (a simulated outage).
    """
    await asyncio.sleep(0)  # a real exchange awaits the network: let other tasks run
    if client_id.startswith(CRASH_PREFIX):
        raise RuntimeError("simulated outage: token endpoint at 10.0.0.7 answered 503")
    digest = hashlib.sha256(f"{client_id}\0{client_secret}".encode()).hexdigest()
    return f"fake-token-{digest[:24]}"
