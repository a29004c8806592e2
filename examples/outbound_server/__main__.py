"""``python examples/outbound_server [--host HOST] [--port PORT] [--max-bytes N] [--redis URL]``.

Logs to stderr; the line ``outbound_server: ready on ws://HOST:PORT`` says the server
accepts dashboards (with ``--port 0`` it names the port the system picked). SIGINT or
SIGTERM stops it cleanly. With ``--redis``, the projects live in Redis and every
server started with the same URL shows the same projects.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path

if not __package__:
    # Run as `python examples/outbound_server`: Python put this folder on sys.path.
    # Put its parent there instead, so the folder imports as the package it is.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from outbound_server.server import outbound_router
from shared_types import CLIENT_MAX_BYTES
from shared_types.server import Backend, ConnectionLimits, Hub, serve

log = logging.getLogger("outbound_server")


def main(argv: list[str] | None = None) -> int:
    """Run the example server until SIGINT or SIGTERM; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="outbound_server", description="Example backend for the dashboard protocol."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default: loopback)")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=CLIENT_MAX_BYTES,
        help="largest message accepted, in bytes (default: %(default)s)",
    )
    parser.add_argument("--redis", metavar="URL", help="keep the projects in this Redis")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING"])
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=args.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # At DEBUG, websockets logs every frame, client_secret included: keep it above that.
    logging.getLogger("websockets").setLevel(max(logging.INFO, logging.getLogger().level))

    backend: Backend | None = None
    if args.redis is not None:
        from shared_types.server import RedisBackend  # noqa: PLC0415 (needs the redis extra)

        backend = RedisBackend(args.redis)
    asyncio.run(run(args.host, args.port, max_bytes=args.max_bytes, backend=backend))
    return 0


async def run(host: str, port: int, *, max_bytes: int, backend: Backend | None) -> None:
    """Serve dashboards on ``host:port`` until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            loop.add_signal_handler(signum, stop.set)

    limits = ConnectionLimits(max_bytes=max_bytes)
    async with (
        Hub(backend) as hub,
        serve(outbound_router(hub), hub, host, port, limits=limits) as server,
    ):
        urls = [_url(sock.getsockname()) for sock in server.sockets]
        log.info("ready on %s (messages up to %d bytes)", ", ".join(urls), max_bytes)
        await stop.wait()
    log.info("stopped")


def _url(address: tuple[object, ...]) -> str:
    host, port = address[0], address[1]
    return f"ws://[{host}]:{port}" if ":" in str(host) else f"ws://{host}:{port}"


if __name__ == "__main__":
    sys.exit(main())
