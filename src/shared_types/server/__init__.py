"""The server side of the protocol: routing, fan-out, protection, adapters, back ends.

Needs the extra ``pip install 'shared-types[server]'`` (``websockets``);
``'shared-types[starlette]'`` adds the Starlette/FastAPI adapter and
``'shared-types[redis]'`` the Redis back end::

    from shared_types.server import Hub, Router, serve

    router = Router({"startOutbound": on_start, "stopOutbound": on_stop})
    async with Hub() as hub, serve(router, hub, "127.0.0.1", 8765) as server:
        await server.serve_forever()

See docs/backend.md.
"""

from typing import TYPE_CHECKING, Any

from ._backend import Backend, Batch, Deliver, MemoryBackend
from ._client import Client, Transport
from ._hub import DEFAULT_INTERVAL, Hub
from ._logging import shown
from ._policy import (
    CLOSE_INTERNAL_ERROR,
    CLOSE_POLICY_VIOLATION,
    CLOSE_SLOW_CONSUMER,
    CLOSE_TOO_BIG,
    ConnectionLimits,
)
from ._router import INTERNAL_ERROR, Handler, Handlers, Refused, Router
from ._session import run_session
from ._websockets import serve, websockets_handler

if TYPE_CHECKING:
    from ._redis import RedisBackend
    from ._starlette import serve_starlette, starlette_endpoint

#: Names whose module needs a further extra: imported on first use.
_LAZY = {
    "RedisBackend": "._redis",
    "serve_starlette": "._starlette",
    "starlette_endpoint": "._starlette",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415 (only for the lazy names)

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CLOSE_INTERNAL_ERROR",
    "CLOSE_POLICY_VIOLATION",
    "CLOSE_SLOW_CONSUMER",
    "CLOSE_TOO_BIG",
    "DEFAULT_INTERVAL",
    "INTERNAL_ERROR",
    "Backend",
    "Batch",
    "Client",
    "ConnectionLimits",
    "Deliver",
    "Handler",
    "Handlers",
    "Hub",
    "MemoryBackend",
    "RedisBackend",
    "Refused",
    "Router",
    "Transport",
    "run_session",
    "serve",
    "serve_starlette",
    "shown",
    "starlette_endpoint",
    "websockets_handler",
]
